"""Output files are never clobbered: exports and backups appear whole, or refuse in one line."""

from __future__ import annotations

import os
import signal
import sqlite3
import stat
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from pilotkit.core import database as store_module
from pilotkit.core.framework_file import default_framework
from pilotkit.core.visit_service import VisitService
from tests.cli_helpers import run

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    path = tmp_path / "out.db"
    assert run("--db", path, "demo", "--visits", "30").returncode == 0
    return path


def digest(path: Path) -> bytes:
    return path.read_bytes()


@pytest.mark.parametrize("target", ["out.db", "./out.db", "out.db-wal", "link.db", "other.db"])
def test_a_database_is_never_an_export_target(db: Path, tmp_path: Path, target: str) -> None:
    (tmp_path / "link.db").symlink_to(db)
    other = tmp_path / "other.db"
    VisitService.open(other, default_framework().ids).close()   # any other pilotkit database
    # read before the holder opens: closing any descriptor of a file drops the
    # process's POSIX locks on it, and the WAL would go with them
    before = {p.name: digest(p) for p in tmp_path.glob("*.db")}
    holder = sqlite3.connect(db, isolation_level=None)    # keeps the WAL beside the database
    try:
        holder.execute("BEGIN")
        holder.execute("SELECT count(*) FROM visits").fetchone()
        assert (tmp_path / "out.db-wal").exists()
        result = run("--db", db, "export", "visits", "--out", target, cwd=tmp_path)
        assert (tmp_path / "out.db-wal").exists()
        with (tmp_path / "out.db-wal").open("rb") as wal:
            assert not wal.read(4).startswith(b"visi")    # not replaced by the CSV
    finally:
        holder.close()
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"{target}: this is a database, and an export never overwrites one; choose another file"]
    assert {p.name: digest(p) for p in tmp_path.glob("*.db")} == before
    assert not [p for p in tmp_path.iterdir() if "pilotkit-tmp" in p.name]


def test_a_folder_and_a_missing_folder_are_named_in_one_line(db: Path, tmp_path: Path) -> None:
    folder = run("--db", db, "export", "visits", "--out", str(tmp_path))
    assert (folder.returncode, folder.stderr) == (
        1, f"{tmp_path}: this is a folder; give a file name, e.g. {tmp_path}/export.csv\n")
    missing = tmp_path / "nowhere" / "v.csv"
    result = run("--db", db, "--lang", "fi", "export", "visits", "--out", str(missing))
    assert (result.returncode, result.stderr) == (
        1, f"{missing}: kansiota ei ole; luo se ensin tai valitse toinen paikka\n")


def test_a_device_is_written_in_place(db: Path, tmp_path: Path) -> None:
    # a device node of our own (a copy of /dev/null's): if the export wrongly renamed
    # over it, the machine's /dev/null would not be the one replaced
    device = tmp_path / "null"
    try:
        os.mknod(device, stat.S_IFCHR | 0o666, os.makedev(1, 3))
    except PermissionError:
        if os.geteuid() == 0:
            raise
        pytest.skip("making a device node needs root (CI runs as root)")
    before = device.stat()
    assert run("--db", db, "export", "answers", "--out", str(device)).returncode == 0
    after = device.stat()
    assert stat.S_ISCHR(after.st_mode)
    assert (after.st_ino, after.st_rdev) == (before.st_ino, before.st_rdev)


def test_a_fifo_stays_a_fifo_and_gets_the_export(db: Path, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    received: list[bytes] = []
    reader = threading.Thread(target=lambda: received.append(fifo.read_bytes()))
    reader.start()
    result = run("--db", db, "export", "visits", "--out", str(fifo), process=True)
    reader.join(timeout=30)
    assert result.returncode == 0, result.stderr
    assert stat.S_ISFIFO(fifo.stat().st_mode)
    lines = received[0].decode("utf-8").splitlines()
    assert lines[0].startswith("visit_id,") and len(lines) == 31


def test_a_killed_export_leaves_the_old_file_and_its_leftover_is_removed(
        tmp_path: Path) -> None:
    big = tmp_path / "big.db"
    assert run("--db", big, "demo", "--visits", "3000").returncode == 0
    out = tmp_path / "answers.csv"
    out.write_text("the previous export\n", encoding="utf-8")
    child = subprocess.Popen([sys.executable, "-m", "pilotkit", "--db", str(big), "export",
                              "answers", "--out", str(out)], cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and not list(tmp_path.glob(".answers.csv.pilotkit-tmp-*")):
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert out.read_text(encoding="utf-8") == "the previous export\n"
    leftovers = list(tmp_path.glob(".answers.csv.pilotkit-tmp-*"))
    assert leftovers, "the export was killed before it began writing: no leftover to test"
    assert run("--db", big, "export", "visits", "--out", str(out)).returncode == 0
    assert not list(tmp_path.glob(".answers.csv.pilotkit-tmp-*"))
    assert out.read_text(encoding="utf-8").startswith("visit_id,")


def test_a_temporary_file_of_a_live_export_is_left_alone(db: Path, tmp_path: Path) -> None:
    live = tmp_path / f".v.csv.pilotkit-tmp-{os.getppid()}-abcd1234"   # our parent is alive
    live.write_text("being written", encoding="utf-8")
    assert run("--db", db, "export", "visits", "--out", str(tmp_path / "v.csv")).returncode == 0
    assert live.exists()


# -- backups before a migration ----------------------------------------------------------------


def old_database(path: Path) -> None:
    """A database one schema step behind (the last step undone by hand)."""
    VisitService.open(path, default_framework().ids).close()
    with sqlite3.connect(path) as conn:
        conn.execute(f"PRAGMA user_version = {store_module.SCHEMA_VERSION - 1}")


def test_two_backups_in_the_same_second_do_not_collide(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_database(path)
    first = store_module._backup(path, 3)
    second = store_module._backup(path, 3)
    assert first != second
    for backup in (first, second):
        with sqlite3.connect(backup) as conn:
            assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


KILLED_BACKUP = """
import os, sys
from pathlib import Path
from pilotkit.core import database as store
os.replace = lambda *a, **k: os._exit(9)   # killed after copying, before the rename
store._backup(Path(sys.argv[1]), 3)
"""


def test_a_backup_killed_half_way_leaves_no_file_with_a_backups_name(tmp_path: Path) -> None:
    path = tmp_path / "old.db"
    old_database(path)
    done = subprocess.run([sys.executable, "-c", KILLED_BACKUP, str(path)], cwd=ROOT)
    assert done.returncode == 9
    assert not list(tmp_path.glob("old.db.schema*.bak"))
    assert len(list(tmp_path.glob(".old.db.schema*.partial-*"))) == 1
    # the next open migrates with a whole backup and clears the partial one
    with VisitService.open(path, default_framework().ids) as store:
        assert store.migrated_from is not None
        backup = store.migrated_from[1]
    assert backup.exists() and backup.name.endswith(".bak")
    assert not list(tmp_path.glob(".old.db.schema*.partial-*"))
