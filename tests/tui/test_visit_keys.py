"""The visit's keys: the arrows move between items even when the item panel has more than
fits; ← → step through any item's answers; an answer key the item does not take says which
keys it does."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from textual.containers import VerticalScroll
from textual.widgets import Static

from pilotkit.tui.app import PilotkitApp
from pilotkit.tui.screens.visit import VisitScreen
from tests.fixtures import CONTRACT_EXAMPLE
from tests.tui import conftest
from tests.tui.conftest import build_app
from tests.tui.screen_text import screen_text
from tests.tui.test_flow import db_answers, settle, start_visit


async def test_down_moves_to_the_next_item_when_the_panel_scrolls(app: PilotkitApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await settle(pilot)
        assert visit.current == "greeted"
        # a long text (a long question, help or message) makes the panel scroll, and focused
        visit.query_one("#help", Static).update("\n".join(f"line {n}" for n in range(60)))
        panel = visit.query_one("#item-panel", VerticalScroll)
        panel.focus()
        await pilot.pause()
        assert panel.max_scroll_y > 0
        await pilot.press("down")
        await pilot.pause()
        assert visit.current == "wait_minutes"
        await pilot.press("up")
        await pilot.pause()
        assert visit.current == "greeted"


async def _on(pilot: Any, visit: VisitScreen, item_id: str) -> None:
    for _ in range(20):
        if visit.current == item_id:
            return
        await pilot.press("down")
        await pilot.pause()
    raise AssertionError(f"never reached {item_id} (at {visit.current})")


def _said(visit: VisitScreen) -> str:
    return str(visit.query_one("#entry-error", Static).render())


async def test_an_answer_key_the_item_does_not_take_says_which_keys_it_does(
        app: PilotkitApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await settle(pilot)
        await pilot.press("7")                      # a digit on a yes/no question
        await pilot.pause()
        assert _said(visit) == "Answer with y (yes) or n (no)."
        await pilot.press("y")
        await _on(pilot, visit, "needs_clarified")  # shown once greeted is yes
        await pilot.press("n")                      # no on a scale of 1–5
        await pilot.pause()
        assert _said(visit) == "Answer with a number 1–5 or the arrows ← →."
        await _on(pilot, visit, "outcome")
        await pilot.press("4")                      # three options
        await pilot.pause()
        assert _said(visit) == "Answer with the option's number 1–3."
        await settle(pilot)
        assert db_answers(app) == {"greeted": "yes"}  # none of those keys answered anything


async def test_the_arrows_step_through_a_choice_and_yes_no_as_through_a_scale(
        app: PilotkitApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await settle(pilot)
        await pilot.press("left")                   # from no answer: ← starts at the last
        await pilot.press("y")
        await _on(pilot, visit, "outcome")
        await pilot.press("right")                  # from no answer: → starts at the first
        await settle(pilot)
        assert db_answers(app)["outcome"] == "answered"
        await pilot.press("right", "right", "right")  # and stops at the last
        await settle(pilot)
        assert db_answers(app)["outcome"] == "none"
        await pilot.press("left")
        await settle(pilot)
        assert db_answers(app)["outcome"] == "referred"
        await _on(pilot, visit, "signs_clear")
        await pilot.press("left")
        await settle(pilot)
        assert db_answers(app)["signs_clear"] == "no"


async def test_not_applicable_where_the_item_takes_none_says_so(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_na = CONTRACT_EXAMPLE.replace(
        "        type: yesno\n        principles: [customer_orientation]",
        "        type: yesno\n        allow_na: false\n        principles: [customer_orientation]",
        1)
    assert no_na != CONTRACT_EXAMPLE
    monkeypatch.setattr(conftest, "CONTRACT_EXAMPLE", no_na)  # the file build_app writes
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await settle(pilot)
        await pilot.press("x")
        await pilot.pause()
        assert _said(visit) == "this item cannot be answered 'not applicable'"
        await settle(pilot)
        assert db_answers(app) == {}


async def test_a_text_answer_is_shown_in_its_box_not_again_beside_it(app: PilotkitApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await settle(pilot)
        await _on(pilot, visit, "remarks")
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press(*"Friendly staff")
        await pilot.press("enter")
        await settle(pilot)
        assert db_answers(app)["remarks"] == "Friendly staff"
        assert screen_text(app).count("Friendly staff") == 1


async def test_the_footer_follows_the_keys_and_is_not_rebuilt_for_the_same_ones(
        app: PilotkitApp) -> None:
    """Mounting, focusing and filling a screen fire several bindings changes (five on the way
    to the start screen's first paint), most of them leaving the keys as they were."""
    from textual.widgets._footer import FooterKey

    from pilotkit.tui.widgets.key_footer import KeyFooter

    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        footer = app.screen.query_one(KeyFooter)
        keys = list(footer.query(FooterKey))
        footer.call_later(footer.recompose)          # as a bindings change does: the same keys
        await pilot.pause()
        assert keys and list(footer.query(FooterKey)) == keys
        assert screen_text(app).splitlines()[-1].startswith("^q Quit ? Help")
        visit = await start_visit(pilot)
        await settle(pilot)
        await _on(pilot, visit, "remarks")           # the text box takes ? itself: f1 helps
        await settle(pilot)
        assert "f1 Help" in screen_text(app).splitlines()[-1]
