"""A visit's review log, and how a log — one database's, or two merged — says where the visit stands.

Every status change is an entry, made once in one database and keeping its
id wherever it travels: a merge adds the entries it has not seen, and no
entry is ever rewritten. An entry names the entry it followed in the
database that made it (`parent`), so a merged log is a tree that forks where
two databases acted on the same state without seeing each other — a lead
approved while the evaluator reopened, or two leads decided differently.

`resolve` walks the tree from its root and, at each fork, follows the branch
holding a team lead's decision (the later decision when both do), else the
branch with the later entry. Laptop clocks therefore decide only between two
decisions or between two sets of edits, never between a decision and an
edit. The visit's status is where that chain ends; entries off it are what a
merge reports as conflicts.

Whose decisions count: a review decision — approve, reject, return, undo, or
an approved, rejected or returned status that `record` or a migration wrote
— made in an evaluator's role counts only in the database that made it.
Every other database does not take it, and takes an imported status as
submitted. Pure: the store and merge read and write the rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any

from pilotkit.core.entities import ENTRY_COLUMNS, finnish_time
from pilotkit.core.langs import LANGS, Lang

DECISION_ACTIONS = frozenset({"approve", "reject", "return", "undo"})
"""Actions only a team lead's database takes (`visit.RULES` says so too; a test keeps them equal)."""
IMPORT_ACTIONS = frozenset({"record", "migrate"})
"""Entries that set a status as it came: from an interchange file, or as a database was when the
log began."""
ACTIONS = frozenset({"submit", "reopen", "discard"}) | DECISION_ACTIONS | IMPORT_ACTIONS
"""Every action a log entry can record."""
DECIDED_STATUSES = frozenset({"approved", "rejected", "returned"})
DISCARDED = "discarded"
"""What a discarded draft's last entry leads to: the entry stays as the draft's tombstone."""
UNKNOWN_DATABASE = "unknown"
"""The database of entries a merge makes up for a source older than the log."""



@dataclass(frozen=True)
class Entry:
    id: str
    visit_id: str
    parent: str | None
    at: str
    """When, in UTC (ISO 8601 with microseconds)."""
    database_id: str
    role: str
    action: str
    from_status: str | None
    to_status: str
    reason: str | None = None
    content: str | None = None
    """`content_digest` of the visit when the entry was made: which version was decided on."""

    @classmethod
    def from_row(cls, row: Sequence[Any]) -> Entry:
        return cls(*row)

    def row(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in ENTRY_COLUMNS)


def taken(entry: Entry, here: str) -> bool:
    """Whether the database `here` takes the entry (a decision only from a lead, or its own)."""
    return (entry.action not in DECISION_ACTIONS or entry.role == "lead"
            or entry.database_id == here)


def effect(entry: Entry, here: str) -> str:
    """The status the entry leads to, as the database `here` takes it."""
    if (entry.to_status in DECIDED_STATUSES and entry.role != "lead"
            and entry.database_id != here):
        return "submitted"  # an imported status; decisions themselves are not taken at all
    return entry.to_status


def is_decision(entry: Entry, here: str) -> bool:
    if not taken(entry, here):
        return False
    return entry.action in DECISION_ACTIONS or (
        entry.action in IMPORT_ACTIONS and effect(entry, here) in DECIDED_STATUSES)


def not_taken(entry: Entry, here: str) -> bool:
    """A decision made in an evaluator's database that `here` does not take (or takes as submitted)."""
    return not taken(entry, here) or effect(entry, here) != entry.to_status


@dataclass
class Resolution:
    """Where a visit stands by its log: the chain of entries that counts, and its end."""

    chain: list[Entry] = field(default_factory=list)
    status: str = "draft"
    """A `Status`, or `DISCARDED`. With no entry at all a visit is a draft."""

    @property
    def head(self) -> Entry | None:
        return self.chain[-1] if self.chain else None

    @property
    def reason(self) -> str | None:
        return self.head.reason if self.head else None

    @property
    def reviewed_at(self) -> str | None:
        """When the decision the visit stands on was made; None if it stands on none."""
        head = self.head
        if head is None or self.status not in DECIDED_STATUSES:
            return None
        return head.at

    @property
    def content(self) -> str | None:
        return self.head.content if self.head else None

    def ids(self) -> set[str]:
        return {e.id for e in self.chain}


def resolve(entries: Iterable[Entry], here: str) -> Resolution:
    """Walk the log's tree as the database `here` takes it (see the module's docstring)."""
    entries = list(entries)
    known = {e.id for e in entries}
    children: dict[str | None, list[Entry]] = {}
    for e in entries:
        if taken(e, here):
            parent = e.parent if e.parent in known and e.parent != e.id else None
            children.setdefault(parent, []).append(e)
    latest: dict[str, tuple[str, str]] = {}

    def summary(entry: Entry, visiting: set[str]) -> tuple[str, str]:
        """(the latest decision in the subtree or "", its latest entry)."""
        if entry.id in latest:
            return latest[entry.id]
        decision = entry.at if is_decision(entry, here) else ""
        last = entry.at
        visiting.add(entry.id)
        for child in children.get(entry.id, ()):
            if child.id not in visiting:  # a made-up cycle is not followed
                d, t = summary(child, visiting)
                decision, last = max(decision, d), max(last, t)
        visiting.discard(entry.id)
        latest[entry.id] = (decision, last)
        return decision, last

    def rank(entry: Entry) -> tuple[bool, str, str, str]:
        decision, last = summary(entry, set())
        return decision != "", decision, last, entry.id

    resolution = Resolution()
    node: str | None = None
    seen: set[str] = set()
    while True:
        kids = [k for k in children.get(node, ()) if k.id not in seen]
        if not kids:
            return resolution
        pick = max(kids, key=rank)
        seen.add(pick.id)
        resolution.chain.append(pick)
        resolution.status = effect(pick, here)
        node = pick.id


class Moment:
    """A logged UTC instant as a person reads it, in a log line or a merge's message: Finnish
    time in the form of their language (`4.12.2026 klo 6.46`, `2026-12-04 06:46`), as the
    app shows every other time."""

    def __init__(self, instant: str) -> None:
        self.instant = instant

    def in_lang(self, lang: str) -> str:
        from pilotkit.core.formatting import date_time

        return date_time(finnish_time(self.instant), lang)

    def __str__(self) -> str:
        return self.in_lang("en")

    def __repr__(self) -> str:
        return f"Moment({self.instant!r})"


def describe(entry: Entry, counts: bool, here: str, lang: str) -> str:
    """One entry as a person reads it, in `lang`: when (Finnish time), what, from → to, who,
    where, why.

    `counts`: whether the entry is on the chain that decides the visit here (`Store.history`).
    """
    from pilotkit.core.labels import label
    from pilotkit.core.messages import render

    language: Lang = lang if lang in LANGS else "en"
    where = (render("history_here", language) if entry.database_id == here
             else render("history_database", language, database=entry.database_id[:8]))
    change = " → ".join(label("status", s, language) for s in (entry.from_status, entry.to_status)
                        if s)
    # Finnish time in the reader's form, as every other time the app shows (the log keeps UTC)
    parts = [Moment(entry.at).in_lang(language),
             f"{label('action', entry.action, language)} ({change})",
             f"{label('role', entry.role, language)}, {where}"]
    if entry.reason:
        parts.append(render("history_reason", language, reason=entry.reason))
    if not counts:
        parts.append(render("history_not_counted", language))
    return " · ".join(parts)
