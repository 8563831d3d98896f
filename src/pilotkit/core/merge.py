"""Bring other laptops' databases in (contract §7): idempotent, never silent.

Visits are keyed by id. A visit whose content is the same on both sides is
unchanged. Each visit remembers the source's modification time at the last
merge (`merged_modified`), so a visit changed on one side only is a clean
update, and one changed on both sides (or met for the first time with
different content) is a conflict: the most recently modified version is
kept and the conflict is reported. The whole merge is one transaction.

Nothing read from the source is trusted (`merge_check.py`): a source with
any invalid row is refused whole, every problem named, the target unchanged.
Scores are computed again from the checked answers, with every principle the
visit's own scenario scores, so a framework that has dropped a principle
does not drop a visit's score for it.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from pilotkit.core.entities import isil_key, visit_time_utc
from pilotkit.core.merge_check import Answers, SourceCheck, decode_text, scoring_principles
from pilotkit.core.messages import Message, Translatable
from pilotkit.core.scenarios import Scenario
from pilotkit.core.scoring import visit_scores
from pilotkit.core.store import (
    SCHEMA_VERSION,
    NotPilotkitDatabase,
    Store,
    StoreError,
    connect_reading,
    inspect_file,
    score_rows,
)

VISIT_FIELDS = ("id", "library_id", "round_id", "scenario_id", "scenario_version",
                "scenario_sha256", "evaluator", "channel", "language", "visited_at", "status",
                "comment", "created", "modified", "status_reason", "reviewed_at")
CONTENT_FIELDS = ("library_id", "round_id", "scenario_sha256", "evaluator", "channel",
                  "language", "visited_at", "status", "comment", "status_reason")


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
    libraries: int = 0
    rounds: int = 0

    def line(self) -> str:
        return (f"{self.source}: {self.added} added, {self.updated} updated, "
                f"{self.unchanged} unchanged, {len(self.conflicts)} conflicts "
                f"({self.libraries} new libraries, {self.rounds} new rounds)")


def open_source(path: Path) -> sqlite3.Connection:
    """A reading connection to a pilotkit database, checked before anything is read.

    Through `connect_reading`: a source on a read-only USB stick or in a
    read-only folder is read (not called damaged), and nothing is written to it.
    """
    version = inspect_file(path)
    if version is None:
        raise StoreError(f"{path}: no such database (or an empty file)")
    if version > SCHEMA_VERSION:
        raise StoreError(f"{path}: written by a newer pilotkit (schema {version}); "
                         "upgrade pilotkit to merge it")
    try:
        conn = connect_reading(path)
    except sqlite3.DatabaseError as e:
        raise NotPilotkitDatabase(f"{path}: damaged database ({e}); nothing merged") from None
    try:
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise StoreError(f"{path}: damaged database ({check}); nothing merged")
    except sqlite3.DatabaseError as e:
        conn.close()
        raise StoreError(f"{path}: damaged database ({e}); nothing merged") from None
    except StoreError:
        conn.close()
        raise
    return conn


def _columns(conn: sqlite3.Connection, table: str) -> set[str]:
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def _answers_of(conn: sqlite3.Connection, visit_id: str) -> list[tuple[Any, ...]]:
    # ordered by SQLite: a damaged source may hold an item id that is a number or a blob
    return conn.execute(
        "SELECT item_id, value, typeof(value), note, modified FROM answers WHERE visit_id = ?"
        " ORDER BY item_id", [visit_id]).fetchall()


def _fingerprint(visit: dict[str, Any], answers: list[tuple[Any, ...]]) -> tuple[Any, ...]:
    return (tuple(visit.get(f) for f in CONTENT_FIELDS),
            tuple((a[0], a[1], a[2], a[3]) for a in answers))


def _source_visits(conn: sqlite3.Connection) -> Iterator[dict[str, Any]]:
    present = _columns(conn, "visits")
    select = ", ".join(f if f in present else f"NULL AS {f}" for f in VISIT_FIELDS)
    cursor = conn.execute(f"SELECT {select} FROM visits ORDER BY id")
    for row in cursor:
        yield dict(zip(VISIT_FIELDS, row, strict=True))


def merge_database(store: Store, source_path: Path, dry_run: bool = False,
                   progress: Callable[[int], None] | None = None) -> MergeSummary:
    """Merge one source database into `store`; with `dry_run`, count but write nothing.

    Raises `MergeRefused` listing every problem of a source that has any.
    """
    if source_path.exists() and store.path.exists() and source_path.samefile(store.path):
        raise StoreError(f"{source_path}: that is the database being merged into")
    source = open_source(source_path)
    try:
        try:
            return _merge(store, source, source_path, dry_run, progress)
        except sqlite3.OperationalError as e:
            if "decode" not in str(e):
                raise
        # Text that is not UTF-8 stops SQLite's own decoding: read it again, slower, with
        # the bad bytes kept, so that every such field is named (the first try rolled back).
        source.text_factory = decode_text
        return _merge(store, source, source_path, dry_run, progress)
    except sqlite3.DatabaseError as e:
        raise StoreError(f"{source_path}: cannot be read ({e}); nothing merged") from None
    finally:
        source.close()


def _merge(store: Store, source: sqlite3.Connection, source_path: Path, dry_run: bool,
           progress: Callable[[int], None] | None) -> MergeSummary:
    summary = MergeSummary(str(source_path))
    try:
        with store.writing(bulk=True) as conn:
            check = SourceCheck(source, str(source_path), conn, store.stored_scenario,
                                store.principle_ids)
            check.check_reference_tables()
            if not check.problems:
                _merge_reference_tables(check, conn, summary)
            libraries = _library_ids(source, conn)
            for n, visit in enumerate(_source_visits(source), start=1):
                visit["library_id"] = libraries.get(visit["library_id"], visit["library_id"])
                # an id that is not text cannot even be looked up (the visit is refused)
                answers = _answers_of(source, visit["id"]) if _bindable(visit["id"]) else []
                scenario = check.check_visit(visit, answers)
                if scenario is not None and not check.problems:
                    _merge_visit(store, conn, visit, answers, scenario, summary)
                if progress is not None and n % 500 == 0:
                    progress(n)
            if check.problems:
                raise MergeRefused.listing(str(source_path), check.problems)  # rolls back
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
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
    conn.executemany("INSERT OR IGNORE INTO evaluators (code, created) VALUES (?, ?)",
                     check.evaluators)
    conn.executemany(
        "INSERT OR IGNORE INTO scenario_texts (sha256, scenario_id, version, content)"
        " VALUES (?, ?, ?, ?)", check.texts)
    after = conn.execute("SELECT (SELECT count(*) FROM libraries), (SELECT count(*) FROM rounds)"
                         ).fetchone()
    summary.libraries, summary.rounds = after[0] - before[0], after[1] - before[1]


def _library_ids(source: sqlite3.Connection, conn: sqlite3.Connection) -> dict[str, str]:
    """Source library id → this database's, where the ISIL differs only in case (`fi-lohja` is
    FI-Lohja: the unique index on `id COLLATE NOCASE` kept the source's variant out)."""
    here = {isil_key(row[0]): row[0] for row in conn.execute("SELECT id FROM libraries")}
    # a source id that is not text is refused by the check; it maps to nothing here
    return {row[0]: here[isil_key(row[0])] for row in source.execute("SELECT id FROM libraries")
            if isinstance(row[0], str) and here.get(isil_key(row[0]), row[0]) != row[0]}


def _merge_visit(store: Store, conn: sqlite3.Connection, visit: dict[str, Any],
                 answers: Answers, scenario: Scenario, summary: MergeSummary) -> None:
    visit_id = visit["id"]
    row = conn.execute(
        f"SELECT {', '.join(VISIT_FIELDS)}, merged_modified FROM visits WHERE id = ?",
        [visit_id]).fetchone()
    if row is None:
        _write_visit(store, conn, visit, answers, scenario, replace=False)
        summary.added += 1
        return
    mine = dict(zip((*VISIT_FIELDS, "merged_modified"), row, strict=True))
    if _fingerprint(mine, _answers_of(conn, visit_id)) == _fingerprint(visit, answers):
        summary.unchanged += 1
        return
    synced = mine["merged_modified"]
    if synced is not None and mine["modified"] == synced and visit["modified"] > synced:
        _write_visit(store, conn, visit, answers, scenario, replace=True)  # changed there only
        summary.updated += 1
        return
    if synced is not None and visit["modified"] == synced:
        summary.unchanged += 1  # changed here only: this side is the newer one
        return
    source_newer = visit["modified"] > mine["modified"]
    kept = "the source's" if source_newer else "this database's"
    summary.conflicts.append(
        f"conflict: visit {visit_id} ({visit['library_id']}, {visit['scenario_id']}, "
        f"{visit['visited_at']}) differs in both databases; kept {kept} version, "
        f"modified {max(visit['modified'], mine['modified'])}")
    if source_newer:
        _write_visit(store, conn, visit, answers, scenario, replace=True)


def _instant(visited_at: object) -> str | None:
    """The visit's sort key, as the store writes it (a trigger would fill it too, at the cost
    of one more write per visit); None for a time it cannot read leaves it to the trigger."""
    try:
        return visit_time_utc(str(visited_at))
    except (ValueError, OverflowError):
        return None


def _write_visit(store: Store, conn: sqlite3.Connection, visit: dict[str, Any],
                 answers: Answers, scenario: Scenario, replace: bool) -> None:
    visit_id = visit["id"]
    if replace:
        conn.execute("DELETE FROM answers WHERE visit_id = ?", [visit_id])
        conn.execute("DELETE FROM visit_scores WHERE visit_id = ?", [visit_id])
        conn.execute("DELETE FROM visits WHERE id = ?", [visit_id])
    fields = (*VISIT_FIELDS, "merged_modified", "visited_utc")
    conn.execute(f"INSERT INTO visits ({', '.join(fields)}) VALUES ({', '.join('?' * len(fields))})",
                 [*(visit[f] for f in VISIT_FIELDS), visit["modified"],
                  _instant(visit["visited_at"])])
    conn.executemany(
        "INSERT INTO answers (visit_id, item_id, value, note, modified) VALUES (?, ?, ?, ?, ?)",
        [(visit_id, a[0], a[1], a[3], a[4]) for a in answers])
    scores = visit_scores(scenario, {a[0]: a[1] for a in answers if a[1] is not None},
                          scoring_principles(store.principle_ids, scenario))
    conn.executemany("INSERT INTO visit_scores (visit_id, principle, score) VALUES (?, ?, ?)",
                     score_rows(visit_id, scores))
