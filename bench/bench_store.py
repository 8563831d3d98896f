"""Answer save latency (issue 3); `record` and `demo` linear in the visits, memory flat (issue 18)."""

from __future__ import annotations

import json
import sqlite3
import statistics
import time
from pathlib import Path

from bench.common import Figure, Run, Workspace, interleaved, measured, pilotkit, visits_label
from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import parse_scenario
from pilotkit.core.visit_service import VisitService


def forty_item_scenario() -> str:
    """A 40-item scale checklist in four sections, every item behind skip logic."""
    principles = ["professionalism", "openness", "reliability", "equality"]
    lines = ["id: bench-forty", "version: 1", "title: Forty items", "channel: in_person",
             "sections:"]
    for section in range(4):
        lines += [f"  - id: s{section}", f"    title: Section {section}", "    items:"]
        for item in range(10):
            lines += [f"      - id: i{section}_{item}",
                      f"        text: Question {section}.{item}",
                      "        type: scale",
                      "        scale: {min: 1, max: 5}",
                      f"        principles: {{{principles[item % 4]}: 1, customer_orientation: 2}}"]
            if (section, item) != (0, 0):
                lines.append("        show_if: {item: i0_0, in: [1, 2, 3, 4, 5]}")
    return "\n".join(lines) + "\n"


FORTY_ITEMS = forty_item_scenario()


def save_latency(tmp: Path) -> list[Figure]:
    framework = default_framework()
    scenario = parse_scenario(FORTY_ITEMS, "forty.yaml", framework)
    with VisitService.open(tmp / "latency.db", framework.ids) as store:
        store.add_library("FI-Bench", "Bench")
        store.add_round("r1")
        visit = store.start_visit(scenario, "FI-Bench", "r1", "B1", "2026-01-01T10:00:00")
        items = [item.id for item in scenario.scenario.items()]
        timings = []
        for n in range(2000):
            start = time.perf_counter()
            store.set_answer(visit, items[n % 40], 1 + n % 5)
            timings.append(time.perf_counter() - start)
    # the yardstick: the bare durable commit of one row with the same settings
    conn = sqlite3.connect(tmp / "bare.db", isolation_level=None)
    conn.execute("PRAGMA journal_mode=WAL")
    conn.execute("PRAGMA synchronous=FULL")
    conn.execute("CREATE TABLE t (k TEXT PRIMARY KEY, v)")
    bare = []
    for n in range(2000):
        start = time.perf_counter()
        conn.execute("BEGIN IMMEDIATE")
        conn.execute("INSERT OR REPLACE INTO t VALUES (?, ?)", [f"k{n % 40}", n])
        conn.execute("COMMIT")
        bare.append(time.perf_counter() - start)
    conn.close()
    p99 = statistics.quantiles(timings, n=100)[98] * 1000
    bare_p99 = statistics.quantiles(bare, n=100)[98] * 1000
    return [Figure("save one answer, p99 (40-item visit)", p99, "ms",
                   "bare durable one-row commit, p99", bare_p99, "< 2 ms", p99 < 2.0)]


FILE_VISITS = 20_000
"""Visits per interchange file: an evaluator's file stays far below the 64 MiB limit."""


def _record_files(db: Path, folder: Path, visits: int) -> list[Path]:
    """The first `visits` visits of a demo database as pilotkit-visits/1 files of at most
    `FILE_VISITS`, streamed out of SQLite (the bench's own memory stays small too)."""
    folder.mkdir()
    conn = sqlite3.connect(db)
    files: list[Path] = []
    try:
        ids = [row[0] for row in conn.execute("SELECT id FROM visits ORDER BY id LIMIT ?",
                                              [visits])]
        for start in range(0, len(ids), FILE_VISITS):
            chunk = ids[start:start + FILE_VISITS]
            path = folder / f"visits-{len(files):02d}.json"
            with path.open("w", encoding="utf-8") as out:
                out.write('{"format": "pilotkit-visits/1", "visits": [')
                for n, visit_id in enumerate(chunk):
                    row = conn.execute(
                        "SELECT library_id, round_id, scenario_id, scenario_version, evaluator,"
                        " channel, language, visited_at, status, comment FROM visits"
                        " WHERE id = ?", [visit_id]).fetchone()
                    answers, notes = {}, {}
                    for item, value, note in conn.execute(
                            "SELECT item_id, value, note FROM answers WHERE visit_id = ?",
                            [visit_id]):
                        if value is not None:
                            answers[item] = value
                        if note:
                            notes[item] = note
                    keys = ("library", "round", "scenario", "scenario_version", "evaluator",
                            "channel", "language", "visited_at", "status", "comment")
                    visit = {"id": visit_id, **dict(zip(keys, row, strict=True)),
                             "answers": answers, "notes": notes}
                    out.write(("," if n else "") + json.dumps(visit, ensure_ascii=False))
                out.write("]}")
            files.append(path)
    finally:
        conn.close()
    return files


def _record_all(files: list[Path], target: Path) -> Run:
    """Every file recorded, one command each, into a new database: total time, highest peak."""
    target.unlink(missing_ok=True)
    runs = [measured(pilotkit("record", str(f), "--create-missing"),
                     {"PILOTKIT_DB": str(target)}) for f in files]
    return Run(sum(r.seconds for r in runs), max(r.peak_mib for r in runs))


def throughput(space: Workspace) -> list[Figure]:
    big, tenth = space.visits, space.visits // 10
    made = iter(range(1000))

    def demo(count: int) -> Run:
        db = space.tmp / f"demo-{count}-{next(made)}.db"
        return measured(pilotkit("demo", "--visits", str(count)), {"PILOTKIT_DB": str(db)})

    first = demo(big)
    space.adopt_big_db(space.tmp / f"demo-{big}-0.db")
    demo_big, demo_tenth = interleaved(space.runs - 1, lambda: demo(big), lambda: demo(tenth))
    demo_big.runs.append(first)
    demo_tenth.runs.append(demo(tenth))
    files = _record_files(space.big_db(), space.tmp / "files", big)
    tenth_files = _record_files(space.big_db(), space.tmp / "tenth-files", tenth)
    record_big, record_tenth = interleaved(
        space.runs, lambda: _record_all(files, space.tmp / "record.db"),
        lambda: _record_all(tenth_files, space.tmp / "record-tenth.db"))
    space.recorded = record_big.seconds
    n, m = visits_label(big), visits_label(tenth)
    return [
        Figure(f"demo --visits {big}", demo_big.seconds, "s", f"demo --visits {tenth}",
               demo_tenth.seconds, "≤ 11× yardstick (linear), ≤ 200 MiB",
               demo_big.seconds <= 11 * demo_tenth.seconds and demo_big.peak_mib <= 200,
               demo_big.peak_mib),
        Figure(f"record {n} visits ({_files(len(files))} of ≤ {FILE_VISITS:,})",
               record_big.seconds, "s", f"record {m} visits ({_files(len(tenth_files))})",
               record_tenth.seconds, "≤ 11× yardstick (linear), ≤ 200 MiB",
               record_big.seconds <= 11 * record_tenth.seconds
               and record_big.peak_mib <= 200, record_big.peak_mib),
    ]


def _files(count: int) -> str:
    return "1 file" if count == 1 else f"{count} files"


def run(space: Workspace) -> list[Figure]:
    return save_latency(space.tmp) + throughput(space)
