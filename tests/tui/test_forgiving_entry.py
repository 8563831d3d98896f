"""Entry that forgives, and problems that are shown (issue 17, items 4 and 5): Finnish dates in
the new-visit form, the last evaluator code offered, no stale problem, and broken scenario
files announced on the start screen."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from textual.widgets import Checkbox, Input, Select, Static

from pilotkit.core.visit_service import VisitService
from pilotkit.tui.app import make_app
from pilotkit.tui.screens.new_visit import NewVisitScreen
from pilotkit.tui.screens.scenario_problems import ScenarioProblemsScreen
from pilotkit.tui.screens.start import StartScreen
from pilotkit.tui.screens.visit import VisitScreen
from tests.tui.conftest import build_app, build_settings
from tests.tui.test_flow import open_form, settle, start_visit
from tests.tui.test_saved_indicator import top


def visit_rows(db: Path) -> list[tuple[str, str]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute("SELECT evaluator, visited_at FROM visits ORDER BY created").fetchall()
    finally:
        conn.close()


def problem(form: NewVisitScreen) -> str:
    return str(form.query_one("#form-error", Static).render())


async def test_a_finnish_time_is_taken_and_a_bad_one_is_quoted_as_typed(tmp_path: Path) -> None:
    app = build_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form.query_one("#library", Select).value = "FI-Lohja"
        form.query_one("#scenario", Select).value = "proxy-borrowing"
        form.query_one("#evaluator", Input).value = "E07"
        form.query_one("#visited-at", Input).value = "31.11.2026 klo 10.15"
        form.query_one("#no-tie", Checkbox).value = True
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert problem(form).startswith("'31.11.2026 klo 10.15' ei ole päivämäärä ja kellonaika")
        form.query_one("#visited-at", Input).value = "3.12.2026 klo 10.15"
        await pilot.pause()
        assert problem(form) == ""                   # the problem it named is gone
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(top(app), VisitScreen)
    assert visit_rows(app.client.store.path) == [("E07", "2026-12-03T10:15:00")]


async def test_a_missing_field_is_named_until_it_is_filled(tmp_path: Path) -> None:
    app = build_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        form.query_one("#library", Select).value = "FI-Lohja"
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert problem(form) == "Täytä: Skenaario"
        form.query_one("#scenario", Select).value = "proxy-borrowing"
        await pilot.pause()
        assert problem(form) == ""


async def test_the_last_evaluator_code_is_offered_for_the_next_visit(tmp_path: Path) -> None:
    app = build_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        form = await open_form(pilot)
        assert form.query_one("#evaluator", Input).value == ""   # nothing to remember yet
        await pilot.press("escape")
        await pilot.pause()
        await start_visit(pilot)                     # as E07
        await pilot.press("escape")
        await settle(pilot)
        form = await open_form(pilot)
        assert form.query_one("#evaluator", Input).value == "E07"


async def test_a_broken_scenario_and_a_missing_folder_are_announced(tmp_path: Path) -> None:
    settings = build_settings(tmp_path, "fi")
    broken = tmp_path / "scenarios" / "typo.yaml"
    good = (tmp_path / "scenarios" / "proxy.yaml").read_text(encoding="utf-8")
    # a misspelt key, on the line of the first `required:`
    broken.write_text(good.replace("id: proxy-borrowing", "id: typo", 1)
                      .replace("required:", "requird:", 1), encoding="utf-8")
    line = next(n for n, text in enumerate(good.splitlines(), 1) if "required:" in text)
    missing = tmp_path / "no-such-folder"
    settings.scenario_dirs.append(missing)
    store = VisitService.open(tmp_path / "tui.db", settings.catalog().framework.ids)
    app = make_app(settings, store)
    async with app.run_test(size=(80, 24)) as pilot:
        start = top(app)
        assert isinstance(start, StartScreen)
        await pilot.pause(0.5)                       # the background load has told the screen
        said = str(start.query_one("#scenario-problems", Static).render())
        assert f"Skenaariokansiota {missing} ei ole." in said
        assert "Skenaariotiedostoja, joissa on virheitä: 1." in said and "(p: lue virheet)" in said
        await pilot.press("p")
        await pilot.pause()
        shown = top(app)
        assert isinstance(shown, ScenarioProblemsScreen)
        lines = str(shown.query_one("#scenario-problem-lines", Static).render()).splitlines()
        assert lines[0].startswith(f"{missing}: kansiota ei ole")
        assert lines[1].startswith(f"{broken}:{line}: ")
        await pilot.press("escape")
        await pilot.pause()
        assert top(app) is start


async def test_esc_on_a_number_that_cannot_be_saved_goes_back_to_the_saved_one(
        tmp_path: Path) -> None:
    """Found by a new user: after a refused number, Esc and the arrows did nothing and only
    ctrl+u (in no help) got out. The arrows still refuse; Esc restores what is saved."""
    app = build_app(tmp_path, "en")
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        visit.go_to(next(i for i in visit.shown if i.id == "wait_minutes"))
        await pilot.press("5", "enter")              # saved, and on to the next item
        await pilot.pause()
        visit.go_to(next(i for i in visit.shown if i.id == "wait_minutes"))
        await pilot.press("minus", "3", "enter")
        await pilot.pause()
        entry = visit.query_one("#entry", Input)
        assert visit.current == "wait_minutes" and entry.value == "-3"
        assert str(visit.query_one("#entry-error", Static).render()).endswith(
            "(Esc: back to what is saved).")
        await pilot.press("down")                    # not past a number that is not saved
        await pilot.pause()
        assert visit.current == "wait_minutes"
        await pilot.press("escape")
        await pilot.pause()
        assert top(app) is visit and entry.value == "5"
        assert str(list(app._notifications)[-1].message) == (
            "Not saved: -3. The item keeps the answer that was saved.")
        await pilot.press("escape")                  # now Esc leaves, as it says
        await pilot.pause()
        assert isinstance(top(app), StartScreen)
    conn = sqlite3.connect(tmp_path / "tui.db")
    try:
        assert conn.execute("SELECT value FROM answers WHERE item_id = 'wait_minutes'"
                            ).fetchall() == [(5,)]
    finally:
        conn.close()


async def test_esc_on_a_filled_in_form_says_it_is_lost_before_leaving(tmp_path: Path) -> None:
    app = build_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24)) as pilot:
        await open_form(pilot)
        await pilot.press("escape")                  # as it opened: leaves at once
        await pilot.pause()
        assert isinstance(top(app), StartScreen)
        form = await open_form(pilot)
        form.query_one("#scenario", Select).value = "proxy-borrowing"
        await pilot.press("escape")
        await pilot.pause()
        assert top(app) is form
        assert problem(form).startswith("Käyntiä ei ole aloitettu eikä lomaketta tallennettu")
        await pilot.press("escape")                  # asked, and meant
        await pilot.pause()
        assert isinstance(top(app), StartScreen)
