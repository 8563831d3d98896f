"""Pydantic's errors mapped back to the lines and keys of the YAML file an author wrote.

Scenario files and framework files both report through here, so an unknown
key, a missing key or a bad value reads the same, at the same kind of line,
whichever file it is in.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from pilotkit.core.localtext import LocalText
from pilotkit.core.problems import Problem
from pilotkit.core.scenarios import (
    ITEM_TYPES,
    Band,
    ChoiceOption,
    NumberItem,
    ScaleItem,
    ScaleSpec,
    Scenario,
    Section,
    ShowIf,
)
from pilotkit.core.yamlsrc import Loc, YamlDocument


def _field_names(*models: type[BaseModel]) -> frozenset[str]:
    names: set[str] = set()
    for model in models:
        for name, info in model.model_fields.items():
            names.add(info.alias or name)
    return frozenset(names)


_KNOWN_KEYS = _field_names(
    Scenario, Section, ScaleItem, ChoiceOption, NumberItem, ShowIf, ScaleSpec, Band, LocalText
) | {"type", "principles"}


def _walk(data: Any, loc: Sequence[str | int]) -> tuple[Loc, list[Any]]:
    """Follow a pydantic error location through the raw data.

    Returns the part of the location that exists in the file and the chain of
    values along it. Discriminated unions put the item's type tag in the
    location, and before-validators may name keys the author never wrote:
    both are skipped.
    """
    found: list[str | int] = []
    chain: list[Any] = [data]
    current = data
    tag_skipped = False
    for part in loc:
        at_item = len(found) >= 2 and found[-2] == "items" and isinstance(found[-1], int)
        if at_item and not tag_skipped and isinstance(current, dict) and current.get("type") == part:
            tag_skipped = True  # the union's tag, which may also be a key name ("text")
            continue
        in_dict = isinstance(current, dict) and part in current
        in_list = isinstance(current, list) and isinstance(part, int) and 0 <= part < len(current)
        if not (in_dict or in_list):
            continue
        current = current[part]
        found.append(part)
        chain.append(current)
    return tuple(found), chain


def _where(loc: Loc, chain: list[Any]) -> str:
    """'item greeted: ' or 'section reception: ' for a location inside one."""
    if len(loc) >= 4 and loc[0] == "sections" and loc[2] == "items":
        item = chain[4]
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            return f"item {item['id']}: "
        return f"sections[{loc[1]}].items[{loc[3]}]: "
    if len(loc) >= 2 and loc[0] == "sections":
        section = chain[2]
        if isinstance(section, dict) and isinstance(section.get("id"), str):
            return f"section {section['id']}: "
        return f"sections[{loc[1]}]: "
    return ""


def _key_path(loc: Loc) -> str:
    """The keys inside the innermost item or section, e.g. `scale.min`."""
    if len(loc) >= 4 and loc[0] == "sections" and loc[2] == "items":
        rest = loc[4:]
    elif len(loc) >= 2 and loc[0] == "sections":
        rest = loc[2:]
    else:
        rest = loc
    out = ""
    for part in rest:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


def _suggest(key: str) -> str:
    """A near-miss for a typo; nothing for a known key that is merely in the wrong place."""
    close = difflib.get_close_matches(key, sorted(_KNOWN_KEYS - {key}), n=1, cutoff=0.75)
    return f" (did you mean {close[0]!r}?)" if close and key not in _KNOWN_KEYS else ""


def validation_problems(
    error: ValidationError, doc: YamlDocument, label: str, prefix: Loc = ()
) -> list[Problem]:
    problems = []
    for err in error.errors(include_url=False, include_input=False):
        loc = (*prefix, *err["loc"])
        found, chain = _walk(doc.data, loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            key = str(loc[-1])
            message = f"{_key_path(found)}: unknown key{_suggest(key)}"
            found_for_where = found[:-1]
        elif kind == "missing":
            message = f"{_key_path(loc) or loc[-1]}: required key missing"
            found_for_where = found
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            tag = err.get("ctx", {}).get("tag")
            reason = "unknown item type" + (f" {tag!r}" if tag else "")
            if kind == "union_tag_not_found":
                reason = "required key missing"
            message = f"type: {reason}; use one of {', '.join(ITEM_TYPES)}"
            found = (*found, "type") if (*found, "type") in doc.lines else found
            found_for_where = found
        else:
            text = err["msg"].removeprefix("Value error, ")
            path = _key_path(found) or _key_path(loc)
            message = f"{path}: {text}" if path else text
            found_for_where = found
        where = _where(found_for_where, chain)
        problems.append(Problem(label, doc.line_of(found), where + message))
    return problems
