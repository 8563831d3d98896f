"""The visit service: every change to a visit, with its rules applied, handed to the store.

What a visit is and may become is `visit.py`'s (pure); this module asks it and
writes what it answers through the store (`store.py`, which applies no rule):
an answer is checked against its item before it is stored, the visit is
rescored in the same transaction, a status change is taken only when the rules
and this database's role allow it and is logged with the visit's content
digest, and a bulk import is scored and logged exactly like single visits.
"""

from __future__ import annotations

import sqlite3
import uuid
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from pilotkit.core import score_sums
from pilotkit.core.database import STAGED_CACHE_KIB, StoreError, now
from pilotkit.core.entities import (
    STATUSES,
    Library,
    Role,
    Round,
    Status,
    check_datetime,
    check_evaluator,
    check_isil,
    check_round_id,
    isil_key,
    visit_time_utc,
)
from pilotkit.core.reviewlog import DISCARDED, Entry, resolve
from pilotkit.core.store import NewVisit, OpenVisit, Store, score_rows

if TYPE_CHECKING:
    from pilotkit.core.answers import Answer
    from pilotkit.core.item_facts import ItemFacts
    from pilotkit.core.scenarios import Item, Scenario, ScenarioFile
    from pilotkit.core.scoring import VisitScores
    from pilotkit.core.visit import Action, Visit

# The rule modules are imported where they are used: they bring pydantic (the scenario
# model), and the evaluator's first screen opens the service without parsing a scenario.

BATCH = 2000
"""Visits a bulk write holds in memory before writing their rows out."""


class VisitService(Store):
    """The store, with a visit's rules applied to every change (what the interfaces call)."""

    def __init__(self, path: Path, conn: sqlite3.Connection,
                 principle_ids: Sequence[str] | Callable[[], Sequence[str]]) -> None:
        super().__init__(path, conn, principle_ids)
        self._scenarios: dict[str, Scenario] = {}
        self._facts: dict[str, list[ItemFacts]] = {}

    @classmethod
    def _complete_migration(cls, conn: sqlite3.Connection, before: int) -> None:
        """What a step leaves to the rules: step 12's item scores, step 14's item facts."""
        if before < 12:
            cls._score_answers(conn)
        if before < 14:
            cls._fill_item_facts(conn)

    @staticmethod
    def _fill_item_facts(conn: sqlite3.Connection) -> None:
        """Schema step 14 added `scenario_texts.item_facts`: made for the texts here that have
        none this version reads (a step that raises `FACTS_VERSION` calls this again)."""
        from pilotkit.core.item_facts import facts_of, from_json, to_json
        from pilotkit.core.loader import scenario_from_text
        from pilotkit.core.problems import ProblemsError

        for sha256, text, stored in conn.execute(
                "SELECT sha256, content, item_facts FROM scenario_texts").fetchall():
            if from_json(stored) is not None:
                continue
            try:
                facts = to_json(facts_of(scenario_from_text(text, accepted=True)))
            except (ProblemsError, TypeError, ValueError, AttributeError):
                # a text this version cannot read (or not text at all): its visits fail to
                # open, as before, and the database still opens
                continue
            conn.execute("UPDATE scenario_texts SET item_facts = ? WHERE sha256 = ?",
                         [facts, sha256])

    @staticmethod
    def _score_answers(conn: sqlite3.Connection) -> None:
        """Schema step 12 added `answers.score`: the answers already here are scored (one
        scenario text and a batch of visits at a time, so memory stays flat), then summed."""
        from pilotkit.core.loader import scenario_from_text
        from pilotkit.core.problems import ProblemsError
        from pilotkit.core.scoring import visit_scores

        for sha256, text in conn.execute(
                "SELECT sha256, content FROM scenario_texts WHERE sha256 IN"
                " (SELECT DISTINCT scenario_sha256 FROM visits)").fetchall():
            try:
                scenario = scenario_from_text(text, accepted=True)
            except ProblemsError:
                # a text this version cannot read: its visits keep their scores and stay out
                # of the item sums (as they would fail to open); the database still opens
                continue
            ids = [r[0] for r in conn.execute(
                "SELECT id FROM visits WHERE scenario_sha256 = ? ORDER BY id", [sha256])]
            for start in range(0, len(ids), BATCH):
                batch = ids[start:start + BATCH]
                answers: dict[str, dict[str, Any]] = {visit_id: {} for visit_id in batch}
                for visit_id, item_id, value in conn.execute(
                        "SELECT visit_id, item_id, value FROM answers WHERE value IS NOT NULL"
                        f" AND visit_id IN ({', '.join('?' * len(batch))})", batch):
                    answers[visit_id][item_id] = value
                conn.executemany(
                    "UPDATE answers SET score = ? WHERE visit_id = ? AND item_id = ?",
                    [(score, visit_id, item_id) for visit_id, given in answers.items()
                     for item_id, score in visit_scores(scenario, given, ()).items.items()])
        score_sums.rebuild_items(conn)

    # -- scenarios and what a visit is

    def text_items_to_purge(self, round_id: str | None = None, before: str | None = None
                            ) -> dict[str, list[str]]:
        """Scenario sha256 → its free-text items, for the visits a purge reaches: a text
        answer may describe a person as a note may."""
        from pilotkit.core.scenarios import TextItem

        return {sha: [item.id for item in self.stored_scenario(sha).items()
                      if isinstance(item, TextItem)]
                for sha in self.purge_shas(round_id, before)}

    def stored_scenario(self, sha256: str) -> Scenario:
        """The scenario a visit was filled with, parsed once per process."""
        cached = self._scenarios.get(sha256)
        if cached is None:
            from pilotkit.core.loader import scenario_from_text

            cached = scenario_from_text(self.stored_text(sha256), accepted=True)
            self._scenarios[sha256] = cached
        return cached

    def item_facts(self, sha256: str) -> list[ItemFacts]:
        """What the exports show of a stored scenario's items: read as stored, without the
        scenario models, or made from the model where the file has none."""
        from pilotkit.core.item_facts import facts_of, from_json  # only the exports need them

        cached = self._facts.get(sha256)
        if cached is None:
            cached = from_json(self.stored_item_facts(sha256))
            if cached is None:
                cached = facts_of(self.stored_scenario(sha256))
            self._facts[sha256] = cached
        return cached

    def open_visit(self, visit_id: str) -> OpenVisit:
        """A visit with its own stored scenario, whatever happened to the file since."""
        meta, answers, notes, scores = self.visit_rows(visit_id)
        return OpenVisit(meta, self.stored_scenario(meta.scenario_sha256), answers, notes, scores)

    def visit(self, visit_id: str) -> Visit:
        """The visit as the rules see it (`visit.Visit`)."""
        from pilotkit.core.visit import Visit

        opened = self.open_visit(visit_id)
        return Visit(opened.scenario, opened.meta.status, self.principle_ids, opened.answers,
                     opened.notes, id=visit_id)

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

    # -- a visit being filled

    def start_visit(self, scenario: ScenarioFile, library: str, round_id: str, evaluator: str,
                    visited_at: str, channel: str | None = None,
                    language: str | None = None, no_tie: bool | None = None) -> str:
        """Create a draft visit and return its id (`no_tie`: the evaluator's declaration)."""
        from pilotkit.core.entities import CHANNELS

        visit_id = str(uuid.uuid4())
        channel = channel or scenario.scenario.channel
        if channel not in CHANNELS:
            raise StoreError(f"unknown channel {channel!r}")
        visited_at = check_datetime(visited_at)
        check_evaluator(evaluator)  # a new visit's code: a pseudonym, never the purged mark
        with self.writing() as conn:
            library = self.check_refs(conn, library, round_id)
            self.ensure_evaluator(conn, evaluator)
            self.ensure_scenario_text(conn, scenario)
            stamp = now()
            self.insert_visits(conn, [{
                "id": visit_id, "library_id": library, "round_id": round_id,
                "scenario_id": scenario.scenario.id, "scenario_version": scenario.scenario.version,
                "scenario_sha256": scenario.sha256, "evaluator": evaluator, "channel": channel,
                "language": language, "visited_at": visited_at,
                "visited_utc": visit_time_utc(visited_at), "status": "draft",
                "no_tie": None if no_tie is None else int(no_tie),
                "created": stamp, "modified": stamp}])
        self._scenarios.setdefault(scenario.sha256, scenario.scenario)
        return visit_id

    def _editable(self, conn: sqlite3.Connection, visit_id: str) -> Scenario:
        from pilotkit.core.visit import EDITABLE

        status, sha256 = self.status_and_text(conn, visit_id)
        if status not in EDITABLE:
            raise StoreError.of("visit_not_editable", visit=visit_id[:8], status=status)
        return self.stored_scenario(sha256)

    @staticmethod
    def _item(scenario: Scenario, item_id: str) -> Item:
        item = scenario.item(item_id)
        if item is None:
            raise StoreError(f"scenario {scenario.id} has no item {item_id!r}")
        return item

    def set_answer(self, visit_id: str, item_id: str, value: object) -> VisitScores:
        """Store one answer durably and return the visit's new scores."""
        from pilotkit.core.answers import check_answer

        with self.writing() as conn:
            scenario = self._editable(conn, visit_id)
            stored = check_answer(self._item(scenario, item_id), value)
            stamp = now()
            self.put_answer(conn, visit_id, item_id, stored, stamp)
            return self._rescore(conn, visit_id, scenario, stamp)

    def clear_answer(self, visit_id: str, item_id: str) -> VisitScores:
        with self.writing() as conn:
            scenario = self._editable(conn, visit_id)
            self._item(scenario, item_id)
            stamp = now()
            self.remove_answer(conn, visit_id, item_id, stamp)
            return self._rescore(conn, visit_id, scenario, stamp)

    def set_note(self, visit_id: str, item_id: str, note: str | None) -> None:
        note = note.strip() if note else None
        with self.writing() as conn:
            scenario = self._editable(conn, visit_id)
            self._item(scenario, item_id)
            stamp = now()
            self.put_note(conn, visit_id, item_id, note, stamp)
            self.touch(conn, visit_id, stamp)

    def set_comment(self, visit_id: str, comment: str | None) -> None:
        with self.writing() as conn:
            self._editable(conn, visit_id)
            conn.execute("UPDATE visits SET comment = ?, modified = ? WHERE id = ?",
                         [comment.strip() if comment else None, now(), visit_id])

    def correct_draft(self, visit_id: str, library: str, round_id: str, channel: str,
                      visited_at: str) -> None:
        """Correct the details of a visit still being filled (a draft, or one returned)."""
        from pilotkit.core.entities import CHANNELS

        if channel not in CHANNELS:
            raise StoreError(f"unknown channel {channel!r}")
        visited_at = check_datetime(visited_at)
        with self.writing() as conn:
            self._editable(conn, visit_id)
            self.check_refs(conn, library, round_id)
            self.touch_group(conn, visit_id)
            conn.execute("UPDATE visits SET library_id = ?, round_id = ?, channel = ?,"
                         " visited_at = ?, modified = ? WHERE id = ?",
                         [library, round_id, channel, visited_at, now(), visit_id])
            self.touch_group(conn, visit_id)

    def _rescore(self, conn: sqlite3.Connection, visit_id: str, scenario: Scenario,
                 stamp: str) -> VisitScores:
        from pilotkit.core.scoring import visit_scores

        scores = visit_scores(scenario, self.answers_of(conn, visit_id), self.principle_ids)
        self.replace_scores(conn, visit_id, scores.as_dict(), scores.items)
        self.touch(conn, visit_id, stamp)
        return scores

    # -- status and the review log

    def apply(self, visit_ids: Sequence[str], action: Action, reason: str | None = None) -> None:
        """Take one action (`visit.RULES`) on visits, each logged: all of them, or none.

        Refused (`visit.TransitionRefused`; `visit.MissingItems` names the items) when this
        database's role or a visit's status does not allow it; the refusal names the visit.
        """
        from pilotkit.core.visit import RULES, Visit, action_refusal

        reason = reason.strip() if reason and reason.strip() else None
        with self.writing() as conn:
            here, role = conn.execute("SELECT id, role FROM this_database").fetchone()
            for visit_id in visit_ids:
                status, sha256 = self.status_and_text(conn, visit_id)
                if action == "submit":
                    visit = Visit(self.stored_scenario(sha256), status, self.principle_ids,
                                  self.answers_of(conn, visit_id), id=visit_id)
                    refusal = visit.refused(action, role, reason)
                else:
                    refusal = action_refusal(action, status, role, reason, visit_id[:8])
                if refusal is not None:
                    raise refusal
                self._log(conn, here, role, visit_id, action, status, RULES[action].target,
                          reason)

    def _log(self, conn: sqlite3.Connection, here: str, role: Role, visit_id: str,
             action: Action, status: Status, target: Status | None, reason: str | None) -> None:
        """Append the change to the visit's log and make the visit say the same, in one go."""
        head = resolve(self.log_entries(visit_id, conn), here).head
        stamp = now()
        self.insert_log(conn, [(
            str(uuid.uuid4()), visit_id, head.id if head else None, stamp, here, role, action,
            status, target or DISCARDED, reason,
            None if target is None else self.digest(conn, visit_id))])
        if target is None:
            conn.execute("DELETE FROM visits WHERE id = ?", [visit_id])
            return
        decided = target in ("approved", "rejected", "returned")
        self.set_visit_status(conn, visit_id, target, reason, stamp if decided else None)

    @classmethod
    def digest(cls, conn: sqlite3.Connection, visit_id: str) -> str:
        """The visit's content digest as its stored rows give it (`reviewlog.content_digest`)."""
        from pilotkit.core.digests import content_digest  # hashlib: not at the app's start

        return content_digest(*cls.content_of(conn, visit_id))

    def log_entries(self, visit_id: str, conn: sqlite3.Connection | None = None) -> list[Entry]:
        """Every entry of a visit's review log (a discarded draft's too), oldest first."""
        return [Entry.from_row(row) for row in self.log_rows(visit_id, conn)]

    def history(self, visit_id: str) -> list[tuple[Entry, bool]]:
        """The visit's log oldest first, each entry with whether it counts here.

        An entry that does not count lost to another at a merge (a conflict), or is
        a decision made in an evaluator's database elsewhere.
        """
        entries = self.log_entries(visit_id)
        counted = resolve(entries, self.database_id).ids()
        return [(entry, entry.id in counted) for entry in entries]

    def log_disagreements(self) -> list[str]:
        """Visits whose status is not what their log says (none, unless something is wrong)."""
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

    # -- bulk

    def add_visits(self, visits: Iterable[NewVisit], create_missing: bool = False,
                   libraries: Sequence[Library] = (), rounds: Sequence[Round] = ()) -> int:
        """Write many visits in one transaction: all of them, or none.

        `libraries` and `rounds` are added first, in the same transaction,
        where they do not exist yet.
        """
        from pilotkit.core.digests import content_digest
        from pilotkit.core.scoring import visit_scores

        count = 0
        with self.writing(bulk=True, cache_kib=STAGED_CACHE_KIB) as conn:
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
            visit_rows: list[dict[str, Any]] = []
            answer_rows: list[tuple[Any, ...]] = []
            scores: list[tuple[Any, ...]] = []

            def flush() -> None:
                self.insert_visits(conn, visit_rows)
                self.insert_answers(conn, answer_rows)
                self.insert_scores(conn, scores)
                self.insert_log(conn, log_rows)
                for rows in (visit_rows, answer_rows, scores, log_rows):
                    rows.clear()

            # a batch at a time, so memory stays flat however many visits come
            with self.staged(conn):
                for v in visits:
                    library = known_libraries.get(isil_key(v.library))
                    if library is None:
                        if not create_missing:
                            raise StoreError.of("unknown_library", library=v.library)
                        conn.execute("INSERT INTO libraries (id, name, created) VALUES (?, ?, ?)",
                                     [v.library, v.library, now()])
                        library = known_libraries[isil_key(v.library)] = v.library
                    if v.round not in known_rounds:
                        if not create_missing:
                            raise StoreError.of("unknown_round", round=v.round)
                        conn.execute("INSERT INTO rounds (id, created) VALUES (?, ?)",
                                     [v.round, now()])
                        known_rounds.add(v.round)
                    if v.evaluator not in evaluators:
                        self.ensure_evaluator(conn, v.evaluator)
                        evaluators.add(v.evaluator)
                    if v.scenario.sha256 not in texts:
                        self.ensure_scenario_text(conn, v.scenario)
                        texts.add(v.scenario.sha256)
                    stamp = now()
                    visit_rows.append({
                        "id": v.id, "library_id": library, "round_id": v.round,
                        "scenario_id": v.scenario.scenario.id,
                        "scenario_version": v.scenario.scenario.version,
                        "scenario_sha256": v.scenario.sha256, "evaluator": v.evaluator,
                        "channel": v.channel, "language": v.language,
                        "visited_at": v.visited_at, "visited_utc": visit_time_utc(v.visited_at),
                        "status": v.status, "comment": v.comment,
                        "no_tie": None if v.no_tie is None else int(v.no_tie),
                        "created": v.created or stamp, "modified": v.modified or stamp})
                    scored = visit_scores(v.scenario.scenario, v.answers, self.principle_ids)
                    for item_id in v.answers.keys() | v.notes.keys():
                        answer_rows.append((v.id, item_id, v.answers.get(item_id),
                                            v.notes.get(item_id), v.modified or stamp,
                                            scored.items.get(item_id)))
                    if v.status != "draft":  # a visit with no log entry is a draft
                        content = {"library_id": library, "round_id": v.round,
                                   "scenario_sha256": v.scenario.sha256,
                                   "evaluator": v.evaluator, "channel": v.channel,
                                   "language": v.language, "visited_at": v.visited_at,
                                   "comment": v.comment}
                        log_rows.append((
                            str(uuid.uuid4()), v.id, None, stamp, here, role, "record", None,
                            v.status, None, content_digest(content, [
                                (item, v.answers.get(item), v.notes.get(item))
                                for item in v.answers.keys() | v.notes.keys()])))
                    groups = (library, v.round, v.scenario.scenario.id, v.channel, v.status)
                    scores.extend(score_rows(v.id, scored.as_dict(), groups))
                    count += 1
                    if count % BATCH == 0:
                        flush()
                flush()
        return count
