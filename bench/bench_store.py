"""Issue 3: answer save latency, `record` and `demo` throughput."""

from __future__ import annotations

import json
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

from bench.common import Figure, best_of, pilotkit, timed_command
from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import load_catalog, parse_scenario
from pilotkit.core.visit_service import VisitService
from pilotkit.paths import scenario_dirs


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


def throughput(tmp: Path) -> list[Figure]:
    db = tmp / "demo.db"
    env = {"PILOTKIT_DB": str(db)}
    demo = timed_command(pilotkit("demo", "--visits", "20000", "--seed", "7"), env)
    startup = best_of(3, lambda: timed_command(pilotkit("libraries", "list"), env))
    # a pilotkit-visits/1 file of 20,000 visits, made from the demo set
    catalog = load_catalog(scenario_dirs())
    from pilotkit.core.demo import make_visits

    visits = make_visits(catalog, 20_000, seed=11)
    payload = {"format": "pilotkit-visits/1", "visits": [
        {"id": v.id, "library": v.library, "round": v.round, "scenario": v.scenario.scenario.id,
         "scenario_version": v.scenario.scenario.version, "evaluator": v.evaluator,
         "channel": v.channel, "visited_at": v.visited_at, "status": v.status,
         "answers": v.answers} for v in visits]}
    source = tmp / "visits.json"
    source.write_text(json.dumps(payload), encoding="utf-8")
    target = tmp / "record.db"
    record = timed_command(pilotkit("record", str(source), "--create-missing"),
                           {"PILOTKIT_DB": str(target)})
    return [
        Figure("demo --visits 20000", demo, "s", "pilotkit start-up (libraries list)", startup,
               "< 10 s", demo < 10),
        Figure("record 20,000 visits", record, "s", "pilotkit start-up (libraries list)",
               startup, "< 10 s", record < 10),
    ]


def run() -> list[Figure]:
    with tempfile.TemporaryDirectory() as tmp:
        return save_latency(Path(tmp)) + throughput(Path(tmp))
