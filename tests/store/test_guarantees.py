"""Contract §7: nothing shown as saved is lost, processes wait for each other,
schemas are refused or migrated, and other files are never touched."""

from __future__ import annotations

import hashlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from sqlite_utils import Database

from pilotkit.core.database import APPLICATION_ID, SCHEMA_VERSION, StoreError
from pilotkit.core.framework_file import default_framework
from pilotkit.core.migrations import migrations
from pilotkit.core.visit_service import VisitService
from tests.cli_helpers import run
from tests.fixtures import CONTRACT_EXAMPLE

ROOT = Path(__file__).resolve().parents[2]


def prepared_db(path: Path) -> None:
    with VisitService.open(path, default_framework().ids) as store:
        store.add_library("FI-Lohja", "Lohja")
        store.add_round("r1")


def writer(db: Path, scenario: Path, tag: str, count: int) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer", str(db), str(scenario), tag, str(count)],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )


def wait_minutes(db: Path) -> dict[str, int]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return dict(conn.execute(
            "SELECT visit_id, value FROM answers WHERE item_id = 'wait_minutes'"))
    finally:
        conn.close()


def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.mark.slow
@pytest.mark.parametrize("seed", [1, 2, 3])
def test_sigkill_loses_nothing_reported_saved(tmp_path: Path, seed: int) -> None:
    db, scenario = tmp_path / "kill.db", tmp_path / "s.yaml"
    scenario.write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    prepared_db(db)
    stop_after = random.Random(seed).randrange(5, 120)
    child = writer(db, scenario, "E1", 100_000)
    reported: dict[str, int] = {}
    assert child.stdout is not None
    for line in child.stdout:
        _, visit_id, value = line.split()
        reported[visit_id] = int(value)
        if len(reported) >= stop_after:
            child.send_signal(signal.SIGKILL)
            break
    child.wait()
    assert child.returncode == -signal.SIGKILL
    # what the writer reported before the signal reached it, still in the pipe (on a loaded
    # machine it runs a few writes ahead of this reader): reported saved too
    for line in child.stdout:
        _, visit_id, value = line.split()
        reported[visit_id] = int(value)
    stored = wait_minutes(db)
    assert len(reported) >= stop_after
    for visit_id, minutes in reported.items():
        assert stored.get(visit_id) == minutes
    # at most the one write in flight when the signal came may be there unreported
    assert len(stored) - len(reported) in (0, 1)


@pytest.mark.slow
def test_two_processes_write_at_once(tmp_path: Path) -> None:
    db, scenario = tmp_path / "two.db", tmp_path / "s.yaml"
    scenario.write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    prepared_db(db)
    children = [writer(db, scenario, tag, 150) for tag in ("E1", "E2")]
    outputs = [child.communicate(timeout=120) for child in children]
    for child, (out, err) in zip(children, outputs, strict=True):
        assert child.returncode == 0, err
        assert out.count("saved") == 150
    reported = {line.split()[1]: int(line.split()[2])
                for out, _ in outputs for line in out.splitlines()}
    assert wait_minutes(db) == reported
    assert len(reported) == 300


def test_schema_version_counts_the_migrations() -> None:
    assert len(migrations.pending(Database(memory=True))) == SCHEMA_VERSION


def test_newer_schema_is_refused_untouched(tmp_path: Path) -> None:
    db = tmp_path / "newer.db"
    prepared_db(db)
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION + 1}")
    conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    conn.close()
    before = digest(db)
    with pytest.raises(StoreError, match="newer pilotkit"):
        VisitService.open(db, default_framework().ids)
    result = run("--db", db, "libraries", "list")
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert "newer pilotkit" in result.stderr
    assert digest(db) == before


def test_older_schema_is_migrated_after_a_backup(tmp_path: Path) -> None:
    db = tmp_path / "old.db"
    conn = sqlite3.connect(db)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    conn.execute("PRAGMA journal_mode=WAL")
    old = Database(conn)
    migrations.apply(old, stop_before="m002_review")
    old.execute("INSERT INTO libraries (id, name, created) VALUES ('FI-Old', 'Old', 'x')")
    old.execute("PRAGMA user_version=1")
    conn.close()

    with VisitService.open(db, default_framework().ids) as store:
        assert store.migrated_from is not None
        version, backup = store.migrated_from
        assert version == 1
        assert [lib.id for lib in store.libraries()] == ["FI-Old"]
        columns = {r[1] for r in store.conn.execute("PRAGMA table_info(visits)")}
        assert {"status_reason", "reviewed_at"} <= columns
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    assert backup.parent == db.parent
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 1
        assert copy.execute("SELECT id FROM libraries").fetchall() == [("FI-Old",)]
        columns = {r[1] for r in copy.execute("PRAGMA table_info(visits)")}
        assert "status_reason" not in columns
    finally:
        copy.close()


def other_app_db(path: Path) -> None:
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE notes (id INTEGER PRIMARY KEY, body TEXT)")
    conn.execute("INSERT INTO notes (body) VALUES ('mine')")
    conn.commit()
    conn.close()


@pytest.mark.parametrize("kind", ["text", "other-app", "truncated", "garbage", "directory"])
def test_foreign_files_are_refused_and_untouched(tmp_path: Path, kind: str) -> None:
    path = tmp_path / "target.db"
    if kind == "text":
        path.write_text("hello, I am a shopping list\n", encoding="utf-8")
    elif kind == "other-app":
        other_app_db(path)
    elif kind == "truncated":
        prepared_db(path)
        conn = sqlite3.connect(path)
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        conn.close()
        path.write_bytes(path.read_bytes()[:50])
    elif kind == "garbage":
        path.write_bytes(os.urandom(8192))
    else:
        path.mkdir()
    before = None if path.is_dir() else digest(path)
    result = run("--db", path, "libraries", "add", "FI-X", "X")
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert str(path) in result.stderr
    if before is not None:
        assert digest(path) == before
        assert not Path(f"{path}-wal").exists()


def test_plain_pilotkit_refuses_a_foreign_database_in_one_line(tmp_path: Path) -> None:
    """No arguments goes straight to the app, past click: it must fail as politely."""
    path = tmp_path / "list.db"
    path.write_text("hello, I am a shopping list\n", encoding="utf-8")
    before = digest(path)
    result = run(env={"PILOTKIT_DB": str(path)})
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert str(path) in result.stderr
    assert digest(path) == before


def test_missing_and_empty_files_become_databases(tmp_path: Path) -> None:
    empty = tmp_path / "empty.db"
    empty.touch()
    nested = tmp_path / "new" / "dir" / "p.db"
    for path in (empty, nested):
        result = run("--db", path, "libraries", "add", "FI-X", "X")
        assert result.returncode == 0, result.stderr
        assert run("--db", path, "libraries", "list", "--format", "json").stdout.count("FI-X") == 1
