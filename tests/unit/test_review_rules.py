"""Who may change a visit's status, and where a visit stands by its review log (worked by hand)."""

from __future__ import annotations

import pytest

from pilotkit.core.digests import content_digest
from pilotkit.core.entities import DEFAULT_PRINCIPLE_IDS, Status
from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import parse_scenario
from pilotkit.core.messages import localize
from pilotkit.core.reviewlog import ACTIONS, DECISION_ACTIONS, IMPORT_ACTIONS, Entry, not_taken, resolve
from pilotkit.core.visit import RULES, TRANSITIONS, Visit, action_refusal
from tests.fixtures import CONTRACT_EXAMPLE

LEAD, LAPTOP, OTHER_LEAD = "db-lead", "db-laptop", "db-lead-2"


def make(status: Status = "draft", **answers: str | int | float) -> Visit:
    scenario = parse_scenario(CONTRACT_EXAMPLE, "x.yaml", default_framework()).scenario
    return Visit(scenario, status, DEFAULT_PRINCIPLE_IDS, dict(answers), id="0d6c1d0e-7a0b")


def test_the_log_and_the_rules_agree_on_what_a_decision_is() -> None:
    assert {a for a, rule in RULES.items() if rule.lead_only} == DECISION_ACTIONS


def test_only_a_leads_database_decides() -> None:
    for action in ("approve", "reject", "return", "undo"):
        refusal = action_refusal(action, "submitted", "evaluator", "a reason")
        assert refusal is not None and refusal.key == "needs_lead"
        assert "pilotkit role lead" in localize(refusal, "fi")
    assert action_refusal("approve", "submitted", "lead") is None
    # the evaluator's own actions, in either role
    for role in ("evaluator", "lead"):
        assert action_refusal("reopen", "submitted", role) is None
        assert action_refusal("discard", "draft", role) is None
        assert action_refusal("submit", "returned", role) is None


def test_what_each_status_allows() -> None:
    assert TRANSITIONS["submitted"] == {"draft", "approved", "rejected", "returned"}
    assert TRANSITIONS["returned"] == {"submitted"}       # corrected, or the return undone
    assert TRANSITIONS["approved"] == {"submitted"}       # only by undoing the decision
    refusal = action_refusal("reopen", "approved", "evaluator", visit="0d6c1d0e")
    assert refusal is not None
    assert str(refusal) == ("visit 0d6c1d0e is approved, so it cannot be reopened "
                            "(only a submitted visit that is not yet reviewed can)")
    assert localize(refusal, "fi").startswith("käynnin 0d6c1d0e tila on hyväksytty, joten")
    assert action_refusal("discard", "submitted", "lead") is not None
    undo = action_refusal("undo", "submitted", "lead", visit="0d6c1d0e")
    assert undo is not None and str(undo) == (
        "visit 0d6c1d0e is submitted: there is no decision to undo")


def test_reject_and_return_need_a_reason() -> None:
    for action in ("reject", "return"):
        refusal = action_refusal(action, "submitted", "lead", "  ")
        assert refusal is not None and refusal.key == f"reason_for_{action}"
        assert action_refusal(action, "submitted", "lead", "wrong branch") is None


def test_submit_names_missing_questions_in_the_readers_language() -> None:
    refusal = make(greeted="yes").refused("submit", "evaluator")
    assert refusal is not None
    # needs_clarified and outcome are shown and required; their questions, not their ids
    assert localize(refusal, "en") == (
        "visit 0d6c1d0e cannot be submitted: required questions are not answered: "
        "Did the staff member ask what you needed it for?; What happened?")
    assert "pakollisiin kysymyksiin" in localize(refusal, "fi")
    assert make("returned", outcome="none").refused("submit", "evaluator") is None
    assert make(outcome="none").refused("approve", "lead") is not None  # a draft


# -- the log ------------------------------------------------------------------------------------


def entry(id: str, parent: str | None, at: str, action: str, to: str, database: str = LAPTOP,
          role: str = "evaluator", content: str | None = None) -> Entry:
    return Entry(id, "v1", parent, f"2017-05-0{at}T00:00:00.000000+00:00", database, role,
                 action, None, to, None, content)


SUBMIT = entry("s1", None, "1", "submit", "submitted", content="C1")
APPROVE = entry("a1", "s1", "2", "approve", "approved", LEAD, "lead", content="C1")
REOPEN = entry("o1", "s1", "3", "reopen", "draft")
RESUBMIT = entry("s2", "o1", "4", "submit", "submitted", content="C2")


@pytest.mark.parametrize("here", [LEAD, LAPTOP])
def test_a_leads_decision_beats_a_later_edit_whatever_the_clocks(here: str) -> None:
    assert resolve([], here).status == "draft"
    assert resolve([SUBMIT], here).status == "submitted"
    merged = resolve([SUBMIT, APPROVE, REOPEN, RESUBMIT], here)
    # the fork at s1: the approval (day 2) against the reopen and resubmit (days 3, 4)
    assert merged.status == "approved"
    assert [e.id for e in merged.chain] == ["s1", "a1"]
    assert merged.content == "C1"
    # the laptop's clock a week ahead changes nothing either
    assert resolve([SUBMIT, APPROVE, entry("o1", "s1", "9", "reopen", "draft")],
                   here).status == "approved"


def test_without_a_decision_the_later_branch_stands() -> None:
    other_copy = entry("s3", None, "5", "discard", "discarded", "db-laptop-2")
    assert resolve([SUBMIT, REOPEN, RESUBMIT, other_copy], LEAD).status == "discarded"
    early = entry("s3", None, "0", "discard", "discarded", "db-laptop-2")
    assert resolve([SUBMIT, REOPEN, RESUBMIT, early], LEAD).status == "submitted"


def test_two_leads_disagree_the_later_decision_stands() -> None:
    reject = entry("r1", "s1", "3", "reject", "rejected", OTHER_LEAD, "lead")
    assert resolve([SUBMIT, APPROVE, reject], LEAD).status == "rejected"
    early_reject = entry("r1", "s1", "1", "reject", "rejected", OTHER_LEAD, "lead")
    assert resolve([SUBMIT, APPROVE, early_reject], LEAD).status == "approved"
    # an undo is a decision too: the approval undone on day 5 beats the rejection of day 3
    undo = entry("u1", "a1", "5", "undo", "submitted", LEAD, "lead")
    assert resolve([SUBMIT, APPROVE, reject, undo], OTHER_LEAD).status == "submitted"


def test_an_evaluators_decision_counts_only_where_it_was_made() -> None:
    recorded = entry("x1", None, "1", "record", "approved")      # `record` on the laptop
    assert resolve([recorded], LAPTOP).status == "approved"
    assert resolve([recorded], LEAD).status == "submitted"
    assert not_taken(recorded, LEAD) and not not_taken(recorded, LAPTOP)
    made_up = entry("x2", "s1", "2", "approve", "approved")       # not from pilotkit itself
    assert resolve([SUBMIT, made_up], LEAD).status == "submitted"
    assert resolve([SUBMIT, made_up], LAPTOP).status == "approved"


def test_a_made_up_cycle_ends() -> None:
    loop = [entry("p", "q", "1", "submit", "submitted"), entry("q", "p", "2", "reopen", "draft"),
            entry("r", "r", "3", "submit", "submitted")]
    assert resolve(loop, LEAD).status == "submitted"   # only r: its own parent reads as none


def test_content_digest_sees_types_and_not_order() -> None:
    visit = {"library_id": "FI-Lohja", "comment": None}
    one = content_digest(visit, [("a", 3, None), ("b", "yes", "a note")])
    assert one == content_digest(visit, [("b", "yes", "a note"), ("a", 3, None)])
    assert one != content_digest(visit, [("a", 3.0, None), ("b", "yes", "a note")])
    assert one != content_digest({**visit, "comment": "x"},
                                 [("a", 3, None), ("b", "yes", "a note")])


def test_content_digest_takes_an_isil_in_any_case() -> None:
    # a merge maps the source's fi-lohja onto this database's FI-Lohja: the same content
    answers = [("a", 3, None)]
    assert (content_digest({"library_id": "FI-Lohja"}, answers)
            == content_digest({"library_id": "fi-lohja"}, answers))


def test_the_log_knows_every_action_the_rules_take() -> None:
    assert set(RULES) | IMPORT_ACTIONS == ACTIONS
