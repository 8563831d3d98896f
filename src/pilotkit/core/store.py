"""The SQLite store: every answer durable before anyone is told it is saved.

One `Store` owns one connection. Every write is one `BEGIN IMMEDIATE`
transaction, committed with WAL and `synchronous=FULL`, so a call that
returns has reached the disk, and two processes on one file queue behind
the busy timeout instead of failing. A file is recognised as ours from its
header (magic bytes and `application_id`) before any connection that could
write to it is opened: another application's database keeps its bytes.
"""

from __future__ import annotations

import errno
import math
import os
import shutil
import sqlite3
import tempfile
import threading
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pilotkit.core.entities import (
    OVERALL,
    ROLES,
    STATUSES,
    Library,
    Role,
    Round,
    Status,
    VisitMeta,
    check_date,
    check_datetime,
    check_evaluator,
    check_isil,
    check_round_id,
    isil_key,
    visit_time_utc,
)
from pilotkit.core.messages import Translatable, render

if TYPE_CHECKING:
    from pilotkit.core.answers import Answer
    from pilotkit.core.langs import Lang
    from pilotkit.core.reviewlog import Entry
    from pilotkit.core.scenarios import Item, Scenario, ScenarioFile
    from pilotkit.core.scoring import VisitScores
    from pilotkit.core.visit import Action

APPLICATION_ID = 0x504C4B54  # "PLKT"
SCHEMA_VERSION = 7
"""The number of steps in `migrations.py` (a test keeps the two equal); kept here so
that opening an up-to-date database does not import sqlite-utils at all."""
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0
"""How long a writer waits for another program's write lock, unless $PILOTKIT_BUSY_TIMEOUT says."""
BUSY_TIMEOUT_ENV = "PILOTKIT_BUSY_TIMEOUT"
BUSY_NOTICE_S = 1.0
"""A writer that has waited this long for the lock says so (`Store.on_wait`), then waits on."""
SNAPSHOT_ATTEMPTS = 5
BULK_CACHE_KIB = 64 * 1024


class StoreError(Translatable):
    """A problem with the database or with what was asked of it; one line.

    Raised as `StoreError.of("key", ...)` for a message in every language, or
    with a plain string.
    """


class NotPilotkitDatabase(StoreError):
    pass


class ReadOnlyDatabase(StoreError):
    """A write asked of a database that cannot be written here (read-only file, folder or disk)."""


class DatabaseLocked(StoreError):
    """Another program held the write lock for the whole busy timeout; nothing was written."""


class VisitNotFound(StoreError):
    """No visit, or no single one, has the id given."""


class ActionRefused(StoreError):
    """A status change the rules or this database's role do not allow (`visit.RULES`)."""


class MissingRequired(StoreError):
    """Submitting with required, shown items unanswered: named by their questions, in each language."""

    def __init__(self, items: Sequence[Item], visit: str = "") -> None:
        self.items = list(items)
        self.visit = visit
        super().__init__(self.text("en"))
        self.key = "missing_required"
        self.params = {}

    def text(self, lang: Lang) -> str:
        questions = "; ".join(item.text.get(lang) for item in self.items)
        return render("missing_required", lang, visit=self.visit, items=questions)


def now() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds")


# -- opening ---------------------------------------------------------------------------------------


def busy_timeout() -> float:
    """Seconds a writer waits for the write lock: `$PILOTKIT_BUSY_TIMEOUT` (a float), else 30."""
    raw = os.environ.get(BUSY_TIMEOUT_ENV, "").strip()
    try:
        value = float(raw) if raw else BUSY_TIMEOUT_S
    except ValueError:
        return BUSY_TIMEOUT_S
    return value if math.isfinite(value) and value >= 0 else BUSY_TIMEOUT_S


def _side_file(path: Path, suffix: str) -> Path:
    return path.with_name(path.name + suffix)


def _size(path: Path) -> int:
    try:
        return path.stat().st_size
    except OSError:
        return 0


def _writable(path: Path) -> bool:
    """Whether this process can write the database file and create its -wal/-shm beside it.

    False on a read-only mount whoever asks (EROFS), and for a file or folder
    without write permission (root has it everywhere).
    """
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK)


def _read_only_mount(path: Path) -> bool:
    try:
        return bool(os.statvfs(path).f_flag & os.ST_RDONLY)
    except (OSError, AttributeError):  # no statvfs: not known to be read-only
        return False


def _has_content(path: Path) -> bool:
    """True for a pilotkit database, False for a missing or empty file (a new database).

    Reads the header bytes only; raises `NotPilotkitDatabase` for anything else.
    """
    try:
        if not path.exists() or (path.is_file() and path.stat().st_size == 0):
            return False
        if not path.is_file():
            raise NotPilotkitDatabase(f"{path}: not a file")
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as e:
        raise StoreError(f"{path}: cannot read: {e.strerror or e}") from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotPilotkitDatabase(f"{path}: not a pilotkit database (not an SQLite file)")
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise NotPilotkitDatabase(
            f"{path}: not a pilotkit database (an SQLite database of another application)"
        )
    return True


class _PrivateCopy(sqlite3.Connection):
    """A connection to a private copy of a database; closing it removes the copy."""

    copy_dir: Path | None = None

    def close(self) -> None:
        super().close()
        if self.copy_dir is not None:
            shutil.rmtree(self.copy_dir, ignore_errors=True)
            self.copy_dir = None


def _private_dir() -> Path:
    return Path(tempfile.mkdtemp(prefix="pilotkit-"))  # mode 0700: this user's only


def _stamp(path: Path) -> tuple[int, int, int, int] | None:
    try:
        st = path.stat()
    except FileNotFoundError:
        return None
    return st.st_ino, st.st_size, st.st_mtime_ns, st.st_ctime_ns


def _snapshot(path: Path, timeout: float) -> sqlite3.Connection:
    """A connection to a private copy of the database and its WAL, taken while nothing changed.

    For a database this process cannot write beside (no -shm can be made) on
    a filesystem others may still write to: a writer changes the main file
    only by checkpointing and the -wal only by appending or restarting, so a
    copy during which neither file's size, times or inode moved holds one
    committed state. SQLite recovers the copied WAL into the copy.
    """
    folder = _private_dir()
    try:
        copy = folder / "snapshot.db"
        for _ in range(SNAPSHOT_ATTEMPTS):
            wal = _side_file(path, "-wal")
            before = (_stamp(path), _stamp(wal))
            shutil.copyfile(path, copy)
            if before[1] is not None:
                shutil.copyfile(wal, _side_file(copy, "-wal"))
            else:
                _side_file(copy, "-wal").unlink(missing_ok=True)
            if (_stamp(path), _stamp(wal)) == before:
                break
        else:
            raise StoreError.of("db_changing", path=path)
        conn = sqlite3.connect(copy, timeout=timeout, check_same_thread=False,
                               factory=_PrivateCopy)
        conn.copy_dir = folder
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return conn


def connect_reading(path: Path, timeout: float | None = None) -> sqlite3.Connection:
    """A connection that only reads an existing database, wherever it lies.

    Never creates a database, never writes to the file, and never waits for
    a writer (WAL readers read the last committed state). Where this process
    can write beside the file, or the database has WAL state (a -shm, or
    changes in the -wal), it is an ordinary read-only connection. Otherwise
    the -shm that such a connection needs cannot be created:

    - on a read-only mount with nothing in the -wal the database is opened
      `immutable`: SQLite then takes no locks and ignores the -wal and -shm,
      which is sound only while nobody can write the file meanwhile — true
      on read-only media — and nothing committed waits in the -wal;
    - otherwise (a read-only folder or file on a disk others may write to,
      or changes left in the -wal) it reads a private copy (`_snapshot`).
    """
    timeout = busy_timeout() if timeout is None else timeout
    uri = path.resolve().as_uri()
    wal_content = _size(_side_file(path, "-wal")) > 0
    writable = _writable(path)
    if writable or wal_content or _side_file(path, "-shm").exists():
        conn = sqlite3.connect(f"{uri}?mode=ro", uri=True, timeout=timeout,
                               check_same_thread=False)
        try:
            conn.execute("SELECT count(*) FROM sqlite_master").fetchone()  # opens the WAL now
            return conn
        except sqlite3.OperationalError:
            conn.close()
            if writable:
                raise
    if not wal_content and _read_only_mount(path):
        return sqlite3.connect(f"{uri}?mode=ro&immutable=1", uri=True, timeout=timeout,
                               check_same_thread=False)
    return _snapshot(path, timeout)


def _open_checked(path: Path, timeout: float) -> tuple[sqlite3.Connection, int]:
    """A reading connection to a pilotkit database (header already checked) and its schema version."""
    try:
        conn = connect_reading(path, timeout)
    except sqlite3.DatabaseError as e:
        raise NotPilotkitDatabase.of("db_damaged", path=path, reason=e) from None
    except OSError as e:
        raise StoreError(f"{path}: cannot read: {e.strerror or e}") from None
    try:
        version = int(conn.execute("PRAGMA user_version").fetchone()[0])
        conn.execute("SELECT count(*) FROM sqlite_master").fetchone()
    except sqlite3.DatabaseError as e:
        conn.close()
        raise NotPilotkitDatabase.of("db_damaged", path=path, reason=e) from None
    return conn, version


def inspect_file(path: Path) -> int | None:
    """The schema version of an existing pilotkit database, None for a missing or empty file.

    Reads only: the header bytes, then a reading connection (`connect_reading`,
    so a database on read-only media is read, not called damaged). Raises
    `NotPilotkitDatabase` for anything else.
    """
    if not _has_content(path):
        return None
    conn, version = _open_checked(path, busy_timeout())
    conn.close()
    return version


def newer_schema(path: Path, version: int) -> StoreError:
    error: StoreError = StoreError.of("db_newer", path=path, version=version, known=SCHEMA_VERSION)
    return error


PARTIAL_BACKUP = ".partial-"
"""A backup being written is named `.NAME.partial-PID-…` and renamed when it is whole."""


def backup_path(path: Path, version: int) -> Path:
    """A name no other backup can have: to the microsecond, with this process's id."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S.%fZ")
    return path.with_name(f"{path.name}.schema{version}-{stamp}-{os.getpid()}.bak")


def _backup(path: Path, version: int) -> Path:
    """Copy a database through SQLite (WAL included) before migrating it.

    The copy is written under a temporary name and renamed when complete, so
    a file with a backup's name is always a whole backup: a kill half-way
    leaves only a partial file, removed by the next backup.
    """
    _remove_partial_backups(path)
    target = backup_path(path, version)
    partial = target.with_name(f".{target.name}{PARTIAL_BACKUP}{os.getpid()}")
    source = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True,
                             timeout=BUSY_TIMEOUT_S)
    try:
        fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
        os.close(fd)
        try:
            dest = sqlite3.connect(partial)
            try:
                source.backup(dest)
            finally:
                dest.close()
            with partial.open("rb+") as f:
                os.fsync(f.fileno())
            os.replace(partial, target)
        except BaseException:
            partial.unlink(missing_ok=True)
            raise
    finally:
        source.close()
    return target


def _remove_partial_backups(path: Path) -> None:
    """Partial backups of `path` whose writer is gone (killed while copying)."""
    for partial in path.parent.glob(f".{path.name}.schema*{PARTIAL_BACKUP}*"):
        pid_text = partial.name.rsplit(PARTIAL_BACKUP, 1)[-1]
        try:
            os.kill(int(pid_text), 0)
        except ProcessLookupError:
            partial.unlink(missing_ok=True)
        except (ValueError, PermissionError, OSError):
            continue


def _create_file(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_WRONLY, 0o600)
    os.close(fd)
    os.chmod(path, 0o600)


def _can_write(path: Path) -> bool:
    """Whether SQLite can write this existing database here: the file, and its -wal and -shm
    (created beside it unless both are there already)."""
    if not os.access(path, os.W_OK):
        return False
    if os.access(path.parent, os.W_OK):
        return True
    sides = [_side_file(path, "-wal"), _side_file(path, "-shm")]
    return all(side.exists() and os.access(side, os.W_OK) for side in sides)


def _connect(path: Path, timeout: float) -> sqlite3.Connection:
    # check_same_thread=False: the TUI hands the store to one worker thread;
    # the Store's lock keeps a single user of the connection at a time.
    conn = sqlite3.connect(path, timeout=timeout, check_same_thread=False)
    _configure(conn, timeout)
    conn.execute("PRAGMA synchronous=FULL")
    return conn


def _configure(conn: sqlite3.Connection, timeout: float) -> None:
    """Per-connection settings; none of them writes to the file."""
    conn.execute(f"PRAGMA busy_timeout={int(timeout * 1000)}")
    conn.execute("PRAGMA foreign_keys=ON")


def _apply_migrations(conn: sqlite3.Connection) -> None:
    from sqlite_utils import Database

    from pilotkit.core.migrations import migrations

    migrations.apply(Database(conn))
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _upgraded_copy(source: sqlite3.Connection, timeout: float) -> sqlite3.Connection:
    """An older database, copied (through SQLite) to a private file and migrated there.

    What reading commands use, so that reading never writes: the database
    itself is upgraded, after a backup, by the next command that writes.
    """
    folder = _private_dir()
    try:
        copy = sqlite3.connect(folder / "upgraded.db", timeout=timeout, check_same_thread=False,
                               factory=_PrivateCopy)
        copy.copy_dir = folder
        try:
            source.backup(copy)
            copy.execute("BEGIN IMMEDIATE")
            _apply_migrations(copy)
            copy.execute("COMMIT")
        except BaseException:
            copy.close()
            raise
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
    return copy


def _is_busy(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None:
        return code & 0xFF in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED)
    return "locked" in str(error) or "busy" in str(error)


def _is_read_only(error: sqlite3.Error) -> bool:
    code = getattr(error, "sqlite_errorcode", None)
    if code is not None and code & 0xFF == sqlite3.SQLITE_READONLY:
        return True
    return "readonly" in str(error) or "read-only" in str(error)


# -- the store -------------------------------------------------------------------------------------


@dataclass
class OpenVisit:
    """A visit with the scenario it was filled with, as the TUI edits it."""

    meta: VisitMeta
    scenario: Scenario
    answers: dict[str, Answer]
    notes: dict[str, str]
    scores: dict[str, float | None]


@dataclass(frozen=True)
class DraftSummary:
    """A visit its evaluator can still edit: a draft, or one returned for correction."""

    id: str
    library: str
    library_name: str
    round: str
    scenario: str
    visited_at: str
    answered: int
    modified: str
    status: Status = "draft"
    reason: str | None = None
    """Why a returned visit was returned (the lead's words)."""
    channel: str = ""


@dataclass
class NewVisit:
    """A visit ready to be written in bulk (from `record` or `demo`)."""

    id: str
    library: str
    round: str
    scenario: ScenarioFile
    evaluator: str
    channel: str
    language: str | None
    visited_at: str
    status: Status
    answers: dict[str, Answer]
    notes: dict[str, str] = field(default_factory=dict)
    comment: str | None = None
    created: str | None = None
    modified: str | None = None


class Store:
    def __init__(self, path: Path, conn: sqlite3.Connection,
                 principle_ids: Sequence[str] | Callable[[], Sequence[str]]) -> None:
        self.path = path
        self.conn = conn
        self._principle_ids = principle_ids
        self.migrated_from: tuple[int, Path] | None = None
        self.readonly = False
        """Opened for reading only (`open(..., readonly=True)`): every write is refused."""
        self.busy_timeout = busy_timeout()
        self.on_wait: Callable[[Path, float], None] | None = None
        """Told (path, seconds it will wait in all) when a write has waited `BUSY_NOTICE_S`
        for another program's lock; the command line says so on stderr."""
        self._lock = threading.RLock()
        self._scenarios: dict[str, Scenario] = {}

    @property
    def principle_ids(self) -> tuple[str, ...]:
        if callable(self._principle_ids):
            self._principle_ids = tuple(self._principle_ids())
        return tuple(self._principle_ids)

    # opening and closing

    @classmethod
    def open(cls, path: Path, principle_ids: Sequence[str] | Callable[[], Sequence[str]],
             readonly: bool = False, on_wait: Callable[[Path, float], None] | None = None
             ) -> Store:
        """Open or create the database; `principle_ids` may be a function, asked on first use.

        `readonly` is for commands that only read: the file is never written,
        locked for writing or migrated (an older database is read through a
        migrated private copy), so it works on read-only media and never
        waits for a writer. A missing or empty file still becomes a new
        database, as on any first use. `on_wait` becomes `Store.on_wait`.
        """
        path = Path(path)
        if readonly and _has_content(path):
            return cls._open_reading(path, principle_ids)
        version = inspect_file(path)
        if version is not None and version > SCHEMA_VERSION:
            raise newer_schema(path, version)
        if version is not None and not _can_write(path):
            raise ReadOnlyDatabase.of("db_read_only", path=path)
        timeout = busy_timeout()
        backup: Path | None = None
        try:
            if version is None:
                _create_file(path)
            elif version < SCHEMA_VERSION:
                backup = _backup(path, version)
            conn = _connect(path, timeout)
        except OSError as e:
            if version is not None and e.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
                raise ReadOnlyDatabase.of("db_read_only", path=path) from None
            raise StoreError.of("db_cannot_create", path=path,
                                reason=e.strerror or e) from None
        except sqlite3.Error as e:
            if _is_read_only(e):
                raise ReadOnlyDatabase.of("db_read_only", path=path) from None
            raise StoreError(f"{path}: cannot open the database: {e}") from None
        store = cls(path, conn, principle_ids)
        store.busy_timeout = timeout
        store.on_wait = on_wait
        try:
            store._migrate(new=version is None)
        except BaseException as e:
            conn.close()
            if isinstance(e, sqlite3.Error):
                if _is_read_only(e):
                    raise ReadOnlyDatabase.of("db_read_only", path=path) from None
                raise StoreError(f"{path}: cannot prepare the database: {e}") from None
            raise
        if backup is not None and version is not None:
            store.migrated_from = (version, backup)
        return store

    @classmethod
    def _open_reading(cls, path: Path, principle_ids: Sequence[str] | Callable[[], Sequence[str]]
                      ) -> Store:
        timeout = busy_timeout()
        conn, version = _open_checked(path, timeout)
        try:
            if version > SCHEMA_VERSION:
                raise newer_schema(path, version)
            if version < SCHEMA_VERSION:
                try:
                    upgraded = _upgraded_copy(conn, timeout)
                except (sqlite3.Error, OSError) as e:
                    raise StoreError(f"{path}: schema {version} cannot be read by this version "
                                     f"through a temporary upgraded copy ({e}); open it once "
                                     "with a command that writes, on a writable copy") from None
                conn.close()
                conn = upgraded
            _configure(conn, timeout)
            conn.execute("PRAGMA query_only=ON")  # a write by mistake fails instead of waiting
        except BaseException:
            conn.close()
            raise
        store = cls(path, conn, principle_ids)
        store.readonly = True
        store.busy_timeout = timeout
        return store

    def _migrate(self, new: bool) -> None:
        if new:
            # Mark the file as ours before anything else, in rollback-journal
            # mode, so the mark lands in the main file's header at once.
            self.conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
            self.conn.execute("PRAGMA journal_mode=WAL")
        # Read first, outside any transaction: an up-to-date database (every
        # open but the first after an upgrade) takes no lock and waits for no one.
        current = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
        if current == SCHEMA_VERSION:
            return
        with self.writing():
            current = int(self.conn.execute("PRAGMA user_version").fetchone()[0])
            if current > SCHEMA_VERSION:
                raise newer_schema(self.path, current)
            if current < SCHEMA_VERSION:
                _apply_migrations(self.conn)

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self, bulk: bool = False) -> Iterator[sqlite3.Connection]:
        """One durable write transaction; takes the write lock up front.

        A `bulk` write (a merge, a big record) touches pages all over the file:
        with a page cache of its own size its changes stay in memory until the
        commit instead of spilling into the WAL again and again (a 20,000-visit
        merge took 35–40 % less time). The cache shrinks back afterwards.
        """
        if self.readonly:
            raise ReadOnlyDatabase.of("db_read_only", path=self.path)
        with self._lock:
            cache_size: int | None = None
            if bulk:
                cache_size = int(self.conn.execute("PRAGMA cache_size").fetchone()[0])
                self.conn.execute(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
            try:
                self._begin_write()
                try:
                    yield self.conn
                except BaseException:
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
                else:
                    self.conn.execute("COMMIT")
            finally:
                if cache_size is not None:
                    self.conn.execute(f"PRAGMA cache_size = {cache_size}")

    def _begin_write(self) -> None:
        """`BEGIN IMMEDIATE`: the write lock, up front.

        When another program holds it, waits `BUSY_NOTICE_S`, tells `on_wait`,
        then waits out the rest of the busy timeout; giving up names the lock,
        not damage (`DatabaseLocked`), and nothing has been written.
        """
        total = self.busy_timeout
        first = min(BUSY_NOTICE_S, total)
        try:
            self._set_busy_timeout(first)
            try:
                self.conn.execute("BEGIN IMMEDIATE")
                return
            except sqlite3.OperationalError as e:
                if not _is_busy(e):
                    raise
            if total > first:
                if self.on_wait is not None:
                    self.on_wait(self.path, total)
                self._set_busy_timeout(total - first)
                try:
                    self.conn.execute("BEGIN IMMEDIATE")
                    return
                except sqlite3.OperationalError as e:
                    if not _is_busy(e):
                        raise
            raise DatabaseLocked.of("db_locked", path=self.path, seconds=total)
        finally:
            self._set_busy_timeout(total)

    def _set_busy_timeout(self, seconds: float) -> None:
        self.conn.execute(f"PRAGMA busy_timeout={int(seconds * 1000)}")

    @contextmanager
    def reading(self) -> Iterator[sqlite3.Connection]:
        """The connection in one read transaction, for reads that stream their rows.

        Every cursor opened inside sees the same snapshot, however long the
        read takes and whoever writes meanwhile (an export merges two scans).
        """
        with self._lock:
            began = not self.conn.in_transaction
            if began:
                self.conn.execute("BEGIN")
            try:
                yield self.conn
            finally:
                try:
                    if began and self.conn.in_transaction:
                        self.conn.execute("COMMIT")
                except sqlite3.ProgrammingError:
                    # a reader left unfinished (an export whose output failed) may be
                    # closed after the store: the connection and its transaction are gone
                    pass

    def _rows(self, sql: str, params: Sequence[Any] | Mapping[str, Any] = ()) -> list[sqlite3.Row]:
        with self._lock:
            cursor = self.conn.execute(sql, params)
            cursor.row_factory = sqlite3.Row
            return cursor.fetchall()

    # libraries, rounds, evaluators

    def add_library(self, isil: str, name: str, municipality: str | None = None) -> Library:
        check_isil(isil)
        if not name.strip():
            raise StoreError("a library needs a name")
        with self.writing() as conn:
            existing = self._library_id(conn, isil)
            if existing is not None:
                raise StoreError.of("library_exists", isil=existing)
            conn.execute(
                "INSERT INTO libraries (id, name, municipality, created) VALUES (?, ?, ?, ?)",
                [isil, name.strip(), municipality, now()],
            )
        return Library(isil, name.strip(), municipality)

    def rename_library(self, isil: str, name: str) -> Library:
        """Give a library the name people know it by (its ISIL code stays its id)."""
        if not name.strip():
            raise StoreError("a library needs a name")
        with self.writing() as conn:
            stored = self._library_id(conn, isil)  # ISILs in any case, as stored
            if stored is None:
                raise StoreError(f"unknown library {isil}")
            row = conn.execute("SELECT municipality FROM libraries WHERE id = ?",
                               [stored]).fetchone()
            conn.execute("UPDATE libraries SET name = ? WHERE id = ?", [name.strip(), stored])
        return Library(stored, name.strip(), row[0])

    def libraries(self) -> list[Library]:
        return [Library(r["id"], r["name"], r["municipality"])
                for r in self._rows("SELECT * FROM libraries ORDER BY id")]

    @staticmethod
    def _library_id(conn: sqlite3.Connection, isil: str) -> str | None:
        # ISILs are case-insensitive; the unique index on id COLLATE NOCASE answers this
        row = conn.execute("SELECT id FROM libraries WHERE id = ? COLLATE NOCASE",
                           [isil]).fetchone()
        return None if row is None else str(row[0])

    def library_id(self, isil: str) -> str | None:
        """The stored id of the library with this ISIL in any case (`fi-lohja` → `FI-Lohja`)."""
        with self._lock:
            return self._library_id(self.conn, isil)

    def library_ids(self, isils: Iterable[str]) -> tuple[str, ...]:
        """ISILs as stored, compared case-insensitively; one the database lacks stays as given."""
        with self._lock:
            return tuple(self._library_id(self.conn, isil) or isil for isil in isils)

    def add_round(self, round_id: str, label: str | None = None, pilot: str | None = None,
                  start: str | None = None, end: str | None = None) -> Round:
        check_round_id(round_id)
        start = check_date(start) if start else None
        end = check_date(end) if end else None
        if start and end and end < start:
            raise StoreError(f"round {round_id}: ends ({end}) before it starts ({start})")
        with self.writing() as conn:
            if conn.execute("SELECT 1 FROM rounds WHERE id = ?", [round_id]).fetchone():
                raise StoreError(f"round {round_id} already exists")
            conn.execute(
                "INSERT INTO rounds (id, label, pilot, start_date, end_date, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [round_id, label, pilot, start, end, now()],
            )
        return Round(round_id, label, pilot, start, end)

    def rounds(self) -> list[Round]:
        return [Round(r["id"], r["label"], r["pilot"], r["start_date"], r["end_date"])
                for r in self._rows("SELECT * FROM rounds ORDER BY coalesce(start_date, ''), id")]

    def evaluators(self) -> list[str]:
        return [r["code"] for r in self._rows("SELECT code FROM evaluators ORDER BY code")]

    @staticmethod
    def _ensure_evaluator(conn: sqlite3.Connection, code: str) -> None:
        check_evaluator(code)
        conn.execute("INSERT OR IGNORE INTO evaluators (code, created) VALUES (?, ?)",
                     [code, now()])

    @staticmethod
    def _ensure_scenario_text(conn: sqlite3.Connection, scenario: ScenarioFile) -> None:
        conn.execute(
            "INSERT OR IGNORE INTO scenario_texts (sha256, scenario_id, version, content)"
            " VALUES (?, ?, ?, ?)",
            [scenario.sha256, scenario.scenario.id, scenario.scenario.version, scenario.content],
        )

    def stored_text(self, sha256: str) -> str:
        rows = self._rows("SELECT content FROM scenario_texts WHERE sha256 = ?", [sha256])
        if not rows:
            raise StoreError(f"scenario text {sha256[:12]} is missing from the database")
        return str(rows[0]["content"])

    def stored_scenario(self, sha256: str) -> Scenario:
        """The scenario a visit was filled with, parsed once per process."""
        cached = self._scenarios.get(sha256)
        if cached is None:
            from pilotkit.core.loader import scenario_from_text

            cached = scenario_from_text(self.stored_text(sha256))
            self._scenarios[sha256] = cached
        return cached

    def stored_versions(self, scenario_id: str) -> dict[int, str]:
        """Version → sha256 of every stored text of a scenario (latest stored per version)."""
        rows = self._rows("SELECT version, sha256 FROM scenario_texts WHERE scenario_id = ?"
                          " ORDER BY rowid", [scenario_id])
        return {r["version"]: r["sha256"] for r in rows}

    # visits

    def start_visit(self, scenario: ScenarioFile, library: str, round_id: str, evaluator: str,
                    visited_at: str, channel: str | None = None,
                    language: str | None = None) -> str:
        """Create a draft visit and return its id."""
        visit_id = str(uuid.uuid4())
        channel = channel or scenario.scenario.channel
        from pilotkit.core.scenarios import CHANNELS

        if channel not in CHANNELS:
            raise StoreError(f"unknown channel {channel!r}")
        visited_at = check_datetime(visited_at)
        with self.writing() as conn:
            library = self._check_refs(conn, library, round_id)
            self._ensure_evaluator(conn, evaluator)
            self._ensure_scenario_text(conn, scenario)
            stamp = now()
            conn.execute(
                "INSERT INTO visits (id, library_id, round_id, scenario_id, scenario_version,"
                " scenario_sha256, evaluator, channel, language, visited_at, visited_utc, status,"
                " comment, created, modified)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', NULL, ?, ?)",
                [visit_id, library, round_id, scenario.scenario.id, scenario.scenario.version,
                 scenario.sha256, evaluator, channel, language, visited_at,
                 visit_time_utc(visited_at), stamp, stamp],
            )
        self._scenarios.setdefault(scenario.sha256, scenario.scenario)
        return visit_id

    @classmethod
    def _check_refs(cls, conn: sqlite3.Connection, library: str, round_id: str) -> str:
        """The library's stored id; raises for an unknown library or round."""
        stored = cls._library_id(conn, library)
        if stored is None:
            raise StoreError(f"unknown library {library}")
        if not conn.execute("SELECT 1 FROM rounds WHERE id = ?", [round_id]).fetchone():
            raise StoreError(f"unknown round {round_id}")
        return stored

    def _editable(self, conn: sqlite3.Connection, visit_id: str) -> Scenario:
        row = conn.execute("SELECT status, scenario_sha256 FROM visits WHERE id = ?",
                           [visit_id]).fetchone()
        if row is None:
            raise StoreError(f"no visit {visit_id}")
        status, sha256 = row
        from pilotkit.core.visit import EDITABLE

        if status not in EDITABLE:
            raise StoreError(f"visit {visit_id[:8]} is {status}; reopen it to edit")
        return self.stored_scenario(sha256)

    def _item(self, scenario: Scenario, item_id: str) -> Item:
        item = scenario.item(item_id)
        if item is None:
            raise StoreError(f"scenario {scenario.id} has no item {item_id!r}")
        return item

    def set_answer(self, visit_id: str, item_id: str, value: object) -> VisitScores:
        """Store one answer durably and return the visit's new scores."""
        with self.writing() as conn:
            scenario = self._editable(conn, visit_id)
            from pilotkit.core.answers import check_answer

            stored = check_answer(self._item(scenario, item_id), value)
            stamp = now()
            conn.execute(
                "INSERT INTO answers (visit_id, item_id, value, note, modified)"
                " VALUES (?, ?, ?, NULL, ?) ON CONFLICT (visit_id, item_id)"
                " DO UPDATE SET value = excluded.value, modified = excluded.modified",
                [visit_id, item_id, stored, stamp],
            )
            return self._rescore(conn, visit_id, scenario, stamp)

    def clear_answer(self, visit_id: str, item_id: str) -> VisitScores:
        with self.writing() as conn:
            scenario = self._editable(conn, visit_id)
            self._item(scenario, item_id)
            stamp = now()
            conn.execute("UPDATE answers SET value = NULL, modified = ?"
                         " WHERE visit_id = ? AND item_id = ?", [stamp, visit_id, item_id])
            conn.execute("DELETE FROM answers WHERE visit_id = ? AND item_id = ?"
                         " AND note IS NULL", [visit_id, item_id])
            return self._rescore(conn, visit_id, scenario, stamp)

    def set_note(self, visit_id: str, item_id: str, note: str | None) -> None:
        note = note.strip() if note else None
        with self.writing() as conn:
            scenario = self._editable(conn, visit_id)
            self._item(scenario, item_id)
            stamp = now()
            conn.execute(
                "INSERT INTO answers (visit_id, item_id, value, note, modified)"
                " VALUES (?, ?, NULL, ?, ?) ON CONFLICT (visit_id, item_id)"
                " DO UPDATE SET note = excluded.note, modified = excluded.modified",
                [visit_id, item_id, note, stamp],
            )
            conn.execute("DELETE FROM answers WHERE visit_id = ? AND item_id = ?"
                         " AND note IS NULL AND value IS NULL", [visit_id, item_id])
            conn.execute("UPDATE visits SET modified = ? WHERE id = ?", [stamp, visit_id])

    def set_comment(self, visit_id: str, comment: str | None) -> None:
        with self.writing() as conn:
            self._editable(conn, visit_id)
            conn.execute("UPDATE visits SET comment = ?, modified = ? WHERE id = ?",
                         [comment.strip() if comment else None, now(), visit_id])

    def _answers(self, conn: sqlite3.Connection, visit_id: str) -> dict[str, Answer]:
        return {item: value for item, value in conn.execute(
            "SELECT item_id, value FROM answers WHERE visit_id = ? AND value IS NOT NULL",
            [visit_id])}

    def _rescore(self, conn: sqlite3.Connection, visit_id: str, scenario: Scenario,
                 stamp: str) -> VisitScores:
        from pilotkit.core.scoring import visit_scores

        scores = visit_scores(scenario, self._answers(conn, visit_id), self.principle_ids)
        conn.execute("DELETE FROM visit_scores WHERE visit_id = ?", [visit_id])
        conn.executemany(
            "INSERT INTO visit_scores (visit_id, principle, score) VALUES (?, ?, ?)",
            score_rows(visit_id, scores),
        )
        conn.execute("UPDATE visits SET modified = ? WHERE id = ?", [stamp, visit_id])
        return scores

    # roles and the review log

    def identity(self) -> tuple[str, Role]:
        """This database's own id (made once, at creation or migration) and its role."""
        row = self._rows("SELECT id, role FROM this_database")[0]
        return str(row["id"]), row["role"]

    @property
    def database_id(self) -> str:
        return self.identity()[0]

    @property
    def role(self) -> Role:
        return self.identity()[1]

    def set_role(self, role: Role) -> None:
        if role not in ROLES:
            raise StoreError(f"unknown role {role!r}")
        with self.writing() as conn:
            conn.execute("UPDATE this_database SET role = ?", [role])

    def apply(self, visit_ids: Sequence[str], action: Action, reason: str | None = None) -> None:
        """Take one action (`visit.RULES`) on visits, each logged: all of them, or none.

        Refused (`ActionRefused`, `MissingRequired`) when this database's role or a visit's
        status does not allow it; the refusal names the visit.
        """
        from pilotkit.core.visit import RULES, Visit, action_refusal

        reason = reason.strip() if reason and reason.strip() else None
        with self.writing() as conn:
            here, role = conn.execute("SELECT id, role FROM this_database").fetchone()
            for visit_id in visit_ids:
                row = conn.execute("SELECT status, scenario_sha256 FROM visits WHERE id = ?",
                                   [visit_id]).fetchone()
                if row is None:
                    raise StoreError(f"no visit {visit_id}")
                status, sha256 = row
                if action == "submit":
                    visit = Visit(self.stored_scenario(sha256), status, self.principle_ids,
                                  self._answers(conn, visit_id), id=visit_id)
                    refusal = visit.refused(action, role, reason)
                else:
                    refusal = action_refusal(action, status, role, reason, visit_id[:8])
                if refusal is not None:
                    if hasattr(refusal, "items"):
                        raise MissingRequired(refusal.items, visit_id[:8])
                    error = ActionRefused(str(refusal))
                    error.key, error.params = refusal.key, refusal.params
                    raise error
                self._log(conn, here, role, visit_id, action, status, RULES[action].target,
                          reason)

    def _log(self, conn: sqlite3.Connection, here: str, role: Role, visit_id: str,
             action: Action, status: Status, target: Status | None, reason: str | None) -> None:
        """Append the change to the visit's log and make the visit say the same, in one go."""
        from pilotkit.core.reviewlog import DISCARDED, resolve

        head = resolve(self.log_entries(visit_id, conn), here).head
        stamp = now()
        conn.execute(
            "INSERT INTO review_log (id, visit_id, parent, at, database_id, role, action,"
            " from_status, to_status, reason, content) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [str(uuid.uuid4()), visit_id, head.id if head else None, stamp, here, role, action,
             status, target or DISCARDED, reason,
             None if target is None else self._digest(conn, visit_id)])
        if target is None:
            conn.execute("DELETE FROM visits WHERE id = ?", [visit_id])
            return
        decided = target in ("approved", "rejected", "returned")
        conn.execute("UPDATE visits SET status = ?, status_reason = ?, reviewed_at = ?"
                     " WHERE id = ?", [target, reason, stamp if decided else None, visit_id])

    @staticmethod
    def _digest(conn: sqlite3.Connection, visit_id: str) -> str:
        from pilotkit.core.reviewlog import CONTENT_FIELDS, content_digest

        row = conn.execute(f"SELECT {', '.join(CONTENT_FIELDS)} FROM visits WHERE id = ?",
                           [visit_id]).fetchone()
        answers = conn.execute("SELECT item_id, value, note FROM answers WHERE visit_id = ?",
                               [visit_id]).fetchall()
        return content_digest(dict(zip(CONTENT_FIELDS, row, strict=True)), answers)

    def log_entries(self, visit_id: str, conn: sqlite3.Connection | None = None) -> list[Entry]:
        """Every entry of a visit's review log (a discarded draft's too), oldest first."""
        from pilotkit.core.reviewlog import ENTRY_COLUMNS, Entry

        with self._lock:
            rows = (conn or self.conn).execute(
                f"SELECT {', '.join(ENTRY_COLUMNS)} FROM review_log WHERE visit_id = ?"
                " ORDER BY at, id", [visit_id]).fetchall()
        return [Entry.from_row(row) for row in rows]

    def history(self, visit_id: str) -> list[tuple[Entry, bool]]:
        """The visit's log oldest first, each entry with whether it counts here.

        An entry that does not count lost to another at a merge (a conflict), or is
        a decision made in an evaluator's database elsewhere.
        """
        from pilotkit.core.reviewlog import resolve

        entries = self.log_entries(visit_id)
        counted = resolve(entries, self.database_id).ids()
        return [(entry, entry.id in counted) for entry in entries]

    def log_disagreements(self) -> list[str]:
        """Visits whose status is not what their log says (none, unless something is wrong)."""
        from pilotkit.core.reviewlog import DISCARDED, Entry, resolve

        here = self.database_id
        logs: dict[str, list[Entry]] = {}
        with self._lock:
            for row in self.conn.execute("SELECT * FROM review_log ORDER BY visit_id"):
                logs.setdefault(row[1], []).append(Entry.from_row(row))
            statuses = dict(self.conn.execute("SELECT id, status FROM visits").fetchall())
        wrong = [visit for visit, status in statuses.items()
                 if resolve(logs.get(visit, ()), here).status != status]
        wrong += [visit for visit, entries in logs.items()
                  if visit not in statuses and resolve(entries, here).status != DISCARDED]
        return sorted(wrong)

    def set_status(self, visit_id: str, status: Status, reason: str | None = None) -> None:
        """Move a visit to `status` by the one action that leads there from where it is.

        Draft → submitted (submit), submitted → draft (reopen), submitted → approved,
        rejected or returned (a lead's decision), returned → submitted (the corrected
        visit submitted again). `apply` names the action itself (undo, discard).
        """
        from pilotkit.core.visit import RULES

        if status not in STATUSES:
            raise StoreError(f"unknown status {status!r}")
        current = self.visit_meta(visit_id).status
        if status == current:
            return
        action = next((a for a, rule in RULES.items()
                       if current in rule.sources and rule.target == status), None)
        if action is None:
            raise StoreError(f"visit {visit_id[:8]} is {current}; it cannot become {status}")
        self.apply([visit_id], action, reason)

    def delete_draft(self, visit_id: str) -> None:
        """Discard a draft: gone, and its log entry keeps any merge from bringing it back."""
        self.apply([visit_id], "discard")

    def correct_draft(self, visit_id: str, library: str, round_id: str, channel: str,
                      visited_at: str) -> None:
        """Correct the details of a visit still being filled (a draft, or one returned)."""
        from pilotkit.core.scenarios import CHANNELS

        if channel not in CHANNELS:
            raise StoreError(f"unknown channel {channel!r}")
        visited_at = check_datetime(visited_at)
        with self.writing() as conn:
            self._editable(conn, visit_id)
            self._check_refs(conn, library, round_id)
            conn.execute("UPDATE visits SET library_id = ?, round_id = ?, channel = ?,"
                         " visited_at = ?, modified = ? WHERE id = ?",
                         [library, round_id, channel, visited_at, now(), visit_id])

    def visit_meta(self, visit_id: str) -> VisitMeta:
        rows = self._rows("SELECT * FROM visits WHERE id = ?", [visit_id])
        if not rows:
            raise StoreError(f"no visit {visit_id}")
        return _meta(rows[0])

    def open_visit(self, visit_id: str) -> OpenVisit:
        """A visit with its own stored scenario, whatever happened to the file since."""
        meta = self.visit_meta(visit_id)
        scenario = self.stored_scenario(meta.scenario_sha256)
        answers: dict[str, Answer] = {}
        notes: dict[str, str] = {}
        for row in self._rows("SELECT item_id, value, note FROM answers WHERE visit_id = ?",
                              [visit_id]):
            if row["value"] is not None:
                answers[row["item_id"]] = row["value"]
            if row["note"]:
                notes[row["item_id"]] = row["note"]
        scores: dict[str, float | None] = {p: None for p in self.principle_ids}
        scores[OVERALL] = None
        for row in self._rows("SELECT principle, score FROM visit_scores WHERE visit_id = ?",
                              [visit_id]):
            scores[row["principle"]] = row["score"]
        return OpenVisit(meta, scenario, answers, notes, scores)

    def drafts(self) -> list[DraftSummary]:
        """Visits still to be filled: returned ones first (a lead waits), then drafts, newest first."""
        rows = self._rows(
            "SELECT v.id, v.library_id, l.name AS library_name, v.round_id, v.scenario_id,"
            " v.visited_at, v.modified, v.status, v.status_reason, v.channel,"
            " (SELECT count(*) FROM answers a WHERE a.visit_id = v.id AND a.value IS NOT NULL)"
            "   AS answered"
            " FROM visits v JOIN libraries l ON l.id = v.library_id"
            " WHERE v.status IN ('draft', 'returned')"
            " ORDER BY v.status = 'draft', v.modified DESC"
        )
        return [DraftSummary(r["id"], r["library_id"], r["library_name"], r["round_id"],
                             r["scenario_id"], r["visited_at"], r["answered"], r["modified"],
                             r["status"], r["status_reason"], r["channel"])
                for r in rows]

    def draft_progress(self, visit_ids: Sequence[str]) -> dict[str, tuple[int, int]]:
        """Per visit, (answered, shown): its items shown under skip logic, as its screen counts them.

        Parses each visit's stored scenario (pydantic): for after the first screen is up.
        """
        from pilotkit.core.answers import visible_item_ids

        if not visit_ids:
            return {}
        marks = ", ".join("?" * len(visit_ids))
        answers: dict[str, dict[str, Answer]] = {v: {} for v in visit_ids}
        for row in self._rows(f"SELECT visit_id, item_id, value FROM answers"
                              f" WHERE visit_id IN ({marks}) AND value IS NOT NULL", visit_ids):
            answers[row["visit_id"]][row["item_id"]] = row["value"]
        progress = {}
        for row in self._rows(f"SELECT id, scenario_sha256 FROM visits WHERE id IN ({marks})",
                              visit_ids):
            given = answers[row["id"]]
            shown = visible_item_ids(self.stored_scenario(row["scenario_sha256"]), given)
            progress[row["id"]] = (sum(1 for item in given if item in shown), len(shown))
        return progress

    def list_visits(self, statuses: Sequence[str] = (), rounds: Sequence[str] = (),
                    libraries: Sequence[str] = (), limit: int | None = None) -> list[VisitMeta]:
        """Visits, newest visit first, optionally narrowed (the review queue uses this)."""
        clauses: list[str] = ["1"]
        params: list[str] = []
        for column, values in (("status", statuses), ("round_id", rounds),
                               ("library_id", self.library_ids(libraries))):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        # by the instant, whatever form each time was given in (offset or Finnish time)
        sql = (f"SELECT * FROM visits WHERE {' AND '.join(clauses)}"
               " ORDER BY visited_utc DESC, visited_at DESC, id"
               + (f" LIMIT {int(limit)}" if limit else ""))
        return [_meta(row) for row in self._rows(sql, params)]

    def find_visit(self, prefix: str, discarded: bool = False) -> str:
        """The full id of the one visit whose id starts with `prefix` (at least 6 characters).

        With `discarded`, a discarded draft (known from its log alone) is found too.
        """
        if len(prefix) < 6:
            raise VisitNotFound.of("visit_id_short", visit=prefix)
        pattern = prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        sql = "SELECT id FROM visits WHERE id LIKE ? ESCAPE '\\'"
        if discarded:
            sql += " UNION SELECT visit_id FROM review_log WHERE visit_id LIKE ? ESCAPE '\\'"
        rows = self._rows(sql + " LIMIT 2", [pattern] * (2 if discarded else 1))
        if not rows:
            raise VisitNotFound.of("no_visit", visit=prefix)
        if len(rows) > 1:
            raise VisitNotFound.of("visit_id_ambiguous", visit=prefix)
        return str(rows[0][0])

    def visit_count(self) -> int:
        return int(self._rows("SELECT count(*) AS n FROM visits")[0]["n"])

    def has_visit(self, visit_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM visits WHERE id = ?", [visit_id]))

    # bulk

    def add_visits(self, visits: Iterable[NewVisit], create_missing: bool = False,
                   libraries: Sequence[Library] = (), rounds: Sequence[Round] = ()) -> int:
        """Write many visits in one transaction: all of them, or none.

        `libraries` and `rounds` are added first, in the same transaction,
        where they do not exist yet.
        """
        from pilotkit.core.reviewlog import content_digest
        from pilotkit.core.scoring import visit_scores

        count = 0
        with self.writing(bulk=True) as conn:
            here, role = conn.execute("SELECT id, role FROM this_database").fetchone()
            log_rows: list[tuple[Any, ...]] = []
            stamp = now()
            conn.executemany(
                "INSERT OR IGNORE INTO libraries (id, name, municipality, created)"
                " VALUES (?, ?, ?, ?)",
                [(check_isil(lib.id), lib.name, lib.municipality, stamp) for lib in libraries])
            conn.executemany(
                "INSERT OR IGNORE INTO rounds (id, label, pilot, start_date, end_date, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [(check_round_id(r.id), r.label, r.pilot, r.start, r.end, stamp) for r in rounds])
            # ISIL → stored id, case-insensitively: `fi-lohja` in a file is the stored `FI-Lohja`
            known_libraries = {isil_key(r[0]): r[0] for r in conn.execute("SELECT id FROM libraries")}
            known_rounds = {r[0] for r in conn.execute("SELECT id FROM rounds")}
            evaluators = {r[0] for r in conn.execute("SELECT code FROM evaluators")}
            texts: set[str] = set()
            visit_rows: list[tuple[Any, ...]] = []
            answer_rows: list[tuple[Any, ...]] = []
            scores: list[tuple[Any, ...]] = []
            for v in visits:
                library = known_libraries.get(isil_key(v.library))
                if library is None:
                    if not create_missing:
                        raise StoreError(f"unknown library {v.library}")
                    conn.execute("INSERT INTO libraries (id, name, created) VALUES (?, ?, ?)",
                                 [v.library, v.library, now()])
                    library = known_libraries[isil_key(v.library)] = v.library
                if v.round not in known_rounds:
                    if not create_missing:
                        raise StoreError(f"unknown round {v.round}")
                    conn.execute("INSERT INTO rounds (id, created) VALUES (?, ?)",
                                 [v.round, now()])
                    known_rounds.add(v.round)
                if v.evaluator not in evaluators:
                    self._ensure_evaluator(conn, v.evaluator)
                    evaluators.add(v.evaluator)
                if v.scenario.sha256 not in texts:
                    self._ensure_scenario_text(conn, v.scenario)
                    texts.add(v.scenario.sha256)
                stamp = now()
                visit_rows.append((
                    v.id, library, v.round, v.scenario.scenario.id,
                    v.scenario.scenario.version, v.scenario.sha256, v.evaluator, v.channel,
                    v.language, v.visited_at, visit_time_utc(v.visited_at), v.status, v.comment,
                    v.created or stamp, v.modified or stamp,
                ))
                for item_id in v.answers.keys() | v.notes.keys():
                    answer_rows.append((v.id, item_id, v.answers.get(item_id),
                                        v.notes.get(item_id), v.modified or stamp))
                if v.status != "draft":  # a visit with no log entry is a draft
                    content = {"library_id": library, "round_id": v.round,
                               "scenario_sha256": v.scenario.sha256, "evaluator": v.evaluator,
                               "channel": v.channel, "language": v.language,
                               "visited_at": v.visited_at, "comment": v.comment}
                    log_rows.append((
                        str(uuid.uuid4()), v.id, None, stamp, here, role, "record", None,
                        v.status, None, content_digest(content, [
                            (item, v.answers.get(item), v.notes.get(item))
                            for item in v.answers.keys() | v.notes.keys()])))
                groups = (library, v.round, v.scenario.scenario.id, v.channel, v.status)
                scores.extend((*row, *groups) for row in score_rows(
                    v.id, visit_scores(v.scenario.scenario, v.answers, self.principle_ids)))
                count += 1
            visit_rows.sort(key=lambda row: row[0])
            conn.executemany(
                "INSERT INTO visits (id, library_id, round_id, scenario_id, scenario_version,"
                " scenario_sha256, evaluator, channel, language, visited_at, visited_utc, status,"
                " comment, created, modified)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
                visit_rows,
            )
            # in key order: B-tree inserts then append instead of splitting pages at random
            answer_rows.sort(key=lambda row: (row[0], row[1]))
            scores.sort(key=lambda row: (row[0], row[1]))
            conn.executemany(
                "INSERT INTO answers (visit_id, item_id, value, note, modified)"
                " VALUES (?, ?, ?, ?, ?)", answer_rows)
            conn.executemany(
                "INSERT INTO visit_scores (visit_id, principle, score, library_id, round_id,"
                " scenario_id, channel, status) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", scores)
            conn.executemany(
                "INSERT INTO review_log (id, visit_id, parent, at, database_id, role, action,"
                " from_status, to_status, reason, content)"
                " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", log_rows)
        return count


def score_rows(visit_id: str, scores: VisitScores) -> list[tuple[str, str, float]]:
    return [(visit_id, principle, score) for principle, score in scores.as_dict().items()
            if score is not None]


def _meta(row: sqlite3.Row) -> VisitMeta:
    return VisitMeta(
        id=row["id"], library=row["library_id"], round=row["round_id"],
        scenario=row["scenario_id"], scenario_version=row["scenario_version"],
        scenario_sha256=row["scenario_sha256"], evaluator=row["evaluator"],
        channel=row["channel"], language=row["language"], visited_at=row["visited_at"],
        status=row["status"], comment=row["comment"], status_reason=row["status_reason"],
        created=row["created"], modified=row["modified"],
    )

