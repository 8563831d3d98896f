"""What every way into pilotkit shares: its settings, the store, and one-line failures.

No click here: plain `pilotkit` starts the terminal app without importing the
command-line parser (see `launch.py`).
"""

from __future__ import annotations

import sqlite3
import sys
import threading
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

from pilotkit.core.langs import Lang
from pilotkit.language import resolve_lang
from pilotkit.paths import scenario_dirs

if TYPE_CHECKING:
    from pilotkit.core.loader import Catalog
    from pilotkit.core.principles import Framework
    from pilotkit.core.visit_service import VisitService


@dataclass
class Settings:
    """What the options of `pilotkit` itself decide for every subcommand."""

    db_option: str | None
    scenario_dirs: list[Path]
    lang: Lang
    _catalog: Catalog | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _framework: Framework | None = field(default=None, repr=False)

    def catalog(self) -> Catalog:
        """The scenarios and framework, loaded once on first use, from any thread.

        Loading imports pydantic and validates every scenario file, so the
        terminal app does it in the background while its first screen is up.
        """
        with self._lock:
            if self._catalog is None:
                from pilotkit.core.loader import load_catalog

                self._catalog = load_catalog(self.scenario_dirs)
            return self._catalog

    @property
    def catalog_loaded(self) -> bool:
        return self._catalog is not None

    def framework(self) -> Framework:
        """The principles alone, without loading any scenario (enough for comparisons)."""
        if self._catalog is not None:
            return self._catalog.framework
        if self._framework is None:
            from pilotkit.core.framework import framework_for

            self._framework = framework_for([d for d in self.scenario_dirs if d.is_dir()], [])
        return self._framework

    def principle_ids(self) -> tuple[str, ...]:
        """Without a team's framework.yaml these are the default seven, known without parsing."""
        from pilotkit.core.entities import DEFAULT_PRINCIPLE_IDS, FRAMEWORK_FILE

        if self._catalog is None and self._framework is None and not any(
                (d / FRAMEWORK_FILE).is_file() for d in self.scenario_dirs):
            return DEFAULT_PRINCIPLE_IDS
        return self.framework().ids

    @classmethod
    def from_options(cls, db_option: str | None = None, scenario_options: Sequence[Path] = (),
                     lang: str | None = None) -> Settings:
        """From `pilotkit`'s own options; what is not given comes from the environment."""
        settings = cls(db_option, scenario_dirs(scenario_options), resolve_lang(lang))
        set_message_language(settings.lang)
        return settings


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
        print(f"note: upgraded {path} from schema {version}; backup at {backup}", file=sys.stderr)
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
