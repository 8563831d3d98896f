"""Issue 20: a team lead sees a round's planned visits against those begun and submitted."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Static

from pilotkit.core.entities import Assignment
from pilotkit.tui.screens.plan_progress import PlanProgressScreen
from pilotkit.tui.screens.start import StartScreen
from tests.tui.conftest import build_app


async def test_planned_begun_and_submitted_by_library_and_by_evaluator(tmp_path: Path) -> None:
    app = build_app(tmp_path, "fi")
    store = app.client.store
    store.set_role("lead")
    app.role = "lead"
    store.add_library("FI-Vihti", "Vihdin kirjasto")
    store.save_plan("2017-baseline", "{}", [
        Assignment("E07", "FI-Lohja", "proxy-borrowing", "2017-05-04", "10-12"),
        Assignment("E08", "FI-Lohja", "proxy-borrowing", "2017-05-05", "10-12"),
        Assignment("E07", "FI-Vihti", "proxy-borrowing", "2017-05-09", "14-16")])
    scenario = app.catalog.get("proxy-borrowing")
    assert scenario is not None
    begun = store.start_visit(scenario, "FI-Lohja", "2017-baseline", "E07", "2017-05-04T10:00")
    done = store.start_visit(scenario, "FI-Lohja", "2017-baseline", "E08", "2017-05-05T10:00")
    for item, value in (("greeted", "no"), ("outcome", "answered"), ("needs_clarified", 3)):
        store.set_answer(done, item, value)
    store.set_status(done, "submitted")
    del begun
    async with app.run_test(size=(80, 24)) as pilot:
        assert isinstance(app.screen, StartScreen)
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlanProgressScreen)

        def rows() -> list[list[str]]:
            table = screen.query_one("#progress", DataTable)
            return [[str(c) for c in table.get_row_at(i)] for i in range(table.row_count)]

        # worked out from the plan and the two visits above
        assert rows() == [["Lohjan kaupunginkirjasto", "2", "1", "1"],
                          ["Vihdin kirjasto", "1", "0", "0"]]
        assert str(screen.query_one("#progress-ethics", Static).render()) == (
            "Henkilöstölle kerrottu 3.4.2017")
        await pilot.press("v")
        await pilot.pause()
        assert rows() == [["E07", "2", "1", "0"], ["E08", "1", "0", "1"]]
