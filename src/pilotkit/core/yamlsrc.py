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


class _Abort(Exception):
    def __init__(self, line: int, message: str) -> None:
        self.line = line
        self.message = message


def read_text(path: Path, max_bytes: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file, refusing huge, unreadable and non-UTF-8 files."""
    label = str(path)
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise ProblemsError(
                [Problem(label, 1, f"file is too large ({size:,} bytes; the limit is {max_bytes:,})")]
            )
        raw = path.read_bytes()
    except OSError as e:
        raise ProblemsError([Problem(label, 1, f"cannot read the file: {e.strerror or e}")]) from None
    return decode_utf8(raw, label)


def decode_utf8(raw: bytes, label: str) -> str:
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        line = raw[: e.start].count(b"\n") + 1
        raise ProblemsError(
            [Problem(label, line, f"not UTF-8 text (bad byte 0x{raw[e.start]:02x}); save it as UTF-8")]
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
        reason = " ".join((e.problem or e.context or "syntax error").split())
        hint = _hint(text, line)
        raise ProblemsError([Problem(label, line, f"not valid YAML: {reason}{hint}")]) from None
    except yaml.reader.ReaderError as e:
        line = text[: e.position].count("\n") + 1
        char = e.character if isinstance(e.character, int) else ord(str(e.character)[:1] or "?")
        raise ProblemsError(
            [Problem(label, line, f"not valid YAML: character 0x{char:x} is not allowed")]
        ) from None
    except yaml.YAMLError as e:
        reason = " ".join(str(e).split())
        raise ProblemsError([Problem(label, 1, f"not valid YAML: {reason}")]) from None
    except RecursionError:
        raise ProblemsError([Problem(label, 1, "not valid YAML: nested too deeply")]) from None
    if root is None:
        raise ProblemsError([Problem(label, 1, "the file is empty")])
    converter = _Converter(label)
    try:
        data = converter.convert(root, (), 0)
    except _Abort as e:
        raise ProblemsError([*converter.problems, Problem(label, e.line, e.message)]) from None
    if converter.problems:
        raise ProblemsError(converter.problems)
    return YamlDocument(data, converter.lines)


_DASH_WITHOUT_SPACE = re.compile(r"^\s*-[^\s-]")
_UNQUOTED_COLON = re.compile(r"^\s*(?:- )?[\w-]+:\s+[^'\"{\[|>#].*:(?:\s|$)")
_FLOW_COLON = re.compile(r"\{[^'\"}]*:[^'\"}]*:\s")


def _hint(text: str, line: int) -> str:
    """A plain-language hint for the three mistakes authors make most, or nothing.

    PyYAML names the grammar rule that broke ("mapping values are not allowed
    here"), which does not tell a librarian what to change. The mistake is on
    the reported line or just above it.
    """
    lines = text.splitlines()
    near = [lines[n - 1] for n in (line, line - 1) if 1 <= n <= len(lines)]
    if any("\t" in row[: len(row) - len(row.lstrip())] for row in near):
        return " (indent with spaces: a tab cannot indent YAML)"
    if any(_DASH_WITHOUT_SPACE.match(row) for row in near):
        return " (put a space after the dash: '- id: ...')"
    if near and (_UNQUOTED_COLON.match(near[0]) or _FLOW_COLON.search(near[0])):
        return " (a text that holds ': ' needs quotes: title: \"Question: what next?\")"
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
            raise _Abort(line, f"too many values (over {MAX_NODES:,}, aliases expanded); refused")
        if depth > MAX_DEPTH:
            raise _Abort(line, f"nested more than {MAX_DEPTH} levels deep; refused")
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
                    self.problems.append(Problem(self.label, key_line, "a key must be a plain value"))
                    continue
                key = self._scalar(key_node)
                if key in mapping:
                    self.problems.append(Problem(self.label, key_line, f"{key}: key repeated"))
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
                Problem(self.label, node.start_mark.line + 1, f"bad value {node.value!r}: {e}")
            )
            return None

    def _bad_tag(self, node: Node) -> None:
        tag = node.tag.replace(_TAG, "!!")
        self.problems.append(
            Problem(self.label, node.start_mark.line + 1, f"unsupported YAML tag {tag}")
        )
        return None
