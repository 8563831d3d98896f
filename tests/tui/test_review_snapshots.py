"""The review queue and a decision's dialog at 80×24, in Finnish and English, against stored SVGs."""

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

FIXED = datetime(2017, 5, 4, 9, 0, 0)
LANGS = ["en", "fi"]


@pytest.fixture(autouse=True)
def steady(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("TEXTUAL_ANIMATIONS", "none")
    for module in (store_module, service_module):
        monkeypatch.setattr(module, "now", lambda: "2017-05-04T06:00:00.000000+00:00")
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()


def review_app(tmp_path: Path, lang: str) -> PilotkitApp:
    settings = build_settings(tmp_path, lang)
    store = VisitService.open(Path(settings.db_option or ""), settings.catalog().framework.ids)
    scenario = settings.catalog().get("proxy-borrowing")
    assert scenario is not None
    store.add_library("FI-Lohja", "Lohjan kaupunginkirjasto")
    store.add_library("FI-Vihti", "Vihdin kirjasto")
    store.add_round("2017-baseline", label="Baseline 2017")
    store.set_role("lead")
    for library, when, evaluator in (("FI-Lohja", "2017-05-03T10:15", "E07"),
                                     ("FI-Vihti", "2017-05-02T14:30", "E12"),
                                     ("FI-Lohja", "2017-05-02T09:05", "E12")):
        visit = store.start_visit(scenario, library, "2017-baseline", evaluator, when)
        store.set_answer(visit, "greeted", "yes")
        store.set_answer(visit, "wait_minutes", 3.5)
        store.set_answer(visit, "needs_clarified", 4)
        store.set_answer(visit, "outcome", "referred")
        if evaluator == "E07":
            store.set_note(visit, "greeted", "at the door, with a smile")
            store.set_note(visit, "outcome", "to the regional library")
            store.set_comment(visit, "a quiet Wednesday morning")
        store.set_status(visit, "submitted")
    return make_app(settings, store, clock=lambda: FIXED)


async def to_queue(pilot: Pilot[Any]) -> None:
    await pilot.pause()
    await pilot.press("r")
    await pilot.pause()


@pytest.mark.parametrize("lang", LANGS)
def test_review_queue(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    assert snap_compare(review_app(tmp_path, lang), terminal_size=(80, 24), run_before=to_queue)


@pytest.mark.parametrize("lang", LANGS)
def test_return_dialog(snap_compare: Any, tmp_path: Path, lang: str) -> None:
    async def to_dialog(pilot: Pilot[Any]) -> None:
        await to_queue(pilot)
        await pilot.press("t")
        await pilot.pause()

    assert snap_compare(review_app(tmp_path, lang), terminal_size=(80, 24), run_before=to_dialog)
