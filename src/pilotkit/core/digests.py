"""Fingerprints of a visit: its content as one sha256, and the id of a migrated log entry.

Pure and stable: the same content gives the same digest in every database and
every version, so that a merge can tell whether two copies of a visit differ.
Shared by the storage layer (a migration writes them) and the review rules.
"""

from __future__ import annotations

import hashlib
import json
import uuid
from collections.abc import Iterable, Mapping
from operator import itemgetter
from typing import Any

from pilotkit.core.entities import CONTENT_FIELDS, Status, isil_key

_MIGRATED = uuid.UUID("6f1d7a52-3c1e-4d9b-8f0a-5b2e9c4d7e10")


def content_digest(visit: Mapping[str, Any], answers: Iterable[tuple[str, Any, str | None]]
                   ) -> str:
    """A visit's content as one sha256: its details (`CONTENT_FIELDS`), answers and notes.

    `answers` are (item id, value or None, note or None); a value's type counts (3 ≠ 3.0),
    as SQLite keeps it. The same content gives the same digest in every database (the
    library's ISIL compared without case, as the databases compare it).
    """
    rows = [[item, _TYPES.get(type(value), "text"), value, note]
            for item, value, note in sorted(answers, key=itemgetter(0))]
    details = [visit.get(f) for f in CONTENT_FIELDS]
    details[0] = isil_key(str(details[0]))  # one library, whatever the case of its ISIL here
    payload = json.dumps([details, rows], ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(payload.encode("utf-8")).hexdigest()


_TYPES = {type(None): "null", int: "integer", float: "real", str: "text"}
"""SQLite's storage classes, as the values read back from it are typed."""


def migrated_entry_id(visit_id: str, status: Status, stamp: str) -> str:
    """The id of the entry that starts an older database's log for a visit.

    Made from the visit, so a migration and a merge reading the same older
    database without migrating it make the same entry.
    """
    return str(uuid.uuid5(_MIGRATED, f"{visit_id} {status} {stamp}"))
