"""What a visit is: its scenario, answers and notes, and every rule that follows from them.

One home for a visit's rules, asked by everyone who shows or changes a visit
(the visit and summary screens, the review queue, the command line, the
store's callers): which items are shown under skip logic, how far the visit
is, its principle and overall scores, which required items are missing, and
which status changes are allowed and why not. Pure: no storage, no UI.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from pilotkit.core.answers import Answer, check_answer, missing_required, visible_item_ids
from pilotkit.core.entities import Status
from pilotkit.core.scenarios import NA, Item, Scenario
from pilotkit.core.scoring import VisitScores, visit_scores

TRANSITIONS: Mapping[Status, frozenset[Status]] = {
    "draft": frozenset({"submitted"}),
    "submitted": frozenset({"approved", "rejected", "draft"}),
    "rejected": frozenset({"draft", "approved"}),
    "approved": frozenset(),
}
"""Where a visit may go from each status. An approved visit is final; a submitted or
rejected one can be reopened to a draft."""

EDITABLE: frozenset[Status] = frozenset({"draft"})
"""Statuses whose answers, notes and comment may change."""


class TransitionRefused(ValueError):
    """A status change the rules do not allow; the message says why in one line."""


@dataclass
class Visit:
    """A visit's content as the rules see it; `principle_ids` is the framework's order."""

    scenario: Scenario
    status: Status
    principle_ids: Sequence[str]
    answers: dict[str, Answer] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)

    # -- what is shown and how far it is

    def shown(self) -> list[Item]:
        """The items shown under skip logic, in scenario order."""
        visible = visible_item_ids(self.scenario, self.answers)
        return [item for item in self.scenario.items() if item.id in visible]

    def progress(self) -> tuple[int, int]:
        """(answered, shown): answers count only for items that are shown."""
        shown = self.shown()
        return sum(1 for item in shown if item.id in self.answers), len(shown)

    def scores(self) -> VisitScores:
        return visit_scores(self.scenario, self.answers, self.principle_ids)

    def missing_required(self) -> list[Item]:
        return missing_required(self.scenario, self.answers)

    @property
    def editable(self) -> bool:
        return self.status in EDITABLE

    # -- answering

    def item(self, item_id: str) -> Item:
        item = self.scenario.item(item_id)
        if item is None:
            raise KeyError(f"scenario {self.scenario.id} has no item {item_id!r}")
        return item

    def checked(self, item_id: str, value: object) -> Answer:
        """`value` as it will be stored for the item; raises `AnswerError` if it does not fit."""
        return check_answer(self.item(item_id), value)

    def is_not_applicable(self, item_id: str) -> bool:
        return self.answers.get(item_id) == NA

    # -- status

    def refusal(self, target: Status, reason: str | None = None) -> str | None:
        """Why the visit cannot become `target` now, in one line; None when it can."""
        if target == self.status:
            return None
        if target not in TRANSITIONS[self.status]:
            return f"the visit is {self.status}; it cannot become {target}"
        if target == "rejected" and not (reason and reason.strip()):
            return "rejecting a visit needs a reason"
        if target == "submitted":
            missing = self.missing_required()
            if missing:
                return "required items not answered: " + ", ".join(i.id for i in missing)
        return None

    def check_transition(self, target: Status, reason: str | None = None) -> None:
        refusal = self.refusal(target, reason)
        if refusal is not None:
            raise TransitionRefused(refusal)
