"""Interchange JSON (`pilotkit-visits/1`, contract §5): parse and validate visits.

`record` is all-or-nothing, so validation collects every problem in the file
before anything is written, each naming the visit by index (and id) and the
field. JSON that Python would quietly accept but that means something else
elsewhere — repeated keys, NaN, Infinity — is refused.
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

from pilotkit.core.answers import (
    SQLITE_INT_MAX,
    AnswerError,
    check_answer,
    check_storable_text,
    missing_required,
    show,
)
from pilotkit.core.entities import (
    CHANNELS,
    COUNTED_STATUSES,
    STATUSES,
    InvalidValue,
    check_datetime,
    check_evaluator,
    check_isil,
    check_round_id,
    isil_key,
)
from pilotkit.core.langs import LANGS
from pilotkit.core.loader import Catalog
from pilotkit.core.messages import Message, line
from pilotkit.core.privacy import context_words, personal_data_in
from pilotkit.core.scenarios import ScenarioFile, TextItem
from pilotkit.core.store import NewVisit
from pilotkit.core.visit_service import VisitService

FORMAT = "pilotkit-visits/1"
MAX_JSON_BYTES = 64 * 1024 * 1024
_KEYS = {"id", "library", "round", "scenario", "scenario_version", "evaluator", "channel",
         "language", "visited_at", "status", "answers", "notes", "comment", "no_personal_tie"}
_REQUIRED = ("library", "round", "scenario", "evaluator", "visited_at", "answers")


class InterchangeError(Exception):
    """The file cannot be recorded; `problems` holds one line per problem."""

    def __init__(self, problems: list[str]) -> None:
        self.problems = problems
        super().__init__("\n".join(problems))


class _Refused(ValueError):
    """JSON that parses but is refused (a repeated key, NaN), with its message."""

    def __init__(self, message: Message) -> None:
        super().__init__(message)
        self.message = message


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise _Refused(Message("json_repeated_key", repeated=key))
        out[key] = value
    return out


def _no_constants(name: str) -> Any:
    raise _Refused(Message("json_constant", name=name))


INT_DIGITS_PARSED = 4000
"""Python refuses to convert an int of more than 4,300 digits (and is slow well before)."""


class HugeInt(int):
    """A whole number in the file too long to convert: a stand-in of about its size.

    It is far beyond anything storable, so validation refuses it wherever it
    stands, naming the visit and the field; converting it would have failed
    for the whole file with Python's own message.
    """

    def __repr__(self) -> str:
        return show(self)

    __str__ = __repr__

    def __format__(self, spec: str) -> str:
        return show(self)


def _parse_int(text: str) -> int:
    length = len(text) - text.startswith("-")
    if length <= INT_DIGITS_PARSED:
        return int(text)
    size = HugeInt(1 << int((length - 1) * 3.3219280948873626))  # about `length` digits
    return HugeInt(-size) if text.startswith("-") else size


_JSON_ERRORS = {
    # the json module's own reasons (CPython's scanner), said in the user's language
    "Expecting value": "json_expecting_value",
    "Expecting ',' delimiter": "json_expecting_comma",
    "Expecting ':' delimiter": "json_expecting_colon",
    "Expecting property name enclosed in double quotes": "json_expecting_name",
    "Unterminated string starting at": "json_unterminated",
    "Invalid control character at": "json_control_character",
    "Invalid \\escape": "json_bad_escape",
    "Invalid \\uXXXX escape": "json_bad_escape",
    "Extra data": "json_extra_data",
}


def _json_reason(error: json.JSONDecodeError) -> Message:
    key = _JSON_ERRORS.get(error.msg)
    if key is None:  # a reason of a later Python: its own words, in the frame
        return Message("json_invalid", detail=error.msg)
    return Message("json_invalid", detail=Message(key))


def parse_json(raw: bytes, label: str) -> Any:
    """Strict JSON: UTF-8, no repeated keys, no NaN or Infinity, bounded size and depth."""
    if len(raw) > MAX_JSON_BYTES:
        raise InterchangeError([Message("json_too_large", f"{label}: ",
                                                mib=MAX_JSON_BYTES // 2**20)])
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        row = raw[: e.start].count(b"\n") + 1
        raise InterchangeError([Message("not_utf8", f"{label}:{row}: ")]) from None
    try:
        return json.loads(text, object_pairs_hook=_no_repeats, parse_constant=_no_constants,
                          parse_int=_parse_int)
    except json.JSONDecodeError as e:
        where = f"{label}:{e.lineno}:{e.colno}: "
        raise InterchangeError([line(where, _json_reason(e))]) from None
    except _Refused as e:
        raise InterchangeError([line(f"{label}: ", e.message)]) from None
    except RecursionError:
        raise InterchangeError([Message("json_too_deep", f"{label}: ")]) from None


@dataclass
class RecordContext:
    """What validation needs to know about the target database and the scenarios."""

    scenario: Callable[[str, int | None], ScenarioFile | Message]
    """Scenario by id and optional version, or a one-line reason it is not available."""
    libraries: set[str]
    rounds: set[str]
    existing_visit: Callable[[str], bool]
    create_missing: bool = False
    _by_isil: dict[str, str] | None = field(default=None, repr=False, compare=False)

    def library(self, isil: str) -> str | None:
        """The known library with this ISIL, compared case-insensitively, as it is stored."""
        if self._by_isil is None:
            self._by_isil = {isil_key(known): known for known in self.libraries}
        return self._by_isil.get(isil_key(isil))


def record_context(store: VisitService, catalog: Catalog, create_missing: bool = False) -> RecordContext:
    """Validation against the scenarios loaded now and the versions the database already holds."""

    def scenario(scenario_id: str, version: int | None) -> ScenarioFile | Message:
        current = catalog.get(scenario_id)
        if current is not None and version in (None, current.scenario.version):
            return current
        stored = store.stored_versions(scenario_id)
        if version is not None and version in stored:
            content = store.stored_text(stored[version])
            return ScenarioFile(store.stored_scenario(stored[version]), content)
        if current is None and not stored:
            return Message("record_unknown_scenario", scenario=scenario_id)
        known = sorted({*stored, *([current.scenario.version] if current else [])})
        return Message("scenario_no_version", scenario=scenario_id, version=version,
                       known=", ".join(map(str, known)))

    return RecordContext(
        scenario=scenario,
        libraries={lib.id for lib in store.libraries()},
        rounds={r.id for r in store.rounds()},
        existing_visit=store.has_visit,
        create_missing=create_missing,
    )


def parse_visits(data: Any, context: RecordContext) -> list[NewVisit]:
    """Validate every visit; raise `InterchangeError` listing all problems, or return them all."""
    if not isinstance(data, dict):
        raise InterchangeError([Message("record_not_object")])
    problems: list[str] = []
    if data.get("format") != FORMAT:
        problems.append(Message("expected_value", "format: ", expected=repr(FORMAT),
                                value=_short(data.get("format"))))
    unknown = sorted(set(data) - {"format", "visits"})
    if unknown:
        key = unknown[0]
        problems.append(Message("unknown_key", f"{key if key.isprintable() else repr(key)}: "))
    visits = data.get("visits")
    if not isinstance(visits, list):
        problems.append(Message("expected_visit_list", "visits: "))
        raise InterchangeError(problems)
    seen_ids: dict[str, int] = {}
    out: list[NewVisit] = []
    for index, raw in enumerate(visits):
        visit, visit_problems = _parse_visit(index, raw, context, seen_ids)
        problems += visit_problems
        if visit is not None:
            out.append(visit)
    if problems:
        raise InterchangeError(problems)
    return out


def _short(value: object) -> str:
    if isinstance(value, str):
        text = repr(value)
    elif isinstance(value, int) and not isinstance(value, bool):
        return show(value)
    else:
        try:
            text = json.dumps(value, ensure_ascii=False)
        except ValueError:  # holds a number too long to write out
            text = repr(type(value).__name__)
    return text if len(text) <= 60 else text[:57] + "..."


def _parse_visit(index: int, raw: Any, context: RecordContext,
                 seen_ids: dict[str, int]) -> tuple[NewVisit | None, list[str]]:
    name = f"visits[{index}]"
    if not isinstance(raw, dict):
        return None, [Message("expected_object", f"{name}: ", value=_short(raw))]
    given_id = raw.get("id")
    if isinstance(given_id, str):
        shown = given_id[:40]
        # quoted and escaped if it holds a newline or the like: one problem, one line
        name += f" ({shown if shown.isprintable() else repr(shown)})"
    problems: list[str] = []

    def problem(key: str, reason: object) -> None:
        # keys come from the file too (unknown keys, answers' item ids)
        problems.append(line(f"{name}: {key if key.isprintable() else repr(key)}: ", reason))

    for key in sorted(set(raw) - _KEYS):
        problem(key, Message("unknown_key"))
    for key in _REQUIRED:
        if raw.get(key) is None:
            problem(key, Message("missing"))

    def text_field(key: str, check: Callable[[str], str] | None = None,
                   required: bool = True) -> str | None:
        value = raw.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            problem(key, Message("expected_text", value=_short(value)))
            return None
        try:
            check_storable_text(value)
            return check(value) if check is not None else value
        except (InvalidValue, AnswerError) as e:
            problem(key, e)
            return None

    visit_id = str(uuid.uuid4())
    if "id" in raw:
        try:
            if not isinstance(given_id, str):
                raise ValueError
            visit_id = str(uuid.UUID(given_id))
        except ValueError:
            problem("id", Message("not_uuid", value=_short(given_id)))
        else:
            if visit_id in seen_ids:
                problem("id", Message("repeats_visit", index=seen_ids[visit_id]))
            elif context.existing_visit(visit_id):
                problem("id", Message("visit_already_here"))
            seen_ids.setdefault(visit_id, index)

    library = text_field("library", check_isil)
    if library is not None:
        stored = context.library(library)  # `fi-lohja` is the stored FI-Lohja
        if stored is not None:
            library = stored
        elif not context.create_missing:
            problem("library", Message("record_unknown_library", library=library))
    round_id = text_field("round", check_round_id)
    if round_id is not None and round_id not in context.rounds and not context.create_missing:
        problem("round", Message("record_unknown_round", round=round_id))
    evaluator = text_field("evaluator", check_evaluator)
    visited_at = text_field("visited_at", check_datetime)
    comment = text_field("comment")
    no_tie = raw.get("no_personal_tie")
    if no_tie is not None and not isinstance(no_tie, bool):
        problem("no_personal_tie", Message("expected_true_or_false", value=_short(no_tie)))
        no_tie = None

    status = raw.get("status", "submitted")
    if status not in STATUSES:
        problem("status", Message("expected_one_of", allowed=", ".join(STATUSES),
                                  value=_short(status)))
        status = None
    language = raw.get("language")
    if language is not None and language not in LANGS:
        problem("language", Message("expected_one_of", allowed=", ".join(LANGS),
                                    value=_short(language)))

    version = raw.get("scenario_version")
    if version is not None and (isinstance(version, bool) or not isinstance(version, int)
                                or not 0 <= version <= SQLITE_INT_MAX):
        problem("scenario_version", Message("expected_whole_number", value=_short(version)))
        version = None
    scenario_file: ScenarioFile | None = None
    scenario_id = text_field("scenario")
    if scenario_id is not None:
        found = context.scenario(scenario_id, version)
        if isinstance(found, Message):
            problem("scenario_version" if found.key == "scenario_no_version" else "scenario",
                    found)
        else:
            scenario_file = found

    channel = raw.get("channel")
    if channel is None and scenario_file is not None:
        channel = scenario_file.scenario.channel
    elif channel is not None and channel not in CHANNELS:
        problem("channel", Message("expected_one_of", allowed=", ".join(CHANNELS),
                                   value=_short(channel)))

    answers: dict[str, Any] = {}
    raw_answers = raw.get("answers")
    if "answers" in raw and not isinstance(raw_answers, dict):
        problem("answers", Message("expected_answers_object", value=_short(raw_answers)))
    elif isinstance(raw_answers, dict) and scenario_file is not None:
        scenario = scenario_file.scenario
        for item_id, value in raw_answers.items():
            item = scenario.item(item_id)
            if item is None:
                problem(f"answers.{item_id}", Message("no_such_item", scenario=scenario.id))
                continue
            if value is None:
                continue
            try:
                answers[item_id] = check_answer(item, value)
            except AnswerError as e:
                problem(f"answers.{item_id}", e)
        if status in COUNTED_STATUSES and not any(p.startswith(f"{name}: answers") for p in problems):
            missing = missing_required(scenario, answers)
            if missing:
                problem("answers", Message("lacks_required", status=status,
                                           items=", ".join(i.id for i in missing)))

    notes: dict[str, str] = {}
    raw_notes = raw.get("notes")
    if raw_notes is not None:
        if not isinstance(raw_notes, dict):
            problem("notes", Message("expected_notes_object", value=_short(raw_notes)))
        else:
            for item_id, note in raw_notes.items():
                if scenario_file is not None and scenario_file.scenario.item(item_id) is None:
                    problem(f"notes.{item_id}",
                            Message("no_such_item", scenario=scenario_file.scenario.id))
                elif not isinstance(note, str):
                    problem(f"notes.{item_id}", Message("expected_text", value=_short(note)))
                elif note.strip():
                    try:
                        notes[item_id] = check_storable_text(note)
                    except AnswerError as e:
                        problem(f"notes.{item_id}", e)

    if (problems or scenario_file is None or library is None or round_id is None
            or evaluator is None or visited_at is None or status is None or channel is None):
        return None, problems or [Message("incomplete_visit", f"{name}: ")]
    return NewVisit(
        id=visit_id, library=library, round=round_id, scenario=scenario_file,
        evaluator=evaluator, channel=channel, language=language, visited_at=visited_at,
        status=status, answers=answers, notes=notes, comment=comment, no_tie=no_tie,
    ), []


def personal_data_warnings(visits: list[NewVisit], places: Sequence[str] = ()) -> list[str]:
    """One line per visit and free-text field that seems to hold personal data (never a refusal:
    a library's own phone number in a note is fine, and nothing an evaluator wrote is lost)."""
    warnings: list[str] = []

    known: list[str] = []
    by_scenario: dict[str, list[str]] = {}  # the same words for every visit of a scenario

    def check(name: str, key: str, kind: str, text: str) -> None:
        found = personal_data_in(text, known)
        if found:
            warnings.append(Message("pii_warning", f"{name}: {key}: ", field=Message(kind),
                                    kinds=tuple(Message(f"pii_{k}") for k in found)))

    for index, visit in enumerate(visits):
        sha256 = visit.scenario.sha256
        if sha256 not in by_scenario:
            by_scenario[sha256] = context_words(visit.scenario.scenario, places)
        known[:] = by_scenario[sha256]
        name = f"visits[{index}] ({visit.id})"
        for item in visit.scenario.scenario.items():
            value = visit.answers.get(item.id)
            if isinstance(item, TextItem) and isinstance(value, str):
                check(name, f"answers.{item.id}", "field_text", value)
            note = visit.notes.get(item.id)
            if note is not None:
                check(name, f"notes.{item.id}", "field_note", note)
        if visit.comment:
            check(name, "comment", "field_comment", visit.comment)
    return warnings


def visit_to_json(meta: Mapping[str, Any], answers: Mapping[str, Any],
                  notes: Mapping[str, str]) -> dict[str, Any]:
    """One visit in the interchange format, keys in the contract's order."""
    out: dict[str, Any] = {
        "id": meta["id"], "library": meta["library"], "round": meta["round"],
        "scenario": meta["scenario"], "scenario_version": meta["scenario_version"],
        "evaluator": meta["evaluator"], "channel": meta["channel"],
    }
    if meta.get("language"):
        out["language"] = meta["language"]
    out["visited_at"] = meta["visited_at"]
    out["status"] = meta["status"]
    out["answers"] = dict(answers)
    if notes:
        out["notes"] = dict(notes)
    if meta.get("comment"):
        out["comment"] = meta["comment"]
    if meta.get("no_personal_tie") is not None:
        out["no_personal_tie"] = bool(meta["no_personal_tie"])
    return out
