"""Issue 20: a team lead sees a round's planned visits against those begun and submitted."""

from __future__ import annotations

from pathlib import Path

from textual.widgets import DataTable, Input, Static

from pilotkit.core.entities import Assignment
from pilotkit.tui.screens.dialogs import FormDialog
from pilotkit.tui.screens.plan_progress import PlanProgressScreen
from pilotkit.tui.screens.start import StartScreen
from tests.tui.conftest import build_app
from tests.tui.screen_text import screen_lines, screen_text


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


async def test_the_lead_records_and_clears_what_staff_were_told_from_the_plan(
        tmp_path: Path) -> None:
    app = build_app(tmp_path, "fi")
    store = app.client.store
    store.set_role("lead")
    app.role = "lead"
    store.save_plan("2017-baseline", "{}", [
        Assignment("E07", "FI-Lohja", "proxy-borrowing", "2017-05-04", "10-12")])
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PlanProgressScreen)
        ethics = screen.query_one("#progress-ethics", Static)
        # every key of the screen, and Back, fit its footer at 80 columns in Finnish
        footer = screen_lines(app)[-1]
        assert all(key in footer for key in ("v Kirjastot/arvioijat", "n Seuraava kierros",
                                             "t Tiedot", "esc Takaisin"))
        await pilot.press("t")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, FormDialog)
        field = dialog.query_one("#field-staff_informed", Input)
        assert field.value == "3.4.2017"             # as recorded, in the reader's form
        field.value = "4.4.2017"
        dialog.query_one("#field-purpose", Input).value = "Aulaemännän vaikutus"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert str(ethics.render()) == (
            "Henkilöstölle kerrottu 4.4.2017 · Tarkoitus: Aulaemännän vaikutus")
        await pilot.press("t")
        await pilot.pause()
        app.screen.query_one("#field-staff_informed", Input).value = ""   # cleared
        await pilot.press("enter")
        await pilot.pause()
        assert str(ethics.render()) == (
            "⚠ Ei kirjattu, milloin henkilöstölle kerrottiin (t: kirjaa)"
            " · Tarkoitus: Aulaemännän vaikutus")
        baseline = app.client.call(store.round, "2017-baseline")
    assert (baseline.staff_informed, baseline.purpose) == (None, "Aulaemännän vaikutus")



async def test_help_on_the_plan_explains_its_keys_not_the_evaluators(tmp_path: Path) -> None:
    app = build_app(tmp_path, "en")
    app.client.store.set_role("lead")
    app.role = "lead"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("?")
        await pilot.pause()
        shown = " ".join(screen_text(app).split())
        assert "Progress against the plan" in shown
        assert "t: record or correct when staff were told" in shown
        assert "Keys during a visit" not in shown


async def test_the_plans_keys_say_why_they_change_nothing(tmp_path: Path) -> None:
    app = build_app(tmp_path, "en")
    store = app.client.store
    store.set_role("lead")
    app.role = "lead"
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("s")
        await pilot.pause()

        def said() -> str:
            return str(list(app._notifications)[-1].message)

        for key in ("v", "n", "t"):                  # no plan at all
            await pilot.press(key)
            await pilot.pause()
            assert said() == "No round has a plan (pilotkit plan make).", key
        await pilot.press("escape")
        app.client.call(store.save_plan, "2017-baseline", "{}", [
            Assignment("E07", "FI-Lohja", "proxy-borrowing", "2017-05-04", "10-12")])
        await pilot.press("s")
        await pilot.pause()
        await pilot.press("n")                       # one plan: no next round to go to
        await pilot.pause()
        assert said() == "Only round Baseline 2017 has a plan."
