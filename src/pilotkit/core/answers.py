"""What counts as a valid answer to an item, and what a visit still lacks.

The store, `record` and the TUI all accept answers through `check_answer`, so
an answer is judged the same way however it arrives (contract §5).
"""

from __future__ import annotations

import math
from collections.abc import Mapping

from pilotkit.core.item_facts import Answer as Answer  # defined with the item facts, named here
from pilotkit.core.messages import Message, Translatable
from pilotkit.core.scenarios import (
    NA,
    ChoiceItem,
    Item,
    NumberItem,
    ScaleItem,
    Scenario,
    TextItem,
    YesNoItem,
)

MAX_TEXT_CHARS = 20_000
SQLITE_INT_MAX = 2**63 - 1
"""SQLite stores integers in 64 bits; a larger one (a held-down key) must be refused, not lost."""


class AnswerError(Translatable, ValueError):
    """An answer that does not fit its item; the message says why in one line."""


def check_storable_text(value: str, field: str | None = None) -> str:
    """Refuse text SQLite cannot store as UTF-8 (a lone surrogate from JSON's `\\ud800`)."""
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        if field is None:
            raise AnswerError.of("unstorable_text") from None
        raise AnswerError.of("lone_surrogate", field=field) from None
    return value


def check_answer(item: Item, value: object) -> Answer:
    """Return `value` as it will be stored, or raise `AnswerError`."""
    if value == NA and not isinstance(item, TextItem):
        if not item.allow_na:
            raise AnswerError.of("na_not_allowed")
        return NA
    if isinstance(item, YesNoItem):
        if value in ("yes", "no"):
            return str(value)
        raise AnswerError.of("expected_yesno", value=show(value))
    if isinstance(item, ScaleItem):
        low, high = item.scale.min, item.scale.max
        if isinstance(value, int) and not isinstance(value, bool) and low <= value <= high:
            return value
        raise AnswerError.of("expected_scale", low=low, high=high, value=show(value))
    if isinstance(item, ChoiceItem):
        if isinstance(value, str) and item.option(value) is not None:
            return value
        ids = ", ".join(o.id for o in item.options)
        raise AnswerError.of("expected_one_of", allowed=ids, value=show(value))
    if isinstance(item, NumberItem):
        if isinstance(value, int) and not isinstance(value, bool):
            if value > 10**40:
                raise AnswerError.of("int_too_many_digits", digits=digits(value))
            if value > SQLITE_INT_MAX:
                raise AnswerError.of("int_too_large", value=show(value))
            if value >= 0:  # (math.isfinite of a huge negative int overflows)
                return value
        elif isinstance(value, float) and math.isfinite(value) and value >= 0:
            return value
        raise AnswerError.of("expected_number", value=show(value))
    if isinstance(value, str):
        if len(value) > MAX_TEXT_CHARS:
            raise AnswerError.of("text_too_long", limit=MAX_TEXT_CHARS)
        return check_storable_text(value)
    raise AnswerError.of("expected_text", value=show(value))


def digits(value: int) -> int:
    """About how many decimal digits `value` has, without converting it (slow, and refused
    past 4,300 digits)."""
    return int(abs(value).bit_length() * 0.30103) + 1


def show(value: object) -> str:
    """A value as a problem line quotes it: short, on one line, never slow."""
    if isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**40:
        return Message("number_of_digits", digits=digits(value))
    if isinstance(value, bytes | bytearray | memoryview):
        return Message("binary_data", count=len(value))
    text = repr(value)
    return text if len(text) <= 40 else text[:37] + "..."


def visible_item_ids(scenario: Scenario, answers: Mapping[str, Answer]) -> set[str]:
    """Items shown under skip logic.

    An item whose controlling item is hidden is hidden too, whatever answer
    the controlling item still holds (contract §2).
    """
    visible: set[str] = set()
    for item in scenario.items():
        rule = item.show_if
        if rule is None:
            visible.add(item.id)
            continue
        if rule.item not in visible or rule.item not in answers:
            continue
        value = answers[rule.item]
        if any(value == wanted and type(value) is type(wanted) for wanted in rule.in_):
            visible.add(item.id)
    return visible


def missing_required(scenario: Scenario, answers: Mapping[str, Answer]) -> list[Item]:
    """Required items that are shown but unanswered; "na" counts as an answer."""
    visible = visible_item_ids(scenario, answers)
    return [
        item for item in scenario.items()
        if item.required and item.id in visible and answers.get(item.id, "") == ""
    ]


def parse_number(text: str) -> float | int | None:
    """A non-negative number typed with a decimal comma or point; None if it is not one."""
    cleaned = text.strip().replace(" ", "").replace("\u00a0", "").replace(",", ".")
    if not cleaned:
        return None
    if cleaned.isascii() and cleaned.isdigit():
        # a whole number exactly as typed: through a float, 20 digits would lose their tail
        try:
            return int(cleaned)
        except ValueError:  # beyond Python's 4,300-digit limit for int()
            return None
    try:
        value = float(cleaned)
    except ValueError:
        return None
    if value != value or value in (float("inf"), float("-inf")) or value < 0:
        return None
    return int(value) if value.is_integer() and "." not in cleaned else value
