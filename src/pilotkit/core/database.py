"""The database file: recognised, opened, backed up, migrated, and written in durable transactions.

One `Database` owns one connection. Every write is one `BEGIN IMMEDIATE`
transaction, committed with WAL and `synchronous=FULL`, so a call that
returns has reached the disk, and two processes on one file queue behind
the busy timeout instead of failing. A file is recognised as ours from its
header (magic bytes and `application_id`) before any connection that could
write to it is opened: another application's database keeps its bytes.
What the rows mean is `store.py`'s (the mapping) and the rules' (`visit_service.py`).
"""

from __future__ import annotations

import errno
import math
import os
import shutil
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from pilotkit.core.messages import Translatable, os_reason

APPLICATION_ID = 0x504C4B54  # "PLKT"
SCHEMA_VERSION = 15
"""The number of steps in `migrations.py` (a test keeps the two equal); kept here so
that opening an up-to-date database does not import sqlite-utils at all."""
READ_AS_IS_FROM = 12
"""The oldest schema a reading command reads as the file lies: the steps after it change
nothing a reader must read (step 13 only drops an index; step 14's item facts are read only
where present, `schema`; step 15 only adds an index), so copying a 700 MB file to upgrade
it privately would cost seconds for nothing. Raise it to the newest schema whenever a step
adds or changes something a reader cannot do without."""
ITEM_FACTS_FROM = 14
"""The schema step that added `scenario_texts.item_facts` (read only where present)."""
SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_S = 30.0
"""How long a writer waits for another program's write lock, unless $PILOTKIT_BUSY_TIMEOUT says."""
BUSY_TIMEOUT_ENV = "PILOTKIT_BUSY_TIMEOUT"
BUSY_NOTICE_S = 1.0
"""A writer that has waited this long for the lock says so (`Store.on_wait`), then waits on."""
SNAPSHOT_ATTEMPTS = 5
BULK_CACHE_KIB = 64 * 1024
STAGED_CACHE_KIB = 16 * 1024
"""A staged bulk write (`Store.staged`) inserts in key order and needs little cache: at
200,000 visits 16 MiB was as fast as 64 and kept the command's peak memory under 100 MiB."""


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
            raise NotPilotkitDatabase.of("db_not_a_file", path=path)
        with path.open("rb") as f:
            header = f.read(100)
    except OSError as e:
        raise StoreError.of("db_cannot_read", path=path, reason=os_reason(e)) from None
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise NotPilotkitDatabase.of("db_not_sqlite", path=path)
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise NotPilotkitDatabase.of("db_other_application", path=path)
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
        raise StoreError.of("db_cannot_read", path=path, reason=os_reason(e)) from None
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


Completion = Callable[[sqlite3.Connection, int], None]
"""What a migration leaves to the rules, done in its transaction: (connection, version before)."""


def _apply_migrations(conn: sqlite3.Connection, complete: Completion) -> None:
    from sqlite_utils import Database as Migratable

    from pilotkit.core.migrations import migrations

    before = int(conn.execute("PRAGMA user_version").fetchone()[0])
    migrations.apply(Migratable(conn))
    complete(conn, before)
    conn.execute(f"PRAGMA user_version={SCHEMA_VERSION}")


def _upgraded_copy(source: sqlite3.Connection, timeout: float, complete: Completion
                   ) -> sqlite3.Connection:
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
            _apply_migrations(copy, complete)
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


class Database:
    """One open database file and its one connection; every write a durable transaction."""

    def __init__(self, path: Path, conn: sqlite3.Connection,
                 principle_ids: Sequence[str] | Callable[[], Sequence[str]]) -> None:
        self.path = path
        self.conn = conn
        self._principle_ids = principle_ids
        self.migrated_from: tuple[int, Path] | None = None
        self.read_through_copy: int | None = None
        """The older schema of a file a reading open read through an upgraded private copy
        (`_upgraded_copy`): worth saying, as the copy is made again at every such open."""
        self.schema = SCHEMA_VERSION
        """The schema the connection holds: older only for a file read as it lies."""
        self.readonly = False
        """Opened for reading only (`open(..., readonly=True)`): every write is refused."""
        self.busy_timeout = busy_timeout()
        self.on_wait: Callable[[Path, float], None] | None = None
        """Told (path, seconds it will wait in all) when a write has waited `BUSY_NOTICE_S`
        for another program's lock; the command line says so on stderr."""
        self._lock = threading.RLock()

    @property
    def principle_ids(self) -> tuple[str, ...]:
        if callable(self._principle_ids):
            self._principle_ids = tuple(self._principle_ids())
        return tuple(self._principle_ids)

    # opening and closing

    @classmethod
    def open(cls, path: Path, principle_ids: Sequence[str] | Callable[[], Sequence[str]],
             readonly: bool = False, on_wait: Callable[[Path, float], None] | None = None
             ) -> Self:
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
            raise StoreError.of("db_cannot_create", path=path, reason=os_reason(e)) from None
        except sqlite3.Error as e:
            if _is_read_only(e):
                raise ReadOnlyDatabase.of("db_read_only", path=path) from None
            raise StoreError.of("db_cannot_open", path=path, reason=e) from None
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
                raise StoreError.of("db_cannot_prepare", path=path, reason=e) from None
            raise
        if backup is not None and version is not None:
            store.migrated_from = (version, backup)
        return store

    @classmethod
    def _open_reading(cls, path: Path, principle_ids: Sequence[str] | Callable[[], Sequence[str]]
                      ) -> Self:
        timeout = busy_timeout()
        conn, version = _open_checked(path, timeout)
        try:
            if version > SCHEMA_VERSION:
                raise newer_schema(path, version)
            if version < READ_AS_IS_FROM:
                try:
                    upgraded = _upgraded_copy(conn, timeout, cls._complete_migration)
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
        if version < READ_AS_IS_FROM:
            store.read_through_copy = version
        else:
            store.schema = version
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
                _apply_migrations(self.conn, self._complete_migration)

    def close(self) -> None:
        with self._lock:
            self.conn.close()

    def compact(self) -> bool:
        """Rewrite the file without its free pages and empty its write-ahead log: what was
        deleted is then gone from the bytes on disk too. False when another connection kept
        the log from being emptied (its old pages go when that program closes)."""
        if self.readonly:
            raise ReadOnlyDatabase.of("db_read_only", path=self.path)
        with self._lock:
            self.conn.execute("VACUUM")
            busy, _, _ = self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchone()
            return not busy

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextmanager
    def writing(self, bulk: bool = False, cache_kib: int = BULK_CACHE_KIB
                ) -> Iterator[sqlite3.Connection]:
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
                self.conn.execute(f"PRAGMA cache_size = -{int(cache_kib)}")
            try:
                self._begin_write()
                try:
                    yield self.conn
                    self._before_commit(self.conn)
                except BaseException:
                    self._after_rollback()
                    if self.conn.in_transaction:
                        self.conn.execute("ROLLBACK")
                    raise
                else:
                    self.conn.execute("COMMIT")
            finally:
                if cache_size is not None:
                    self.conn.execute(f"PRAGMA cache_size = {cache_size}")

    @classmethod
    def _complete_migration(cls, conn: sqlite3.Connection, before: int) -> None:
        """What the schema steps from version `before` leave to the rules (storage knows none:
        `VisitService` fills it in), in the migration's transaction."""

    def _before_commit(self, conn: sqlite3.Connection) -> None:
        """The last writes of a transaction, derived from its others (the store's sums)."""

    def _after_rollback(self) -> None:
        """Forget what a rolled-back transaction would have derived."""

    def _begin_write(self) -> None:
        """`BEGIN IMMEDIATE`: the write lock, up front.

        When another program holds it, waits `BUSY_NOTICE_S`, tells `on_wait`,
        then waits out the rest of the busy timeout; giving up names the lock,
        not damage (`DatabaseLocked`), and nothing has been written.
        """
        total = self.busy_timeout
        first = min(BUSY_NOTICE_S, total)
        try:
            for attempt, wait in enumerate((first, total - first)):
                if attempt:  # still locked after the first short wait
                    if total <= first:
                        break
                    if self.on_wait is not None:
                        self.on_wait(self.path, total)
                self._set_busy_timeout(wait)
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

