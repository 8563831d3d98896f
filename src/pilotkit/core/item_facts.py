"""What the exports show of a scenario's items, as plain data: no pydantic on the export path.

Building the scenario models costs about 0.2 s of imports and class
construction (pydantic), a third of an answers export of 20,000 visits. An
export needs only each item's words and weights, so these facts are kept
beside each stored scenario text (`scenario_texts.item_facts`, schema step
14): made from the validated model when the text is stored, read back as
JSON. The model stays the one source: a text without usable facts (a file
read as it lies at schema 12 or 13, a text the migration could not read,
facts of another version) is read through the model, and a test keeps the
two ways alike.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from pilotkit.core.langs import LANGS

if TYPE_CHECKING:
    from pilotkit.core.localtext import LocalText
    from pilotkit.core.scenarios import Scenario

FACTS_VERSION = 1
"""Raised whenever the facts' shape or meaning changes, with a schema step whose completion
makes them again (`VisitService._fill_item_facts`): stored facts of another version are not
read (the model is), so an older pilotkit's facts never stand for newer ones."""

NA = "na"
"""The answer value for "not applicable" (`scenarios.NA` is this one)."""

Answer = str | int | float
"""An answer value as stored (`answers.Answer` names this one): "yes"/"no", a scale integer,
an option id, a number, text or "na"."""

Words = dict[str, str]
"""A text in each language, the fallback already applied (`LocalText.get`)."""


@dataclass(frozen=True, slots=True)
class ItemFacts:
    id: str
    type: str
    section: Words
    text: Words
    principles: tuple[tuple[str, float], ...]
    options: dict[str, Words]
    """A choice item's option labels by option id; empty for the other types."""
    unit: Words | None

    def weights(self) -> str:
        """The principles as the exports write them: `reliability professionalism×2`."""
        return " ".join(p if w == 1 else f"{p}×{w:g}" for p, w in self.principles)


def in_lang(words: Words, lang: str) -> str:
    """The text in `lang`; in English for a language that is not one of ours (as `LocalText`)."""
    return words.get(lang) or words["en"]


def _words(text: LocalText) -> Words:
    return {lang: text.get(lang) for lang in LANGS}


def facts_of(scenario: Scenario) -> list[ItemFacts]:
    """The facts of every item, in scenario order, from the validated model."""
    facts = []
    for section in scenario.sections:
        for item in section.items:
            options: dict[str, Words] = {}
            unit = None
            if item.type == "choice":
                options = {o.id: _words(o.label) for o in item.options}
            elif item.type == "number" and item.unit is not None:
                unit = _words(item.unit)
            facts.append(ItemFacts(item.id, item.type, _words(section.title), _words(item.text),
                                   tuple(item.principles.items()), options, unit))
    return facts


def to_json(facts: list[ItemFacts]) -> str:
    return json.dumps({"version": FACTS_VERSION, "items": [
        {"id": f.id, "type": f.type, "section": f.section, "text": f.text,
         "principles": f.principles, "options": f.options, "unit": f.unit} for f in facts]},
        ensure_ascii=False, separators=(",", ":"))


def from_json(text: str | None) -> list[ItemFacts] | None:
    """The stored facts; None when there are none, or of another version, or not as written
    (then the caller reads the model: a cache is never trusted over its source)."""
    if not isinstance(text, str):
        return None
    try:
        data: Any = json.loads(text)
        if data.get("version") != FACTS_VERSION:
            return None
        facts = [ItemFacts(i["id"], i["type"], i["section"], i["text"],
                           tuple((p, w) for p, w in i["principles"]), i["options"], i["unit"])
                 for i in data["items"]]
    except (ValueError, TypeError, KeyError, AttributeError):
        return None
    return facts if all(_as_written(f) for f in facts) else None


def _is_words(value: object) -> bool:
    return (isinstance(value, dict) and set(value) == set(LANGS)
            and all(isinstance(text, str) for text in value.values()))


def _as_written(facts: ItemFacts) -> bool:
    """Every field of the shape `to_json` writes (a hand-edited row is not trusted)."""
    return (isinstance(facts.id, str) and isinstance(facts.type, str)
            and _is_words(facts.section) and _is_words(facts.text)
            and all(isinstance(p, str) and isinstance(w, int | float) and not isinstance(w, bool)
                    for p, w in facts.principles)
            and isinstance(facts.options, dict)
            and all(isinstance(k, str) and _is_words(v) for k, v in facts.options.items())
            and (facts.unit is None or _is_words(facts.unit)))
