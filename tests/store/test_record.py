"""`record`: interchange JSON in, all or nothing, every problem named."""

from __future__ import annotations

import copy
import sqlite3
from typing import Any

import pytest

from tests.cli_helpers import run
from tests.fixtures import VISIT, record, setup_db


def count(env: dict[str, str], table: str = "visits") -> int:
    conn = sqlite3.connect(env["PILOTKIT_DB"])
    try:
        return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])
    finally:
        conn.close()


def test_contract_example_records(env: dict[str, str]) -> None:
    setup_db(env)
    result = record(env, [VISIT])
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(env["PILOTKIT_DB"])
    scores = dict(conn.execute("SELECT principle, score FROM visit_scores"))
    # hand-worked as in test_scoring: customer_orientation (1 + 0.75)/2, responsiveness 0.5,
    # professionalism 0.75, reliability 0.75 (referred)
    assert scores == pytest.approx({"customer_orientation": 87.5, "responsiveness": 50.0,
                                    "professionalism": 75.0, "reliability": 75.0,
                                    "overall": (87.5 + 50 + 75 + 75) / 4})
    note = conn.execute("SELECT note FROM answers WHERE item_id = 'greeted'").fetchone()[0]
    assert note == "optional note per item"
    conn.close()


def test_one_bad_visit_among_eighty_writes_nothing(env: dict[str, str]) -> None:
    setup_db(env)
    visits = []
    for n in range(80):
        visit = copy.deepcopy(VISIT)
        visit["id"] = f"00000000-0000-4000-8000-{n:012d}"
        visits.append(visit)
    visits[17]["library"] = "FI-Nowhere"
    visits[42]["answers"]["needs_clarified"] = 9
    visits[42]["answers"]["outcome"] = "elsewhere"
    del visits[63]["evaluator"]
    visits[70]["id"] = visits[69]["id"]
    result = record(env, visits)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines == [
        "visits[17] (00000000-0000-4000-8000-000000000017): library: unknown library FI-Nowhere"
        " (add it, or use --create-missing)",
        "visits[42] (00000000-0000-4000-8000-000000000042): answers.needs_clarified:"
        " expected a whole number from 1 to 5, got 9",
        "visits[42] (00000000-0000-4000-8000-000000000042): answers.outcome:"
        " expected one of answered, referred, none, got 'elsewhere'",
        "visits[63] (00000000-0000-4000-8000-000000000063): evaluator: missing",
        "visits[70] (00000000-0000-4000-8000-000000000069): id: repeats visits[69]",
    ]
    assert count(env) == 0
    assert count(env, "answers") == 0


@pytest.mark.parametrize(
    ("change", "fragment"),
    [
        ({"status": "final"}, "status: expected one of draft, submitted, approved, rejected"),
        ({"scenario_version": 3}, "scenario_version: proxy-borrowing has no version 3"),
        ({"scenario": "nope"}, "scenario: unknown scenario 'nope'"),
        ({"visited_at": "yesterday"}, "visited_at: 'yesterday' is not a date and time"),
        ({"channel": "fax"}, "channel: expected one of"),
        ({"evaluator": "Maija Meikäläinen"}, "evaluator: 'Maija Meikäläinen' is not an evaluator code"),
        ({"answers": {"greeted": "yes"}}, "answers: submitted visit lacks required needs_clarified, outcome"),
        ({"answers": []}, "answers: expected an object"),
        ({"id": "not-a-uuid"}, "id: not a UUID"),
        ({"extra": 1}, "extra: unknown key"),
        ({"notes": {"greeted": 5}}, "notes.greeted: expected text"),
        ({"answers": {**VISIT["answers"], "wait_minutes": -2}}, "expected a number of at least 0"),
    ],
)
def test_each_problem_is_named(env: dict[str, str], change: dict[str, Any], fragment: str) -> None:
    setup_db(env)
    result = record(env, [{**VISIT, **change}])
    assert result.returncode == 1
    assert fragment in result.stderr, result.stderr
    assert count(env) == 0


@pytest.mark.parametrize(
    ("payload", "fragment"),
    [
        ('{"format": "pilotkit-visits/1", "visits": [', "not valid JSON"),
        ('{"format": "pilotkit-visits/1", "format": "x", "visits": []}', "repeated"),
        ('{"format": "pilotkit-visits/1", "visits": [{"answers": {"wait_minutes": NaN}}]}', "NaN"),
        ('{"format": "pilotkit-visits/1", "visits": [{"x": Infinity}]}', "Infinity"),
        ("[" * 100_000 + "]" * 100_000, "nested too deeply"),
        ("[]", "must be a JSON object"),
        ('{"format": "other", "visits": {}}', "format: expected"),
    ],
    ids=["truncated", "repeated-key", "nan", "infinity", "deep", "list", "wrong-format"],
)
def test_hostile_json_is_refused(env: dict[str, str], payload: str, fragment: str) -> None:
    setup_db(env)
    result = run("record", "-", stdin=payload, env=env)
    assert result.returncode == 1
    assert fragment in result.stderr, result.stderr
    assert count(env) == 0


def test_create_missing_and_defaults(env: dict[str, str]) -> None:
    visit = {k: v for k, v in VISIT.items() if k not in ("id", "status", "channel",
                                                         "scenario_version")}
    visit["library"], visit["round"] = "FI-Uusi", "2018-pilot"
    assert record(env, [visit]).returncode == 1
    result = record(env, [visit], "--create-missing")
    assert result.returncode == 0, result.stderr
    conn = sqlite3.connect(env["PILOTKIT_DB"])
    row = conn.execute("SELECT status, channel, length(id) FROM visits").fetchone()
    assert row == ("submitted", "in_person", 36)
    conn.close()


def test_drafts_need_not_be_complete_and_ids_are_not_reused(env: dict[str, str]) -> None:
    setup_db(env)
    draft = {**VISIT, "status": "draft", "answers": {"greeted": "no"}}
    assert record(env, [draft]).returncode == 0
    again = record(env, [draft])
    assert again.returncode == 1
    assert "already in the database" in again.stderr
    assert count(env) == 1
