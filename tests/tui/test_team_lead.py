"""A team lead's keys: the matrix, the change view, drill-down to items, review, export, merge."""

from __future__ import annotations

import csv
import sqlite3
from pathlib import Path

from textual.widgets import DataTable, Input, OptionList, Select, Static

from pilotkit.core.visit_service import VisitService
from pilotkit.tui.app import PilotkitApp, make_app
from pilotkit.tui.compare_layout import interval_bar
from pilotkit.tui.screens.cell import CellScreen
from pilotkit.tui.screens.compare import CompareScreen
from pilotkit.tui.screens.profile import ProfileScreen
from pilotkit.tui.screens.review import ReviewScreen
from pilotkit.tui.screens.visit_view import VisitViewScreen
from tests.tui.conftest import build_settings
from tests.tui.test_flow import current_screen


def lead_app(tmp_path: Path) -> PilotkitApp:
    settings = build_settings(tmp_path)
    store = VisitService.open(Path(settings.db_option or ""), settings.catalog().framework.ids)
    scenario = settings.catalog().get("proxy-borrowing")
    assert scenario is not None
    store.add_library("FI-Lohja", "Lohja")
    store.add_round("r1", start="2017-01-01")
    store.add_round("r2", start="2018-01-01")
    store.set_role("lead")  # only a team lead's database reviews (issue #15)
    for round_id, outcomes in (("r1", ["none", "none", "none"]),
                               ("r2", ["answered", "answered", "answered"])):
        for outcome in outcomes:
            visit = store.start_visit(scenario, "FI-Lohja", round_id, "E1", "2017-05-02T10:00")
            store.set_answer(visit, "greeted", "no")
            store.set_answer(visit, "outcome", outcome)
            store.set_status(visit, "submitted")
    return make_app(settings, store)


async def test_matrix_change_and_drill_down(tmp_path: Path) -> None:
    app = lead_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CompareScreen)
        table = screen.query_one("#matrix", DataTable)
        # issue #16 changed the layout: the level view shows one round at a time (the
        # latest first; ] and [ change it), so FI-Lohja is one row, not one per round
        assert table.row_count == 1 and screen.level_round == "r2"
        await pilot.press("right_square_bracket")
        assert table.row_count == 1 and screen.level_round == "r1"
        # reliability r1: three times "none" (0) → 0.0; r2: three times "answered" → 100.0
        assert screen.cells[("FI-Lohja", "r1", "reliability")].mean == 0.0
        await pilot.press("f")                           # filters: in-person visits only
        await pilot.pause()
        app.screen.query_one("#filter-channel", Select).value = "in_person"
        await pilot.click("#apply")
        await pilot.pause()
        # issue #16: the channel is shown in words, not as its id in_person
        assert "in person" in str(screen.query_one("#compare-filters", Static).render())
        assert table.row_count == 1                      # every visit was in person
        screen.choice["channel"] = "phone"               # none by phone: nothing counts
        screen.reload()
        assert table.row_count == 0
        screen.choice["channel"] = None
        screen.reload()
        await pilot.press("d")
        await pilot.pause()
        change = screen.changes[("FI-Lohja", "reliability")]
        assert change.delta == 100.0
        assert (change.ci_low, change.ci_high, change.clear) == (100.0, 100.0, True)
        assert table.row_count == 1
        # move to the reliability column and open the cell
        column = list(table.columns).index(next(k for k in table.columns
                                                if k.value == "reliability"))
        table.move_cursor(row=0, column=column)
        await pilot.press("enter")
        await pilot.pause()
        cell = app.screen
        assert isinstance(cell, CellScreen)
        # issue #16: one table of visits per round, each visit with its score in view
        assert [t.row_count for t in cell.query(".cell-visits").results(DataTable)] == [3, 3]
        items = cell.query_one("#cell-items", DataTable)
        assert items.row_count == 1                      # the outcome item moved
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("p")                           # the library's profile by round
        await pilot.pause()
        profile = app.screen
        assert isinstance(profile, ProfileScreen)
        chart = str(profile.query_one("#profile-chart", Static).render())
        assert "r1" in chart and "  0.0  n=3" in chart and "100.0  n=3" in chart
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        out = tmp_path / "change.csv"
        out.write_text("a lead's own notes", encoding="utf-8")
        dialog = app.screen
        dialog.query_one("#field-path", Input).value = str(out)
        await pilot.press("enter")                       # a file there: not replaced unasked
        await pilot.pause()
        assert current_screen(pilot) is dialog
        assert str(dialog.query_one("#dialog-error", Static).render()) == (
            f"{out} already exists: Enter again replaces it.")
        assert out.read_text(encoding="utf-8") == "a lead's own notes"
        await pilot.press("enter")                       # asked for: replaced
        await pilot.pause()
        assert current_screen(pilot) is screen
    rows = list(csv.DictReader(out.read_text(encoding="utf-8-sig").splitlines(), delimiter=";"))
    # for a person's spreadsheet, as `export scores --excel`: names beside ids, words
    reliability = next(r for r in rows if r["principle"] == "reliability")
    assert (reliability["library (ISIL)"], reliability["library name"]) == ("FI-Lohja", "Lohja")
    assert reliability["principle name"] == "Reliability"
    assert (reliability["n, first round"], reliability["n, second round"]) == ("3", "3")
    assert reliability["change"] == "100" and reliability["clear change"] == "yes"
    assert reliability["different scenarios in the rounds"] == "no"


async def test_review_queue(tmp_path: Path) -> None:
    app = lead_app(tmp_path)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.query_one("#queue", OptionList).option_count == 6
        await pilot.press("a")                           # approve the first: asked, confirmed
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("r")                           # reject the next, with a reason
        await pilot.pause()
        app.screen.query_one("#field-reason", Input).value = "visited the wrong branch"
        await pilot.press("enter")
        await pilot.pause()
        assert screen.query_one("#queue", OptionList).option_count == 4
        await pilot.press("enter")                       # a visit opens to read, not to edit
        await pilot.pause()
        assert isinstance(app.screen, VisitViewScreen)
        await pilot.press("escape")
        await pilot.pause()
        assert current_screen(pilot) is screen
    conn = sqlite3.connect(app.client.store.path)
    statuses = dict(conn.execute("SELECT status, count(*) FROM visits GROUP BY status"))
    reason = conn.execute("SELECT status_reason FROM visits WHERE status = 'rejected'").fetchone()
    conn.close()
    assert statuses == {"approved": 1, "rejected": 1, "submitted": 4}
    assert reason == ("visited the wrong branch",)


def test_interval_bar() -> None:
    # −50..+50 over 21 cells, 5 points a cell: −5 → cell 9, +5 → 11, +15 → 13; zero at 10
    assert interval_bar(-5.0, 15.0, 5.0) == "         ├─●─┤       "
    assert interval_bar(None, None, -50.0) == "●         │          "
