"""Issue 20: the new-visit form asks for the evaluator's declaration, and a round with no
record of staff being told shows a notice that must be acknowledged before the visit."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import Input, Select, Static

from pilotkit.core.visit_service import VisitService
from pilotkit.tui.app import PilotkitApp
from pilotkit.tui.screens.dialogs import ConfirmDialog, FormDialog
from pilotkit.tui.screens.new_visit import NewVisitScreen
from pilotkit.tui.screens.visit import VisitScreen
from pilotkit.tui.widgets.tick_box import TickBox
from tests.tui.conftest import build_app
from tests.tui.test_flow import current_screen, open_form


def declarations(app: PilotkitApp) -> list[tuple[str, int | None]]:
    conn = sqlite3.connect(app.client.store.path)
    try:
        return list(conn.execute("SELECT round_id, no_tie FROM visits"))
    finally:
        conn.close()


def fill(form: NewVisitScreen, round_id: str = "2017-baseline") -> None:
    form.query_one("#library", Select).value = "FI-Lohja"
    form.query_one("#round", Select).value = round_id
    form.query_one("#scenario", Select).value = "proxy-borrowing"
    form.query_one("#evaluator", Input).value = "E07"


async def test_no_visit_without_the_declaration_ticked_with_the_keyboard(
        tmp_path: Path) -> None:
    app = build_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        fill(form)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert str(form.query_one("#form-error", Static).render()).startswith(
            "Vahvista, ettei sinulla ole henkilökohtaista sidettä")
        box = form.query_one("#no-tie", TickBox)
        assert box.has_focus                          # where the problem is: space ticks it
        await pilot.press("space")
        await pilot.pause()
        assert box.value and str(form.query_one("#form-error", Static).render()) == ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)     # staff were told of 2017-baseline
    assert declarations(app) == [("2017-baseline", 1)]


async def test_a_round_staff_were_not_told_of_asks_the_evaluator_first(
        tmp_path: Path) -> None:
    with VisitService.open(tmp_path / "tui.db", ()) as other:  # build_app's database
        other.add_round("2017-autumn", label="Autumn 2017")  # no --staff-informed
    app = build_app(tmp_path, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        await pilot.pause()
        info = form.query_one("#round-info", Static)
        assert str(info.render()) == "Staff told on 2017-04-03"      # the fixture's round
        fill(form, "2017-autumn")
        await pilot.pause()
        assert str(info.render()) == "⚠ No record of when staff were told of this round"
        form.query_one("#no-tie", TickBox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        notice = app.screen
        assert isinstance(notice, ConfirmDialog)
        # the round by its label; the evaluator asks the lead, who records it
        assert notice.title_text == "Round Autumn 2017 has no record of when staff were told"
        assert str(notice.query_one("#dialog-subject", Static).render()).endswith(
            "Check with your team lead before the visit.")
        await pilot.press("escape")                  # back to the form: nothing started
        await pilot.pause()
        assert app.screen is form and declarations(app) == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("enter")                   # "I understand, go on"
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
    assert declarations(app) == [("2017-autumn", 1)]


async def test_a_lead_records_the_day_staff_were_told_and_goes_on(tmp_path: Path) -> None:
    with VisitService.open(tmp_path / "tui.db", ()) as other:  # build_app's database
        other.add_round("2017-autumn", label="Autumn 2017")  # no --staff-informed
        other.set_role("lead")
    app = build_app(tmp_path, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        fill(form, "2017-autumn")
        form.query_one("#no-tie", TickBox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)        # the lead records it, here
        assert dialog.title_text == "Round Autumn 2017 has no record of when staff were told"
        assert str(dialog.query_one("#dialog-subject", Static).render()).endswith(
            "Record here the day staff were told.")
        await pilot.press("enter")                   # no day: not a way past the notice
        await pilot.pause()
        assert app.screen is dialog
        assert str(dialog.query_one("#dialog-error", Static).render()) == (
            "Fill in: Staff told on (day)")
        await pilot.press("escape")                  # back to the form: nothing started
        await pilot.pause()
        assert current_screen(pilot) is form and declarations(app) == []
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(current_screen(pilot), FormDialog)
        await pilot.press(*"2017-09-05", "enter")    # the first field: the day
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
    assert declarations(app) == [("2017-autumn", 1)]
    conn = sqlite3.connect(tmp_path / "tui.db")
    try:
        assert conn.execute("SELECT informed_on FROM rounds WHERE id = '2017-autumn'"
                            ).fetchone() == ("2017-09-05",)
    finally:
        conn.close()


async def test_an_evaluator_is_kept_from_a_library_they_declared_a_conflict_with(
        tmp_path: Path) -> None:
    app = build_app(tmp_path, "en")
    app.client.store.add_conflicts("E07", ["FI-Lohja"])
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        fill(form)
        form.query_one("#no-tie", TickBox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is form
        assert str(form.query_one("#form-error", Static).render()) == (
            "E07 has declared a conflict with this library: another evaluator makes this visit.")
    assert declarations(app) == []


async def test_a_notes_long_question_is_shown_whole(tmp_path: Path) -> None:
    # found by a new user: the note dialog cut its title (the item's question) at its edge
    from tests.tui.screen_text import screen_text

    title = ("Muistiinpano: Pääsitkö sisään lastenvaunujen kanssa vai jouduitko "
             "pyytämään apua ovella?")
    app = build_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(FormDialog(title, [("note", "Muistiinpano", "")], lambda _: None))
        await pilot.pause()
        # the dialog's lines, between its borders, read as one text
        inside = [line.split("█")[1] for line in screen_text(app).splitlines()
                  if line.count("█") >= 2]
        assert title in " ".join(" ".join(inside).split())
