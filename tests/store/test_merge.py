"""merge: idempotent, clean updates from one side, conflicts reported and never silent."""

from __future__ import annotations

import sqlite3
import time
from pathlib import Path

import pytest
from sqlite_utils import Database

from pilotkit.core.database import APPLICATION_ID
from pilotkit.core.framework_file import default_framework
from pilotkit.core.migrations import migrations
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.visit_service import VisitService
from tests.cli_helpers import run

IDS = default_framework().ids


def laptop(path: Path, scenario: ScenarioFile, evaluator: str, n: int) -> list[str]:
    with VisitService.open(path, IDS) as store:
        store.add_library("FI-Lohja", "Lohja")
        store.add_round("r1")
        ids = []
        for k in range(n):
            visit = store.start_visit(scenario, "FI-Lohja", "r1", evaluator, "2017-05-02T14:30")
            store.set_answer(visit, "greeted", "yes" if k % 2 else "no")
            store.set_answer(visit, "outcome", "answered")
            ids.append(visit)
        return ids


def merge(target: Path, *sources: Path | str) -> tuple[int, str, str]:
    result = run("--db", target, "merge", *sources)
    return result.returncode, result.stdout, result.stderr


def visits(path: Path) -> dict[str, tuple[str, dict[str, object]]]:
    conn = sqlite3.connect(path)
    try:
        out: dict[str, tuple[str, dict[str, object]]] = {}
        for visit_id, status in conn.execute("SELECT id, status FROM visits"):
            answers = dict(conn.execute(
                "SELECT item_id, value FROM answers WHERE visit_id = ?", [visit_id]))
            out[visit_id] = (status, answers)
        return out
    finally:
        conn.close()


def test_merge_is_idempotent(tmp_path: Path, scenario_file: ScenarioFile) -> None:
    a, b, lead = tmp_path / "a.db", tmp_path / "b.db", tmp_path / "lead.db"
    laptop(a, scenario_file, "E1", 5)
    laptop(b, scenario_file, "E2", 3)
    code, out, err = merge(lead, a, b)
    assert code == 0, err
    assert "5 added, 0 updated, 0 unchanged, 0 conflicts" in out
    assert "3 added, 0 updated, 0 unchanged, 0 conflicts" in out
    before = visits(lead)
    code, out, _ = merge(lead, a, b)
    assert "0 added, 0 updated, 5 unchanged, 0 conflicts" in out
    assert visits(lead) == before
    assert len(before) == 8
    # the stored scores came along
    conn = sqlite3.connect(lead)
    assert conn.execute("SELECT count(DISTINCT visit_id) FROM visit_scores").fetchone()[0] == 8
    conn.close()


def test_one_sided_change_updates_and_both_sided_change_conflicts(
    tmp_path: Path, scenario_file: ScenarioFile
) -> None:
    a, lead = tmp_path / "a.db", tmp_path / "lead.db"
    first, second = laptop(a, scenario_file, "E1", 2)
    assert merge(lead, a)[0] == 0
    # the evaluator corrects the first visit on the laptop only
    with VisitService.open(a, IDS) as store:
        store.set_answer(first, "outcome", "none")
    code, out, err = merge(lead, a)
    assert "0 added, 1 updated, 1 unchanged, 0 conflicts" in out, out
    assert visits(lead)[first][1]["outcome"] == "none"
    # the lead edits the second visit, then the laptop edits it too (later)
    with VisitService.open(lead, IDS) as store:
        store.set_answer(second, "outcome", "none")
    time.sleep(0.01)
    with VisitService.open(a, IDS) as store:
        store.set_answer(second, "greeted", "no")
    code, out, err = merge(lead, a)
    assert code == 0
    assert "1 conflicts" in out
    assert f"conflict: visit {second}" in err and "kept the source's version" in err
    assert visits(lead)[second][1] == {"greeted": "no", "outcome": "answered"}
    # the same conflict in Finnish, to a lead reading Finnish (not an English line)
    with VisitService.open(lead, IDS) as store:
        store.set_answer(second, "outcome", "referred")
    time.sleep(0.01)
    with VisitService.open(a, IDS) as store:
        store.set_answer(second, "greeted", "yes")
    finnish = run("--db", lead, "--lang", "fi", "merge", a)
    assert f"ristiriita: käynti {second}" in finnish.stderr
    assert "pidettiin lähteen version" in finnish.stderr


def test_a_change_made_here_only_is_kept(tmp_path: Path, scenario_file: ScenarioFile) -> None:
    a, lead = tmp_path / "a.db", tmp_path / "lead.db"
    (visit,) = laptop(a, scenario_file, "E1", 1)
    merge(lead, a)
    with VisitService.open(lead, IDS) as store:
        store.set_answer(visit, "outcome", "none")
    code, out, _ = merge(lead, a)
    assert code == 0
    assert "1 unchanged, 0 conflicts" in out
    assert visits(lead)[visit][1]["outcome"] == "none"


def test_dry_run_writes_nothing(tmp_path: Path, scenario_file: ScenarioFile) -> None:
    a, lead = tmp_path / "a.db", tmp_path / "lead.db"
    laptop(a, scenario_file, "E1", 4)
    VisitService.open(lead, IDS).close()
    result = run("--db", lead, "merge", "--dry-run", a)
    assert result.returncode == 0
    assert "dry run:" in result.stdout and "4 added" in result.stdout
    assert visits(lead) == {}


@pytest.mark.parametrize("kind", ["text", "other-app", "missing"])
def test_foreign_sources_are_refused(tmp_path: Path, scenario_file: ScenarioFile,
                                     kind: str) -> None:
    lead, good = tmp_path / "lead.db", tmp_path / "good.db"
    laptop(good, scenario_file, "E1", 2)
    bad = tmp_path / "bad.db"
    if kind == "text":
        bad.write_text("not a database", encoding="utf-8")
    elif kind == "other-app":
        conn = sqlite3.connect(bad)
        conn.execute("CREATE TABLE visits (id TEXT)")
        conn.commit()
        conn.close()
    code, out, err = merge(lead, bad, good)
    assert code == 1
    assert str(bad) in err and len(err.splitlines()) == 1
    assert "2 added" in out          # the good source still merged
    assert len(visits(lead)) == 2


def test_older_schema_source_merges(tmp_path: Path, scenario_file: ScenarioFile) -> None:
    old, lead = tmp_path / "old.db", tmp_path / "lead.db"
    conn = sqlite3.connect(old)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    db = Database(conn)
    migrations.apply(db, stop_before="m002_review")
    db.execute("PRAGMA user_version=1")
    stamp = "2017-05-02T12:00:00.000000+00:00"
    db.execute("INSERT INTO libraries (id, name, created) VALUES ('FI-Old', 'Old', ?)", [stamp])
    db.execute("INSERT INTO rounds (id, created) VALUES ('r0', ?)", [stamp])
    db.execute("INSERT INTO evaluators (code, created) VALUES ('E9', ?)", [stamp])
    db.execute("INSERT INTO scenario_texts VALUES (?, ?, ?, ?)",
               [scenario_file.sha256, "proxy-borrowing", 1, scenario_file.content])
    db.execute("INSERT INTO visits (id, library_id, round_id, scenario_id, scenario_version,"
               " scenario_sha256, evaluator, channel, visited_at, status, created, modified)"
               " VALUES ('v-old', 'FI-Old', 'r0', 'proxy-borrowing', 1, ?, 'E9', 'in_person',"
               " '2017-01-01T10:00:00', 'submitted', ?, ?)", [scenario_file.sha256, stamp, stamp])
    db.execute("INSERT INTO answers VALUES ('v-old', 'outcome', 'referred', NULL, ?)", [stamp])
    conn.close()
    code, out, err = merge(lead, old)
    assert code == 0, err
    assert "1 added" in out
    conn = sqlite3.connect(lead)
    assert conn.execute("SELECT score FROM visit_scores WHERE principle = 'reliability'"
                        ).fetchone()[0] == 75.0
    conn.close()
