"""Libraries, rounds, evaluators and visits as the store hands them out.

Identifiers are checked here once, for every way they arrive (command line,
interchange JSON, TUI). Evaluators are pseudonymous codes: nothing in
pilotkit records who a staff member or an evaluator is.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Literal

from pilotkit.core.messages import Translatable
from pilotkit.core.privacy import pseudonym_problem

Channel = Literal["in_person", "phone", "email", "chat", "video", "web"]
CHANNELS: tuple[str, ...] = ("in_person", "phone", "email", "chat", "video", "web")
"""How the evaluator met the service (contract §2); here, not beside the scenario's model,
so that checking a typed channel does not load pydantic."""

Status = Literal["draft", "submitted", "approved", "rejected", "returned"]
STATUSES: tuple[Status, ...] = ("draft", "submitted", "approved", "rejected", "returned")
COUNTED_STATUSES: tuple[Status, ...] = ("submitted", "approved")
"""A returned visit (sent back for correction) counts like a draft: never in comparisons."""
Role = Literal["evaluator", "lead"]
ROLES: tuple[Role, ...] = ("evaluator", "lead")
"""An evaluator's database fills visits; a team lead's database also reviews them."""
FRAMEWORK_FILE = "framework.yaml"
"""A file of this name in a scenario directory replaces the default principles."""
DEFAULT_PRINCIPLE_IDS: tuple[str, ...] = (
    "professionalism",
    "customer_orientation",
    "openness",
    "accessibility",
    "reliability",
    "responsiveness",
    "equality",
)
"""The seven principles of the default framework, in order (`default_framework.yaml`)."""
OVERALL = "overall"
"""The principle name under which a visit's overall score is stored and compared."""

# the review log's rows and what a visit's content digest covers: shapes the store
# writes and the review rules read (`reviewlog.py`)
ENTRY_COLUMNS = ("id", "visit_id", "parent", "at", "database_id", "role", "action",
                 "from_status", "to_status", "reason", "content")
PURGED_EVALUATOR = "purged"
"""The code a visit carries once its evaluator's code was removed (`pilotkit purge`)."""

CONTENT_FIELDS = ("library_id", "round_id", "scenario_sha256", "evaluator", "channel",
                  "language", "visited_at", "comment")
"""What a visit is besides its answers and notes; its status is not content."""

# ISO 15511: a prefix of up to four letters or digits, a hyphen, then up to
# eleven characters; the whole identifier is at most sixteen. Every pattern is
# used with fullmatch: `$` would let a trailing newline through.
_ISIL = re.compile(r"[A-Za-z0-9]{1,4}-[A-Za-z0-9:/-]{1,11}")
_ROUND = re.compile(r"[A-Za-z0-9][A-Za-z0-9._-]{0,63}")
_EVALUATOR = re.compile(r"[A-Za-z0-9][A-Za-z0-9_-]{0,31}")


_ASCII_FOLD = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


class InvalidValue(Translatable, ValueError):
    """A user-supplied value that cannot be used; the message is one line."""


def isil_key(value: str) -> str:
    """An ISIL as it is compared: ISO 15511 codes are case-insensitive (`FI-Lohja` = `fi-lohja`).

    Folds ASCII only, exactly as SQLite's NOCASE collation does (an ISIL is ASCII).
    """
    return value.translate(_ASCII_FOLD)


def check_isil(value: str) -> str:
    if not _ISIL.fullmatch(value):
        raise InvalidValue.of("isil_invalid", value=value)
    return value


def check_round_id(value: str) -> str:
    if not _ROUND.fullmatch(value):
        raise InvalidValue.of("round_invalid", value=value)
    return value


def check_evaluator(value: str) -> str:
    """A pseudonymous code: refused when it looks like a person's contact details or name."""
    if not _EVALUATOR.fullmatch(value):
        raise InvalidValue.of("evaluator_invalid", value=value)
    problem = pseudonym_problem(value)
    if problem is not None:
        raise InvalidValue.of(f"code_{problem}", value=value)
    if value.lower() == PURGED_EVALUATOR:
        raise InvalidValue.of("code_reserved", value=value)
    return value


def check_stored_code(value: str) -> str:
    """An evaluator code as a database holds it: a pseudonym, or the mark of a purged visit."""
    return value if value == PURGED_EVALUATOR else check_evaluator(value)


def round_id_from_label(label: str) -> str | None:
    """A round id made from its label, so nobody has to invent one: "Kevät 2026" → "kevat-2026".

    Letters lose their accents (ä → a, ö → o, å → a), anything that is not a
    letter, digit, '.', '_' or '-' becomes a hyphen. None when nothing is left.
    """
    plain = unicodedata.normalize("NFKD", label).encode("ascii", "ignore").decode("ascii")
    slug = re.sub(r"[^A-Za-z0-9._-]+", "-", plain.lower()).strip("-._")[:64].rstrip("-._")
    return slug if slug and _ROUND.fullmatch(slug) else None


def check_date(value: str) -> str:
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise InvalidValue.of("date_invalid", value=value) from None


def check_datetime(value: str) -> str:
    """A visit time as ISO 8601, kept to the second in the user's form.

    With a UTC offset (`+03:00`; `Z` becomes `+00:00`) or without one, which
    means Finnish local time. The form is kept so that an exported visit reads
    as it was written; lists sort by `visit_time_utc`.
    """
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        raise InvalidValue.of("datetime_invalid", value=value) from None
    offset = parsed.utcoffset()
    if offset is not None and offset % timedelta(minutes=1):
        raise InvalidValue.of("datetime_offset", value=value)
    text = parsed.isoformat(timespec="seconds")
    try:
        visit_time_utc(text)
    except OverflowError:  # the first or last hours of year 1 or 9999
        raise InvalidValue.of("datetime_invalid", value=value) from None
    return text


# A time as people write it in Finland and Sweden: `3.12.2026 10.15`,
# `3.12.2026 klo 10.15`, `2026-12-03 kl. 10:15`. A dot between hours and
# minutes is the Finnish standard (SFS 4175); ISO forms pass as they are.
_TYPED_TIME = re.compile(
    r"(?:(?P<d>\d{1,2})\.(?P<m>\d{1,2})\.(?P<y>\d{4})|(?P<iso>\d{4}-\d{2}-\d{2}))"
    r"(?:[ T]+(?:(?:klo|kl)\.?\s*)?(?P<H>\d{1,2})[.:](?P<M>\d{2})(?:[.:](?P<S>\d{2}))?)?",
    re.IGNORECASE)


def read_datetime(typed: str) -> str:
    """A visit time typed by a person, as ISO 8601 (see `check_datetime`).

    Accepts the Finnish and Swedish ways of writing a date and time as well as
    ISO; a problem quotes the text exactly as it was typed.
    """
    text = " ".join(typed.split())
    match = _TYPED_TIME.fullmatch(text)
    if match is None:
        try:
            return check_datetime(text)
        except InvalidValue:
            raise InvalidValue.of("datetime_invalid", value=typed) from None
    day = match["iso"] or f"{match['y']}-{int(match['m']):02d}-{int(match['d']):02d}"
    clock = f"{int(match['H'] or 0):02d}:{match['M'] or '00'}:{match['S'] or '00'}"
    try:
        return check_datetime(f"{day}T{clock}")
    except InvalidValue:
        raise InvalidValue.of("datetime_invalid", value=typed) from None


def read_date(typed: str) -> str:
    """A day typed by a person, `3.4.2017` or `2017-04-03`, as ISO 8601; a problem quotes
    the text as it was typed."""
    match = _TYPED_TIME.fullmatch(typed.strip())
    if match is None or match["H"] is not None:
        raise InvalidValue.of("date_invalid", value=typed)
    day = match["iso"] or f"{match['y']}-{int(match['m']):02d}-{int(match['d']):02d}"
    try:
        return check_date(day)
    except InvalidValue:
        raise InvalidValue.of("date_invalid", value=typed) from None


def _finnish_offset(local: datetime) -> timedelta:
    """Finnish time's UTC offset at a wall-clock time: EET (+2), EEST (+3) in summer.

    Summer time by the EU rule: from 01:00 UTC on the last Sunday of March to
    01:00 UTC on the last Sunday of October. An hour that occurs twice in
    October counts as its first (summer) occurrence; the hour skipped in
    March as winter time. `migrations.m006_visit_time_utc` computes the same
    in SQL (a test holds the two equal).
    """
    start, end = _summer_time(local.year)
    if start <= local - timedelta(hours=3) < end:
        return timedelta(hours=3)
    return timedelta(hours=2)


@cache
def _summer_time(year: int) -> tuple[datetime, datetime]:
    """When summer time starts and ends in `year`, in UTC: once a year, not once a visit."""
    def last_sunday_1_utc(month: int) -> datetime:
        day = date(year, month, 31)
        day -= timedelta(days=(day.weekday() + 1) % 7)
        return datetime(day.year, day.month, day.day, 1)

    return last_sunday_1_utc(3), last_sunday_1_utc(10)


def finnish_time(instant: str) -> str:
    """A UTC instant (`2026-12-04T20:28:37…`) as Finnish wall-clock time, without an offset
    (`2026-12-04T22:28:37`), as the app shows every other time; the inverse of the rule
    `_finnish_offset` applies. Text that is not a time is returned as it is."""
    try:
        parsed = datetime.fromisoformat(instant.removesuffix("Z"))
    except ValueError:
        return instant
    if parsed.tzinfo is not None:
        parsed = parsed.astimezone(UTC).replace(tzinfo=None)
    start, end = _summer_time(parsed.year)
    local = parsed + timedelta(hours=3 if start <= parsed < end else 2)
    return local.isoformat(timespec="seconds")


def visit_time_utc(value: str) -> str:
    """The instant of a stored visit time, in UTC (`2017-05-02T11:30:00Z`): the sort key.

    A time without an offset is Finnish local time. Raises ValueError for
    text that is not a time `check_datetime` returns.
    """
    parsed = datetime.fromisoformat(value)
    if parsed.tzinfo is None:
        instant = parsed - _finnish_offset(parsed)
    else:
        instant = parsed.astimezone(UTC).replace(tzinfo=None)
    return instant.isoformat(timespec="seconds") + "Z"


@dataclass(frozen=True, slots=True)
class Library:
    id: str
    name: str
    municipality: str | None = None


@dataclass(frozen=True, slots=True)
class Round:
    id: str
    label: str | None = None
    pilot: str | None = None
    start: str | None = None
    end: str | None = None
    staff_informed: str | None = None
    """The day staff were told of the programme, its purpose and how results are used."""
    purpose: str | None = None
    """Why the round is evaluated and how its results will be used (never to judge a person)."""
    retain_until: str | None = None
    """After this day the round's free text and evaluator codes should be purged."""


@dataclass(frozen=True, slots=True)
class Assignment:
    """One planned visit: who goes where, with which scenario, on which day and time slot."""

    evaluator: str
    library: str
    scenario: str
    date: str
    slot: str


@dataclass(frozen=True, slots=True)
class VisitMeta:
    id: str
    library: str
    round: str
    scenario: str
    scenario_version: int
    scenario_sha256: str
    evaluator: str
    channel: str
    language: str | None
    visited_at: str
    status: Status
    comment: str | None
    status_reason: str | None
    created: str
    modified: str
