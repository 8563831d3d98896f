"""YAML in, with the line of every key kept, and hostile files refused early.

Scenario authors are library staff, not programmers: every problem we report
must point at a line of their file. `yaml.safe_load` loses line marks and
expands aliases without bound (a few hundred bytes of "billion laughs" become
10^8 nodes), so we compose the node graph ourselves, count nodes while
turning it into plain Python, and record where each key and list element
stood.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

from pilotkit.core.messages import Message, os_reason
from pilotkit.core.problems import Problem, ProblemsError

Loc = tuple[str | int, ...]

MAX_FILE_BYTES = 2 * 1024 * 1024
MAX_NODES = 200_000
MAX_DEPTH = 64

# The pure-Python parser, not libyaml's: libyaml accepts some flow scalars the YAML
# spec (and the pure parser) refuse, so a file could check clean on one machine and
# fail on another. Scenarios load off the first screen's path, so speed matters less.
_LOADER = yaml.SafeLoader
# libyaml (five to ten times faster) for texts the strict parser has already accepted: a
# scenario stored with a visit, read again for every export and report.
_FAST_LOADER = getattr(yaml, "CSafeLoader", _LOADER)
_TAG = "tag:yaml.org,2002:"
_SCALAR_TAGS = {_TAG + name for name in ("null", "bool", "int", "float", "str", "timestamp")}


@dataclass
class YamlDocument:
    """Plain Python data and, for each key or list element, its 1-based line."""

    data: Any
    lines: dict[Loc, int] = field(default_factory=dict)

    def line_of(self, loc: Loc) -> int:
        """The line of the deepest part of `loc` that exists in the file."""
        for end in range(len(loc), 0, -1):
            line = self.lines.get(loc[:end])
            if line is not None:
                return line
        return 1

    def mapping(self, label: str, what: str) -> dict[str, Any]:
        """The file's top level, which must be keys and values (`what`: scenario or
        framework, to say which kind of file it must be)."""
        if not isinstance(self.data, dict):
            kind = "file_a_list" if isinstance(self.data, list) else "file_a_value"
            raise ProblemsError([Problem(label, 1, Message(kind, what=Message(f"what_{what}")))])
        return self.data


class _Abort(Exception):
    def __init__(self, line: int, message: Message) -> None:
        self.line = line
        self.message = message


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, refusing huge, unreadable and non-UTF-8 files."""
    label = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ProblemsError(
                [Problem(label, 1, Message("file_too_large", size=size, limit=max_bytes))]
            )
        raw = path.read_bytes()
    except OSError as e:
        raise ProblemsError([Problem(label, 1, Message("cannot_read_file",
                                                       reason=os_reason(e)))]) from None
    return decode_utf8(raw, label)


def decode_utf8(raw: bytes, label: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ProblemsError(
            [Problem(label, line, Message("file_not_utf8", byte=raw[e.start]))]
        ) from None


def parse_yaml(text: str, label: str, accepted: bool = False) -> YamlDocument:
    """Compose `text` and convert it, raising `ProblemsError` for anything unusable.

    `accepted`: the text passed this strict parse before (it is stored in this
    database), so the fast parser reads it; the node limits apply all the same.
    """
    try:
        root = yaml.compose(text, Loader=_FAST_LOADER if accepted else _LOADER)
    except yaml.MarkedYAMLError as e:
        mark = e.problem_mark or e.context_mark
        line = mark.line + 1 if mark is not None else 1
        reason = _yaml_reason(" ".join((e.problem or e.context or "syntax error").split()))
        hint = _hint(text, line)
        raise ProblemsError([Problem(label, line, Message("yaml_invalid", reason=reason,
                                                          hint=hint))]) from None
    except yaml.reader.ReaderError as e:
        line = text[: e.position].count("\n") + 1
        char = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "?")
        raise ProblemsError(
            [Problem(label, line, Message("yaml_character", char=char))]
        ) from None
    except yaml.YAMLError as e:
        reason = " ".join(str(e).split())
        raise ProblemsError([Problem(label, 1, Message("yaml_invalid", reason=reason,
                                                       hint=""))]) from None
    except RecursionError:
        raise ProblemsError([Problem(label, 1, Message("yaml_too_deep"))]) from None
    if root is None:
        raise ProblemsError([Problem(label, 1, Message("file_empty"))])
    converter = _Converter(label)
    try:
        data = converter.convert(root, (), 0)
    except _Abort as e:
        raise ProblemsError([*converter.problems, Problem(label, e.line, e.message)]) from None
    if converter.problems:
        raise ProblemsError(converter.problems)
    return YamlDocument(data, converter.lines)


_YAML_REASONS = (
    # PyYAML's reasons name the grammar rule that broke; these say what the author sees
    (re.compile(r"mapping values are not allowed here"), "yaml_colon_here"),
    (re.compile(r"could not find expected ':'"), "yaml_no_colon"),
    (re.compile(r"expected <block end>, but found"), "yaml_indent"),
    (re.compile(r"found unexpected end of stream"), "yaml_unclosed"),
    (re.compile(r"expected ',' or '[\]}]', but got"), "yaml_brackets"),
    (re.compile(r"found character '\\t' that cannot start any token"), "yaml_tab"),
    (re.compile(r"found unknown escape character"), "yaml_escape"),
    (re.compile(r"found undefined alias"), "yaml_alias"),
    (re.compile(r"but found another document"), "yaml_documents"),
)


def _yaml_reason(reason: str) -> Message | str:
    """PyYAML's reason in plain words in every language; its own words when it is rare."""
    for pattern, key in _YAML_REASONS:
        if pattern.search(reason):
            return Message(key)
    return reason


_DASH_WITHOUT_SPACE = re.compile(r"^\s*-[^\s-]")
_UNQUOTED_COLON = re.compile(r"^\s*(?:- )?[\w-]+:\s+[^'\"{\[|>#].*:(?:\s|$)")
_FLOW_COLON = re.compile(r"\{[^'\"},]*:[^'\"},]*:\s")  # two in one entry, not one per entry


def _hint(text: str, line: int) -> Message | str:
    """A plain-language hint for the three mistakes authors make most, or nothing.

    PyYAML names the grammar rule that broke ("mapping values are not allowed
    here"), which does not tell a librarian what to change. The mistake is on
    the reported line or just above it.
    """
    lines = text.splitlines()
    near = [lines[n - 1] for n in (line, line - 1) if 1 <= n <= len(lines)]
    if any("\t" in row[: len(row) - len(row.lstrip())] for row in near):
        return Message("yaml_hint_tab")
    if any(_DASH_WITHOUT_SPACE.match(row) for row in near):
        return Message("yaml_hint_dash")
    if near and (_UNQUOTED_COLON.match(near[0]) or _FLOW_COLON.search(near[0])):
        return Message("yaml_hint_colon")
    return ""


class _Converter:
    def __init__(self, label: str) -> None:
        self.label = label
        self.count = 0
        self.lines: dict[Loc, int] = {}
        self.problems: list[Problem] = []
        self.constructor = SafeConstructor()

    def convert(self, node: Node, loc: Loc, depth: int) -> Any:
        line = node.start_mark.line + 1
        self.count += 1
        if self.count > MAX_NODES:
            raise _Abort(line, Message("yaml_too_many", limit=MAX_NODES))
        if depth > MAX_DEPTH:
            raise _Abort(line, Message("yaml_levels", limit=MAX_DEPTH))
        if isinstance(node, ScalarNode):
            return self._scalar(node)
        if isinstance(node, SequenceNode):
            if node.tag != _TAG + "seq":
                return self._bad_tag(node)
            items = []
            for index, child in enumerate(node.value):
                self.lines[(*loc, index)] = child.start_mark.line + 1
                items.append(self.convert(child, (*loc, index), depth + 1))
            return items
        if isinstance(node, MappingNode):
            if node.tag != _TAG + "map":
                return self._bad_tag(node)
            mapping: dict[Any, Any] = {}
            for key_node, value_node in node.value:
                key_line = key_node.start_mark.line + 1
                if not isinstance(key_node, ScalarNode):
                    self.problems.append(Problem(self.label, key_line, Message("key_not_plain")))
                    continue
                key = self._scalar(key_node)
                if key in mapping:
                    self.problems.append(Problem(self.label, key_line,
                                                 Message("key_repeated", f"{key}: ")))
                    continue
                self.lines[(*loc, key)] = key_line
                mapping[key] = self.convert(value_node, (*loc, key), depth + 1)
            return mapping
        return self._bad_tag(node)  # pragma: no cover - composer makes only the three kinds

    def _scalar(self, node: ScalarNode) -> Any:
        if node.tag not in _SCALAR_TAGS:
            return self._bad_tag(node)
        try:
            return self.constructor.construct_object(node)
        except (ConstructorError, ValueError, OverflowError) as e:
            self.problems.append(
                Problem(self.label, node.start_mark.line + 1,
                        Message("bad_value", value=node.value, reason=str(e)))
            )
            return None

    def _bad_tag(self, node: Node) -> None:
        tag = node.tag.replace(_TAG, "!!")
        self.problems.append(
            Problem(self.label, node.start_mark.line + 1, Message("yaml_tag", tag=tag))
        )
        return None
