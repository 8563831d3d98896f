"""Scoring by the contract's rules; every expected value is worked out by hand here."""

from __future__ import annotations

import pytest

from pilotkit.core.answers import Answer, AnswerError, check_answer, missing_required
from pilotkit.core.framework import Framework
from pilotkit.core.loader import parse_scenario
from pilotkit.core.scenarios import Scenario
from pilotkit.core.scoring import item_score, visit_scores
from tests.fixtures import CONTRACT_EXAMPLE


@pytest.fixture
def scenario(framework: Framework) -> Scenario:
    return parse_scenario(CONTRACT_EXAMPLE, "example.yaml", framework).scenario


def item(scenario: Scenario, item_id: str):  # type: ignore[no-untyped-def]
    found = scenario.item(item_id)
    assert found is not None
    return found


@pytest.mark.parametrize(
    ("item_id", "value", "expected"),
    [
        ("greeted", "yes", 1.0),
        ("greeted", "no", 0.0),
        ("greeted", "na", None),
        ("greeted", None, None),
        # scale 1..5: (v - 1) / 4
        ("needs_clarified", 1, 0.0),
        ("needs_clarified", 2, 0.25),
        ("needs_clarified", 4, 0.75),
        ("needs_clarified", 5, 1.0),
        ("outcome", "answered", 1.0),
        ("outcome", "referred", 0.75),
        ("outcome", "none", 0.0),
        # bands in order: the first whose max is at least the value wins
        ("wait_minutes", 0, 1.0),
        ("wait_minutes", 2, 1.0),
        ("wait_minutes", 2.5, 0.5),
        ("wait_minutes", 5, 0.5),
        ("wait_minutes", 5.01, 0.0),
        ("wait_minutes", 600, 0.0),
        ("remarks", "a remark", None),
    ],
)
def test_item_scores(scenario: Scenario, item_id: str, value: Answer | None,
                     expected: float | None) -> None:
    assert item_score(item(scenario, item_id), value) == expected


def test_visit_scores_weighted_and_overall(scenario: Scenario, framework: Framework) -> None:
    answers: dict[str, Answer] = {
        "greeted": "yes",           # customer_orientation 1 × 1
        "wait_minutes": 3,          # band 0.5, responsiveness weight 2
        "needs_clarified": 4,       # 0.75: professionalism 1, customer_orientation 1
        "followed_up": "yes",       # shown (4 in [4, 5]): openness 3 × 1
        "outcome": "referred",      # reliability 0.75
        "signs_clear": "no",        # openness 1 × 0
        "remarks": "=SUM(A1)",      # text never counts
    }
    scores = visit_scores(scenario, answers, framework.ids)
    assert scores.principles["customer_orientation"] == pytest.approx(100 * (1 + 0.75) / 2)
    assert scores.principles["responsiveness"] == pytest.approx(100 * (2 * 0.5) / 2)
    assert scores.principles["professionalism"] == pytest.approx(75.0)
    assert scores.principles["reliability"] == pytest.approx(75.0)
    assert scores.principles["openness"] == pytest.approx(100 * (3 * 1 + 1 * 0) / (3 + 1))
    assert scores.principles["accessibility"] is None
    assert scores.principles["equality"] is None
    # plain mean of the five non-null principle scores
    assert scores.overall == pytest.approx((87.5 + 50 + 75 + 75 + 75) / 5)


def test_hidden_items_do_not_count_even_with_a_stale_answer(
    scenario: Scenario, framework: Framework
) -> None:
    # greeted turned to "no": needs_clarified is hidden although it still holds 5,
    # and followed_up is hidden because its controller is hidden.
    answers: dict[str, Answer] = {
        "greeted": "no", "needs_clarified": 5, "followed_up": "yes", "outcome": "answered",
    }
    scores = visit_scores(scenario, answers, framework.ids)
    assert scores.principles["customer_orientation"] == 0.0
    assert scores.principles["professionalism"] is None
    assert scores.principles["openness"] is None
    assert scores.principles["reliability"] == 100.0
    assert scores.overall == pytest.approx((0.0 + 100.0) / 2)


def test_na_and_unanswered_do_not_count(scenario: Scenario, framework: Framework) -> None:
    scores = visit_scores(scenario, {"greeted": "na", "outcome": "na"}, framework.ids)
    assert all(v is None for v in scores.principles.values())
    assert scores.overall is None


def test_scale_show_if_uses_integers(scenario: Scenario, framework: Framework) -> None:
    # needs_clarified 3 is not in [4, 5]: followed_up hidden, openness from signs_clear only
    answers: dict[str, Answer] = {"greeted": "yes", "needs_clarified": 3,
                                  "followed_up": "yes", "signs_clear": "yes"}
    assert visit_scores(scenario, answers, framework.ids).principles["openness"] == 100.0


def test_required_items_follow_skip_logic(scenario: Scenario) -> None:
    missing = [i.id for i in missing_required(scenario, {"greeted": "yes"})]
    assert missing == ["needs_clarified", "outcome"]
    # hidden required items are not required; "na" counts as an answer
    assert [i.id for i in missing_required(scenario, {"greeted": "no", "outcome": "na"})] == []


@pytest.mark.parametrize(
    ("item_id", "value"),
    [
        ("greeted", "maybe"), ("greeted", True), ("needs_clarified", 0),
        ("needs_clarified", 6), ("needs_clarified", 3.5), ("needs_clarified", "3"),
        ("outcome", "elsewhere"), ("wait_minutes", -1), ("wait_minutes", float("nan")),
        ("wait_minutes", float("inf")), ("wait_minutes", "3"), ("remarks", 5),
    ],
)
def test_bad_answers_are_refused(scenario: Scenario, item_id: str, value: object) -> None:
    with pytest.raises(AnswerError):
        check_answer(item(scenario, item_id), value)


def test_na_refused_where_not_allowed(framework: Framework) -> None:
    text = CONTRACT_EXAMPLE.replace("type: yesno\n        principles: [customer_orientation]",
                                    "type: yesno\n        allow_na: false\n"
                                    "        principles: [customer_orientation]")
    strict = parse_scenario(text, "x.yaml", framework).scenario
    with pytest.raises(AnswerError):
        check_answer(item(strict, "greeted"), "na")
    assert check_answer(item(strict, "outcome"), "na") == "na"
