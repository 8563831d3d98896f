"""The command line's ways out: problems in one line each, in the user's language, and exit 1.

Also opening the store for a command, which is where most such problems begin
(`open_store`), and SQLite's reasons in words a user can act on. No click here:
plain `pilotkit` starts the terminal app through `launch.py` without the parser.
"""

from __future__ import annotations

import sqlite3
import sys
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from pilotkit.core.langs import Lang

if TYPE_CHECKING:
    from pilotkit.core.visit_service import VisitService
    from pilotkit.settings import Settings


_lang: Lang = "en"


def set_message_language(lang: Lang) -> None:
    """The language `fail` and `warn` write in; the command line sets it once, from `--lang`."""
    global _lang
    _lang = lang


def fail(lines: Iterable[object]) -> NoReturn:
    """Report problems with the user's input, one line each, in the user's language; exit 1."""
    warn(lines)
    sys.exit(1)


def warn(lines: Iterable[object]) -> None:
    """Lines on stderr in the user's language (errors that carry a message key are translated)."""
    from pilotkit.core.messages import localize

    for line in lines:
        print(localize(line, _lang), file=sys.stderr)


def open_store(settings: Settings, readonly: bool = False) -> VisitService:
    """Open (or create) the database, or exit 1 with the reason.

    `readonly` for commands that only read: they never write to the file,
    never wait for a writer, and work on read-only media.
    """
    from pilotkit.core.database import StoreError
    from pilotkit.core.visit_service import VisitService
    from pilotkit.paths import db_path

    path = db_path(settings.db_option)
    try:
        store = VisitService.open(path, settings.principle_ids, readonly=readonly, on_wait=announce_wait)
    except StoreError as e:
        fail([e])
    if store.migrated_from is not None:
        version, backup = store.migrated_from
        from pilotkit.core.messages import render

        print(render("db_upgraded", _lang, path=path, version=version, backup=backup),
              file=sys.stderr)
    if store.read_through_copy is not None:
        from pilotkit.core.messages import render

        print(render("db_read_through_copy", _lang, path=path, version=store.read_through_copy),
              file=sys.stderr)
    return store


def announce_wait(path: Path, seconds: float) -> None:
    """A write that is waiting for another program's lock says so (it may wait `seconds`)."""
    from pilotkit.core.messages import render

    print(render("db_waiting", _lang, path=path, seconds=seconds), file=sys.stderr, flush=True)


@contextmanager
def store_errors() -> Iterator[None]:
    """Turn database and validation errors into one-line reasons and exit 1."""
    from pilotkit.core.database import StoreError
    from pilotkit.core.entities import InvalidValue

    try:
        yield
    except (StoreError, InvalidValue) as e:
        fail([e])
    except sqlite3.DatabaseError as e:
        from pilotkit.core.messages import render

        fail([render("sqlite_error", _lang, reason=describe_sqlite_error(e, _lang))])


def describe_sqlite_error(error: sqlite3.DatabaseError, lang: Lang = "en") -> str:
    """SQLite's reason in words a user can act on, in `lang`."""
    from pilotkit.core.messages import render

    text = str(error)
    code = getattr(error, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    if primary == sqlite3.SQLITE_FULL or "full" in text:
        return render("sqlite_full", lang)
    if primary == sqlite3.SQLITE_READONLY or "readonly" in text or "read-only" in text:
        return render("sqlite_read_only", lang)
    if primary in (sqlite3.SQLITE_BUSY, sqlite3.SQLITE_LOCKED) or "locked" in text or "busy" in text:
        return render("sqlite_locked", lang)
    return text
