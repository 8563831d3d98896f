"""Issue 20: the evaluator's declaration of no personal tie travels in the interchange JSON,
is stored, exported and merged; older files without it stay valid."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from tests.store.helpers import invoke, prepare, record, sample_visits


def test_the_declaration_is_recorded_exported_and_optional(env: dict[str, str],
                                                            tmp_path: Path) -> None:
    prepare(env)
    declared, silent, denied = sample_visits(3)
    declared["no_personal_tie"] = True
    denied["no_personal_tie"] = False
    assert record(env, [declared, silent, denied]).exit_code == 0
    out = json.loads(invoke(env, "export", "visits", "--format", "json", "--out", "-").stdout)
    # the interchange export gives the field back where it was given, and only there
    by_id = {v["id"]: v.get("no_personal_tie", "absent") for v in out["visits"]}
    assert by_id == {declared["id"]: True, silent["id"]: "absent", denied["id"]: False}
    rows = list(csv.DictReader(io.StringIO(invoke(env, "export", "visits", "--out", "-").stdout)))
    assert {r["visit_id"]: r["no_personal_tie"] for r in rows} == {
        declared["id"]: "true", silent["id"]: "", denied["id"]: "false"}
    # merged into another database with the rest of the visit
    other = {**env, "PILOTKIT_DB": str(tmp_path / "lead.db")}
    assert invoke(other, "merge", env["PILOTKIT_DB"]).exit_code == 0
    merged = json.loads(invoke(other, "export", "visits", "--format", "json", "--out", "-"
                               ).stdout)
    assert {v["id"]: v.get("no_personal_tie", "absent") for v in merged["visits"]} == by_id


def test_a_declaration_that_is_not_true_or_false_is_refused(env: dict[str, str]) -> None:
    prepare(env)
    visit = sample_visits(1)[0]
    visit["no_personal_tie"] = "yes"
    result = record(env, [visit])
    assert result.exit_code == 1
    assert result.stderr.strip().endswith("no_personal_tie: expected true or false, got 'yes'")
