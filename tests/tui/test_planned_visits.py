"""Issue 20: an evaluator's start screen lists their planned visits, next first, and starting
one fills the new-visit form from the plan."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

from textual.widgets import Input, OptionList, Select

from pilotkit.core.entities import Assignment
from pilotkit.tui.app import PilotkitApp, make_app
from pilotkit.tui.screens.new_visit import NewVisitScreen
from pilotkit.tui.screens.visit import VisitScreen
from pilotkit.tui.widgets.tick_box import TickBox
from tests.tui.conftest import build_app


def planned_app(tmp_path: Path, lang: str) -> tuple[PilotkitApp, list[Assignment]]:
    app = build_app(tmp_path, lang)
    store = app.client.store
    store.add_library("FI-Vihti", "Vihdin kirjasto")
    plan = [Assignment("E07", "FI-Vihti", "proxy-borrowing", "2017-05-09", "14-16"),
            Assignment("E07", "FI-Lohja", "proxy-borrowing", "2017-05-04", "10-12"),
            Assignment("E08", "FI-Lohja", "proxy-borrowing", "2017-05-05", "12-14"),
            Assignment("E07", "FI-Lohja", "proxy-borrowing", "2017-04-20", "10-12")]  # past
    store.save_plan("2017-baseline", "{}", plan)
    return make_app(app.settings, store, clock=lambda: datetime(2017, 5, 2, 9, 0)), plan


async def test_planned_visits_next_first_and_one_starts_the_form(tmp_path: Path) -> None:
    app, _ = planned_app(tmp_path, "fi")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        planned = app.screen.query_one("#planned", OptionList)
        lines = [str(planned.get_option_at_index(i).prompt)
                 for i in range(planned.option_count)]
        # no visit made here yet: everyone's upcoming visits, with their codes, next first
        assert lines == [
            "4.5.2017 10-12 · Lohjan kaupunginkirjasto · Puolesta asiointi · E07",
            "5.5.2017 12-14 · Lohjan kaupunginkirjasto · Puolesta asiointi · E08",
            "9.5.2017 14-16 · Vihdin kirjasto · Puolesta asiointi · E07"]
        planned.focus()
        await pilot.press("down", "down", "enter")           # the visit to Vihti
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NewVisitScreen)
        assert form.query_one("#library", Select).value == "FI-Vihti"
        assert form.query_one("#round", Select).value == "2017-baseline"
        assert form.query_one("#scenario", Select).value == "proxy-borrowing"
        assert form.query_one("#evaluator", Input).value == "E07"
        assert form.query_one("#visited-at", Input).value == "9.5.2017 klo 14.00"
        assert form.query_one("#no-tie", TickBox).has_focus   # the evaluator's own word
        await pilot.press("space", "ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, VisitScreen)
        await pilot.press("escape")
        await pilot.pause()
        # E07 has made a visit here now: only E07's upcoming visits, the one begun gone
        planned = app.screen.query_one("#planned", OptionList)
        assert [str(planned.get_option_at_index(i).prompt)
                for i in range(planned.option_count)] == [
            "4.5.2017 10-12 · Lohjan kaupunginkirjasto · Puolesta asiointi"]


def test_a_visit_made_on_another_day_than_planned_counts(tmp_path: Path) -> None:
    app, _ = planned_app(tmp_path, "en")
    store = app.client.store
    scenario = app.catalog.get("proxy-borrowing")
    assert scenario is not None
    # E07 went to Vihti on 8 May instead of the planned 9 May: that planned visit is done;
    # of the two to Lohja (20 April, 4 May) none is made, so 4 May is still ahead
    store.start_visit(scenario, "FI-Vihti", "2017-baseline", "E07", "2017-05-08T11:00")
    ahead = [a for _, a in store.planned_ahead("2017-05-02", "E07")]
    assert [(a.library, a.date) for a in ahead] == [("FI-Lohja", "2017-05-04")]
    # one visit to Lohja, on any day, stands for the earlier of the two planned there
    store.start_visit(scenario, "FI-Lohja", "2017-baseline", "E07", "2017-05-03T11:00")
    assert [(a.library, a.date) for _, a in store.planned_ahead("2017-05-02", "E07")] == [
        ("FI-Lohja", "2017-05-04")]
    store.start_visit(scenario, "FI-Lohja", "2017-baseline", "E07", "2017-05-05T11:00")
    assert store.planned_ahead("2017-05-02", "E07") == []


async def test_a_plan_that_arrives_while_the_app_is_open_is_listed(tmp_path: Path) -> None:
    """The planned list is made only when there is a plan (a list never shown cost the first
    paint): one merged in later appears when the start screen is shown again."""
    app = build_app(tmp_path, "en")
    app = make_app(app.settings, app.client.store, clock=lambda: datetime(2017, 5, 2, 9, 0))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert not app.screen.query("#planned")              # no plan: no list at all
        app.client.call(app.client.store.save_plan, "2017-baseline", "{}", [
            Assignment("E07", "FI-Lohja", "proxy-borrowing", "2017-05-04", "10-12")])
        await pilot.press("ctrl+n")                          # away and back
        await pilot.pause()
        await pilot.press("escape")
        await pilot.pause()
        planned = app.screen.query_one("#planned", OptionList)
        assert [str(planned.get_option_at_index(i).prompt)
                for i in range(planned.option_count)] == [
            "2017-05-04 10-12 · Lohjan kaupunginkirjasto · Borrowing on behalf of someone else"
            " · E07"]
        # under the drafts, as when the screen is made with a plan
        children = list(app.screen.query_one("#start").children)
        assert children.index(planned) == children.index(app.screen.query_one("#drafts")) + 2


async def test_tab_to_the_planned_visits_and_enter_starts_the_next(tmp_path: Path) -> None:
    """With drafts on the screen (they have the focus), Tab reaches the planned visits and
    Enter starts the next one: the list has its first row chosen from the start."""
    app, _ = planned_app(tmp_path, "en")
    scenario = app.catalog.get("proxy-borrowing")
    assert scenario is not None
    app.client.store.start_visit(scenario, "FI-Lohja", "2017-baseline", "E07",
                                 "2017-05-01T10:00")                     # a draft to resume
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#drafts", OptionList).has_focus
        await pilot.press("tab")
        await pilot.pause()
        assert app.screen.query_one("#planned", OptionList).has_focus
        await pilot.press("enter")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, NewVisitScreen)
        assert form.query_one("#visited-at", Input).value == "2017-05-04 10:00"
