"""A stored answer as a person reads it: `kyllä`, an option's label, `3,5 min`, `4 / 5 (Fully)`.

The read-only visit view and the drill-down show answers through here, in
the user's language and with the language's decimal mark; the exports keep
the stored value and write the label beside it.
"""

from __future__ import annotations

from pilotkit.core.answers import Answer
from pilotkit.core.formatting import decimal_mark
from pilotkit.core.labels import label
from pilotkit.core.scenarios import NA, ChoiceItem, Item, NumberItem, ScaleItem, YesNoItem


def _plain_number(value: float, lang: str) -> str:
    text = str(int(value)) if float(value).is_integer() else repr(float(value))
    return text.replace(".", decimal_mark(lang))


def answer_text(item: Item, value: Answer | None, lang: str) -> str | None:
    """The answer in words; None when the item is unanswered."""
    if value is None:
        return None
    if value == NA:
        return label("answer", NA, lang)
    if isinstance(item, YesNoItem) and value in ("yes", "no"):
        return label("answer", str(value), lang)
    if isinstance(item, ChoiceItem):
        option = item.option(str(value))
        return option.label.get(lang) if option else str(value)
    if isinstance(item, ScaleItem) and isinstance(value, int | float):
        text = f"{_plain_number(value, lang)} / {item.scale.max}"
        named = item.scale.labels.get(int(value))
        return f"{text} ({named.get(lang)})" if named else text
    if isinstance(item, NumberItem) and isinstance(value, int | float):
        text = _plain_number(value, lang)
        return f"{text} {item.unit.get(lang)}" if item.unit else text
    return str(value)
