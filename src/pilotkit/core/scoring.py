"""Scores from answers (contract §3): pure arithmetic, no storage.

An item's normalised score is in [0, 1]; a visit's principle score is the
weighted mean of its counted items × 100; the overall score is the plain
mean of the principle scores that exist. Cells and changes over many visits
are in `stats.py`.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from pilotkit.core.answers import Answer, visible_item_ids
from pilotkit.core.entities import OVERALL
from pilotkit.core.scenarios import (
    NA,
    ChoiceItem,
    Item,
    NumberItem,
    ScaleItem,
    Scenario,
    YesNoItem,
)


def item_score(item: Item, value: Answer | None) -> float | None:
    """The normalised score of one answer; None when it does not count."""
    if value is None or value == NA or not item.scored:
        return None
    if isinstance(item, YesNoItem):
        return {"yes": 1.0, "no": 0.0}.get(str(value))
    if isinstance(item, ScaleItem):
        if isinstance(value, bool) or not isinstance(value, int):
            return None
        return (value - item.scale.min) / (item.scale.max - item.scale.min)
    if isinstance(item, ChoiceItem):
        option = item.option(str(value))
        return option.score if option is not None else None
    if isinstance(item, NumberItem):
        if item.bands is None or isinstance(value, str | bool):
            return None
        for band in item.bands:
            if band.max is None or value <= band.max:
                return band.score
        return None
    return None


@dataclass(frozen=True, slots=True)
class VisitScores:
    principles: dict[str, float | None]
    overall: float | None
    items: dict[str, float] = field(default_factory=dict)
    """Item id → normalised score of each shown, scored item that maps to a principle: what
    the visit's principle scores were computed from (stored beside the answers)."""

    def as_dict(self) -> dict[str, float | None]:
        return {**self.principles, OVERALL: self.overall}


def visit_scores(
    scenario: Scenario, answers: Mapping[str, Answer], principle_ids: Iterable[str]
) -> VisitScores:
    """Principle scores (0–100, or None if nothing counted), the overall mean, and the
    item scores they came from."""
    visible = visible_item_ids(scenario, answers)
    weighted: dict[str, list[float]] = {}
    weights: dict[str, list[float]] = {}
    items: dict[str, float] = {}
    for item in scenario.items():
        if item.id not in visible or not item.principles:
            continue
        score = item_score(item, answers.get(item.id))
        if score is None:
            continue
        items[item.id] = score
        for principle, weight in item.principles.items():
            weighted.setdefault(principle, []).append(weight * score)
            weights.setdefault(principle, []).append(weight)
    principles: dict[str, float | None] = {}
    for principle in principle_ids:
        if principle in weights:
            principles[principle] = 100.0 * math.fsum(weighted[principle]) / math.fsum(
                weights[principle]
            )
        else:
            principles[principle] = None
    present = [v for v in principles.values() if v is not None]
    overall = math.fsum(present) / len(present) if present else None
    return VisitScores(principles, overall, items)
