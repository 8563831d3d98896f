"""Issue 4: start-up against a bare Textual app, one answer's work, the start screen on the big database."""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from pathlib import Path
from typing import Any

from bench.bench_store import FORTY_ITEMS
from bench.common import (
    ROOT,
    Figure,
    Workspace,
    pilotkit,
    step_times,
    timed_command,
    visits_label,
)

READY = [sys.executable, str(ROOT / "bench" / "tui_ready.py")]


def _ready_after(args: list[str], env: dict[str, str] | None = None) -> float:
    import os
    import subprocess

    full_env = {**os.environ, **(env or {}), "BENCH_T0": repr(time.time())}
    out = subprocess.run(args, env=full_env, capture_output=True, text=True, check=True).stdout
    return float(out.strip().splitlines()[-1])


def startup(space: Workspace) -> Figure:
    import compileall
    import importlib.util

    # Textual comes with its bytecode compiled at install time, and so does an
    # installed pilotkit; a source checkout under PYTHONDONTWRITEBYTECODE would
    # otherwise compile every module on every start and measure that instead.
    spec = importlib.util.find_spec("pilotkit")
    assert spec is not None and spec.origin is not None
    compileall.compile_dir(Path(spec.origin).parent, quiet=1)
    env = {"PILOTKIT_DB": str(space.big_db())}
    ours, bare = [], []
    for _ in range(9):  # interleaved, so drift hits both alike
        ours.append(_ready_after([*READY, "pilotkit"], env))
        bare.append(_ready_after([*READY, "bare"]))
    value, yardstick = statistics.median(ours), statistics.median(bare)
    return Figure(f"start-up to the first screen, {visits_label(space.visits)} visits", value,
                  "s", "bare Textual app with Header and Footer", yardstick,
                  "≤ 1.3× yardstick", value <= 1.3 * yardstick)


def _settings(tmp: Path, db: Path) -> Any:
    from pilotkit.settings import Settings

    scenarios = tmp / "scenarios"
    scenarios.mkdir(exist_ok=True)
    (scenarios / "forty.yaml").write_text(FORTY_ITEMS, encoding="utf-8")
    from pilotkit.paths import scenario_dirs

    return Settings(str(db), [*scenario_dirs(), scenarios], "en")


async def _answer_work(tmp: Path) -> float:
    from pilotkit.core.visit_service import VisitService
    from pilotkit.tui.app import make_app
    from pilotkit.tui.screens.visit import VisitScreen

    db = tmp / "answer.db"
    settings = _settings(tmp, db)
    store = VisitService.open(db, settings.catalog().framework.ids)
    store.add_library("FI-Bench", "Bench")
    store.add_round("r1")
    scenario = settings.catalog().get("bench-forty")
    visit_id = store.start_visit(scenario, "FI-Bench", "r1", "B1", "2026-01-01T10:00:00")
    app = make_app(settings, store)
    timings = []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.push_screen(VisitScreen(visit_id))
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, VisitScreen)
        for n in range(200):
            screen.action_move(1 if n % 40 else -39)
            start = time.perf_counter()
            screen.action_digit(1 + n % 5)  # answer, skip logic, bars, list: all the work
            timings.append(time.perf_counter() - start)
            await pilot.pause()
        app.client.call(lambda: None)
    return statistics.quantiles(timings, n=100)[94] * 1000


async def _start_screen_open(db: Path, tmp: Path) -> float:
    from pilotkit.core.visit_service import VisitService
    from pilotkit.tui.app import make_app
    from pilotkit.tui.screens.start import StartScreen

    settings = _settings(tmp, db)
    app = make_app(settings, VisitService.open(db, settings.catalog().framework.ids))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        (opened,) = await step_times(
            pilot, 5, [(lambda pilot: pilot.app.push_screen(StartScreen()), True)])
    return opened


def run(space: Workspace) -> list[Figure]:
    tmp = space.tmp
    figures = [startup(space)]
    work = asyncio.run(_answer_work(tmp))
    figures.append(Figure("answer an item: validation, skip logic, bars (p95 work)", work,
                          "ms", "one frame at 60 Hz", 16.0, "< 16 ms", work < 16.0))
    empty = tmp / "empty.db"
    timed_command(pilotkit("libraries", "list"), {"PILOTKIT_DB": str(empty)})
    opened = asyncio.run(_start_screen_open(space.big_db(), tmp))
    baseline = asyncio.run(_start_screen_open(empty, tmp))
    figures.append(Figure(f"start screen opens, {visits_label(space.visits)} visits", opened,
                          "s", "start screen opens, empty database", baseline, "< 0.5 s",
                          opened < 0.5))
    return figures
