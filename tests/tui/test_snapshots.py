"""Each screen at 80×24, in Finnish and in English, compared with its stored SVG."""

from __future__ import annotations

import time
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot

from pilotkit.core import store as store_module
from pilotkit.core import visit_service as service_module
from pilotkit.core.visit_service import VisitService
from pilotkit.tui.app import PilotkitApp, make_app
from tests.tui.conftest import build_settings

FIXED = datetime(2017, 5, 2, 14, 45, 0)
LANGS = ["en", "fi"]


@pytest.fixture(autouse=True)
def steady(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    for module in (store_module, service_module):
        monkeypatch.setattr(module, "now", lambda: "2017-05-02T12:40:00.000000+00:00")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def snapshot_app(tmp_path: Path, lang: str, with_draft: bool = True,
                 role: str = "evaluator") -> PilotkitApp:
    settings = build_settings(tmp_path, lang)
    store = VisitService.open(Path(settings.db_option or ""), settings.catalog().framework.ids)
    if role == "lead":
        store.set_role("lead")
    store.add_library("FI-Lohja", "Lohjan kaupunginkirjasto")
    store.add_round("2017-baseline", label="Baseline 2017")
    if with_draft:
        scenario = settings.catalog().get("proxy-borrowing")
        assert scenario is not None
        visit = store.start_visit(scenario, "FI-Lohja", "2017-baseline", "E07",
                                  "2017-05-02T14:30:00")
        store.set_answer(visit, "greeted", "yes")
        store.set_answer(visit, "wait_minutes", 3.5)
    return make_app(settings, store, clock=lambda: FIXED)


async def open_draft(pilot: Pilot[Any]) -> None:
    await pilot.press("enter")
    await pilot.pause()


@pytest.mark.parametrize("lang", LANGS)
def test_start_screen(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    assert snap_compare(snapshot_app(tmp_path, lang), terminal_size=(80, 24))


@pytest.mark.parametrize("lang", LANGS)
def test_new_visit_screen(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    async def to_form(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("tab", "tab", "enter", "down", "enter")  # the scenario: persona, script
        await pilot.pause()

    assert snap_compare(snapshot_app(tmp_path, lang), terminal_size=(80, 24), run_before=to_form)


@pytest.mark.parametrize("lang", LANGS)
def test_visit_screen(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    assert snap_compare(snapshot_app(tmp_path, lang), terminal_size=(80, 24),
                        run_before=open_draft)


@pytest.mark.parametrize("lang", LANGS)
def test_summary_screen(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    async def to_summary(pilot: Pilot[Any]) -> None:
        await open_draft(pilot)
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(snapshot_app(tmp_path, lang), terminal_size=(80, 24),
                        run_before=to_summary)


@pytest.mark.parametrize("lang", LANGS)
def test_help_screen(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    async def to_help(pilot: Pilot[Any]) -> None:
        await pilot.press("f1")
        await pilot.pause()

    assert snap_compare(snapshot_app(tmp_path, lang, with_draft=False), terminal_size=(80, 24),
                        run_before=to_help)


def compare_app(tmp_path: Path, lang: str) -> PilotkitApp:
    """The demo's six fictional libraries and two rounds: what a lead trying pilotkit sees."""
    from pilotkit.core.demo import make_demo
    from pilotkit.paths import bundled_scenarios_dir
    from pilotkit.settings import Settings

    settings = Settings(str(tmp_path / "demo.db"), [bundled_scenarios_dir()], lang)  # type: ignore[arg-type]
    store = VisitService.open(tmp_path / "demo.db", settings.catalog().framework.ids)
    make_demo(store, settings.catalog(), 160, 1, settings.lang)
    return make_app(settings, store, clock=lambda: FIXED)


def keys(*pressed: str) -> Any:
    async def run_before(pilot: Pilot[Any]) -> None:
        for key in pressed:
            await pilot.press(key)
            await pilot.pause()

    return run_before


COMPARE_VIEWS = {
    "level": ("c",),
    "change": ("c", "d"),
    "drill_down": ("c", "d", "enter"),
    "visit_view": ("c", "enter", "enter"),
    "help": ("c", "question_mark"),
}


@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("view", list(COMPARE_VIEWS))
def test_compare_screens(snap_compare: Any, tmp_path: Path, lang: str, view: str) -> None:
    assert snap_compare(compare_app(tmp_path, lang), terminal_size=(80, 24),
                        run_before=keys(*COMPARE_VIEWS[view]))


def longest_texts_app(tmp_path: Path, lang: str) -> PilotkitApp:
    """A draft of the bundled scenario with the longest question and options in Finnish and
    Swedish (self-service-holds: receipt_outcome, its seventh item shown; found by measuring
    every bundled question and option)."""
    from pilotkit.paths import bundled_scenarios_dir
    from pilotkit.settings import Settings

    settings = Settings(str(tmp_path / "long.db"), [bundled_scenarios_dir()], lang)  # type: ignore[arg-type]
    store = VisitService.open(tmp_path / "long.db", settings.catalog().framework.ids)
    store.add_library("FI-Lohja", "Lohjan kaupunginkirjasto")
    store.add_round("2017-baseline", label="Baseline 2017")
    scenario = settings.catalog().get("self-service-holds")
    assert scenario is not None
    store.start_visit(scenario, "FI-Lohja", "2017-baseline", "E07", "2017-05-02T14:30:00")
    return make_app(settings, store, clock=lambda: FIXED)


@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=["80x24", "120x40"])
@pytest.mark.parametrize("lang", ["fi", "sv"])
def test_visit_screen_with_the_longest_texts(snap_compare: Any, tmp_path: Path, lang: str,
                                             size: tuple[int, int]) -> None:
    assert snap_compare(longest_texts_app(tmp_path, lang), terminal_size=size,
                        run_before=keys("enter", *["down"] * 6))


@pytest.mark.parametrize("lang", LANGS)
def test_ethics_notice(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    """The round has no record of staff being told: the notice to acknowledge."""
    async def to_notice(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("tab", "tab", "enter", "down", "enter")  # the scenario
        await pilot.press("tab", "tab", "tab", "tab", "tab", "space")  # the declaration
        await pilot.press("ctrl+s")
        await pilot.pause()

    assert snap_compare(snapshot_app(tmp_path, lang), terminal_size=(80, 24),
                        run_before=to_notice)


@pytest.mark.parametrize("lang", LANGS)
def test_declaration_asked_for(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    async def unticked(pilot: Pilot[Any]) -> None:
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press("tab", "tab", "enter", "down", "enter", "ctrl+s")
        await pilot.pause()

    assert snap_compare(snapshot_app(tmp_path, lang), terminal_size=(80, 24),
                        run_before=unticked)


def planned_snapshot_app(tmp_path: Path, lang: str, role: str = "evaluator") -> PilotkitApp:
    from pilotkit.core.entities import Assignment

    app = snapshot_app(tmp_path, lang, with_draft=False, role=role)
    app.client.store.save_plan("2017-baseline", "{}", [
        Assignment("E07", "FI-Lohja", "proxy-borrowing", "2017-05-04", "10-12"),
        Assignment("E07", "FI-Lohja", "proxy-borrowing", "2017-05-30", "14-16")])
    return app


@pytest.mark.parametrize("lang", LANGS)
def test_start_screen_with_planned_visits(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    assert snap_compare(planned_snapshot_app(tmp_path, lang), terminal_size=(80, 24))


@pytest.mark.parametrize("lang", LANGS)
def test_new_visit_from_the_plan(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    async def from_plan(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        pilot.app.screen.query_one("#planned").focus()
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(planned_snapshot_app(tmp_path, lang), terminal_size=(80, 24),
                        run_before=from_plan)


@pytest.mark.parametrize("lang", LANGS)
def test_plan_progress(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    app = planned_snapshot_app(tmp_path, lang, role="lead")

    async def to_progress(pilot: Pilot[Any]) -> None:
        await pilot.press("s")
        await pilot.pause()

    assert snap_compare(app, terminal_size=(80, 24), run_before=to_progress)


@pytest.mark.parametrize("lang", LANGS)
def test_name_warning(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    """A note that names a staff member: kept as written, with a warning under the item."""
    async def note_with_a_name(pilot: Pilot[Any]) -> None:
        await open_draft(pilot)
        await pilot.press("m")
        await pilot.pause()
        await pilot.press(*"Virkailija Mattila neuvoi", "enter")
        await pilot.pause()
        pilot.app.client.call(lambda: None)  # type: ignore[attr-defined]
        await pilot.pause()

    assert snap_compare(snapshot_app(tmp_path, lang), terminal_size=(80, 24),
                        run_before=note_with_a_name)
