"""Issues 5 and 6: compare, export and merge on 20,000 visits; the TUI's comparison views."""

from __future__ import annotations

import asyncio
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.common import Figure, pilotkit, timed_command


def _peak_rss_mib(args: list[str], env: dict[str, str]) -> tuple[float, float]:
    """Wall time and peak resident memory of this one command (GNU time's %M)."""
    import os

    with tempfile.TemporaryDirectory() as tmp:
        report = Path(tmp) / "time.txt"
        start = time.perf_counter()
        subprocess.run(["/usr/bin/time", "-f", "%M", "-o", str(report), *args],
                       env={**os.environ, **env}, check=True, stdout=subprocess.DEVNULL)
        elapsed = time.perf_counter() - start
        kib = float(report.read_text().strip().splitlines()[-1])
    return elapsed, kib / 1024


def _biggest_table(db: Path) -> str:
    """The table with the most rows (the issue's yardstick dumps "the biggest table")."""
    import sqlite3

    conn = sqlite3.connect(db)
    try:
        names = [row[0] for row in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")]
        return str(max(names, key=lambda name: conn.execute(
            f'SELECT count(*) FROM "{name}"').fetchone()[0]))
    finally:
        conn.close()


async def _view_open(db: Path) -> tuple[float, float]:
    from pilotkit.core.visit_service import VisitService
    from pilotkit.paths import scenario_dirs
    from pilotkit.settings import Settings
    from pilotkit.tui.app import make_app
    from pilotkit.tui.screens.compare import CompareScreen

    settings = Settings(str(db), scenario_dirs(), "en")
    app = make_app(settings, VisitService.open(db, settings.catalog().framework.ids))
    matrix, change = [], []
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        for _ in range(3):
            start = time.perf_counter()
            app.push_screen(CompareScreen())
            await pilot.pause()
            matrix.append(time.perf_counter() - start)
            start = time.perf_counter()
            await pilot.press("d")
            await pilot.pause()
            change.append(time.perf_counter() - start)
            app.pop_screen()
            await pilot.pause()
    return statistics.median(matrix), statistics.median(change)


def run() -> list[Figure]:
    figures = []
    with tempfile.TemporaryDirectory() as name:
        tmp = Path(name)
        db = tmp / "big.db"
        env = {"PILOTKIT_DB": str(db)}
        timed_command(pilotkit("demo", "--visits", "20000"), env)
        # compare against the command's own start-up (libraries list), interleaved
        compare, startup = [], []
        for _ in range(5):
            compare.append(timed_command(pilotkit("compare", "--format", "json"), env))
            startup.append(timed_command(pilotkit("libraries", "list"), env))
        c, s = statistics.median(compare), statistics.median(startup)
        figures.append(Figure("compare --format json, 20,000 visits", c, "s",
                              "pilotkit libraries list", s, "≤ 1.5× yardstick", c <= 1.5 * s))
        # the pilot's report against the comparison it is built on, interleaved
        reports, changes = [], []
        for _ in range(3):
            reports.append(timed_command(pilotkit(
                "report", "--from", "demo-baseline", "--to", "demo-pilot",
                "--out", str(tmp / "report.html")), env))
            changes.append(timed_command(pilotkit(
                "compare", "--change", "demo-baseline", "demo-pilot", "--format", "json"), env))
        r, ch = statistics.median(reports), statistics.median(changes)
        figures.append(Figure("report, 20,000 visits", r, "s",
                              "pilotkit compare --change (json)", ch, "< 2× yardstick",
                              r < 2 * ch))
        # export answers against sqlite3's own CSV dump of the biggest table, to a file alike
        sqlite3_cli = shutil.which("sqlite3")
        if sqlite3_cli is None:
            print("sqlite3 command-line shell missing (apt-get install sqlite3): "
                  "export figure skipped", file=sys.stderr)
        else:
            biggest = _biggest_table(db)
            dump = [sqlite3_cli, "-csv", "-header", str(db), f".output {tmp / 'dump.csv'}"]
            # what the shell itself needs to put each answer beside its visit (no item
            # texts, labels or scores): the least any long-form export has to do
            join = ("SELECT v.*, a.* FROM visits v JOIN answers a ON a.visit_id = v.id"
                    " ORDER BY v.id, a.item_id")
            ours, theirs, joins, peaks = [], [], [], []
            for _ in range(3):
                elapsed, peak = _peak_rss_mib(
                    pilotkit("export", "answers", "--out", str(tmp / "answers.csv")), env)
                ours.append(elapsed)
                peaks.append(peak)
                theirs.append(timed_command([*dump, f'SELECT * FROM "{biggest}"']))
                joins.append(timed_command([*dump, join]))
            o, th, j = statistics.median(ours), statistics.median(theirs), statistics.median(joins)
            yardstick = f"sqlite3 -csv dump of the biggest table ({biggest})"
            figures.append(Figure("export answers (all of 20,000 visits)", o, "s", yardstick, th,
                                  "≤ 2.5× yardstick", o <= 2.5 * th))
            figures.append(Figure("reference: the sqlite3 shell joining visits × answers to CSV",
                                  j, "s", yardstick, th, "none (explains the line above)", None))
            figures.append(Figure("export answers, peak memory", max(peaks), "MiB",
                                  "the 150 MiB budget", 150.0, "< 150 MiB", max(peaks) < 150))
        # merge a 20,000-visit database into an empty one
        target = {"PILOTKIT_DB": str(tmp / "lead.db")}
        timed_command(pilotkit("libraries", "list"), target)
        merge = timed_command(pilotkit("merge", str(db)), target)
        figures.append(Figure("merge 20,000 visits into another database", merge, "s",
                              "pilotkit libraries list", s, "< 10 s", merge < 10))
        remerge = timed_command(pilotkit("merge", str(db)), target)
        figures.append(Figure("merge the same 20,000 again (all unchanged)", remerge, "s",
                              "pilotkit libraries list", s, "< 10 s", remerge < 10))
        matrix, change = asyncio.run(_view_open(db))
        figures.append(Figure("TUI matrix view opens, 20,000 visits", matrix, "s",
                              "the 0.3 s budget", 0.3, "< 0.3 s", matrix < 0.3))
        figures.append(Figure("TUI change view opens, 20,000 visits", change, "s",
                              "the 0.3 s budget", 0.3, "< 0.3 s", change < 0.3))
    return figures
