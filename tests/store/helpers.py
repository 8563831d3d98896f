"""Helpers for the issue 13 tests: commands run in this process, sample visits, an old schema.

`invoke` runs `pilotkit` with click's CliRunner: no interpreter start-up per
command, and arguments a shell cannot pass (a NUL byte) reach the command as
typed.
"""

from __future__ import annotations

import copy
import json
import os
import sqlite3
from pathlib import Path
from typing import Any

from click.testing import CliRunner, Result

from pilotkit.cli import main
from tests.fixtures import VISIT


def invoke(env: dict[str, str], *args: str | Path, stdin: str | None = None) -> Result:
    """`pilotkit ARGS` with only `env`'s PILOTKIT_ variables set; tracebacks fail the test."""
    full_env: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PILOTKIT_")}
    full_env.update(env)
    result = CliRunner().invoke(main, [str(a) for a in args], input=stdin, env=full_env,
                                catch_exceptions=False)
    assert "Traceback" not in result.stderr, result.stderr
    return result


def record(env: dict[str, str], visits: list[dict[str, Any]], *args: str) -> Result:
    payload = json.dumps({"format": "pilotkit-visits/1", "visits": visits}, ensure_ascii=False)
    return invoke(env, "record", "-", *args, stdin=payload)


def prepare(env: dict[str, str], libraries: tuple[str, ...] = ("FI-Lohja",),
            rounds: tuple[str, ...] = ("2017-baseline",)) -> None:
    for isil in libraries:
        assert invoke(env, "libraries", "add", isil, f"Library {isil}").exit_code == 0
    for round_id in rounds:
        assert invoke(env, "rounds", "add", round_id).exit_code == 0


def sample_visits(n: int) -> list[dict[str, Any]]:
    """`n` valid visits to FI-Lohja in 2017-baseline, a day apart, with differing answers."""
    visits = []
    for k in range(n):
        visit = copy.deepcopy(VISIT)
        visit["id"] = f"00000000-0000-4000-8000-{k:012d}"
        visit["visited_at"] = f"2017-05-{k + 1:02d}T14:30:00"
        visit["answers"]["needs_clarified"] = 1 + k % 5
        visits.append(visit)
    return visits


def downgrade_to_schema_4(db: Path) -> None:
    """The database as pilotkit with schema 4 left it (before case-insensitive ISILs and UTC
    visit times), data included."""
    conn = sqlite3.connect(db)
    try:
        conn.executescript(
            """
            DROP TRIGGER visits_time_utc_insert;
            DROP TRIGGER visits_time_utc_update;
            DROP INDEX visits_visited_utc;
            DROP INDEX visits_by_status_time;
            DROP INDEX libraries_isil;
            ALTER TABLE visits DROP COLUMN visited_utc;
            DELETE FROM _sqlite_migrations WHERE name IN ('m005_isil_case', 'm006_visit_time_utc');
            PRAGMA user_version = 4;
            """
        )
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    finally:
        conn.close()
