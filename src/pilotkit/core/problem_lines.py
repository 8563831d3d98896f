"""Pydantic's errors mapped back to the lines and keys of the YAML file an author wrote.

Scenario files and framework files both report through here, so an unknown
key, a missing key or a bad value reads the same, at the same kind of line,
whichever file it is in.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Sequence
from typing import Any

from pydantic import BaseModel, ValidationError

from pilotkit.core.localtext import LocalText
from pilotkit.core.messages import Message
from pilotkit.core.problems import Place, Problem
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


def place_of(loc: Loc, chain: list[Any]) -> Place | None:
    """The item or section a location lies in, if any."""
    if len(loc) >= 4 and loc[0] == "sections" and loc[2] == "items":
        item = chain[4]
        if isinstance(item, dict) and isinstance(item.get("id"), str):
            return Place("item", item["id"])
        return Place(None, f"sections[{loc[1]}].items[{loc[3]}]")
    if len(loc) >= 2 and loc[0] == "sections":
        section = chain[2]
        if isinstance(section, dict) and isinstance(section.get("id"), str):
            return Place("section", section["id"])
        return Place(None, f"sections[{loc[1]}]")
    return None


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


def _unknown_key(key: str) -> Message:
    """Unknown, with a near-miss for a typo; no guess for a known key merely in the wrong
    place."""
    close = difflib.get_close_matches(key, sorted(_KNOWN_KEYS - {key}), n=1, cutoff=0.75)
    if close and key not in _KNOWN_KEYS:
        return Message("unknown_key_suggest", close=close[0])
    return Message("unknown_key")


_QUOTED = re.compile(r"'([^']*)'")
_BOUNDS = {"greater_than_equal": ("at_least", "ge"), "less_than_equal": ("at_most", "le"),
           "greater_than": ("more_than", "gt"), "less_than": ("less_than", "lt")}
_TYPES = {"int_parsing": "expected_whole_number", "int_type": "expected_whole_number",
          "int_from_float": "expected_whole_number", "float_parsing": "expected_a_number",
          "float_type": "expected_a_number", "finite_number": "expected_a_number",
          "string_type": "expected_text", "bool_parsing": "expected_true_or_false",
          "bool_type": "expected_true_or_false", "dict_type": "expected_mapping",
          "model_type": "expected_mapping", "model_attributes_type": "expected_mapping",
          "list_type": "expected_list"}


def _value(value: Any) -> str:
    """What the author wrote, short: keys and values, or a list, as YAML writes them inline."""
    if isinstance(value, dict):
        return "{…}"
    if isinstance(value, list):
        return "[…]"
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def _reason(err: Any) -> Message:
    """Pydantic's reason in words of our own (so in every language); its English words only
    for a kind of error no scenario file has given yet."""
    kind, ctx, given = err["type"], err.get("ctx") or {}, err.get("input")
    if kind == "value_error":  # our own validators raise their reason as a message
        error = ctx.get("error")
        reason = error.args[0] if isinstance(error, ValueError) and error.args else None
        if isinstance(reason, Message):
            return reason
    if kind == "model_type" and ctx.get("class_name") == LocalText.__name__:
        return Message("expected_local_text", value=_value(given))
    if kind in _TYPES:
        return Message(_TYPES[kind], value=_value(given))
    if kind == "literal_error":
        allowed = _QUOTED.findall(str(ctx.get("expected", "")))
        return Message("expected_one_of", allowed=", ".join(allowed), value=_value(given))
    if kind in _BOUNDS:
        key, bound = _BOUNDS[kind]
        return Message(key, limit=_value(ctx.get(bound)), value=_value(given))
    if kind == "too_short":
        return Message("list_too_short", n=ctx.get("min_length"), count=ctx.get("actual_length"))
    if kind == "string_too_long":
        return Message("text_longer_than", n=ctx.get("max_length"))
    if kind == "string_pattern_mismatch":
        separator = "'-'" if "-" in str(ctx.get("pattern", "")) else "'_'"
        return Message("id_characters", separator=separator, value=_value(given))
    return Message("value_invalid", detail=str(err["msg"]).removeprefix("Value error, "))


def validation_problems(
    error: ValidationError, doc: YamlDocument, label: str, prefix: Loc = ()
) -> list[Problem]:
    problems = []
    for err in error.errors(include_url=False):
        loc = (*prefix, *err["loc"])
        found, chain = _walk(doc.data, loc)
        kind = err["type"]
        if kind == "extra_forbidden":
            message = _unknown_key(str(loc[-1]))
            path = _key_path(found)
            found_for_where = found[:-1]
        elif kind == "missing":
            message = Message("required_key_missing")
            path = _key_path((*found, loc[-1]))  # not the union's tag on the way
            found_for_where = found
        elif kind in ("union_tag_invalid", "union_tag_not_found"):
            tag = err.get("ctx", {}).get("tag")
            types = ", ".join(ITEM_TYPES)
            if kind == "union_tag_invalid" and tag:
                message = Message("unknown_item_type", tag=tag, types=types)
            else:
                message = Message("item_type_missing", types=types)
            path = "type"
            found = (*found, "type") if (*found, "type") in doc.lines else found
            found_for_where = found
        else:
            message = _reason(err)
            path = _key_path(found) or _key_path(loc)
            found_for_where = found
        if path:
            message = Message(message.key, f"{path}: {message.prefix}", **message.params)
        place = place_of(found_for_where, chain)
        problems.append(Problem(label, doc.line_of(found),
                                place.of(message) if place is not None else message))
    return problems
