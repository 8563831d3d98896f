"""Bring other laptops' databases in (contract §7): idempotent, never silent.

Visits are keyed by id, review log entries too. The source's log entries
this database has not seen are added (none is ever rewritten), and the
merged log decides the visit's status (`reviewlog.resolve`): a team lead's
decision is never undone by an evaluator's later edit, a decision made in an
evaluator's database is not taken, and where two leads decided differently
the later decision stands. Each of these is reported.

Content follows the status. A visit that is submitted, approved or rejected
has the content its deciding entry names (by digest), from whichever side
holds it. A visit still being filled (draft, returned) is merged as before:
each visit remembers the source's modification time at the last merge
(`merged_modified`), so a visit changed on one side only is a clean update,
and one changed on both sides (or met for the first time with different
content) is a conflict: the most recently modified version is kept and the
conflict is reported. A visit whose content is the same on both sides is
unchanged. The whole merge is one transaction.

Nothing read from the source is trusted (`merge_check.py`; the review log's
rows here): a source with any invalid row is refused whole, every problem
named, the target unchanged. Scores are computed again from the checked
answers, with every principle the visit's own scenario scores, so a
framework that has dropped a principle does not drop a visit's score for it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Generator, Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from pilotkit.core.database import (
    SCHEMA_VERSION,
    STAGED_CACHE_KIB,
    NotPilotkitDatabase,
    StoreError,
    connect_reading,
    inspect_file,
)
from pilotkit.core.digests import content_digest, migrated_entry_id
from pilotkit.core.entities import CONTENT_FIELDS as DIGEST_FIELDS
from pilotkit.core.entities import (
    ENTRY_COLUMNS,
    PURGED_EVALUATOR,
    STATUSES,
    Assignment,
    Status,
    isil_key,
    visit_time_utc,
)
from pilotkit.core.langs import Lang
from pilotkit.core.merge_check import (
    Answers,
    SourceCheck,
    columns,
    decode_text,
    scoring_principles,
)
from pilotkit.core.messages import Message, Translatable, Word, render
from pilotkit.core.reviewlog import (
    ACTIONS,
    DISCARDED,
    UNKNOWN_DATABASE,
    Entry,
    Moment,
    Resolution,
    is_decision,
    not_taken,
    resolve,
    taken,
)
from pilotkit.core.scenarios import Scenario, TextItem
from pilotkit.core.scoring import visit_scores
from pilotkit.core.store import GROUP_COLUMNS, Store, score_rows
from pilotkit.core.visit_service import VisitService

VISIT_FIELDS = ("id", "library_id", "round_id", "scenario_id", "scenario_version",
                "scenario_sha256", "evaluator", "channel", "language", "visited_at", "status",
                "comment", "created", "modified", "status_reason", "reviewed_at", "no_tie",
                "purged")


class MergeRefused(StoreError, Translatable):
    """The source has invalid rows and was not merged; `problems` has one line each."""

    problems: list[str]

    @classmethod
    def listing(cls, source: str, problems: list[str]) -> MergeRefused:
        first = problems[0]
        if isinstance(first, Message):  # without the source's name, given once already
            first = Message(first.key, **first.params)
        error: MergeRefused = cls.of("merge_refused", source=source, count=len(problems),
                                     first=first)
        error.problems = problems
        return error


@dataclass
class MergeSummary:
    source: str
    added: int = 0
    updated: int = 0
    unchanged: int = 0
    conflicts: list[str] = field(default_factory=list)
    """One line or two per conflicting visit (the log's, the content's)."""
    libraries: int = 0
    rounds: int = 0
    conflicted: int = 0
    """Visits in conflict."""
    discarded: int = 0
    """Drafts discarded in the source, gone here too."""
    not_taken: list[str] = field(default_factory=list)
    """Review decisions made in an evaluator's database: reported, not taken."""
    goals: int = 0
    """Report goals this database lacked, taken from the source."""
    plans: int = 0
    """Round plans this database lacked, taken from the source."""
    purged: int = 0
    """Visits purged in the source whose text is now removed here too."""
    unchanged_since: str | None = None
    """The source file is as it was when merged at this time: nothing was read again."""

    def line(self, lang: Lang = "en") -> str:
        extra = "".join(f", {render(key, lang, n=n)}" for n, key in (
            (self.discarded, "merge_discarded"), (len(self.not_taken), "merge_not_taken_n"),
            (self.goals, "merge_goals_taken"), (self.plans, "merge_plans_taken"),
            (self.purged, "merge_purged"))
            if n)
        if self.unchanged_since is not None:
            extra += ", " + render("merge_file_unchanged", lang,
                                   when=_moment(self.unchanged_since))
        return render("merge_summary", lang, source=self.source, added=self.added,
                      updated=self.updated, unchanged=self.unchanged,
                      conflicted=self.conflicted, libraries=self.libraries,
                      rounds=self.rounds, extra=extra)


def file_state(path: Path) -> str:
    """The database file as it lies: inode, size and times of it and of its -wal.

    Any commit to the source changes one of them (WAL appends to the -wal; a
    checkpoint rewrites the file and empties the -wal); the change time cannot be
    set back by hand as the modification time can, and a file replaced by another
    has another inode.
    """
    parts = []
    # not `with_name`: a path with no name (".", "/") must reach the "not a file" refusal
    for side in (path, Path(f"{path}-wal")):
        try:
            info = side.stat()
        except FileNotFoundError:
            info = None
        # an empty -wal holds nothing (readers create and remove one as they come and go)
        parts.append("-" if info is None or (side != path and info.st_size == 0)
                     else f"{info.st_ino}:{info.st_size}:{info.st_mtime_ns}:{info.st_ctime_ns}")
    return " ".join(parts)


def _database_id(conn: sqlite3.Connection) -> str | None:
    """The source's own id; None for a source older than the id, or one with an odd one."""
    try:
        row = conn.execute("SELECT id FROM this_database").fetchone()
    except sqlite3.OperationalError:
        return None
    return row[0] if row is not None and isinstance(row[0], str) else None


def open_source(path: Path, check: bool = True) -> sqlite3.Connection:
    """A reading connection to a pilotkit database, checked before anything is read.

    Through `connect_reading`: a source on a read-only USB stick or in a
    read-only folder is read (not called damaged), and nothing is written to it.
    Without `check`, the caller runs `_check_whole` itself when it needs to.
    """
    version = inspect_file(path)
    if version is None:
        raise StoreError.of("merge_no_database", path=path)
    if version > SCHEMA_VERSION:
        raise StoreError.of("merge_newer", path=path, version=version)
    try:
        conn = connect_reading(path)
    except sqlite3.DatabaseError as e:
        raise NotPilotkitDatabase.of("merge_damaged", path=path, reason=e) from None
    if check:
        try:
            _check_whole(conn, path)
        except StoreError:
            conn.close()
            raise
    return conn


def _check_whole(conn: sqlite3.Connection, path: Path) -> None:
    """SQLite's own check of every page: a damaged source is refused before it is read."""
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as e:
        raise StoreError.of("merge_damaged", path=path, reason=e) from None
    if check != "ok":
        raise StoreError.of("merge_damaged", path=path, reason=check)


def _answers_of(conn: sqlite3.Connection, visit_id: str) -> list[tuple[Any, ...]]:
    # ordered by SQLite: a damaged source may hold an item id that is a number or a blob
    return conn.execute(
        "SELECT item_id, value, typeof(value), note, modified FROM answers WHERE visit_id = ?"
        " ORDER BY item_id", [visit_id]).fetchall()


def _ids_are_text(conn: sqlite3.Connection, table: str) -> bool:
    """Every visit id in `visits` and in `table` is text: SQLite orders them as Python does."""
    return not conn.execute(
        "SELECT EXISTS (SELECT 1 FROM visits WHERE typeof(id) != 'text')"
        f" OR EXISTS (SELECT 1 FROM {table} WHERE typeof(visit_id) != 'text')").fetchone()[0]


class _ByVisit:
    """The rows of one scan ordered by visit id (at `key`), handed out a visit at a time.

    The source's visits come in id order, so one cursor per table serves them
    all: no query per visit.
    """

    def __init__(self, cursor: sqlite3.Cursor, key: int) -> None:
        self.cursor = cursor
        self.rows: Iterator[tuple[Any, ...]] = iter(cursor)
        self.key = key
        self.head = next(self.rows, None)

    def close(self) -> None:
        """The cursor closed now: one left to the garbage collector (an exception's frames
        hold it) keeps the source file open after its connection is closed."""
        self.cursor.close()

    def _group(self) -> tuple[Any, list[tuple[Any, ...]]]:
        assert self.head is not None
        visit_id, group = self.head[self.key], []
        while self.head is not None and self.head[self.key] == visit_id:
            group.append(self.head)
            self.head = next(self.rows, None)
        return visit_id, group

    def before(self, visit_id: str | None) -> Iterator[tuple[Any, list[tuple[Any, ...]]]]:
        """The groups of the visit ids before `visit_id` (every one left, for None)."""
        while self.head is not None and (visit_id is None or self.head[self.key] < visit_id):
            yield self._group()

    def at(self, visit_id: str) -> list[tuple[Any, ...]]:
        if self.head is not None and self.head[self.key] == visit_id:
            return self._group()[1]
        return []


class _SourceAnswers:
    """Each source visit's answers, as `_answers_of` gives them, from one ordered scan.

    A source whose visit ids are not all text (refused later, visit by visit)
    or that needs its text decoded by hand is read visit by visit, where
    SQLite's order and Python's could differ.
    """

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.conn = conn
        self.scan: _ByVisit | None = None
        if conn.text_factory is str and _ids_are_text(conn, "answers"):
            self.scan = _ByVisit(conn.execute(
                "SELECT visit_id, item_id, value, typeof(value), note, modified FROM answers"
                " ORDER BY visit_id, item_id"), key=0)

    def close(self) -> None:
        if self.scan is not None:
            self.scan.close()

    def of(self, visit_id: Any) -> list[tuple[Any, ...]]:
        if not _bindable(visit_id):
            return []  # an id that is not text cannot even be looked up (the visit is refused)
        if self.scan is None:
            return _answers_of(self.conn, visit_id)
        for _ in self.scan.before(visit_id):
            pass  # answers of no visit: never read
        return [row[1:] for row in self.scan.at(visit_id)]


class _SourceLogs:
    """Each source visit's log rows, checked, from one scan in visit order (as the answers).

    The logs of visits the source no longer has (drafts it discarded) turn up
    between the visits' ids and are kept for the end (`rest`). A source with
    ids that are not all text, or read with hand-decoded text, is read whole
    first, as before.
    """

    def __init__(self, conn: sqlite3.Connection, check: SourceCheck) -> None:
        self.check = check
        self.present = bool(columns(conn, "review_log"))
        """The source has a review log (older ones have none: theirs is made up)."""
        self.whole: dict[str, list[tuple[Any, ...]]] | None = None
        self.scan: _ByVisit | None = None
        self.gone: dict[str, list[tuple[Any, ...]]] = {}
        if not self.present:
            self.whole = {}
        elif conn.text_factory is str and _ids_are_text(conn, "review_log"):
            self.scan = _ByVisit(conn.execute(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM review_log"
                                              " ORDER BY visit_id, at, id"), key=1)
        else:
            self.whole = _source_logs(conn)
            _check_logs(check, self.whole)

    def close(self) -> None:
        if self.scan is not None:
            self.scan.close()

    def _keep_gone(self, visit_id: str | None) -> None:
        assert self.scan is not None
        for gone_id, rows in self.scan.before(visit_id):
            _check_logs(self.check, {gone_id: rows})
            self.gone[gone_id] = rows

    def of(self, visit_id: Any) -> list[tuple[Any, ...]]:
        if not _bindable(visit_id):
            return []
        if self.scan is None:
            assert self.whole is not None
            return self.whole.pop(visit_id, [])
        self._keep_gone(visit_id)
        rows = self.scan.at(visit_id)
        _check_logs(self.check, {visit_id: rows})
        return rows

    def rest(self) -> dict[str, list[tuple[Any, ...]]]:
        """The logs of the visits the source does not have."""
        if self.scan is None:
            assert self.whole is not None
            return self.whole
        self._keep_gone(None)
        return self.gone


def _source_logs(conn: sqlite3.Connection) -> dict[str, list[tuple[Any, ...]]]:
    """Every visit's log in the source, as rows; a source older than the log has none."""
    if not columns(conn, "review_log"):
        return {}
    logs: dict[str, list[tuple[Any, ...]]] = {}
    for row in conn.execute(f"SELECT {', '.join(ENTRY_COLUMNS)} FROM review_log"
                            " ORDER BY visit_id, at, id"):
        logs.setdefault(row[1], []).append(row)
    return logs


def _made_up_log(visit: dict[str, Any], answers: list[tuple[Any, ...]]
                 ) -> list[tuple[Any, ...]]:
    """The log a source older than the log would get by migrating: its status, as found."""
    if visit["status"] == "draft":
        return []
    at = visit["reviewed_at"] or visit["modified"]
    return [(migrated_entry_id(visit["id"], visit["status"], at), visit["id"], None, at,
             UNKNOWN_DATABASE, "evaluator", "migrate", None, visit["status"],
             visit["status_reason"], _digest(visit, answers))]


def _same(mine: dict[str, Any], my_answers: list[tuple[Any, ...]], theirs: dict[str, Any],
          their_answers: list[tuple[Any, ...]]) -> bool:
    """The same content on both sides (as `content_digest` would say, without hashing)."""
    return (all(mine[f] == theirs[f] for f in DIGEST_FIELDS)
            and [(a[0], a[1], a[2], a[3]) for a in my_answers]
            == [(a[0], a[1], a[2], a[3]) for a in their_answers])


def _digest(visit: dict[str, Any], answers: list[tuple[Any, ...]]) -> str:
    return content_digest(visit, [(a[0], a[1], a[3]) for a in answers])


def _source_visits(conn: sqlite3.Connection) -> Generator[dict[str, Any], None, None]:
    present = columns(conn, "visits")
    select = ", ".join(f if f in present else f"NULL AS {f}" for f in VISIT_FIELDS)
    cursor = conn.execute(f"SELECT {select} FROM visits ORDER BY id")
    try:
        for row in cursor:
            yield dict(zip(VISIT_FIELDS, row, strict=True))
    finally:
        cursor.close()


def merge_database(store: VisitService, source_path: Path, dry_run: bool = False,
                   progress: Callable[[int], None] | None = None) -> MergeSummary:
    """Merge one source database into `store`; with `dry_run`, count but write nothing.

    Raises `MergeRefused` listing every problem of a source that has any.
    """
    if source_path.exists() and store.path.exists() and source_path.samefile(store.path):
        raise StoreError.of("merge_into_itself", path=source_path)
    state = file_state(source_path)
    source = open_source(source_path, check=False)
    try:
        source_id = _database_id(source)
        last = store.merged_source(source_id) if source_id is not None else None
        if last is not None and last[0] == state:
            # The file has not been written since it was checked and merged whole, and a
            # merge is idempotent: merging it again would find every visit unchanged.
            return MergeSummary(str(source_path), unchanged=last[1], unchanged_since=last[2])
        _check_whole(source, source_path)
        remember = None if source_id is None else (source_id, state)
        try:
            return _merge(store, source, source_path, dry_run, progress, remember)
        except sqlite3.OperationalError as e:
            if "decode" not in str(e):
                raise
        # Text that is not UTF-8 stops SQLite's own decoding: read it again, slower, with
        # the bad bytes kept, so that every such field is named (the first try rolled back).
        source.text_factory = decode_text
        return _merge(store, source, source_path, dry_run, progress, remember)
    except sqlite3.DatabaseError as e:
        raise StoreError.of("merge_unreadable", path=source_path, reason=e) from None
    finally:
        source.close()


def _merge(store: VisitService, source: sqlite3.Connection, source_path: Path, dry_run: bool,
           progress: Callable[[int], None] | None,
           remember: tuple[str, str] | None) -> MergeSummary:
    summary = MergeSummary(str(source_path))
    try:
        with store.writing(bulk=True, cache_kib=STAGED_CACHE_KIB) as conn:
            check = SourceCheck(source, str(source_path), conn, store.stored_scenario,
                                store.principle_ids)
            check.check_reference_tables()
            if not check.problems:
                _merge_reference_tables(check, conn, summary)
            libraries = _library_ids(source, conn)
            scopes = Store.purge_scopes(conn)  # this database's and the source's, merged
            target = _TargetLog(store, conn)
            written = _NewVisits(store, conn)
            logs = _SourceLogs(source, check)
            source_answers = _SourceAnswers(source)
            source_visits = _source_visits(source)
            try:
                with store.staged(conn):  # new visits' rows land in key order, at the end
                    n_visits = 0
                    for n, visit in enumerate(source_visits, start=1):
                        n_visits = n
                        visit["library_id"] = libraries.get(visit["library_id"],
                                                            visit["library_id"])
                        answers = source_answers.of(visit["id"])
                        scenario = check.check_visit(visit, answers)
                        log = logs.of(visit["id"])
                        if scenario is not None and not check.problems:
                            if not logs.present:  # made up only from a visit that passed its check
                                log = _made_up_log(visit, answers)
                            _merge_visit(store, conn, target, written, visit, answers, log,
                                         scenario, summary, scopes)
                        if progress is not None and n % 500 == 0:
                            progress(n)
                    gone = logs.rest()  # the logs of drafts the source discarded, checked
                    if not check.problems:
                        for visit_id, log in gone.items():
                            _merge_gone(conn, target, visit_id, log, summary)
                        target.write()
                        written.write()
            finally:  # every cursor on the source closed now, not when collected
                source_visits.close()
                source_answers.close()
                logs.close()
            if check.problems:
                raise MergeRefused.listing(str(source_path), check.problems)  # rolls back
            if summary.purged or check.purges:
                Store.drop_unused_codes(conn)  # the codes of visits purged here go too
            else:
                Store.drop_unused_codes(conn, check.new_evaluators)
            if dry_run:
                raise _DryRun
            # a merge that left something to say stays a full merge next time, to say it again
            if remember is not None and not (summary.conflicts or summary.not_taken):
                store.remember_merged_source(conn, *remember, visits=n_visits)
    except _DryRun:
        pass
    else:
        if summary.purged:  # text removed here: gone from the file's bytes too
            store.compact()
    return summary


def _bindable(value: object) -> bool:
    if isinstance(value, str):
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            return False
    return True


class _DryRun(Exception):
    """Raised inside the transaction to roll a dry run back."""


def _merge_reference_tables(check: SourceCheck, conn: sqlite3.Connection,
                            summary: MergeSummary) -> None:
    """The source's libraries, rounds, evaluators and scenario texts, as checked."""
    before = conn.execute("SELECT (SELECT count(*) FROM libraries), (SELECT count(*) FROM rounds)"
                          ).fetchone()
    conn.executemany(
        "INSERT OR IGNORE INTO libraries (id, name, municipality, created) VALUES (?, ?, ?, ?)",
        check.libraries)
    conn.executemany(
        "INSERT OR IGNORE INTO rounds (id, label, pilot, start_date, end_date, created)"
        " VALUES (?, ?, ?, ?, ?, ?)", check.rounds)
    known = {row[0] for row in conn.execute("SELECT code FROM evaluators")}
    check.new_evaluators = {row[0] for row in check.evaluators} - known
    conn.executemany("INSERT OR IGNORE INTO evaluators (code, created) VALUES (?, ?)",
                     check.evaluators)
    conn.executemany(
        "INSERT INTO scenario_texts (sha256, scenario_id, version, content, item_facts)"
        " VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE"
        " SET item_facts = excluded.item_facts WHERE item_facts IS NULL", check.texts)
    after = conn.execute("SELECT (SELECT count(*) FROM libraries), (SELECT count(*) FROM rounds)"
                         ).fetchone()
    summary.libraries, summary.rounds = after[0] - before[0], after[1] - before[1]
    _merge_goals(check, conn, summary)
    _merge_second_wave(check, conn, summary)


def _merge_second_wave(check: SourceCheck, conn: sqlite3.Connection,
                       summary: MergeSummary) -> None:
    """Round ethics and plans where this database has none; every declared conflict.

    As with report goals, what this database already holds stays, and a
    difference is reported rather than settled unseen.
    """
    libraries = _library_ids(check.source, conn)
    for round_id, *values in check.ethics:
        mine = conn.execute("SELECT informed_on, purpose, retain_until FROM rounds"
                            " WHERE id = ?", [round_id]).fetchone()
        for column, mine_value, theirs in zip(("informed_on", "purpose", "retain_until"),
                                              mine, values, strict=True):
            if theirs is None or mine_value == theirs:
                continue
            if mine_value is None:
                conn.execute(f"UPDATE rounds SET {column} = ? WHERE id = ?", [theirs, round_id])
            else:
                summary.conflicts.append(Message(
                    "merge_round_differs", source=summary.source, round=round_id,
                    field=Message(f"round_field_{column}")))
    for scope, value, at in check.purges:
        Store.put_purge_scope(conn, scope, value, at)
    scopes = Store.purge_scopes(conn)
    # a declaration or its withdrawal, whichever was made last, on either side
    conn.executemany(
        "INSERT INTO evaluator_conflicts (evaluator, library_id, created, removed)"
        " VALUES (?, ?, ?, ?) ON CONFLICT (evaluator, library_id) DO UPDATE"
        " SET created = excluded.created, removed = excluded.removed"
        " WHERE coalesce(excluded.removed, excluded.created)"
        " > coalesce(evaluator_conflicts.removed, evaluator_conflicts.created)",
        [(e, libraries.get(lib, lib), created, removed)
         for e, lib, created, removed in check.conflicts])
    for round_id, (made, request, rows) in check.plans.items():
        if any(scope == "round" and value == round_id for scope, value, _ in scopes):
            continue  # purged here: its plan stays gone
        theirs = [Assignment(e, libraries.get(lib, lib), s, d, t) for e, lib, s, d, t in rows
                  if not any(scope == "before" and d < value for scope, value, _ in scopes)]
        if not theirs:
            continue
        mine = conn.execute("SELECT evaluator, library_id, scenario_id, date, slot"
                            " FROM plan_assignments WHERE round_id = ?"
                            " ORDER BY date, slot, evaluator", [round_id]).fetchall()
        if not conn.execute("SELECT 1 FROM plans WHERE round_id = ?", [round_id]).fetchone():
            conn.executemany("INSERT OR IGNORE INTO evaluators (code, created) VALUES (?, ?)",
                             [(a.evaluator, made) for a in theirs])
            Store.put_plan(conn, round_id, made, request, theirs)
            summary.plans += 1
        elif sorted(tuple(r) for r in mine) != sorted(
                (a.evaluator, a.library, a.scenario, a.date, a.slot) for a in theirs):
            summary.conflicts.append(Message("merge_plan_differs", source=summary.source,
                                             round=round_id, when=_moment(made)))


def _merge_goals(check: SourceCheck, conn: sqlite3.Connection, summary: MergeSummary) -> None:
    """The source's report goals where this database has none for those rounds.

    Where both have written different goals for the same rounds, this
    database's stay and the merge says so: a lead's words are never replaced
    unseen, and the other text is still in its own database.
    """
    for from_round, to_round, text, modified in check.goals:
        mine = conn.execute("SELECT text FROM report_goals WHERE from_round = ?"
                            " AND to_round = ?", [from_round, to_round]).fetchone()
        if mine is None:
            conn.execute("INSERT INTO report_goals (from_round, to_round, text, modified)"
                         " VALUES (?, ?, ?, ?)", [from_round, to_round, text, modified])
            summary.goals += 1
        elif mine[0] != text:
            summary.conflicts.append(Message(
                "merge_goals_differ", source=summary.source, rounds=f"{from_round} → {to_round}",
                when=_moment(modified)))


def _library_ids(source: sqlite3.Connection, conn: sqlite3.Connection) -> dict[str, str]:
    """Source library id → this database's, where the ISIL differs only in case (`fi-lohja` is
    FI-Lohja: the unique index on `id COLLATE NOCASE` kept the source's variant out)."""
    here = {isil_key(row[0]): row[0] for row in conn.execute("SELECT id FROM libraries")}
    # a source id that is not text is refused by the check; it maps to nothing here
    return {row[0]: here[isil_key(row[0])] for row in source.execute("SELECT id FROM libraries")
            if isinstance(row[0], str) and here.get(isil_key(row[0]), row[0]) != row[0]}


PENDING_ENTRIES = 5000
"""New log entries a merge holds before writing them out (memory stays flat)."""


class _TargetLog:
    """This database's review log during a merge: which entries it has, and the new ones.

    The new entries are written a batch at a time into the staged table, which is moved
    in key order at the end (as `add_visits` does): each visit is merged once, so none
    is read back before then.
    """

    def __init__(self, store: VisitService, conn: sqlite3.Connection) -> None:
        self.store, self.conn = store, conn
        self.here: str = conn.execute("SELECT id FROM this_database").fetchone()[0]
        self.known = {row[0] for row in conn.execute("SELECT id FROM review_log")}
        self.pending: list[Entry] = []

    def new(self, theirs: list[tuple[Any, ...]]) -> list[Entry]:
        """The source's entries (rows) this database has not seen."""
        return [Entry.from_row(row) for row in theirs if row[0] not in self.known]

    def of(self, visit_id: str) -> list[Entry]:
        return self.store.log_entries(visit_id, self.conn)

    def add(self, entries: list[Entry]) -> None:
        self.known.update(e.id for e in entries)
        self.pending.extend(entries)
        if len(self.pending) >= PENDING_ENTRIES:
            self.write()

    def write(self) -> None:
        """The new entries so far (to the staged table, which is moved in key order)."""
        self.store.insert_log(self.conn,
                              [e.row() for e in sorted(self.pending, key=lambda e: e.id)])
        self.pending = []


def _merge_visit(store: VisitService, conn: sqlite3.Connection, target: _TargetLog,
                 written: _NewVisits, visit: dict[str, Any], answers: Answers,
                 log: list[tuple[Any, ...]],
                 scenario: Scenario, summary: MergeSummary,
                 scopes: Sequence[tuple[str, str, str]] = ()) -> None:
    visit_id, here = visit["id"], target.here
    row = conn.execute(
        f"SELECT {', '.join(VISIT_FIELDS)}, merged_modified FROM visits WHERE id = ?",
        [visit_id]).fetchone()
    new = target.new(log)
    mine = None if row is None else dict(zip((*VISIT_FIELDS, "merged_modified"), row,
                                             strict=True))
    purged = (mine or {}).get("purged") or visit["purged"] or _purged_by(visit, scopes)
    if purged:  # purged on either side: its text never comes back (and the purge travels)
        texts = [item.id for item in scenario.items() if isinstance(item, TextItem)]
        visit, answers = _without_text(visit, answers, purged, texts)
        if mine is not None and not mine["purged"]:
            store.strip_text(conn, "id = ?", [visit_id], {mine["scenario_sha256"]: texts},
                             purged)
            summary.purged += 1
            mine = {**mine, "comment": None, "evaluator": PURGED_EVALUATOR, "purged": purged}
    my_answers = [] if mine is None else _answers_of(conn, visit_id)
    if mine is not None and not new and _same(mine, my_answers, visit, answers):
        summary.unchanged += 1  # the common case of a merge done again: nothing to decide
        return
    mine_log = target.of(visit_id)
    target.add(new)
    before, after = resolve(mine_log, here), resolve(mine_log + new, here)
    _report_not_taken(new, here, mine or visit, summary)
    if after.status == DISCARDED:
        if mine is not None:
            store.delete_visit_rows(conn, visit_id)
            summary.discarded += 1
        else:
            summary.unchanged += 1  # discarded here: it stays gone
        return
    status = {"status": after.status, "status_reason": after.reason,
              "reviewed_at": after.reviewed_at}
    if mine is None:
        written.add({**visit, **status}, answers, scenario, replace=False)
        summary.added += 1
        return
    take, content_conflict = _choose_content(mine, my_answers, visit, answers, after)
    lines = _log_conflict(before, after, new, here, mine, summary.source)
    if content_conflict is not None:
        lines.append(content_conflict)
    status_changed = any(mine[k] != v for k, v in status.items())
    if take:
        written.add({**visit, **status}, answers, scenario, replace=True)
    elif status_changed:
        store.set_visit_status(conn, visit_id, cast(Status, after.status), after.reason,
                               after.reviewed_at)
    if lines:
        summary.conflicts.extend(lines)
        summary.conflicted += 1
    elif take or status_changed:
        summary.updated += 1
    else:
        summary.unchanged += 1


def _purged_by(visit: dict[str, Any], scopes: Sequence[tuple[str, str, str]]) -> str | None:
    """When a purge here or in the source covered this visit (its round, or its day), if one
    did: a visit copied elsewhere before the purge arrives without its text."""
    day = str(visit["visited_at"])[:10]
    for scope, value, at in scopes:
        if (scope == "round" and visit["round_id"] == value) or (scope == "before"
                                                                and day < value):
            return at
    return None


def _without_text(visit: dict[str, Any], answers: Answers, purged: str,
                  texts: Sequence[str] = ()) -> tuple[dict[str, Any], Answers]:
    """A visit as `purge` leaves it: no comment, notes, text answers or evaluator code."""
    gone = set(texts)
    kept = [(a[0], a[1], a[2], None, a[4]) for a in answers
            if a[1] is not None and a[0] not in gone]
    return ({**visit, "comment": None, "evaluator": PURGED_EVALUATOR, "purged": purged},
            kept)


def _merge_gone(conn: sqlite3.Connection, target: _TargetLog, visit_id: str,
                log: list[tuple[Any, ...]], summary: MergeSummary) -> None:
    """A visit the source has only in its log: a draft it discarded, gone here too."""
    new = target.new(log)
    if not new:
        return
    mine_log = target.of(visit_id)
    target.add(new)
    if (resolve(mine_log + new, target.here).status == DISCARDED
            and target.store.delete_visit_rows(conn, visit_id)):
        summary.discarded += 1


def _choose_content(mine: dict[str, Any], my_answers: list[tuple[Any, ...]],
                    theirs: dict[str, Any], their_answers: list[tuple[Any, ...]],
                    after: Resolution) -> tuple[bool, str | None]:
    """Whether to take the source's content, and the content conflict to report if any."""
    if _same(mine, my_answers, theirs, their_answers):
        return False, None
    mine_digest, their_digest = _digest(mine, my_answers), _digest(theirs, their_answers)
    if after.status not in ("draft", "returned") and after.content is not None:
        # decided on (or submitted): the content its entry names, from whichever side has it
        if after.content == their_digest:
            return True, None
        if after.content == mine_digest:
            return False, None
    synced = mine["merged_modified"]
    if synced is not None and mine["modified"] == synced and theirs["modified"] > synced:
        return True, None  # changed over there only
    if synced is not None and theirs["modified"] == synced:
        return False, None  # changed here only: this side is the newer one
    source_newer = theirs["modified"] > mine["modified"]
    return source_newer, Message(
        "merge_content_differs", visit=theirs["id"], place=_place(theirs),
        kept=Message("merge_kept_source" if source_newer else "merge_kept_here"),
        when=_moment(max(theirs["modified"], mine["modified"])))


def _place(visit: dict[str, Any]) -> str:
    return f"{visit['library_id']}, {visit['scenario_id']}, {visit['visited_at']}"


def _moment(stamp: object) -> Moment:
    """A stored UTC time as a person reads it in a merge line: Finnish time, in their form."""
    return Moment(str(stamp))


def _when(entry: Entry) -> Moment:
    return _moment(entry.at)


def _log_conflict(before: Resolution, after: Resolution, new: list[Entry], here: str,
                  visit: dict[str, Any], source: str) -> list[str]:
    """The line to report when the merged log leaves a branch behind (nothing otherwise)."""
    counted = after.ids()
    lost_theirs = [e for e in new if taken(e, here) and e.id not in counted]
    lost_mine = [e for e in before.chain if e.id not in counted]
    if not (lost_theirs or lost_mine):
        return []
    names = {"visit": visit["id"], "place": _place(visit)}
    decisions = [e for e in after.chain if is_decision(e, here)]
    lost_decisions = [e for e in lost_theirs + lost_mine if is_decision(e, here)]
    if decisions and lost_decisions:
        first, second = max(lost_decisions, key=lambda e: e.at), decisions[-1]
        return [Message("merge_decisions_differ", **names,
                             first=Word("action", first.action), first_when=_when(first),
                             second=Word("action", second.action), second_when=_when(second))]
    if decisions:
        decision = decisions[-1]
        params = {**names, "decision": Word("action", decision.action), "when": _when(decision)}
        if lost_theirs:
            return [Message("merge_decision_stands", **params, source=source)]
        return [Message("merge_decision_stands_here", **params)]
    head = after.head
    assert head is not None  # a branch was left behind, so another was followed
    return [Message("merge_later_change_stands", **names,
                         action=Word("action", head.action), when=_when(head))]


def _report_not_taken(new: list[Entry], here: str, visit: dict[str, Any],
                      summary: MergeSummary) -> None:
    for entry in new:
        if not_taken(entry, here):
            summary.not_taken.append(Message(
                "merge_not_taken", visit=visit["id"], place=_place(visit),
                status=Word("status", entry.to_status), source=summary.source))


def _instant(visited_at: object) -> str | None:
    """The visit's sort key, as the store writes it (a trigger would fill it too, at the cost
    of one more write per visit); None for a time it cannot read leaves it to the trigger."""
    try:
        return visit_time_utc(str(visited_at))
    except (ValueError, OverflowError):
        return None


PENDING_VISITS = 500
"""New visits a merge holds before writing their rows out (three statements a batch, not a
visit: a third of the time of writing them went to the statements' own overhead)."""


class _NewVisits:
    """The visits a merge writes, a batch at a time, into the staged tables (moved in key
    order at the end, as the log's entries are: each visit is merged once, so none is read
    back before then). A visit replaced is deleted from the main tables at once."""

    def __init__(self, store: VisitService, conn: sqlite3.Connection) -> None:
        self.store, self.conn = store, conn
        self.visits: list[dict[str, Any]] = []
        self.answers: list[tuple[Any, ...]] = []
        self.scores: list[tuple[Any, ...]] = []
        self.principles: dict[str, list[str]] = {}
        """Per scenario text, the principles its visits are scored on."""

    def add(self, visit: dict[str, Any], answers: Answers, scenario: Scenario,
            replace: bool) -> None:
        visit_id = visit["id"]
        if replace:
            self.store.delete_visit_rows(self.conn, visit_id)
        self.visits.append({**visit, "merged_modified": visit["modified"],
                            "visited_utc": _instant(visit["visited_at"])})
        principles = self.principles.get(visit["scenario_sha256"])
        if principles is None:
            principles = self.principles[visit["scenario_sha256"]] = scoring_principles(
                self.store.principle_ids, scenario)
        scores = visit_scores(scenario, {a[0]: a[1] for a in answers if a[1] is not None},
                              principles)
        self.answers += [(visit_id, a[0], a[1], a[3], a[4], scores.items.get(a[0]))
                         for a in answers]
        self.scores += score_rows(visit_id, scores.as_dict(),
                                  [visit[c] for c in GROUP_COLUMNS])
        if len(self.visits) >= PENDING_VISITS:
            self.write()

    def write(self) -> None:
        """The rows held so far."""
        self.store.insert_visits(self.conn, self.visits)
        self.store.insert_answers(self.conn, self.answers)
        self.store.insert_scores(self.conn, self.scores)
        self.visits, self.answers, self.scores = [], [], []


def _check_logs(check: SourceCheck, logs: dict[str, list[tuple[Any, ...]]]) -> None:
    """Every review log row of the source, checked before any is taken (as `merge_check` does
    for the other tables): a row that would not fit this database's log is a problem line."""
    for visit_id, rows in logs.items():
        for row in rows:
            entry = dict(zip(ENTRY_COLUMNS, row, strict=True))
            for name in ("id", "database_id"):
                check.text("visit", visit_id, f"review_log.{name}", entry[name])
            for name in ("parent", "reason", "content"):
                check.text("visit", visit_id, f"review_log.{name}", entry[name], required=False)
            check.stamp("visit", visit_id, "review_log.at", entry["at"])
            check.one_of("visit", visit_id, "review_log.role", entry["role"], ("evaluator", "lead"))
            check.one_of("visit", visit_id, "review_log.action", entry["action"], sorted(ACTIONS))
            check.one_of("visit", visit_id, "review_log.from_status", entry["from_status"],
                         (*STATUSES, None))
            check.one_of("visit", visit_id, "review_log.to_status", entry["to_status"],
                         (*STATUSES, DISCARDED))
