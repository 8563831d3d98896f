"""The saved indicator tells the truth (issue 13): a write that failed is never shown as saved.

Another program holds the database's write lock (`BEGIN IMMEDIATE` on a
connection of its own) past a busy timeout shortened for the test, so the
answer's write fails as it would after 30 s in real use.
"""

from __future__ import annotations

import sqlite3
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widgets import Button, Input, OptionList, Static

from pilotkit.core import database as store_module
from pilotkit.core.messages import render
from pilotkit.tui.app import PilotkitApp
from pilotkit.tui.screens import visit as visit_module
from pilotkit.tui.screens.dialogs import LeaveDialog
from pilotkit.tui.screens.start import StartScreen
from pilotkit.tui.screens.summary import SummaryScreen
from pilotkit.tui.screens.visit import VisitScreen
from pilotkit.tui.widgets.principle_bars import PrincipleBars
from tests.tui.conftest import build_app
from tests.tui.test_flow import db_answers, settle, start_visit, write_note


class Lock:
    """Another program's write transaction on the database, held until released."""

    def __init__(self, path: Path) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None, check_same_thread=False)

    def hold(self) -> None:
        self.conn.execute("BEGIN IMMEDIATE")

    def release(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def close(self) -> None:
        self.release()
        self.conn.close()


@pytest.fixture(autouse=True)
def short_busy_timeout(monkeypatch: pytest.MonkeyPatch) -> None:
    # read when the store connects (build_app), so it must be set before the app is built
    monkeypatch.setattr(store_module, "BUSY_TIMEOUT_S", 0.2)
    # no automatic retry unless a test asks for one: each test says which retry it checks
    monkeypatch.setattr(visit_module, "RETRY_EVERY_S", 1000.0)


@pytest.fixture
def lock(app: PilotkitApp) -> Iterator[Lock]:
    held = Lock(app.client.store.path)
    yield held
    held.close()


def marks(visit: VisitScreen) -> dict[str, str]:
    """Each shown item's mark in the item list (✓ ✗ … – ! ·)."""
    items = visit.query_one("#items", OptionList)
    return {str(option.id): str(option.prompt)[0]
            for option in (items.get_option_at_index(i) for i in range(items.option_count))}


def text_of(visit: VisitScreen, selector: str) -> str:
    return str(visit.query_one(selector, Static).render())


def bars(visit: VisitScreen) -> dict[str, float | None]:
    return visit.query_one("#bars", PrincipleBars).scores


def top(app: PilotkitApp) -> Screen[Any]:
    """The screen on top (a function: mypy would keep an earlier narrowing of `app.screen`)."""
    return app.screen


def notifications(app: PilotkitApp) -> list[str]:
    return [n.message for n in app._notifications]


async def fail_greeted(pilot: Pilot[Any], lock: Lock) -> VisitScreen:
    """A visit whose first answer (greeted: yes) could not be written."""
    visit = await start_visit(pilot)
    await settle(pilot)
    lock.hold()
    await pilot.press("y")
    await settle(pilot)
    return visit


async def test_a_failed_write_is_not_ticked_not_counted_and_saved_by_a_retry(
        app: PilotkitApp, lock: Lock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await fail_greeted(pilot, lock)
        await pilot.press("down", "4", "enter")          # wait_minutes, still locked out
        await settle(pilot)
        assert marks(visit)["greeted"] == "✗"
        assert marks(visit)["wait_minutes"] == "✗"
        assert "0/6 answered" in text_of(visit, "#visit-status")
        assert bars(visit)["customer_orientation"] is None
        assert bars(visit)["responsiveness"] is None
        state = text_of(visit, "#save-state")
        assert "NOT saved" in state and "✓" not in state
        await pilot.press("up")                          # the item says why, where it is
        assert "locked" in text_of(visit, "#save-problem")
        assert db_answers(app) == {}

        lock.release()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert db_answers(app) == {"greeted": "yes", "wait_minutes": 4}
        assert marks(visit)["greeted"] == marks(visit)["wait_minutes"] == "✓"
        assert bars(visit)["customer_orientation"] == 100
        assert text_of(visit, "#save-state").startswith("✓ saved")
        assert not visit.query_one("#save-problem").display


async def test_the_next_answer_that_saves_brings_the_failed_one_with_it(
        app: PilotkitApp, lock: Lock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await fail_greeted(pilot, lock)
        lock.release()
        await pilot.press("down", "4", "enter")
        await settle(pilot)
        await settle(pilot)                              # the retry it set off
        assert db_answers(app) == {"greeted": "yes", "wait_minutes": 4}
        assert marks(visit)["greeted"] == "✓"
        assert text_of(visit, "#save-state").startswith("✓")


async def test_failed_writes_are_retried_every_few_seconds(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(visit_module, "RETRY_EVERY_S", 0.2)
    app = build_app(tmp_path)
    lock = Lock(app.client.store.path)
    try:
        async with app.run_test(size=(80, 24)) as pilot:
            visit = await fail_greeted(pilot, lock)
            assert marks(visit)["greeted"] == "✗"
            await pilot.pause(0.5)                       # retried meanwhile, still locked out
            await settle(pilot)
            assert marks(visit)["greeted"] == "✗"
            lock.release()
            for _ in range(50):
                await pilot.pause(0.1)
                if marks(visit)["greeted"] == "✓":
                    break
            assert marks(visit)["greeted"] == "✓"
            assert text_of(visit, "#save-state").startswith("✓")
        assert db_answers(app) == {"greeted": "yes"}
    finally:
        lock.close()


async def test_a_retry_writes_the_newest_answer_given(app: PilotkitApp, lock: Lock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await fail_greeted(pilot, lock)
        await pilot.press("n")                           # changed while still locked out
        await settle(pilot)
        assert marks(visit)["greeted"] == "✗"
        lock.release()
        await pilot.press("ctrl+r")
        await settle(pilot)
        assert db_answers(app) == {"greeted": "no"}
        assert marks(visit)["greeted"] == "✓"


async def test_an_answer_on_its_way_is_marked_apart_from_a_saved_one(
        app: PilotkitApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await settle(pilot)
        # the store's one thread is busy with something else: the answer waits its turn
        # (held by the app's own thread, not by SQLite's lock, so no scheduler decides it)
        gate = threading.Event()
        app.client.submit(gate.wait, 30.0)
        await pilot.press("y")
        await pilot.pause()
        assert marks(visit)["greeted"] == "…"            # on its way, not yet durable
        assert not text_of(visit, "#save-state").startswith("✓")
        assert db_answers(app) == {}
        gate.set()
        await settle(pilot)
        assert marks(visit)["greeted"] == "✓"


async def test_a_twenty_digit_number_is_refused_in_the_users_language(tmp_path: Path) -> None:
    app = build_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await pilot.press("down")
        assert visit.current == "wait_minutes"
        await pilot.press(*"12345678901234567890", "enter")
        await settle(pilot)
        assert visit.current == "wait_minutes"           # kept on the item, with the reason
        assert text_of(visit, "#entry-error") == render(
            "int_too_large", "fi", value="12345678901234567890")
        assert marks(visit)["wait_minutes"] == "·"
        assert text_of(visit, "#save-state").startswith("✓")
        assert db_answers(app) == {}


async def test_leaving_with_an_unsaved_answer_asks_and_staying_keeps_the_screen(
        app: PilotkitApp, lock: Lock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await fail_greeted(pilot, lock)
        await pilot.press("escape")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LeaveDialog)
        assert str(dialog.query_one("#leave-title", Static).render()) == "1 answer is not saved."
        await pilot.press("enter")                       # the focused choice: stay and retry
        await pilot.pause()
        assert app.screen is visit
        await settle(pilot)
        assert marks(visit)["greeted"] == "✗"            # retried, still locked out
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, LeaveDialog)
        await pilot.click("#leave")                      # leave anyway
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)
    assert db_answers(app) == {}


async def test_quitting_with_an_unsaved_answer_asks_first(app: PilotkitApp, lock: Lock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await fail_greeted(pilot, lock)
        await pilot.press("ctrl+q")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, LeaveDialog)
        assert str(dialog.query_one("#leave", Button).label) == "Quit anyway"
        await pilot.press("escape")                      # stay
        await pilot.pause()
        assert app.screen is visit and app.return_code is None
        lock.release()
        await pilot.press("ctrl+r")
        await settle(pilot)
        await pilot.press("ctrl+q")                      # all saved: quits without asking
        await pilot.pause()
        assert app.return_code == 0
    assert db_answers(app) == {"greeted": "yes"}


async def test_a_write_in_flight_at_quit_is_waited_for(app: PilotkitApp, lock: Lock) -> None:
    """The lock is let go while the quit waits: no question, the answer lands, the app ends."""
    async with app.run_test(size=(80, 24)) as pilot:
        await start_visit(pilot)
        await settle(pilot)
        conn = app.client.store.conn
        assert app.client.call(lambda: conn.execute("PRAGMA busy_timeout").fetchone()) == (200,)
        # this once, the write outlasts the lock: it waits up to 5 s (the store sets the
        # connection's busy timeout from this for each write)
        app.client.store.busy_timeout = 5.0
        lock.hold()
        await pilot.press("y")
        await pilot.press("ctrl+q")
        await pilot.pause(0.2)
        assert app.return_code is None and not isinstance(app.screen, LeaveDialog)
        lock.release()
        for _ in range(50):
            await pilot.pause(0.1)
            if app.return_code is not None:
                break
        assert app.return_code == 0
    assert db_answers(app) == {"greeted": "yes"}


@pytest.mark.parametrize(("flagged", "kind", "clean"), [
    ("soita 040 123 4567", "pii_phone", "klo 10.15"),               # a time is no phone
    ("Virkailija Mattila neuvoi", "pii_name", "Lohjalla jonoa ei ollut"),  # the town is no person
])
async def test_a_note_with_personal_data_is_warned_about_and_kept_as_written(
        tmp_path: Path, flagged: str, kind: str, clean: str) -> None:
    app = build_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await write_note(pilot, flagged)
        warning = render("pii_warning", "fi", field=render("field_note", "fi"),
                         kinds=render(kind, "fi"))
        assert warning in notifications(app)
        assert text_of(visit, "#privacy") == warning  # under the item, where it was typed
        await pilot.press("down")                        # the next item, a note that is clean
        await write_note(pilot, clean)
        assert notifications(app).count(warning) == 1
        assert not visit.query_one("#privacy").display
    conn = sqlite3.connect(app.client.store.path)
    try:
        assert dict(conn.execute("SELECT item_id, note FROM answers")) == {
            "greeted": flagged, "wait_minutes": clean}
    finally:
        conn.close()


async def test_a_text_answer_and_the_comment_are_warned_about(app: PilotkitApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await pilot.press("n", "down", "x", "down", "x", "down", "x", "down")
        assert visit.current == "remarks"
        visit.query_one("#entry", Input).value = "asked for maija@example.fi"
        await pilot.press("enter")
        await settle(pilot)
        assert "The answer seems to hold personal data (an e-mail address)" in text_of(
            visit, "#privacy")
        await pilot.press("s")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        assert not summary.query_one("#comment-warning").display
        comment = summary.query_one("#comment", Input)
        comment.focus()
        comment.value = "a customer read out 131052-308T at the desk"
        await pilot.press("enter")
        await settle(pilot)
        line = summary.query_one("#comment-warning", Static)
        assert line.display
        assert "The comment seems to hold personal data (a personal identity code)" in str(
            line.render())
        await pilot.press("escape")
        await settle(pilot)
    conn = sqlite3.connect(app.client.store.path)
    try:
        assert conn.execute("SELECT comment FROM visits").fetchone() == (
            "a customer read out 131052-308T at the desk",)
    finally:
        conn.close()
    assert db_answers(app)["remarks"] == "asked for maija@example.fi"


async def test_a_visit_with_an_unsaved_answer_is_not_submitted(
        app: PilotkitApp, lock: Lock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await fail_greeted(pilot, lock)
        await pilot.press("s")
        await pilot.pause()
        summary = app.screen
        assert isinstance(summary, SummaryScreen)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "Not everything is saved" in str(summary.query_one("#summary-error").render())
        await pilot.press("escape")                      # still there to leave: not submitted
        await pilot.pause()
        assert top(app) is visit
    conn = sqlite3.connect(app.client.store.path)
    try:
        assert conn.execute("SELECT status FROM visits").fetchone() == ("draft",)
    finally:
        conn.close()


async def test_a_submitted_visit_shows_no_answer_it_cannot_save(tmp_path: Path) -> None:
    """Keys on a submitted visit used to change the answer on screen, never to be written."""
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await start_visit(pilot)
        await pilot.press("y")
        await settle(pilot)
        filled = top(app)
        assert isinstance(filled, VisitScreen)
        visit_id = filled.visit_id
        conn = sqlite3.connect(app.client.store.path)
        with conn:                                       # submitted elsewhere (the CLI)
            conn.execute("UPDATE visits SET status = 'submitted'")
        conn.close()
        await pilot.press("escape")
        await pilot.pause()
        app.push_screen(VisitScreen(visit_id))           # opened again, as a lead's review does
        await pilot.pause()
        visit = top(app)
        assert isinstance(visit, VisitScreen)
        await pilot.press("up", "n")
        await settle(pilot)
        assert visit.current == "greeted"
        assert visit.answers["greeted"] == "yes"
        assert "The visit cannot be changed: it is submitted." in notifications(app)
        assert text_of(visit, "#save-state").startswith("✓")
    assert db_answers(app) == {"greeted": "yes"}


async def test_the_scenarios_arriving_under_a_visit_do_not_wait_for_the_store(
        app: PilotkitApp) -> None:
    # The background scenario load ends whenever it ends; if it then asked the store for the
    # start screen's drafts while a visit is on top, the keyboard would freeze behind a busy
    # store thread (and an answer on its way would look saved once the thread was free).
    async with app.run_test(size=(80, 24)) as pilot:
        await start_visit(pilot)
        await settle(pilot)
        gate = threading.Event()
        busy = app.client.submit(gate.wait, 5.0)
        try:
            app._catalog_ready()
            assert not busy.done()               # returned without queueing behind the store
        finally:
            gate.set()
        await settle(pilot)
