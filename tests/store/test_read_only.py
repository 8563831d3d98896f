"""Issue 13 (5): read-only is not damaged.

A database on read-only media, in a read-only folder or in a read-only file
is read by every reading command and by `merge`, with its bytes left as they
were; a command that would write says plainly that the database is
read-only. An older database there is read through a migrated private copy.
As root (CI) the media are a tmpfs remounted read-only and a read-only bind
mount of the file; otherwise folders and files without write permission.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pilotkit.core.database import SCHEMA_VERSION
from tests.fixtures import VISIT
from tests.store.helpers import downgrade_to_schema_4, invoke, prepare, record, sample_visits
from tests.store.test_hostile import read_only_disk

READING: list[tuple[str, ...]] = [
    ("libraries", "list", "--format", "json"),
    ("rounds", "list", "--format", "json"),
    ("visits", "list", "--format", "json"),
    ("compare", "--format", "json"),
    ("export", "visits", "--out", "-", "--format", "json"),
    ("export", "answers", "--out", "-", "--libraries", "fi-lohja"),
    ("scenarios", "list", "--format", "json"),
]
STATES = ["clean", "wal-and-shm", "wal-only"]
"""How the database lies on the medium: closed cleanly (no -wal, no -shm); copied from a
running laptop with changes still in its -wal and its -shm; or with the -wal but no -shm."""


def populate(env: dict[str, str]) -> None:
    prepare(env)
    result = record(env, sample_visits(6))
    assert result.exit_code == 0, result.stderr


def outputs(env: dict[str, str]) -> dict[tuple[str, ...], str]:
    out = {}
    for args in READING:
        result = invoke(env, *args)
        assert result.exit_code == 0, (args, result.stderr)
        out[args] = result.stdout
    return out


def files(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def place(laptop: Path, target: Path, state: str) -> None:
    """Copy the laptop's database onto the medium in the given state."""
    db = laptop / "p.db"
    if state == "clean":
        shutil.copyfile(db, target / "p.db")
        return
    conn = sqlite3.connect(db, isolation_level=None)
    try:
        conn.execute("PRAGMA wal_autocheckpoint=0")  # the change stays in the -wal
        conn.execute("INSERT INTO libraries (id, name, created)"
                     " VALUES ('FI-Wal', 'Only in the WAL', '2026-01-01T00:00:00+00:00')")
        assert (laptop / "p.db-wal").stat().st_size > 0
        for suffix in ("", "-wal", "-shm") if state == "wal-and-shm" else ("", "-wal"):
            shutil.copyfile(f"{db}{suffix}", target / f"p.db{suffix}")
    finally:
        conn.close()


@pytest.fixture
def laptop(env: dict[str, str], tmp_path: Path) -> tuple[Path, dict[str, str]]:
    folder = tmp_path / "laptop"
    folder.mkdir()
    laptop_env = {**env, "PILOTKIT_DB": str(folder / "p.db")}
    populate(laptop_env)
    return folder, laptop_env


@pytest.mark.parametrize("state", STATES)
def test_reading_commands_work_on_read_only_media(env: dict[str, str], tmp_path: Path,
                                                 laptop: tuple[Path, dict[str, str]],
                                                 state: str) -> None:
    folder, laptop_env = laptop
    with read_only_disk(tmp_path, lambda disk: place(folder, disk, state)) as disk:
        expected = outputs(laptop_env)  # the laptop now holds what was copied
        before = files(disk)
        assert outputs({**env, "PILOTKIT_DB": str(disk / "p.db")}) == expected
        assert files(disk) == before
    libraries = expected[("libraries", "list", "--format", "json")]
    assert ("FI-Wal" in libraries) == (state != "clean")
    assert expected[("visits", "list", "--format", "json")].count('"id"') == 6


WRITING: list[tuple[str, ...]] = [
    ("libraries", "add", "FI-Uusi", "Uusi"),
    ("rounds", "add", "2018-pilot"),
    ("record", "-"),
    ("visits", "approve", "00000000-0000-4000-8000-000000000001"),
]


@pytest.mark.parametrize("args", WRITING, ids=lambda args: args[0])
def test_writing_to_read_only_media_says_read_only(env: dict[str, str], tmp_path: Path,
                                                   laptop: tuple[Path, dict[str, str]],
                                                   args: tuple[str, ...]) -> None:
    folder, _ = laptop
    new_visit = {**VISIT, "id": "10000000-0000-4000-8000-000000000000"}
    payload = json.dumps({"format": "pilotkit-visits/1", "visits": [new_visit]})
    with read_only_disk(tmp_path, lambda disk: place(folder, disk, "clean")) as disk:
        db = disk / "p.db"
        before = files(disk)
        result = invoke({**env, "PILOTKIT_DB": str(db)}, "--lang", "en", *args, stdin=payload)
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            f"{db}: the database is read-only (its file, folder or disk cannot be written);"
            " nothing was changed"]
        finnish = invoke({**env, "PILOTKIT_DB": str(db)}, "--lang", "fi", *args, stdin=payload)
        assert finnish.stderr.splitlines() == [
            f"{db}: tietokanta on vain luettavissa (tiedostoon, kansioon tai levylle ei voi "
            "kirjoittaa); mitään ei muutettu"]
        assert files(disk) == before


@pytest.mark.parametrize("state", STATES)
def test_merge_reads_a_source_on_read_only_media(env: dict[str, str], tmp_path: Path,
                                                laptop: tuple[Path, dict[str, str]],
                                                state: str) -> None:
    folder, _ = laptop
    lead_env = {**env, "PILOTKIT_DB": str(tmp_path / "lead.db")}
    with read_only_disk(tmp_path, lambda disk: place(folder, disk, state)) as disk:
        before = files(disk)
        result = invoke(lead_env, "merge", disk / "p.db")
        assert result.exit_code == 0, result.stderr
        assert "6 added, 0 updated, 0 unchanged, 0 conflicts" in result.stdout
        assert files(disk) == before
    libraries = invoke(lead_env, "libraries", "list", "--format", "json").stdout
    assert ("FI-Wal" in libraries) == (state != "clean")


@contextmanager
def read_only_file(path: Path) -> Iterator[None]:
    """The database file alone made read-only, its folder still writable: as root, whom file
    modes do not stop, a read-only bind mount of the file; otherwise mode 0444."""
    if os.geteuid() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o600)
        return
    done = subprocess.run(["mount", "--bind", str(path), str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.fail(f"cannot bind-mount a file: {done.stderr.decode().strip()}", pytrace=False)
    try:
        done = subprocess.run(["mount", "-o", "remount,ro,bind", str(path)], capture_output=True)
        assert done.returncode == 0, done.stderr
        yield
    finally:
        subprocess.run(["umount", str(path)], capture_output=True)


def test_a_read_only_file_is_read_and_not_written(env: dict[str, str],
                                                  laptop: tuple[Path, dict[str, str]]) -> None:
    folder, laptop_env = laptop
    expected = outputs(laptop_env)
    before = files(folder)
    db = folder / "p.db"
    with read_only_file(db):
        assert outputs(laptop_env) == expected
        result = invoke(laptop_env, "--lang", "en", "libraries", "add", "FI-Uusi", "Uusi")
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            f"{db}: the database is read-only (its file, folder or disk cannot be written);"
            " nothing was changed"]
        assert files(folder) == before  # no -wal or -shm left beside it either
        merged = invoke({**env, "PILOTKIT_DB": str(folder / "lead.db")}, "merge", db)
        assert merged.exit_code == 0, merged.stderr


# -- an older schema ------------------------------------------------------------------------------


def user_version(db: Path) -> int:
    conn = sqlite3.connect(f"{db.resolve().as_uri()}?mode=ro", uri=True)
    try:
        return int(conn.execute("PRAGMA user_version").fetchone()[0])
    finally:
        conn.close()


def test_an_older_database_on_read_only_media_is_read(env: dict[str, str], tmp_path: Path,
                                                      laptop: tuple[Path, dict[str, str]]
                                                      ) -> None:
    folder, laptop_env = laptop
    expected = outputs(laptop_env)
    downgrade_to_schema_4(folder / "p.db")
    with read_only_disk(tmp_path, lambda disk: place(folder, disk, "clean")) as disk:
        before = files(disk)
        assert outputs({**env, "PILOTKIT_DB": str(disk / "p.db")}) == expected
        assert files(disk) == before


def test_reading_commands_never_migrate(laptop: tuple[Path, dict[str, str]]) -> None:
    """Reading an older database in a writable folder reads a migrated private copy; the
    first command that writes upgrades the database itself, after a backup."""
    assert SCHEMA_VERSION > 4
    folder, laptop_env = laptop
    expected = outputs(laptop_env)
    db = folder / "p.db"
    downgrade_to_schema_4(db)
    assert outputs(laptop_env) == expected
    assert user_version(db) == 4
    assert not list(folder.glob("*.bak"))
    result = invoke(laptop_env, "libraries", "add", "FI-Uusi", "Uusi")
    assert result.exit_code == 0, result.stderr
    assert "upgraded" in result.stderr
    assert user_version(db) == SCHEMA_VERSION
    assert len(list(folder.glob("*.bak"))) == 1
