"""Shared pieces of the benchmarks: timing, subprocess runs and result rows."""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


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

    @property
    def ratio(self) -> float:
        return self.value / self.yardstick if self.yardstick else float("inf")


def best_of(runs: int, fn: Callable[[], float]) -> float:
    """The median of `runs` timings (the machines are noisy; the median is steady)."""
    return statistics.median(fn() for _ in range(runs))


def timed_command(args: list[str], env: dict[str, str] | None = None,
                  stdin: bytes | None = None) -> float:
    full_env = {**os.environ, **(env or {})}
    start = time.perf_counter()
    subprocess.run(args, env=full_env, input=stdin, check=True, stdout=subprocess.DEVNULL,
                   stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def pilotkit(*args: str) -> list[str]:
    return [sys.executable, "-m", "pilotkit", *args]
