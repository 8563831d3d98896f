"""The store: visits, answers, scores and reference rows, mapped to SQLite and back.

It only stores: what to store is worked out by its callers (a visit's rules are
`visit.py`'s, applied by `visit_service.py`), and the file itself, its
transactions and migrations are `database.py`'s. One statement writes visit rows
(`insert_visits`), one a visit's score rows (`insert_scores`), one answers and one
review-log rows; `merge`, bulk import and the single-visit calls all use them.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pilotkit.core import score_sums
from pilotkit.core.database import ITEM_FACTS_FROM, Database, StoreError, now
from pilotkit.core.entities import (
    CONTENT_FIELDS,
    ENTRY_COLUMNS,
    OVERALL,
    PURGED_EVALUATOR,
    ROLES,
    Assignment,
    Library,
    Role,
    Round,
    Status,
    VisitMeta,
    check_date,
    check_evaluator,
    check_isil,
    check_round_id,
    check_stored_code,
)

if TYPE_CHECKING:
    from pilotkit.core.answers import Answer
    from pilotkit.core.scenarios import Scenario, ScenarioFile


VISIT_COLUMNS = ("id", "library_id", "round_id", "scenario_id", "scenario_version",
                 "scenario_sha256", "evaluator", "channel", "language", "visited_at",
                 "visited_utc", "status", "status_reason", "reviewed_at", "comment", "created",
                 "modified", "merged_modified", "no_tie", "purged")
"""Every column of a visit row, in the order `insert_visits` writes them."""
SCORE_COLUMNS = ("visit_id", "principle", "score", "library_id", "round_id", "scenario_id",
                 "channel", "status")
"""A score row with its grouping columns: given by the writer, so no trigger has to look
them up (`m004_score_groups`' trigger stays for rows written without them)."""
GROUP_COLUMNS = SCORE_COLUMNS[3:]
ANSWER_COLUMNS = ("visit_id", "item_id", "value", "note", "modified", "score")
"""An answer row; `score` is the item's normalised score where it counts toward the visit's
scores (shown, scored, mapped to a principle), else NULL: what `item_sums` add up."""
_STAGED = {"visits": "id", "answers": "visit_id, item_id", "visit_scores": "visit_id, principle",
           "review_log": "id"}
"""The tables a staged write fills, parents first, and the key each is moved in."""


FILLED_HERE = (
    "(v.merged_modified IS NULL OR (v.status = 'returned' AND EXISTS ("
    "SELECT 1 FROM review_log r WHERE r.visit_id = v.id AND r.action = 'submit'"
    " AND r.database_id = (SELECT id FROM this_database))))")
"""A draft or returned visit `v` that this database fills, not another laptop: one a merge
never wrote here (`merged_modified` is set only then; a status the lead's database decided
is taken without writing the visit again), or one returned after it was submitted here (a
merge may have written it here again: a later edit in the lead's database wins a conflict).
A lead's database holds the evaluators' drafts, and the visits returned to them, once
merged; an evaluator who merges the lead's database gets everyone's."""


class VisitNotFound(StoreError):
    """No visit, or no single one, has the id given."""


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
    no_tie: bool | None = None
    """The evaluator declared no personal tie to the library's staff (None: not asked)."""


def score_rows(visit_id: str, scores: Mapping[str, float | None], groups: Sequence[Any]
               ) -> list[tuple[Any, ...]]:
    """A visit's score rows (`SCORE_COLUMNS`); `groups` are its `GROUP_COLUMNS` values."""
    return [(visit_id, principle, score, *groups) for principle, score in scores.items()
            if score is not None]


class Store(Database):
    """Visits and their reference rows, as rows; asks no rule what they mean."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._touched: set[score_sums.GroupKey] = set()
        """The score groups this write transaction changed: their sums are refreshed at its
        commit (`score_sums.py`)."""
        self._joined: dict[str, None] = {}
        """The visits a status change moved into another group in this write transaction, in
        order: at its commit each is added to the group it is in then, unless that group is
        refreshed whole."""
        self._staged_sums = score_sums.GroupSums()
        """Inside `staged()`: the principle sums of the score rows staged so far."""

    def _before_commit(self, conn: sqlite3.Connection) -> None:
        # a staged write's new visits were added to their groups' sums as they moved in
        touched, self._touched = self._touched, set()
        joined, self._joined = self._joined, {}
        score_sums.refresh(conn, touched, items=touched)
        score_sums.add_visits(conn, joined, refreshed=touched)

    def _after_rollback(self) -> None:
        self._touched = set()
        self._joined = {}

    _staging = False
    """Inside `staged()`: the row writers write to temporary tables instead."""

    def _table(self, name: str) -> str:
        return f"temp.stage_{name}" if self._staging else name

    @contextmanager
    def staged(self, conn: sqlite3.Connection) -> Iterator[None]:
        """A big write's rows gathered in temporary tables, then moved in key order.

        Rows arriving in random key order (visit ids are random) would land
        all over the B-trees, and past the page cache every page is written
        again and again. Gathered first, they are inserted sorted, so each
        tree grows at one place; when the write is bigger than what the
        tables hold already, the secondary indexes are dropped and built
        afterwards, in one sorted pass each. All of it in the caller's
        transaction: a failure leaves nothing, indexes included.
        """
        for table in _STAGED:
            conn.execute(f"CREATE TEMP TABLE stage_{table} AS SELECT * FROM main.{table} WHERE 0")
        self._staged_sums = score_sums.GroupSums()
        self._staging = True
        try:
            yield
            self._move_staged(conn, self._staged_sums)  # by the tables' own names
        finally:
            self._staging = False
            for table in _STAGED:
                conn.execute(f"DROP TABLE IF EXISTS temp.stage_{table}")

    @staticmethod
    def _move_staged(conn: sqlite3.Connection, sums: score_sums.GroupSums) -> None:
        (new,) = conn.execute("SELECT count(*) FROM temp.stage_visit_scores").fetchone()
        (old,) = conn.execute("SELECT count(*) FROM main.visit_scores").fetchone()
        indexes: list[str] = []
        if new > old:
            names = ", ".join(f"'{t}'" for t in _STAGED)
            for name, sql in conn.execute(
                    "SELECT name, sql FROM main.sqlite_master WHERE type = 'index'"
                    f" AND tbl_name IN ({names}) AND sql IS NOT NULL").fetchall():
                conn.execute(f'DROP INDEX main."{name}"')
                indexes.append(sql)
        for table, key in _STAGED.items():
            conn.execute(f"INSERT INTO main.{table} SELECT * FROM temp.stage_{table}"
                         f" ORDER BY {key}")
        for sql in indexes:
            conn.execute(sql)
        # new visits add to their groups' sums and counts: a later bulk write costs its own
        # rows, not a re-count of every visit already in the groups it reaches
        score_sums.add_staged(conn, sums)

    def touch_group(self, conn: sqlite3.Connection, visit_id: str) -> None:
        """The visit's score group, as its row says now, is to be summed again at the commit.

        Called before and after every change to a visit's status or grouping
        columns, and before it is deleted, by whatever makes the change.
        """
        key = score_sums.visit_key(conn, visit_id)
        if key is not None:
            self._touched.add(key)

    # -- the one writer of each kind of row

    def insert_visits(self, conn: sqlite3.Connection, visits: Iterable[Mapping[str, Any]]
                      ) -> None:
        """Visit rows (`VISIT_COLUMNS`; a column a row lacks is NULL)."""
        conn.executemany(
            f"INSERT INTO {self._table('visits')} ({', '.join(VISIT_COLUMNS)})"
            f" VALUES ({', '.join('?' * len(VISIT_COLUMNS))})",
            (tuple(visit.get(c) for c in VISIT_COLUMNS) for visit in visits))

    def insert_answers(self, conn: sqlite3.Connection, rows: Iterable[Sequence[Any]]) -> None:
        """Answer rows (`ANSWER_COLUMNS`)."""
        conn.executemany(f"INSERT INTO {self._table('answers')} ({', '.join(ANSWER_COLUMNS)})"
                         f" VALUES ({', '.join('?' * len(ANSWER_COLUMNS))})", rows)

    def insert_scores(self, conn: sqlite3.Connection, rows: Iterable[Sequence[Any]]) -> None:
        """Score rows with their grouping columns (`SCORE_COLUMNS`, built by `score_rows`).

        Staged rows are added to their groups' sums as they move in (`staged`); any other
        marks its group to be summed again at the commit."""
        if self._staging:
            rows = self._staged_sums.noting(rows)
        else:
            touched = self._touched

            def noted(rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
                for row in rows:
                    touched.add((row[3], row[4], row[7], row[5], row[6]))
                    yield row

            rows = noted(rows)
        conn.executemany(f"INSERT INTO {self._table('visit_scores')} ({', '.join(SCORE_COLUMNS)})"
                         f" VALUES ({', '.join('?' * len(SCORE_COLUMNS))})", rows)

    def insert_log(self, conn: sqlite3.Connection, rows: Iterable[Sequence[Any]]) -> None:
        """Review log rows (`ENTRY_COLUMNS`)."""
        conn.executemany(f"INSERT INTO {self._table('review_log')} ({', '.join(ENTRY_COLUMNS)})"
                         f" VALUES ({', '.join('?' * len(ENTRY_COLUMNS))})", rows)

    def replace_scores(self, conn: sqlite3.Connection, visit_id: str,
                       scores: Mapping[str, float | None], items: Mapping[str, float]) -> None:
        """A visit's scores and its answers' item scores, instead of those it had; its
        grouping columns read from its row."""
        groups = conn.execute(f"SELECT {', '.join(GROUP_COLUMNS)} FROM visits WHERE id = ?",
                              [visit_id]).fetchone()
        self.touch_group(conn, visit_id)
        conn.execute("DELETE FROM visit_scores WHERE visit_id = ?", [visit_id])
        self.insert_scores(conn, score_rows(visit_id, scores, groups))
        self.set_item_scores(conn, visit_id, items)

    @staticmethod
    def set_item_scores(conn: sqlite3.Connection, visit_id: str, items: Mapping[str, float]
                        ) -> None:
        """The visit's answers' item scores: these, and NULL for every other answer (an
        answer hidden by skip logic no longer counts)."""
        conn.execute("UPDATE answers SET score = NULL WHERE visit_id = ? AND score IS NOT NULL",
                     [visit_id])
        conn.executemany("UPDATE answers SET score = ? WHERE visit_id = ? AND item_id = ?",
                         [(score, visit_id, item_id) for item_id, score in items.items()])

    def delete_visit_rows(self, conn: sqlite3.Connection, visit_id: str) -> bool:
        """A visit, its answers and its scores (its review log stays); False for no such visit."""
        self.touch_group(conn, visit_id)
        conn.execute("DELETE FROM answers WHERE visit_id = ?", [visit_id])
        conn.execute("DELETE FROM visit_scores WHERE visit_id = ?", [visit_id])
        return conn.execute("DELETE FROM visits WHERE id = ?", [visit_id]).rowcount > 0

    # -- libraries, rounds, evaluators, scenario texts

    # libraries, rounds, evaluators

    def add_library(self, isil: str, name: str, municipality: str | None = None) -> Library:
        check_isil(isil)
        if not name.strip():
            raise StoreError.of("library_needs_name")
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
            raise StoreError.of("library_needs_name")
        with self.writing() as conn:
            stored = self._library_id(conn, isil)  # ISILs in any case, as stored
            if stored is None:
                raise StoreError.of("unknown_library", library=isil)
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
                  start: str | None = None, end: str | None = None,
                  staff_informed: str | None = None, purpose: str | None = None,
                  retain_until: str | None = None) -> Round:
        check_round_id(round_id)
        start = check_date(start) if start else None
        end = check_date(end) if end else None
        if start and end and end < start:
            raise StoreError.of("round_ends_first", round=round_id, start=start, end=end)
        with self.writing() as conn:
            if conn.execute("SELECT 1 FROM rounds WHERE id = ?", [round_id]).fetchone():
                raise StoreError.of("round_exists", round=round_id)
            conn.execute(
                "INSERT INTO rounds (id, label, pilot, start_date, end_date, created)"
                " VALUES (?, ?, ?, ?, ?, ?)",
                [round_id, label, pilot, start, end, now()],
            )
            self._set_round_ethics(conn, round_id, staff_informed, purpose, retain_until)
        return self.round(round_id)

    def set_round_ethics(self, round_id: str, staff_informed: str | None = None,
                         purpose: str | None = None, retain_until: str | None = None) -> Round:
        """Record (or correct) what staff were told and when, and how long data is kept.

        Only what is given changes; an empty text clears that field.
        """
        with self.writing() as conn:
            self._check_round(conn, round_id)
            self._set_round_ethics(conn, round_id, staff_informed, purpose, retain_until)
        return self.round(round_id)

    @staticmethod
    def _set_round_ethics(conn: sqlite3.Connection, round_id: str, staff_informed: str | None,
                          purpose: str | None, retain_until: str | None) -> None:
        for column, value, check in (("informed_on", staff_informed, check_date),
                                     ("purpose", purpose, None),
                                     ("retain_until", retain_until, check_date)):
            if value is None:
                continue
            value = value.strip() or None
            if value is not None and check is not None:
                value = check(value)
            conn.execute(f"UPDATE rounds SET {column} = ? WHERE id = ?", [value, round_id])

    def round(self, round_id: str) -> Round:
        rows = self._rows("SELECT * FROM rounds WHERE id = ?", [round_id])
        if not rows:
            raise StoreError.of("unknown_round", round=round_id)
        return self._round(rows[0])

    @staticmethod
    def _round(r: sqlite3.Row) -> Round:
        return Round(r["id"], r["label"], r["pilot"], r["start_date"], r["end_date"],
                     r["informed_on"], r["purpose"], r["retain_until"])

    def rounds(self) -> list[Round]:
        return [self._round(r)
                for r in self._rows("SELECT * FROM rounds ORDER BY coalesce(start_date, ''), id")]

    # evaluators' conflicts of interest and round plans

    def add_conflicts(self, evaluator: str, libraries: Iterable[str]) -> list[str]:
        """Libraries the evaluator must not visit (as stored); unknown libraries are refused."""
        check_evaluator(evaluator)
        with self.writing() as conn:
            self.ensure_evaluator(conn, evaluator)
            stored = []
            for isil in libraries:
                library = self._library_id(conn, isil)
                if library is None:
                    raise StoreError.of("unknown_library", library=isil)
                conn.execute("INSERT INTO evaluator_conflicts (evaluator, library_id, created)"
                             " VALUES (?, ?, ?) ON CONFLICT (evaluator, library_id) DO UPDATE"
                             " SET created = excluded.created, removed = NULL"
                             " WHERE removed IS NOT NULL", [evaluator, library, now()])
                stored.append(library)
        return stored

    def remove_conflicts(self, evaluator: str, libraries: Iterable[str]) -> None:
        with self.writing() as conn:
            for isil in libraries:
                conn.execute("UPDATE evaluator_conflicts SET removed = ? WHERE evaluator = ?"
                             " AND library_id = ? COLLATE NOCASE AND removed IS NULL",
                             [now(), evaluator, isil])

    def conflicts(self, evaluator: str | None = None) -> list[tuple[str, str]]:
        """(evaluator, library) pairs declared, of one evaluator or of all."""
        where, params = ("AND evaluator = ?", [evaluator]) if evaluator else ("", [])
        return [(r["evaluator"], r["library_id"]) for r in self._rows(
            f"SELECT evaluator, library_id FROM evaluator_conflicts WHERE removed IS NULL"
            f" {where} ORDER BY evaluator, library_id", params)]

    def has_plan(self, round_id: str) -> bool:
        return bool(self._rows("SELECT 1 FROM plans WHERE round_id = ?", [round_id]))

    def save_plan(self, round_id: str, request: str, assignments: Sequence[Assignment],
                  replace: bool = False) -> None:
        """Store a round's plan; an existing one is replaced only when asked."""
        with self.writing() as conn:
            self._check_round(conn, round_id)
            if not replace and conn.execute("SELECT 1 FROM plans WHERE round_id = ?",
                                            [round_id]).fetchone():
                raise StoreError.of("plan_exists", round=round_id)
            self.put_plan(conn, round_id, now(), request, assignments)

    @staticmethod
    def put_plan(conn: sqlite3.Connection, round_id: str, made: str, request: str,
                 assignments: Iterable[Assignment]) -> None:
        conn.execute("DELETE FROM plan_assignments WHERE round_id = ?", [round_id])
        conn.execute("INSERT INTO plans (round_id, made, request) VALUES (?, ?, ?)"
                     " ON CONFLICT (round_id) DO UPDATE SET made = excluded.made,"
                     " request = excluded.request", [round_id, made, request])
        conn.executemany(
            "INSERT INTO plan_assignments (round_id, evaluator, library_id, scenario_id, date,"
            " slot) VALUES (?, ?, ?, ?, ?, ?)",
            ((round_id, a.evaluator, a.library, a.scenario, a.date, a.slot)
             for a in assignments))

    def plan(self, round_id: str, evaluator: str | None = None) -> list[Assignment]:
        """The round's planned visits in time order (of one evaluator when given)."""
        where = " AND evaluator = ?" if evaluator else ""
        params = [round_id, evaluator] if evaluator else [round_id]
        return [Assignment(r["evaluator"], r["library_id"], r["scenario_id"], r["date"],
                           r["slot"])
                for r in self._rows(
                    "SELECT * FROM plan_assignments WHERE round_id = ?" + where
                    + " ORDER BY date, slot, evaluator, library_id", params)]

    @staticmethod
    def _purge_scope(round_id: str | None, before: str | None) -> tuple[str, list[str]]:
        if round_id is not None:
            return "round_id = ?", [round_id]
        assert before is not None
        # the day as the visit was recorded (local), not its UTC instant: 00.30 on 2 May is 2 May
        return "substr(visited_at, 1, 10) < ?", [check_date(before)]

    def purge_shas(self, round_id: str | None = None, before: str | None = None) -> list[str]:
        """The scenario texts of the visits a purge would reach (their text items go too)."""
        where, params = self._purge_scope(round_id, before)
        return [r[0] for r in self._rows(
            f"SELECT DISTINCT scenario_sha256 FROM visits WHERE {where}", params)]

    def purge_counts(self, round_id: str | None = None, before: str | None = None,
                     text_items: Mapping[str, Sequence[str]] | None = None) -> dict[str, int]:
        """What `purge` would remove: visits not yet purged, notes, comments, text answers,
        planned visits. `text_items`: scenario sha256 → its free-text items."""
        where, params = self._purge_scope(round_id, before)
        with self._lock:
            if round_id is not None:
                self._check_round(self.conn, round_id)
            return self._counts_to_purge(self.conn, where, params, round_id, text_items or {})

    @staticmethod
    def _text_answers(where: str, params: list[str], text_items: Mapping[str, Sequence[str]]
                      ) -> Iterator[tuple[str, list[str]]]:
        """(SQL choosing the text answers of one scenario text's visits in the scope, params)."""
        for sha, items in text_items.items():
            if items:
                marks = ", ".join("?" * len(items))
                yield (f"visit_id IN (SELECT id FROM visits WHERE {where}"
                       f" AND scenario_sha256 = ?) AND item_id IN ({marks})",
                       [*params, sha, *items])

    @classmethod
    def _counts_to_purge(cls, conn: sqlite3.Connection, where: str, params: list[str],
                         round_id: str | None, text_items: Mapping[str, Sequence[str]]
                         ) -> dict[str, int]:
        chosen = f"SELECT id FROM visits WHERE {where}"
        planned = ("round_id = ?", [round_id]) if round_id is not None else (
            "date < ?", [params[0][:10]])
        return {
            "visits": conn.execute(f"SELECT count(*) FROM visits WHERE {where}"
                                   " AND purged IS NULL", params).fetchone()[0],
            "notes": conn.execute("SELECT count(*) FROM answers WHERE note IS NOT NULL"
                                  f" AND visit_id IN ({chosen})", params).fetchone()[0],
            "comments": conn.execute("SELECT count(*) FROM visits WHERE comment IS NOT NULL"
                                     f" AND {where}", params).fetchone()[0],
            "texts": sum(conn.execute(f"SELECT count(*) FROM answers WHERE value IS NOT NULL"
                                      f" AND {chosen_texts}", text_params).fetchone()[0]
                         for chosen_texts, text_params in cls._text_answers(
                             where, params, text_items)),
            "planned": conn.execute(f"SELECT count(*) FROM plan_assignments WHERE {planned[0]}",
                                    planned[1]).fetchone()[0]}

    def purge(self, round_id: str | None = None, before: str | None = None,
              text_items: Mapping[str, Sequence[str]] | None = None) -> dict[str, int]:
        """Remove the free text (notes, comments, text answers) and evaluator codes of a
        round's visits, or of visits made before a day, and their planned visits; scores,
        other answers and the review log stay. The scope is kept (`purges`): a merge never
        brings back what falls in it, and the scope travels.

        Then the file is rewritten (VACUUM) and its write-ahead log emptied, so the
        removed text is gone from the bytes on disk, not only from the tables.
        Returns what was removed (as `purge_counts`), and `busy` 1 when another program
        held the file open, so the old text leaves the disk only once it closes.
        """
        text_items = text_items or {}
        where, params = self._purge_scope(round_id, before)
        stamp = now()
        with self.writing() as conn:
            if round_id is not None:
                self._check_round(conn, round_id)
            counts = self._counts_to_purge(conn, where, params, round_id, text_items)
            conn.execute("PRAGMA secure_delete = ON")  # freed pages are zeroed as well
            self.strip_text(conn, where, params, text_items, stamp)
            scope = ("round", round_id) if round_id is not None else ("before", params[0])
            self.put_purge_scope(conn, *scope, stamp)
            self.drop_unused_codes(conn)
        counts["busy"] = int(not self.compact())
        return counts

    @staticmethod
    def put_purge_scope(conn: sqlite3.Connection, scope: str, value: str, at: str) -> None:
        """Record a purge's scope and remove the planned visits in it."""
        conn.execute("INSERT OR IGNORE INTO purges (scope, value, purged_at) VALUES (?, ?, ?)",
                     [scope, value, at])
        column = "round_id = ?" if scope == "round" else "date < ?"
        conn.execute(f"DELETE FROM plan_assignments WHERE {column}", [value])
        conn.execute("DELETE FROM plans WHERE round_id NOT IN"
                     " (SELECT round_id FROM plan_assignments)")

    @staticmethod
    def purge_scopes(conn: sqlite3.Connection) -> list[tuple[str, str, str]]:
        """(scope, value, purged_at) of every purge made here or merged in."""
        return [(r[0], r[1], r[2]) for r in conn.execute(
            "SELECT scope, value, purged_at FROM purges")]

    @staticmethod
    def drop_unused_codes(conn: sqlite3.Connection, codes: Iterable[str] | None = None) -> None:
        """Evaluator codes no visit, plan or conflict uses any more (after a purge); of
        `codes` only, when given (those a merge brought)."""
        sql = ("DELETE FROM evaluators WHERE code != ? AND code NOT IN"
               " (SELECT evaluator FROM visits) AND code NOT IN"
               " (SELECT evaluator FROM plan_assignments) AND code NOT IN"
               " (SELECT evaluator FROM evaluator_conflicts)")
        if codes is None:
            conn.execute(sql, [PURGED_EVALUATOR])
        else:
            conn.executemany(sql + " AND code = ?", [(PURGED_EVALUATOR, c) for c in codes])

    def strip_text(self, conn: sqlite3.Connection, where: str, params: Sequence[str],
                   text_items: Mapping[str, Sequence[str]], purged: str) -> None:
        """The notes, comments, text answers (`text_items`: scenario sha256 → its text
        items) and evaluator codes of the visits `where` chooses gone, and the visits marked
        purged: `purge` by its scope, a merge meeting a purged visit by its id."""
        chosen = f"SELECT id FROM visits WHERE {where}"
        conn.execute("UPDATE answers SET note = NULL WHERE note IS NOT NULL"
                     f" AND visit_id IN ({chosen})", params)
        for chosen_texts, text_params in self._text_answers(where, list(params), text_items):
            conn.execute(f"UPDATE answers SET value = NULL WHERE {chosen_texts}", text_params)
        conn.execute("DELETE FROM answers WHERE value IS NULL AND note IS NULL"
                     f" AND visit_id IN ({chosen})", params)
        self.ensure_evaluator(conn, PURGED_EVALUATOR)
        # the evaluators counted per group change with the codes
        self._touched.update(conn.execute(
            f"SELECT DISTINCT {', '.join(score_sums.KEY_COLUMNS)} FROM visits WHERE {where}",
            params))
        conn.execute("UPDATE visits SET comment = NULL, evaluator = ?,"
                     f" purged = coalesce(purged, ?) WHERE {where}",
                     [PURGED_EVALUATOR, purged, *params])

    def planned_ahead(self, from_date: str, evaluator: str | None = None, limit: int = 5
                      ) -> list[tuple[str, Assignment]]:
        """(round, assignment) of the planned visits from `from_date` on, next first, of one
        evaluator when given. A visit made counts for the evaluator's earliest planned visit
        of the same round, library and scenario, whatever day it was made: a visit moved to
        another day is done, not still ahead."""
        who = " AND p.evaluator = ?" if evaluator else ""
        rows = self._rows(
            "WITH planned AS (SELECT p.*, row_number() OVER (PARTITION BY p.round_id,"
            " p.evaluator, p.library_id, p.scenario_id ORDER BY p.date, p.slot) AS k"
            " FROM plan_assignments p WHERE 1" + who + "),"
            " made AS (SELECT round_id, evaluator, library_id, scenario_id, count(*) AS n"
            " FROM visits WHERE evaluator IN (SELECT evaluator FROM planned)"
            " GROUP BY round_id, evaluator, library_id, scenario_id)"
            " SELECT planned.* FROM planned LEFT JOIN made"
            " ON made.round_id = planned.round_id AND made.evaluator = planned.evaluator"
            " AND made.library_id = planned.library_id"
            " AND made.scenario_id = planned.scenario_id"
            " WHERE planned.k > coalesce(made.n, 0) AND planned.date >= ?"
            " ORDER BY planned.date, planned.slot, planned.evaluator LIMIT ?",
            [*([evaluator] if evaluator else []), from_date, limit])
        return [(r["round_id"], Assignment(r["evaluator"], r["library_id"], r["scenario_id"],
                                           r["date"], r["slot"])) for r in rows]

    def done_in_round(self, round_id: str) -> list[tuple[str, str, str, int]]:
        """(library, evaluator, status, visits) of the round's visits: progress against a plan."""
        return [(r[0], r[1], r[2], r[3]) for r in self._rows(
            "SELECT library_id, evaluator, status, count(*) FROM visits WHERE round_id = ?"
            " GROUP BY library_id, evaluator, status", [round_id])]

    def evaluators(self) -> list[str]:
        return [r["code"] for r in self._rows("SELECT code FROM evaluators ORDER BY code")]

    def report_goals(self, from_round: str, to_round: str) -> str | None:
        """The lead's goals and next steps for a report of these rounds, if written."""
        rows = self._rows("SELECT text FROM report_goals WHERE from_round = ? AND to_round = ?",
                          [from_round, to_round])
        return str(rows[0]["text"]) if rows else None

    def set_report_goals(self, from_round: str, to_round: str, text: str) -> None:
        with self.writing() as conn:
            for round_id in (from_round, to_round):
                self._check_round(conn, round_id)
            conn.execute(
                "INSERT INTO report_goals (from_round, to_round, text, modified)"
                " VALUES (?, ?, ?, ?) ON CONFLICT (from_round, to_round)"
                " DO UPDATE SET text = excluded.text, modified = excluded.modified",
                [from_round, to_round, text, now()])

    def merged_source(self, database_id: str) -> tuple[str, int, str] | None:
        """(file state, visits, when) of the last whole merge of that database, if any."""
        rows = self._rows("SELECT state, visits, merged_at FROM merged_sources"
                          " WHERE database_id = ?", [database_id])
        return None if not rows else (rows[0]["state"], rows[0]["visits"], rows[0]["merged_at"])

    @staticmethod
    def remember_merged_source(conn: sqlite3.Connection, database_id: str, state: str,
                               visits: int) -> None:
        conn.execute("INSERT INTO merged_sources (database_id, state, visits, merged_at)"
                     " VALUES (?, ?, ?, ?) ON CONFLICT (database_id) DO UPDATE SET"
                     " state = excluded.state, visits = excluded.visits,"
                     " merged_at = excluded.merged_at", [database_id, state, visits, now()])

    def last_evaluator(self) -> str | None:
        """The evaluator code of the visit made last here, offered for the next one."""
        rows = self._rows("SELECT evaluator FROM visits WHERE evaluator != ?"
                          " ORDER BY visited_utc DESC LIMIT 1", [PURGED_EVALUATOR])
        return str(rows[0]["evaluator"]) if rows else None

    @staticmethod
    def ensure_evaluator(conn: sqlite3.Connection, code: str) -> None:
        check_stored_code(code)
        conn.execute("INSERT OR IGNORE INTO evaluators (code, created) VALUES (?, ?)",
                     [code, now()])

    @staticmethod
    def ensure_scenario_text(conn: sqlite3.Connection, scenario: ScenarioFile) -> None:
        conn.execute(
            "INSERT INTO scenario_texts (sha256, scenario_id, version, content, item_facts)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (sha256) DO UPDATE"
            " SET item_facts = excluded.item_facts WHERE item_facts IS NULL",
            [scenario.sha256, scenario.scenario.id, scenario.scenario.version, scenario.content,
             scenario.item_facts],
        )

    def stored_text(self, sha256: str) -> str:
        rows = self._rows("SELECT content FROM scenario_texts WHERE sha256 = ?", [sha256])
        if not rows:
            raise StoreError(f"scenario text {sha256[:12]} is missing from the database")
        return str(rows[0]["content"])

    def stored_item_facts(self, sha256: str) -> str | None:
        """The item facts stored beside a scenario text (`item_facts`); None where there are
        none, or where the file, read as it lies, is older than them."""
        if self.schema < ITEM_FACTS_FROM:
            return None
        rows = self._rows("SELECT item_facts FROM scenario_texts WHERE sha256 = ?", [sha256])
        return str(rows[0]["item_facts"]) if rows and rows[0]["item_facts"] is not None else None

    def stored_scenario_ids(self) -> set[str]:
        """Every scenario a stored text is of: those visits were made with, loaded or not."""
        return {str(r["scenario_id"]) for r in
                self._rows("SELECT DISTINCT scenario_id FROM scenario_texts", [])}

    def stored_versions(self, scenario_id: str) -> dict[int, str]:
        """Version → sha256 of every stored text of a scenario (latest stored per version)."""
        rows = self._rows("SELECT version, sha256 FROM scenario_texts WHERE scenario_id = ?"
                          " ORDER BY rowid", [scenario_id])
        return {r["version"]: r["sha256"] for r in rows}

    # -- one visit's rows

    @classmethod
    def check_refs(cls, conn: sqlite3.Connection, library: str, round_id: str) -> str:
        """The library's stored id; raises for an unknown library or round."""
        stored = cls._library_id(conn, library)
        if stored is None:
            raise StoreError.of("unknown_library", library=library)
        cls._check_round(conn, round_id)
        return stored

    @staticmethod
    def _check_round(conn: sqlite3.Connection, round_id: str) -> None:
        if not conn.execute("SELECT 1 FROM rounds WHERE id = ?", [round_id]).fetchone():
            raise StoreError.of("unknown_round", round=round_id)

    @staticmethod
    def status_and_text(conn: sqlite3.Connection, visit_id: str) -> tuple[Status, str]:
        """A visit's status and its scenario text's sha256; raises for no such visit."""
        row = conn.execute("SELECT status, scenario_sha256 FROM visits WHERE id = ?",
                           [visit_id]).fetchone()
        if row is None:
            raise StoreError.of("no_visit", visit=visit_id)
        return row[0], row[1]

    @staticmethod
    def put_answer(conn: sqlite3.Connection, visit_id: str, item_id: str, value: object,
                   stamp: str) -> None:
        conn.execute(
            "INSERT INTO answers (visit_id, item_id, value, note, modified)"
            " VALUES (?, ?, ?, NULL, ?) ON CONFLICT (visit_id, item_id)"
            " DO UPDATE SET value = excluded.value, modified = excluded.modified",
            [visit_id, item_id, value, stamp])

    @staticmethod
    def remove_answer(conn: sqlite3.Connection, visit_id: str, item_id: str, stamp: str) -> None:
        """The item's answer gone; its note, if it has one, stays."""
        conn.execute("UPDATE answers SET value = NULL, modified = ?"
                     " WHERE visit_id = ? AND item_id = ?", [stamp, visit_id, item_id])
        conn.execute("DELETE FROM answers WHERE visit_id = ? AND item_id = ?"
                     " AND note IS NULL", [visit_id, item_id])

    @staticmethod
    def put_note(conn: sqlite3.Connection, visit_id: str, item_id: str, note: str | None,
                 stamp: str) -> None:
        conn.execute(
            "INSERT INTO answers (visit_id, item_id, value, note, modified)"
            " VALUES (?, ?, NULL, ?, ?) ON CONFLICT (visit_id, item_id)"
            " DO UPDATE SET note = excluded.note, modified = excluded.modified",
            [visit_id, item_id, note, stamp])
        conn.execute("DELETE FROM answers WHERE visit_id = ? AND item_id = ?"
                     " AND note IS NULL AND value IS NULL", [visit_id, item_id])

    @staticmethod
    def touch(conn: sqlite3.Connection, visit_id: str, stamp: str) -> None:
        conn.execute("UPDATE visits SET modified = ? WHERE id = ?", [stamp, visit_id])

    @staticmethod
    def answers_of(conn: sqlite3.Connection, visit_id: str) -> dict[str, Answer]:
        """A visit's answers (items with only a note left out)."""
        return {item: value for item, value in conn.execute(
            "SELECT item_id, value FROM answers WHERE visit_id = ? AND value IS NOT NULL",
            [visit_id])}

    @staticmethod
    def content_of(conn: sqlite3.Connection, visit_id: str
                   ) -> tuple[dict[str, Any], list[tuple[Any, ...]]]:
        """What a visit's content digest covers: its `CONTENT_FIELDS`, and (item, value, note)."""
        row = conn.execute(f"SELECT {', '.join(CONTENT_FIELDS)} FROM visits WHERE id = ?",
                           [visit_id]).fetchone()
        answers = conn.execute("SELECT item_id, value, note FROM answers WHERE visit_id = ?",
                               [visit_id]).fetchall()
        return dict(zip(CONTENT_FIELDS, row, strict=True)), answers

    def log_rows(self, visit_id: str, conn: sqlite3.Connection | None = None
                 ) -> list[tuple[Any, ...]]:
        """A visit's review log rows (`ENTRY_COLUMNS`), oldest first."""
        with self._lock:
            return (conn or self.conn).execute(
                f"SELECT {', '.join(ENTRY_COLUMNS)} FROM review_log WHERE visit_id = ?"
                " ORDER BY at, id", [visit_id]).fetchall()

    def set_visit_status(self, conn: sqlite3.Connection, visit_id: str, status: Status,
                         reason: str | None, reviewed_at: str | None) -> None:
        """The visit's status, reason and time of decision. The group it leaves is summed
        again whole at the commit (a score cannot be taken out of a sum safely); the visit is
        added to the group it joins, so that approving a round's visits costs those visits,
        not every visit already approved."""
        self.touch_group(conn, visit_id)
        conn.execute("UPDATE visits SET status = ?, status_reason = ?, reviewed_at = ?"
                     " WHERE id = ?", [status, reason, reviewed_at, visit_id])
        self._joined[visit_id] = None

    # -- this database

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

    # -- reading visits

    def visit_meta(self, visit_id: str) -> VisitMeta:
        rows = self._rows("SELECT * FROM visits WHERE id = ?", [visit_id])
        if not rows:
            raise StoreError.of("no_visit", visit=visit_id)
        return _meta(rows[0])

    def visit_rows(self, visit_id: str) -> tuple[VisitMeta, dict[str, Answer], dict[str, str],
                                                 dict[str, float | None]]:
        """A visit's row, answers, notes and stored scores (every principle, None if unscored)."""
        meta = self.visit_meta(visit_id)
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
        return meta, answers, notes, scores

    def drafts(self, limit: int | None = None, here_only: bool = False
               ) -> list[DraftSummary]:
        """Visits still to be filled: returned ones first (a lead waits), then drafts, newest
        first; with `limit`, only that many are read (a merged database may hold thousands).

        `here_only`: only the visits this database fills (`FILLED_HERE`), not those a merge
        brought in from another laptop, which are finished there.
        """
        only = "" if limit is None else f" LIMIT {int(limit)}"
        here = f" AND {FILLED_HERE}" if here_only else ""
        rows = self._rows(
            "SELECT v.id, v.library_id, l.name AS library_name, v.round_id, v.scenario_id,"
            " v.visited_at, v.modified, v.status, v.status_reason, v.channel,"
            " (SELECT count(*) FROM answers a WHERE a.visit_id = v.id AND a.value IS NOT NULL)"
            "   AS answered"
            # each status newest first down its index (`visits_by_status`): only what is shown
            f" FROM (SELECT * FROM (SELECT * FROM visits v WHERE status = 'returned'{here}"
            f"       ORDER BY modified DESC{only})"
            "       UNION ALL"
            f"       SELECT * FROM (SELECT * FROM visits v WHERE status = 'draft'{here}"
            f"       ORDER BY modified DESC{only})) v"
            " JOIN libraries l ON l.id = v.library_id"
            f" ORDER BY v.status = 'draft', v.modified DESC{only}"
        )
        return [DraftSummary(r["id"], r["library_id"], r["library_name"], r["round_id"],
                             r["scenario_id"], r["visited_at"], r["answered"], r["modified"],
                             r["status"], r["status_reason"], r["channel"])
                for r in rows]

    def unfinished_counts(self) -> dict[tuple[Status, bool], int]:
        """Drafts and returned visits by (status, filled here): what `drafts()` and
        `drafts(here_only=True)` list in all, in one walk of the status index."""
        rows = self._rows(
            f"SELECT status, {FILLED_HERE} AS here, count(*) AS n FROM visits v"
            " WHERE status IN ('draft', 'returned') GROUP BY 1, 2")
        return {(r["status"], bool(r["here"])): r["n"] for r in rows}

    def count_visits(self, statuses: Sequence[str], rounds: Sequence[str] = (),
                     libraries: Sequence[str] = ()) -> int:
        """How many visits `list_visits` would list without a limit (for statuses alone, a
        count of the status index: a few ms for 140,000)."""
        where, params, _ = self._visits_where(statuses, rounds, libraries)
        return int(self._rows(f"SELECT count(*) AS n FROM visits WHERE {where}", params)[0]["n"])

    def list_visits(self, statuses: Sequence[str] = (), rounds: Sequence[str] = (),
                    libraries: Sequence[str] = (), limit: int | None = None) -> list[VisitMeta]:
        """Visits, newest visit first, optionally narrowed (the review queue uses this)."""
        with self.reading():
            return list(self.iter_visits(statuses, rounds, libraries, limit))

    def iter_visits(self, statuses: Sequence[str] = (), rounds: Sequence[str] = (),
                    libraries: Sequence[str] = (), limit: int | None = None
                    ) -> Iterator[VisitMeta]:
        """`list_visits` one row at a time, for a listing of any length (inside `reading()`)."""
        where, params, narrowed = self._visits_where(statuses, rounds, libraries)
        # by the instant, whatever form each time was given in (offset or Finnish time);
        # narrowed, sorted after they are found (`+`: not walked down the status index)
        sql = (f"SELECT * FROM visits WHERE {where}"
               f" ORDER BY {'+' if narrowed else ''}visited_utc DESC, visited_at DESC, id"
               + (f" LIMIT {int(limit)}" if limit else ""))
        cursor = self.conn.execute(sql, params)
        cursor.row_factory = sqlite3.Row
        yield from map(_meta, cursor)

    def _visits_where(self, statuses: Sequence[str], rounds: Sequence[str],
                      libraries: Sequence[str]) -> tuple[str, list[str], bool]:
        """The condition (and its values) of visits with any of each of these (all if
        empty), and whether it is narrowed to libraries or rounds.

        Narrowed, it names a round and a library for every visit (the foreign keys hold
        every visit's in those tables), so that the visits are found down the group index
        (round, library, status) in time of their own number: found down the status index
        instead, one library's few visits among 140,000 submitted took 1.4 s to count.
        """
        library_ids = self.library_ids(libraries)
        narrowed = bool(rounds or library_ids)
        clauses: list[str] = ["1"]
        params: list[str] = []
        for column, values, every in (("round_id", rounds, "SELECT id FROM rounds"),
                                      ("library_id", library_ids, "SELECT id FROM libraries"),
                                      ("status", statuses, None)):
            if values:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
            elif narrowed and every is not None:
                clauses.append(f"{column} IN ({every})")
        return " AND ".join(clauses), params, narrowed

    def find_visit(self, prefix: str, discarded: bool = False) -> str:
        """The full id of the one visit whose id starts with `prefix` (at least 6 characters).

        With `discarded`, a discarded draft (known from its log alone) is found too. A whole
        id is that visit's even where another id starts with it: it is looked up by key (a
        script approving 2,000 visits by id scanned every visit for each at 15 ms apiece),
        and the visit could not be named at all otherwise.
        """
        if len(prefix) < 6:
            raise VisitNotFound.of("visit_id_short", visit=prefix)
        exact = "SELECT id FROM visits WHERE id = ?"
        if discarded:
            exact += " UNION ALL SELECT visit_id FROM review_log WHERE visit_id = ?"
        if self._rows(exact + " LIMIT 1", [prefix] * (2 if discarded else 1)):
            return prefix
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



def _meta(row: sqlite3.Row) -> VisitMeta:
    return VisitMeta(
        id=row["id"], library=row["library_id"], round=row["round_id"],
        scenario=row["scenario_id"], scenario_version=row["scenario_version"],
        scenario_sha256=row["scenario_sha256"], evaluator=row["evaluator"],
        channel=row["channel"], language=row["language"], visited_at=row["visited_at"],
        status=row["status"], comment=row["comment"], status_reason=row["status_reason"],
        created=row["created"], modified=row["modified"],
    )
