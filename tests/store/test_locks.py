"""Issue 13 (5): readers never wait for a writer; a writer that must wait says so.

Another connection holds the write lock (`BEGIN IMMEDIATE`), or a big write
still uncommitted, while commands run. In WAL a reader reads the last
committed state at once; a writer waits for the lock, says so after about a
second, and when it gives up names the lock, not damage.
"""

from __future__ import annotations

import sqlite3
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

from pilotkit.core.database import BUSY_TIMEOUT_S, DatabaseLocked, busy_timeout
from pilotkit.core.framework_file import default_framework
from pilotkit.core.visit_service import VisitService
from tests.store.helpers import downgrade_to_schema_4, invoke, prepare, record, sample_visits

READING: list[tuple[str, ...]] = [
    ("compare", "--format", "json"),
    ("visits", "list", "--format", "json"),
    ("export", "visits", "--out", "-", "--format", "json"),
    ("export", "answers", "--out", "-"),
    ("libraries", "list"),
    ("rounds", "list"),
]


@contextmanager
def write_lock(db: Path, big: bool = False) -> Iterator[sqlite3.Connection]:
    """Another program holding the write lock; with `big`, in the middle of a large write
    whose pages have already spilled into the WAL."""
    conn = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    conn.execute("PRAGMA cache_size=10")
    conn.execute("BEGIN IMMEDIATE")
    if big:
        conn.executemany("INSERT INTO evaluators (code, created) VALUES (?, ?)",
                         ((f"X{n}", "x" * 400) for n in range(20_000)))
        assert Path(f"{db}-wal").stat().st_size > 1_000_000
    try:
        yield conn
    finally:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        conn.close()


@pytest.fixture
def populated(env: dict[str, str]) -> dict[str, str]:
    prepare(env)
    assert record(env, sample_visits(5)).exit_code == 0
    return env


def timed(env: dict[str, str], *args: str) -> tuple[float, int, str, str]:
    start = time.monotonic()
    result = invoke(env, "--lang", "en", *args)
    return time.monotonic() - start, result.exit_code, result.stdout, result.stderr


@pytest.mark.parametrize("big", [False, True], ids=["begin-immediate", "big-pending-write"])
def test_readers_do_not_wait_for_a_writer(populated: dict[str, str], big: bool) -> None:
    expected = {args: invoke(populated, *args).stdout for args in READING}
    with write_lock(Path(populated["PILOTKIT_DB"]), big):
        for args in READING:
            seconds, code, out, err = timed(populated, *args)
            assert code == 0, (args, err)
            assert err == ""
            assert out == expected[args]  # the last committed state
            assert seconds < 2.5, (args, seconds)


def test_an_older_database_is_read_while_a_writer_holds_the_lock(
        populated: dict[str, str]) -> None:
    expected = invoke(populated, "visits", "list", "--format", "json").stdout
    db = Path(populated["PILOTKIT_DB"])
    downgrade_to_schema_4(db)
    with write_lock(db):
        seconds, code, out, err = timed(populated, "visits", "list", "--format", "json")
    assert (code, out) == (0, expected)
    # one line saying it was read through an upgraded copy, no error
    assert err.count("\n") == 1
    assert err.startswith(f"note: {db} was written by an older pilotkit (schema 4)")
    assert seconds < 2.5


def test_opening_for_writing_does_not_wait_when_nothing_is_written(
        populated: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The terminal app opens its store while another program writes: opening an up-to-date
    database takes no lock (the migration check used to be a write transaction)."""
    monkeypatch.setenv("PILOTKIT_BUSY_TIMEOUT", "10")
    with write_lock(Path(populated["PILOTKIT_DB"])):
        start = time.monotonic()
        store = VisitService.open(Path(populated["PILOTKIT_DB"]), default_framework().ids)
        try:
            assert time.monotonic() - start < 1.0
            assert [lib.id for lib in store.libraries()] == ["FI-Lohja"]
        finally:
            store.close()


WAITING = ("waiting for another program that is writing to {db} … (gives up after 2 s)")
GAVE_UP = "{db}: another program kept the database locked for 2 s; nothing was changed"


@pytest.mark.slow  # waits out the lock for seconds
@pytest.mark.parametrize("args", [("libraries", "add", "FI-Uusi", "Uusi"), ("rounds", "add", "r9")],
                         ids=lambda args: args[0])
def test_a_writer_says_it_waits_and_gives_up_naming_the_lock(populated: dict[str, str],
                                                              args: tuple[str, ...]) -> None:
    env = {**populated, "PILOTKIT_BUSY_TIMEOUT": "2"}
    db = populated["PILOTKIT_DB"]
    with write_lock(Path(db)):
        seconds, code, _, err = timed(env, *args)
    assert code == 1
    assert err.splitlines() == [WAITING.format(db=db), GAVE_UP.format(db=db)]
    assert "damaged" not in err
    assert 1.8 < seconds < 6
    listed = invoke(populated, *args[:1], "list").stdout
    assert args[2] not in listed  # nothing was changed


@pytest.mark.slow  # waits out the lock for seconds
def test_a_writer_that_waits_then_writes(populated: dict[str, str]) -> None:
    env = {**populated, "PILOTKIT_BUSY_TIMEOUT": "20"}
    db = populated["PILOTKIT_DB"]
    with write_lock(Path(db)) as holder:
        release = threading.Timer(2.0, lambda: holder.execute("ROLLBACK"))
        release.start()
        try:
            seconds, code, out, err = timed(env, "libraries", "add", "FI-Uusi", "Uusi")
        finally:
            release.join()
    assert code == 0, err
    assert err.splitlines() == [
        f"waiting for another program that is writing to {db} … (gives up after 20 s)"]
    assert out == "added library FI-Uusi\n"
    assert 1.8 < seconds < 10


@pytest.mark.slow  # waits out the lock for seconds
def test_the_notice_comes_after_about_a_second(populated: dict[str, str],
                                              monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PILOTKIT_BUSY_TIMEOUT", "3")
    db = Path(populated["PILOTKIT_DB"])
    told: list[tuple[float, Path, float]] = []
    start = time.monotonic()
    with VisitService.open(db, default_framework().ids) as store, write_lock(db):
        store.on_wait = lambda path, seconds: told.append((time.monotonic(), path, seconds))
        start = time.monotonic()
        with pytest.raises(DatabaseLocked) as refused:
            store.add_library("FI-Uusi", "Uusi")
        gave_up = time.monotonic()
    assert len(told) == 1
    when, path, seconds = told[0]
    assert (path, seconds) == (db, 3.0)
    assert 0.8 < when - start < 1.8
    assert 2.8 < gave_up - start < 5
    assert str(refused.value) == f"{db}: another program kept the database locked for 3 s; " \
                                 "nothing was changed"


def test_a_write_that_gets_the_lock_at_once_says_nothing(populated: dict[str, str]) -> None:
    seconds, code, _, err = timed(populated, "libraries", "add", "FI-Uusi", "Uusi")
    assert (code, err) == (0, "")
    assert seconds < 2.5


@pytest.mark.slow  # waits out the lock for seconds
def test_the_notice_and_the_refusal_in_finnish(populated: dict[str, str]) -> None:
    env = {**populated, "PILOTKIT_BUSY_TIMEOUT": "1.5"}
    db = populated["PILOTKIT_DB"]
    with write_lock(Path(db)):
        result = invoke(env, "--lang", "fi", "rounds", "add", "r9")
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"odotetaan toista ohjelmaa, joka kirjoittaa tietokantaan {db} … "
        "(luovutetaan 1.5 s kuluttua)",
        f"{db}: toinen ohjelma piti tietokantaa lukittuna 1.5 s; mitään ei muutettu"]


@pytest.mark.parametrize(("value", "seconds"), [
    (None, BUSY_TIMEOUT_S), ("", BUSY_TIMEOUT_S), ("2.5", 2.5), ("0", 0.0), (" 7 ", 7.0),
    ("soon", BUSY_TIMEOUT_S), ("-1", BUSY_TIMEOUT_S), ("nan", BUSY_TIMEOUT_S),
    ("inf", BUSY_TIMEOUT_S),
])
def test_the_busy_timeout_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch,
                                                     value: str | None, seconds: float) -> None:
    if value is None:
        monkeypatch.delenv("PILOTKIT_BUSY_TIMEOUT", raising=False)
    else:
        monkeypatch.setenv("PILOTKIT_BUSY_TIMEOUT", value)
    assert busy_timeout() == seconds
