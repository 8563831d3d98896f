"""Nothing typed goes nowhere: the summary's comment, a visit that can no longer change,
a minus sign in a number (issue 17, item 1 and 5)."""

from __future__ import annotations

import sqlite3
from pathlib import Path
from typing import Any

from textual.pilot import Pilot
from textual.widgets import Input, Static

from pilotkit.tui.app import PilotkitApp
from pilotkit.tui.screens.start import StartScreen
from pilotkit.tui.screens.summary import SummaryScreen
from pilotkit.tui.screens.visit import VisitScreen
from tests.tui.conftest import build_app
from tests.tui.test_flow import db_answers, settle, start_visit
from tests.tui.test_saved_indicator import notifications, top


def stored_visit(app_path: Path) -> tuple[str, str | None]:
    conn = sqlite3.connect(app_path)
    try:
        status, comment = conn.execute("SELECT status, comment FROM visits").fetchone()
        return status, comment
    finally:
        conn.close()


async def reopened_as(pilot: Pilot[Any], visit_id: str, status: str) -> VisitScreen:
    """The visit given `status` behind the app's back (as a merge would), then opened again."""
    app = pilot.app
    assert isinstance(app, PilotkitApp)
    conn = sqlite3.connect(app.client.store.path)
    with conn:
        conn.execute("UPDATE visits SET status = ?", [status])
    conn.close()
    await pilot.press("escape")
    await pilot.pause()
    app.push_screen(VisitScreen(visit_id))
    await pilot.pause()
    visit = top(app)
    assert isinstance(visit, VisitScreen)
    return visit


async def test_a_comment_typed_on_a_fresh_summary_is_stored_with_the_submission(
        tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        # every required item answered: greeted no hides its follow-ups
        await pilot.press("n", "down", "x", "down", "2", "down", "n")
        await settle(pilot)
        await pilot.press("s")
        await pilot.pause()
        assert isinstance(top(app), SummaryScreen)
        await pilot.press(*"quiet morning")          # typed at once, no click, no tab
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(top(app), StartScreen)
        assert visit.visit_id
    assert stored_visit(app.client.store.path) == ("submitted", "quiet morning")


async def test_a_submitted_visit_opens_read_only_and_every_change_key_says_why(
        tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        filled = await start_visit(pilot)
        await pilot.press("y")
        await settle(pilot)
        visit = await reopened_as(pilot, filled.visit_id, "submitted")
        line = visit.query_one("#read-only", Static)
        assert line.display
        assert "Read-only: the visit is submitted" in str(line.render())
        assert "Reopen to correct" in str(line.render())
        before = len(notifications(app))
        await pilot.press("m")                       # a note: refused before any dialog
        await pilot.pause()
        assert top(app) is visit
        await pilot.press("up", "delete")            # clearing greeted's answer
        await pilot.press("down", "x")               # not applicable on the next item
        await settle(pilot)
        refused = notifications(app)[before:]
        assert refused == ["The visit cannot be changed: it is submitted."] * 3
    assert db_answers(app) == {"greeted": "yes"}


async def test_an_approved_visit_says_who_can_change_it(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        filled = await start_visit(pilot)
        visit = await reopened_as(pilot, filled.visit_id, "approved")
        text = str(visit.query_one("#read-only", Static).render())
        assert text.startswith("Read-only: the visit is approved.")
        assert "Only a team lead can undo the decision" in text


async def test_a_draft_shows_no_read_only_line(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        assert not visit.query_one("#read-only", Static).display


async def test_a_minus_sign_in_a_number_is_refused_in_words_not_dropped(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await pilot.press("down")
        assert visit.current == "wait_minutes"
        await pilot.press("minus", "2")
        await pilot.pause()
        assert visit.query_one("#entry", Input).value == "-2"   # as typed, not "2"
        await pilot.press("enter")                   # refused: the visit stays on the item
        await pilot.pause()
        assert visit.current == "wait_minutes"
        assert "a negative number is not accepted" in str(
            visit.query_one("#entry-error", Static).render())
        await pilot.press("ctrl+u")                  # the box emptied; nothing was saved
        assert visit.query_one("#entry", Input).value == ""
        await pilot.press("4", "enter")
        await settle(pilot)
    assert db_answers(app) == {"wait_minutes": 4}


async def test_escape_on_a_text_item_keeps_the_words_and_gives_the_keys_back(
        tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await pilot.press("n")                       # greeted no: the follow-ups are hidden
        while visit.current != "remarks":
            await pilot.press("down")
        await pilot.press(*"u u")                    # letters that are commands elsewhere
        await pilot.press("escape")                  # leaves the box, and saves it
        await settle(pilot)
        assert db_answers(app)["remarks"] == "u u"
        assert isinstance(top(app), VisitScreen)     # still on the visit: Esc left the box only
        await pilot.press("u")                       # now a command: the next unanswered item
        await pilot.pause()
        assert visit.current != "remarks"


async def test_reopening_a_submitted_visit_is_asked_first(tmp_path: Path) -> None:
    """Reopening takes a submitted visit out of what is counted and out of the review
    queue: a lead looking at it pressed the button and lost it from the queue unasked."""
    from textual.widgets import Button

    from pilotkit.tui.screens.dialogs import ConfirmDialog

    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        filled = await start_visit(pilot)
        await pilot.press("y")
        await settle(pilot)
        await reopened_as(pilot, filled.visit_id, "submitted")
        await pilot.press("s")
        await pilot.pause()
        summary = top(app)
        assert isinstance(summary, SummaryScreen)
        summary.query_one("#reopen", Button).press()
        await pilot.pause()
        asked = top(app)
        assert isinstance(asked, ConfirmDialog)
        assert asked.title_text == "Reopen the visit to correct it?"
        await pilot.press("escape")                  # not now: nothing changed
        await pilot.pause()
        assert top(app) is summary
        assert stored_visit(app.client.store.path)[0] == "submitted"
        summary.query_one("#reopen", Button).press()
        await pilot.pause()
        await pilot.press("enter")                   # yes: a draft again
        await settle(pilot)
        assert top(app) is not summary
    assert stored_visit(app.client.store.path)[0] == "draft"
