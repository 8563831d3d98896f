"""The visit's own rules: shown items, progress, scores, missing items and status changes."""

from __future__ import annotations

import pytest

from pilotkit.core.answers import AnswerError
from pilotkit.core.entities import DEFAULT_PRINCIPLE_IDS, Status
from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import parse_scenario
from pilotkit.core.visit import TransitionRefused, Visit
from tests.fixtures import CONTRACT_EXAMPLE


def make(status: Status = "draft", **answers: str | int | float) -> Visit:
    scenario = parse_scenario(CONTRACT_EXAMPLE, "x.yaml", default_framework()).scenario
    return Visit(scenario, status, DEFAULT_PRINCIPLE_IDS, dict(answers))


def test_skip_logic_decides_what_is_shown_and_counted() -> None:
    # 7 items; needs_clarified needs greeted=yes, followed_up needs needs_clarified 4 or 5
    assert make().progress() == (0, 5)
    assert make(greeted="no", needs_clarified=5).progress() == (1, 5)  # a hidden answer is not counted
    visit = make(greeted="yes", needs_clarified=4)
    assert [i.id for i in visit.shown()] == [
        "greeted", "wait_minutes", "needs_clarified", "followed_up", "outcome", "signs_clear",
        "remarks"]
    assert visit.progress() == (2, 7)


def test_scores_by_hand() -> None:
    # greeted yes → co 1; wait 3 → band 0.5, responsiveness ×2; clarified 4 → 0.75 (prof, co)
    scores = make(greeted="yes", wait_minutes=3, needs_clarified=4).scores()
    assert scores.principles["professionalism"] == 75.0
    assert scores.principles["customer_orientation"] == 87.5
    assert scores.principles["responsiveness"] == 50.0
    assert scores.principles["openness"] is None
    assert scores.overall == pytest.approx((75 + 87.5 + 50) / 3)


def test_missing_required_follow_what_is_shown() -> None:
    assert [i.id for i in make().missing_required()] == ["outcome"]
    assert [i.id for i in make(greeted="yes").missing_required()] == ["needs_clarified", "outcome"]


def test_status_changes() -> None:
    assert make().refusal("submitted") == "required items not answered: outcome"
    complete = make(outcome="none")
    assert complete.refusal("submitted") is None
    assert make("approved").refusal("draft") == "the visit is approved; it cannot become draft"
    assert make("submitted").refusal("rejected") == "rejecting a visit needs a reason"
    assert make("submitted").refusal("rejected", "wrong library") is None
    assert make("draft").refusal("draft") is None
    with pytest.raises(TransitionRefused):
        make("draft").check_transition("approved")
    assert make("draft").editable and not make("submitted").editable


def test_answers_are_checked_against_their_item() -> None:
    visit = make()
    assert visit.checked("wait_minutes", 2.5) == 2.5
    with pytest.raises(AnswerError):
        visit.checked("wait_minutes", 2**63)
    with pytest.raises(KeyError):
        visit.checked("no_such_item", "yes")
