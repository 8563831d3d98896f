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
from typing import Literal

from pilotkit.core.answers import Answer, check_answer, missing_required, visible_item_ids
from pilotkit.core.database import StoreError
from pilotkit.core.entities import STATUSES, Role, Status
from pilotkit.core.langs import Lang
from pilotkit.core.messages import Word, render
from pilotkit.core.scenarios import NA, Item, Scenario
from pilotkit.core.scoring import VisitScores, visit_scores

Action = Literal["submit", "reopen", "discard", "approve", "reject", "return", "undo"]


@dataclass(frozen=True)
class Rule:
    """One action on a visit: the statuses it starts from, where it leads, who may take it."""

    sources: frozenset[Status]
    target: Status | None
    """None: the visit is gone (a discarded draft; its log entry stays as a tombstone)."""
    lead_only: bool = False
    needs_reason: bool = False


RULES: Mapping[Action, Rule] = {
    # the evaluator's own actions, allowed in either role
    "submit": Rule(frozenset({"draft", "returned"}), "submitted"),
    "reopen": Rule(frozenset({"submitted"}), "draft"),
    "discard": Rule(frozenset({"draft"}), None),
    # review decisions: a team lead's database only
    "approve": Rule(frozenset({"submitted"}), "approved", lead_only=True),
    "reject": Rule(frozenset({"submitted"}), "rejected", lead_only=True, needs_reason=True),
    "return": Rule(frozenset({"submitted"}), "returned", lead_only=True, needs_reason=True),
    "undo": Rule(frozenset({"approved", "rejected", "returned"}), "submitted", lead_only=True),
}
"""Every status change there is. A submitted visit is reviewed: approved, rejected, or returned
for correction (the evaluator corrects it and submits it again); a decision can be undone by a
lead, which makes the visit submitted again. An evaluator may reopen a submitted visit until it
is decided, and discard a draft."""

DECISIONS: frozenset[Action] = frozenset(a for a, rule in RULES.items() if rule.lead_only)
DECIDED: frozenset[Status] = frozenset({"approved", "rejected", "returned"})
"""Statuses only a review decision leads to."""

TRANSITIONS: Mapping[Status, frozenset[Status]] = {
    status: frozenset(rule.target for rule in RULES.values()
                      if status in rule.sources and rule.target is not None)
    for status in STATUSES
}
"""Where a visit may go from each status (whoever may take the step: see `RULES`)."""

EDITABLE: frozenset[Status] = frozenset({"draft", "returned"})
"""Statuses whose answers, notes, comment and details may change (a returned visit is corrected
like a draft)."""


class TransitionRefused(StoreError, ValueError):
    """A status change the rules or the database's role do not allow; says why in one line.

    A `StoreError` too: what was asked of the store cannot be done."""


class MissingItems(TransitionRefused):
    """Submitting a visit whose required, shown items are unanswered.

    People read the items' questions in their own language; `str()` is English.
    """

    def __init__(self, items: Sequence[Item], visit: str = "") -> None:
        self.items = list(items)
        self.visit = visit
        super().__init__(self.text("en"))
        self.key = "missing_required"
        self.params = {}

    def text(self, lang: Lang) -> str:
        questions = "; ".join(item.text.get(lang) for item in self.items)
        return render("missing_required", lang, visit=self.visit, items=questions)


def action_refusal(action: Action, status: Status, role: Role, reason: str | None = None,
                   visit: str = "") -> TransitionRefused | None:
    """Why `action` cannot be taken on a visit in `status` in a database of `role`; None if it can.

    Everything but the required items, which need the visit's answers (`Visit.refused`).
    """
    rule = RULES[action]
    refusal: TransitionRefused | None = None
    if rule.lead_only and role != "lead":
        refusal = TransitionRefused.of("needs_lead")
    elif status not in rule.sources:
        key = "nothing_to_undo" if action == "undo" else f"cannot_{action}"
        refusal = TransitionRefused.of(key, visit=visit, status=Word("status", status))
    elif rule.needs_reason and not (reason and reason.strip()):
        refusal = TransitionRefused.of(f"reason_for_{action}", visit=visit)
    return refusal


@dataclass
class Visit:
    """A visit's content as the rules see it; `principle_ids` is the framework's order."""

    scenario: Scenario
    status: Status
    principle_ids: Sequence[str]
    answers: dict[str, Answer] = field(default_factory=dict)
    notes: dict[str, str] = field(default_factory=dict)
    id: str = ""

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

    def allows(self, action: Action) -> bool:
        """Whether the visit's status allows `action` (who may take it: `refused`)."""
        return self.status in RULES[action].sources

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

    def refused(self, action: Action, role: Role, reason: str | None = None
                ) -> TransitionRefused | None:
        """Why `action` cannot be taken on this visit in a database of `role`; None if it can."""
        refusal = action_refusal(action, self.status, role, reason, self.id[:8])
        if refusal is None and action == "submit":
            missing = self.missing_required()
            if missing:
                return MissingItems(missing, self.id[:8])
        return refusal

    def refusal(self, target: Status, reason: str | None = None) -> str | None:
        """Why the visit cannot become `target` by the status rules alone, in one line (English).

        Whoever may take the step is not asked here: `refused` also knows roles.
        """
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
