"""Shared pieces of the benchmarks: timing with memory, subprocess runs and result rows."""

from __future__ import annotations

import inspect
import os
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Awaitable, Callable, Sequence
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from textual.pilot import Pilot

ROOT = Path(__file__).resolve().parents[1]
GNU_TIME = "/usr/bin/time"


@dataclass
class Figure:
    """One measured figure next to its yardstick, measured in the same run."""

    name: str
    value: float
    unit: str
    yardstick_name: str
    yardstick: float
    target: str
    ok: bool | None
    """None for a reference figure: measured to explain another, with no target of its own."""
    memory: float | None = None
    """Peak resident memory of the measured command, MiB (the highest of its runs)."""

    @property
    def ratio(self) -> float:
        return self.value / self.yardstick if self.yardstick else float("inf")


@dataclass(frozen=True)
class Run:
    seconds: float
    peak_mib: float


def best_of(runs: int, fn: Callable[[], float]) -> float:
    """The median of `runs` timings (the machines are noisy; the median is steady)."""
    return statistics.median(fn() for _ in range(runs))


def measured(args: list[str], env: dict[str, str] | None = None,
             stdin: bytes | None = None) -> Run:
    """Wall time and peak resident memory (GNU time's %M) of one command."""
    full_env = {**os.environ, **(env or {})}
    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "time.txt"
        start = time.perf_counter()
        subprocess.run([GNU_TIME, "-f", "%M", "-o", str(report), *args], env=full_env,
                       input=stdin, check=True, stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        kib = float(report.read_text().strip().splitlines()[-1])
    return Run(elapsed, kib / 1024)


def timed_command(args: list[str], env: dict[str, str] | None = None,
                  stdin: bytes | None = None) -> float:
    return measured(args, env, stdin).seconds


@dataclass
class Series:
    """Runs of one command: the median time and the highest peak memory."""

    runs: list[Run]

    @property
    def seconds(self) -> float:
        return statistics.median(r.seconds for r in self.runs)

    @property
    def peak_mib(self) -> float:
        return max(r.peak_mib for r in self.runs)


def interleaved(runs: int, *commands: Callable[[], Run]) -> list[Series]:
    """Each command `runs` times, taking turns, so drift hits all of them alike."""
    series = [Series([]) for _ in commands]
    for _ in range(runs):
        for one, command in zip(series, commands, strict=True):
            one.runs.append(command())
    return series


Step = tuple[Callable[["Pilot[Any]"], Awaitable[object] | object], bool]
"""One thing done in the app, and whether it is timed (from the start until the screen has
been updated)."""


async def step_times(pilot: Pilot[Any], turns: int, steps: Sequence[Step]) -> list[float]:
    """The median time of each timed step, over `turns` turns of `steps`; after each turn the
    screens it opened are closed again."""
    times: list[list[float]] = [[] for _ in steps]
    app = pilot.app
    for _ in range(turns):
        depth = len(app.screen_stack)
        for (step, _), taken in zip(steps, times, strict=True):
            start = time.perf_counter()
            done = step(pilot)
            if inspect.isawaitable(done):
                await done
            await pilot.pause()
            taken.append(time.perf_counter() - start)
        while len(app.screen_stack) > depth:
            app.pop_screen()
            await pilot.pause()
    return [statistics.median(taken) for (_, timed), taken in zip(steps, times, strict=True)
            if timed]


def copy_of(db: Path, copy: Path) -> Path:
    """`copy`, a consistent copy of `db` (SQLite's backup), in place of any file there."""
    for old in copy.parent.glob(copy.name + "*"):
        old.unlink()
    with closing(sqlite3.connect(db)) as source, closing(sqlite3.connect(copy)) as target:
        source.backup(target)
    return copy


def pilotkit(*args: str) -> list[str]:
    return [sys.executable, "-m", "pilotkit", *args]


def visits_label(visits: int) -> str:
    return f"{visits:,}"


@dataclass
class Workspace:
    """What the suites of one run share: a scratch folder, the size, and the big database."""

    tmp: Path
    visits: int
    runs: int
    _big: Path | None = None
    recorded: float | None = None
    """Seconds `record` took for all `visits` visits of the big database, when the store suite
    ran first: merge checks and scores the same visits, so it is merge's reference."""

    def big_db(self) -> Path:
        """A demo database of `visits` visits (seed 1), made once per run."""
        if self._big is None:
            self._big = self.tmp / "big.db"
            timed_command(pilotkit("demo", "--visits", str(self.visits)),
                          {"PILOTKIT_DB": str(self._big)})
        return self._big

    def adopt_big_db(self, path: Path) -> None:
        """A demo database of `visits` visits (seed 1) another measurement already made."""
        if self._big is None:
            self._big = path
