"""What `merge` reads from another database is checked as `record` checks a file.

A source database is another laptop's file: it may come from an older or a
tampered pilotkit, or have been edited by hand. Nothing in it is trusted:
every library, round, evaluator code, stored scenario text, visit and answer
is checked with the same rules as a visit arriving in interchange JSON
(`check_answer`, the scenario loader, the id checks of `entities`). A source
with any problem is refused whole, one line per problem naming the row (a
visit by its id) and the field.
"""

from __future__ import annotations

import hashlib
import re
import sqlite3
from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any

from pilotkit.core.answers import AnswerError, check_answer, missing_required, show
from pilotkit.core.entities import (
    CHANNELS,
    COUNTED_STATUSES,
    STATUSES,
    InvalidValue,
    check_date,
    check_datetime,
    check_evaluator,
    check_isil,
    check_round_id,
    check_stored_code,
)
from pilotkit.core.framework import Framework
from pilotkit.core.item_facts import facts_of, to_json
from pilotkit.core.langs import LANGS
from pilotkit.core.messages import Message
from pilotkit.core.problems import ProblemsError
from pilotkit.core.scenarios import Item, Scenario
from pilotkit.core.yamlsrc import MAX_FILE_BYTES

Answers = list[tuple[Any, ...]]
"""A visit's answer rows as merge reads them: item id, value, SQLite type, note, modified."""

_PRINCIPLE_ID = re.compile(r"[a-z0-9_]+")
_SHA256 = re.compile(r"[0-9a-f]{64}")
MAX_VISIT_ID = 64


def columns(conn: sqlite3.Connection, table: str) -> set[str]:
    """A table's columns (none when an older pilotkit wrote no such table)."""
    return {row[1] for row in conn.execute(f"PRAGMA table_info({table})")}


def decode_text(raw: bytes) -> str:
    """The source connection's text factory once text that is not UTF-8 has been met: the
    bad bytes become lone surrogates (refused below as "not valid UTF-8") instead of
    stopping the read."""
    return raw.decode("utf-8", "surrogateescape")


def check_sha256(value: str) -> str:
    if not _SHA256.fullmatch(value):
        raise InvalidValue.of("sha256_invalid", value=show(value))
    return value


def _named(value: object) -> str:
    """An id from the source as a problem line shows it: on one line, short."""
    if isinstance(value, str) and value.isprintable() and 0 < len(value) <= MAX_VISIT_ID:
        return value
    return show(value)


class SourceCheck:
    """Checks one source database; `problems` collects one line per problem."""

    def __init__(self, source: sqlite3.Connection, label: str, target: sqlite3.Connection,
                 target_scenario: Callable[[str], Scenario],
                 principle_ids: Sequence[str]) -> None:
        self.source = source
        self.label = label if label.isprintable() else repr(label)  # a path is one line too
        self.target = target
        self.target_scenario = target_scenario
        self.principle_ids = tuple(principle_ids)
        self.problems: list[str] = []
        self.libraries: list[tuple[Any, ...]] = []
        self.rounds: list[tuple[Any, ...]] = []
        self.evaluators: list[tuple[Any, ...]] = []
        self.new_evaluators: set[str] = set()
        """The source's evaluator codes this database lacked before the merge."""
        self.texts: list[tuple[Any, ...]] = []
        """The source's scenario texts (sha256, scenario_id, version, content, item_facts)."""
        self.goals: list[tuple[Any, ...]] = []
        """The source's report goals (from_round, to_round, text, modified), as checked."""
        self.ethics: list[tuple[Any, ...]] = []
        """(round, staff_informed, purpose, retain_until) of the source's rounds, as checked."""
        self.conflicts: list[tuple[Any, ...]] = []
        """(evaluator, library_id, created, removed): where the source's evaluators must not
        go, or no longer must not."""
        self.purges: list[tuple[str, str, str]] = []
        """(scope, value, purged_at) of the source's purges."""
        self.plans: dict[str, tuple[str, str, list[tuple[Any, ...]]]] = {}
        """round → (made, request, [(evaluator, library_id, scenario_id, date, slot), …])."""
        self._scenarios: dict[str, Scenario | None] = {}
        self._keys: dict[str, set[str]] = {}
        self._passed: set[tuple[Callable[[str], str], str]] = set()
        self._items: dict[str, dict[str, Item]] = {}
        """Source scenario texts by sha256: parsed, or None when not valid."""

    def problem(self, what: str, row_id: object, field: str, reason: object) -> None:
        self.problems.append(Message("merge_problem", f"{self.label}: ",
                                     what=Message(f"merge_{what}", id=_named(row_id)),
                                     field=field, reason=reason))

    # -- plain values ---------------------------------------------------------------------------

    def text(self, what: str, row_id: object, field: str, value: object,
             required: bool = True, check: Callable[[str], str] | None = None) -> bool:
        """Whether `value` is usable text (or NULL where allowed); a problem is added if not."""
        if type(value) is str and (check is None or (check, value) in self._passed):
            if value.isascii():  # the common case, checked fast: 20,000 visits' worth
                return True
            try:
                value.encode("utf-8")
                return True
            except UnicodeEncodeError:
                pass
        if value is None:
            if required:
                self.problem(what, row_id, field, Message("missing"))
            return not required
        if not isinstance(value, str):
            self.problem(what, row_id, field, Message("expected_text", value=show(value)))
            return False
        try:
            value.encode("utf-8")
        except UnicodeEncodeError:
            self.problem(what, row_id, field, Message("not_utf8"))
            return False
        if check is not None:
            try:
                check(value)
            except InvalidValue as e:
                self.problem(what, row_id, field, e)
                return False
            self._passed.add((check, value))  # ids repeat from visit to visit
        return True

    def stamp(self, what: str, row_id: object, field: str, value: object,
              required: bool = True) -> bool:
        """A time the store wrote (created, modified): text that reads as ISO 8601.

        `modified` decides which side of a conflict wins, by comparison: a
        number or a blob there would stop the merge halfway.
        """
        if type(value) is str and value.isascii():
            try:
                datetime.fromisoformat(value)
                return True
            except ValueError:
                pass
        return self.text(what, row_id, field, value, required, check=check_datetime)

    def one_of(self, what: str, row_id: object, field: str, value: object,
               allowed: Sequence[str | None]) -> bool:
        if value in allowed and (value is None or isinstance(value, str)):
            return True
        shown = ", ".join(a for a in allowed if a is not None)
        self.problem(what, row_id, field, Message("expected_one_of", allowed=shown,
                                                  value=show(value)))
        return False

    def known(self, what: str, row_id: object, field: str, value: str,
              table: str, column: str, here: set[str]) -> bool:
        """`value` is a row of `table` in the source or in the target."""
        if value in here or self.target.execute(
                f"SELECT 1 FROM {table} WHERE {column} = ?", [value]).fetchone():
            return True
        self.problem(what, row_id, field, Message("in_neither_database", value=_named(value)))
        return False

    # -- the reference tables -------------------------------------------------------------------

    def check_reference_tables(self) -> None:
        """Libraries, rounds, evaluators and scenario texts; kept for writing when all is well."""
        for row in self.source.execute("SELECT id, name, municipality, created FROM libraries"):
            key, name, municipality, created = row
            self.text("library", key, "id", key, check=check_isil)
            if self.text("library", key, "name", name) and not name.strip():
                self.problem("library", key, "name", Message("empty_text"))
            self.text("library", key, "municipality", municipality, required=False)
            self.stamp("library", key, "created", created)
            self.libraries.append(row)
        for row in self.source.execute(
                "SELECT id, label, pilot, start_date, end_date, created FROM rounds"):
            key, label, pilot, start, end, created = row
            self.text("round", key, "id", key, check=check_round_id)
            self.text("round", key, "label", label, required=False)
            self.text("round", key, "pilot", pilot, required=False)
            self.text("round", key, "start_date", start, required=False, check=check_date)
            self.text("round", key, "end_date", end, required=False, check=check_date)
            self.stamp("round", key, "created", created)
            self.rounds.append(row)
        for row in self.source.execute("SELECT code, created FROM evaluators"):
            code, created = row
            self.text("evaluator", code, "code", code, check=check_stored_code)
            self.stamp("evaluator", code, "created", created)
            self.evaluators.append(row)
        for row in self.source.execute(
                "SELECT sha256, scenario_id, version, content FROM scenario_texts"):
            self._check_scenario_text(*row)
            scenario = self._scenarios.get(row[0])
            # the facts made here from the checked text: the source's own are never read
            self.texts.append((*row, None if scenario is None else to_json(facts_of(scenario))))
        has_goals = self.source.execute(
            "SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'report_goals'"
        ).fetchone()
        for row in self.source.execute(
                "SELECT from_round, to_round, text, modified FROM report_goals"
                ) if has_goals else ():
            from_round, to_round, text, modified = row
            name = f"{from_round} → {to_round}"
            self.text("report_goals", name, "from_round", from_round, check=check_round_id)
            self.text("report_goals", name, "to_round", to_round, check=check_round_id)
            self.text("report_goals", name, "text", text)
            self.stamp("report_goals", name, "modified", modified)
            self.goals.append(row)

        self._check_second_wave()

    def _check_second_wave(self) -> None:
        """Round ethics, evaluators' conflicts and plans (schema step 11), when present."""
        if "informed_on" in columns(self.source, "rounds"):
            for row in self.source.execute(
                    "SELECT id, informed_on, purpose, retain_until FROM rounds"):
                key, informed, purpose, retain = row
                self.text("round", key, "informed_on", informed, required=False,
                          check=check_date)
                self.text("round", key, "purpose", purpose, required=False)
                self.text("round", key, "retain_until", retain, required=False,
                          check=check_date)
                self.ethics.append(row)
        if columns(self.source, "evaluator_conflicts"):
            for row in self.source.execute(
                    "SELECT evaluator, library_id, created, removed FROM evaluator_conflicts"):
                evaluator, library, created, removed = row
                name = f"{evaluator} / {library}"
                self.text("evaluator_conflicts", name, "evaluator", evaluator,
                          check=check_evaluator)
                self.text("evaluator_conflicts", name, "library_id", library, check=check_isil)
                self.stamp("evaluator_conflicts", name, "created", created)
                self.stamp("evaluator_conflicts", name, "removed", removed, required=False)
                self.conflicts.append(row)
        if columns(self.source, "purges"):
            for scope, value, at in self.source.execute(
                    "SELECT scope, value, purged_at FROM purges"):
                name = f"{scope} {value}"
                if self.one_of("purges", name, "scope", scope, ("round", "before")):
                    self.text("purges", name, "value", value,
                              check=check_round_id if scope == "round" else check_date)
                self.stamp("purges", name, "purged_at", at)
                self.purges.append((scope, value, at))
        if columns(self.source, "plans"):
            for round_id, made, request in self.source.execute(
                    "SELECT round_id, made, request FROM plans"):
                self.text("plan", round_id, "round_id", round_id, check=check_round_id)
                self.stamp("plan", round_id, "made", made)
                self.text("plan", round_id, "request", request)
                self.plans[str(round_id)] = (made, request, [])
            for row in self.source.execute(
                    "SELECT round_id, evaluator, library_id, scenario_id, date, slot"
                    " FROM plan_assignments ORDER BY round_id, date, slot, evaluator"):
                round_id, evaluator, library, scenario, day, slot = row
                name = f"{round_id} {day} {slot} {evaluator}"
                self.text("plan", name, "evaluator", evaluator, check=check_evaluator)
                self.text("plan", name, "library_id", library, check=check_isil)
                self.text("plan", name, "scenario_id", scenario)
                self.text("plan", name, "date", day, check=check_date)
                self.text("plan", name, "slot", slot)
                if str(round_id) not in self.plans:
                    self.problem("plan", name, "round_id",
                                 Message("in_neither_database", value=_named(round_id)))
                    continue
                self.plans[str(round_id)][2].append(row[1:])

    def _check_scenario_text(self, sha256: Any, scenario_id: Any, version: Any,
                             content: Any) -> None:
        self._scenarios[sha256] = None
        name = sha256[:12] if isinstance(sha256, str) else sha256
        if not self.text("scenario_text", name, "sha256", sha256, check=check_sha256):
            return
        if not self.text("scenario_text", name, "content", content):
            return
        assert isinstance(content, str)
        if len(content) > MAX_FILE_BYTES:
            self.problem("scenario_text", name, "content",
                         Message("text_too_long", limit=MAX_FILE_BYTES))
            return
        actual = hashlib.sha256(content.encode("utf-8")).hexdigest()
        if actual != sha256:
            self.problem("scenario_text", name, "sha256",
                         Message("sha256_mismatch", actual=actual[:12]))
            return
        try:
            if self.target.execute("SELECT 1 FROM scenario_texts WHERE sha256 = ?",
                                   [sha256]).fetchone():
                scenario = self.target_scenario(sha256)  # the same text, checked when stored
            else:
                scenario = _stored_scenario(content, self.principle_ids)
        except ProblemsError as e:
            for p in e.problems:
                self.problem("scenario_text", name, "content",
                             Message("stored_scenario_invalid", line=p.line, problem=p.message))
            return
        if (scenario_id, version) != (scenario.id, scenario.version):
            self.problem("scenario_text", name, "scenario_id",
                         Message("scenario_mismatch", actual=f"{scenario.id} v{scenario.version}"))
            return
        self._scenarios[sha256] = scenario

    # -- visits ---------------------------------------------------------------------------------

    def check_visit(self, visit: dict[str, Any], answers: Answers) -> Scenario | None:
        """The visit's stored scenario when the visit and its answers are all valid, else None
        (with its problems added)."""
        before = len(self.problems)
        vid = visit["id"]
        if not (isinstance(vid, str) and vid.isprintable() and 0 < len(vid) <= MAX_VISIT_ID):
            self.problem("visit", vid, "id", Message("bad_visit_id", value=show(vid)))
        if self.text("visit", vid, "library_id", visit["library_id"], check=check_isil):
            self.known("visit", vid, "library_id", visit["library_id"], "libraries", "id",
                       self._ids("libraries"))
        if self.text("visit", vid, "round_id", visit["round_id"], check=check_round_id):
            self.known("visit", vid, "round_id", visit["round_id"], "rounds", "id",
                       self._ids("rounds"))
        if self.text("visit", vid, "evaluator", visit["evaluator"], check=check_stored_code):
            self.known("visit", vid, "evaluator", visit["evaluator"], "evaluators", "code",
                       self._ids("evaluators"))
        self.one_of("visit", vid, "channel", visit["channel"], CHANNELS)
        self.one_of("visit", vid, "language", visit["language"], (*LANGS, None))
        self.stamp("visit", vid, "visited_at", visit["visited_at"])
        status_ok = self.one_of("visit", vid, "status", visit["status"], STATUSES)
        self.text("visit", vid, "comment", visit["comment"], required=False)
        self.text("visit", vid, "status_reason", visit["status_reason"], required=False)
        self.stamp("visit", vid, "reviewed_at", visit["reviewed_at"], required=False)
        self.stamp("visit", vid, "created", visit["created"])
        self.stamp("visit", vid, "modified", visit["modified"])
        if visit.get("no_tie") not in (0, 1, None) or isinstance(visit.get("no_tie"), float):
            self.problem("visit", vid, "no_tie", Message("expected_one_of", allowed="0, 1",
                                                         value=show(visit.get("no_tie"))))
        self.stamp("visit", vid, "purged", visit.get("purged"), required=False)
        scenario = self._scenario_of(visit)
        if scenario is None:
            return None
        items = self._items.get(visit["scenario_sha256"])
        if items is None:
            items = {item.id: item for item in reversed(list(scenario.items()))}
            self._items[visit["scenario_sha256"]] = items
        values: dict[str, Any] = {}
        for item_id, value, _, note, modified in answers:
            field = f"answers.{item_id}" if isinstance(item_id, str) else "answers"
            if not self.text("visit", vid, "answers.item_id", item_id):
                continue
            item = items.get(item_id)
            if item is None:
                self.problem("visit", vid, _one_line(field),
                             Message("no_such_item", scenario=scenario.id))
                continue
            if value is not None:
                try:
                    values[item_id] = check_answer(item, value)
                except AnswerError as e:
                    self.problem("visit", vid, _one_line(field), e)
            if note is not None:
                self.text("visit", vid, _one_line(f"notes.{item_id}"), note)
            self.stamp("visit", vid, _one_line(f"{field}.modified"), modified)
        if (status_ok and visit["status"] in COUNTED_STATUSES
                and len(self.problems) == before):
            missing = missing_required(scenario, values)
            if missing:
                self.problem("visit", vid, "answers",
                             Message("lacks_required", status=visit["status"],
                                     items=", ".join(i.id for i in missing)))
        return scenario if len(self.problems) == before else None

    def _scenario_of(self, visit: dict[str, Any]) -> Scenario | None:
        vid, sha256 = visit["id"], visit["scenario_sha256"]
        if not self.text("visit", vid, "scenario_sha256", sha256, check=check_sha256):
            return None
        scenario: Scenario | None
        if sha256 in self._scenarios:
            scenario = self._scenarios[sha256]
            if scenario is None:
                self.problem("visit", vid, "scenario_sha256",
                             Message("stored_scenario_unusable", id=sha256[:12]))
                return None
        elif self.target.execute("SELECT 1 FROM scenario_texts WHERE sha256 = ?",
                                 [sha256]).fetchone():
            scenario = self.target_scenario(sha256)
        else:
            self.problem("visit", vid, "scenario_sha256",
                         Message("in_neither_database", value=sha256[:12]))
            return None
        if visit["scenario_id"] != scenario.id:
            self.problem("visit", vid, "scenario_id",
                         Message("scenario_mismatch", actual=scenario.id))
            return None
        if visit["scenario_version"] != scenario.version:
            self.problem("visit", vid, "scenario_version",
                         Message("scenario_mismatch", actual=f"{scenario.id} v{scenario.version}"))
            return None
        return scenario

    def _ids(self, table: str) -> set[str]:
        """The keys of a reference table of the source (read by `check_reference_tables`)."""
        if not self._keys:
            self._keys = {"libraries": {r[0] for r in self.libraries},
                          "rounds": {r[0] for r in self.rounds},
                          "evaluators": {r[0] for r in self.evaluators}}
        return self._keys[table]


def _one_line(text: str) -> str:
    return text if text.isprintable() else repr(text)


def _stored_scenario(content: str, principle_ids: Sequence[str]) -> Scenario:
    """A scenario text from another database, checked as a scenario file is.

    Its principles need not be in this database's framework (a visit keeps
    the scenario it was filled with), but they must be principle ids; every
    other rule of a scenario file applies. The text is parsed once when its
    principles are known here (pure-Python YAML is slow), three times when not.
    """
    from pilotkit.core.loader import parse_scenario, scenario_from_text

    try:
        return parse_scenario(content, "stored scenario", _framework(principle_ids)).scenario
    except ProblemsError as problems:
        try:
            scenario = scenario_from_text(content)
        except ProblemsError:
            raise problems from None
        others = scenario.principle_ids() - set(principle_ids)
        if not others:
            raise
    bad = sorted(p for p in others if not _PRINCIPLE_ID.fullmatch(p))
    if bad:
        from pilotkit.core.problems import Problem

        raise ProblemsError([Problem("stored scenario", 1,
                                     Message("not_a_principle_id", "principles: ",
                                             value=show(bad[0])))])
    framework = _framework([*principle_ids, *sorted(others)])
    return parse_scenario(content, "stored scenario", framework).scenario


def _framework(principle_ids: Sequence[str]) -> Framework:
    from pilotkit.core.framework import Principle
    from pilotkit.core.localtext import LocalText

    return Framework(principles=[Principle(id=p, name=LocalText(en=p)) for p in principle_ids])


def scoring_principles(principle_ids: Sequence[str], scenario: Scenario) -> list[str]:
    """The framework's principles, then any other the scenario scores (sorted).

    A visit keeps the scores its scenario gives even when this database's
    framework has dropped one of its principles.
    """
    return [*principle_ids, *sorted(scenario.principle_ids() - set(principle_ids))]

