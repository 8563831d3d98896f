"""Test data shared across the layers: scenario texts, an interchange visit, CLI set-up.

Tests import shared data from here, never from another test module.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path
from typing import TYPE_CHECKING, Any

from tests.cli_helpers import run

if TYPE_CHECKING:
    from pilotkit.core.scenarios import ScenarioFile

CONTRACT_EXAMPLE = """
id: proxy-borrowing
version: 1
title: {fi: Puolesta asiointi, en: Borrowing on behalf of someone else}
channel: in_person
sections:
  - id: reception
    title: {fi: Vastaanotto, en: Reception}
    items:
      - id: greeted
        text: {fi: "Tervehdittiinkö sinua?", en: "Were you greeted?"}
        type: yesno
        principles: [customer_orientation]
      - id: wait_minutes
        text: {en: "Minutes before you were served"}
        type: number
        unit: min
        bands: [{max: 2, score: 1.0}, {max: 5, score: 0.5}, {score: 0.0}]
        principles: {responsiveness: 2}
      - id: needs_clarified
        text: {en: "Did the staff member ask what you needed it for?"}
        type: scale
        scale: {min: 1, max: 5, labels: {1: {en: Not at all}, 5: {en: Fully}}}
        principles: {professionalism: 1, customer_orientation: 1}
        show_if: {item: greeted, in: ["yes"]}
        required: true
      - id: followed_up
        text: {en: "Were you offered more help after that?"}
        type: yesno
        principles: {openness: 3}
        show_if: {item: needs_clarified, in: [4, 5]}
      - id: outcome
        text: {en: "What happened?"}
        type: choice
        options:
          - {id: answered, label: {en: "Got the answer"}, score: 1.0}
          - {id: referred, label: {en: "Was referred onwards"}, score: 0.75}
          - {id: none, label: {en: "Nothing"}, score: 0.0}
        principles: [reliability]
        required: true
      - id: signs_clear
        text: {en: "Were the signs clear?"}
        type: yesno
        principles: {openness: 1}
      - id: remarks
        text: {en: "Anything else?"}
        type: text
"""
"""The contract's own example scenario (§2), used wherever a realistic scenario is needed."""

VALID = """\
id: desk-question
version: 2
title: {fi: Tietopalvelu, sv: Informationstjänst, en: Reference question}
channel: phone
persona: A student
sections:
  - id: start
    title: Start
    items:
      - id: greeted
        text: Were you greeted?
        type: yesno
        principles: [customer_orientation]
      - id: how_well
        text: How well were you helped?
        type: scale
        scale: {min: 0, max: 10}
        principles: {professionalism: 2, reliability: 1}
        show_if: {item: greeted, in: ["yes", "na"]}
      - id: note
        text: Anything else?
        type: text
"""
"""A small valid scenario that the loader tests mutate."""

VISIT: dict[str, Any] = {
    "id": "0d6c1d0e-7a0b-4c8e-9a55-7f3b8a1f2c11",
    "library": "FI-Lohja", "round": "2017-baseline",
    "scenario": "proxy-borrowing", "scenario_version": 1,
    "evaluator": "E07", "channel": "in_person", "language": "fi",
    "visited_at": "2017-05-02T14:30:00", "status": "submitted",
    "answers": {"greeted": "yes", "wait_minutes": 3, "needs_clarified": 4,
                "outcome": "referred", "remarks": "…"},
    "notes": {"greeted": "optional note per item"},
    "comment": "optional free text about the whole visit",
}


def contract_env(folder: Path, db_name: str = "p.db") -> dict[str, str]:
    """The environment of a CLI run on a database in `folder` with the contract's scenario."""
    scenarios = folder / "scenarios"
    scenarios.mkdir(exist_ok=True)
    (scenarios / "proxy.yaml").write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    return {"PILOTKIT_DB": str(folder / db_name), "PILOTKIT_SCENARIOS": str(scenarios)}


def setup_db(env: dict[str, str]) -> None:
    assert run("libraries", "add", "FI-Lohja", "Lohjan kaupunginkirjasto", env=env).returncode == 0
    assert run("rounds", "add", "2017-baseline", env=env).returncode == 0


def record(env: dict[str, str], visits: list[dict[str, Any]], *args: str
           ) -> subprocess.CompletedProcess[str]:
    payload = json.dumps({"format": "pilotkit-visits/1", "visits": visits}, ensure_ascii=False)
    return run("record", "-", *args, stdin=payload, env=env)


def old_database(path: Path, scenario_file: ScenarioFile) -> None:
    """A database as pilotkit wrote it before roles: one visit of each old status."""
    from sqlite_utils import Database

    from pilotkit.core.database import APPLICATION_ID
    from pilotkit.core.migrations import migrations

    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA application_id={APPLICATION_ID}")
    db = Database(conn)
    migrations.apply(db, stop_before="m007_review_log")
    db.execute("PRAGMA user_version=6")  # the six steps before the review log
    stamp = "2017-05-02T12:00:00.000000+00:00"
    db.execute("INSERT INTO libraries (id, name, created) VALUES ('FI-Old', 'Old', ?)", [stamp])
    db.execute("INSERT INTO rounds (id, created) VALUES ('r0', ?)", [stamp])
    db.execute("INSERT INTO evaluators (code, created) VALUES ('E9', ?)", [stamp])
    db.execute("INSERT INTO scenario_texts VALUES (?, ?, ?, ?)",
               [scenario_file.sha256, "proxy-borrowing", 1, scenario_file.content])
    for n, status in enumerate(("draft", "submitted", "approved", "rejected")):
        reviewed = "2017-05-03T08:00:00.000000+00:00" if status in ("approved", "rejected") else None
        db.execute(
            "INSERT INTO visits (id, library_id, round_id, scenario_id, scenario_version,"
            " scenario_sha256, evaluator, channel, visited_at, status, status_reason,"
            " reviewed_at, created, modified) VALUES (?, 'FI-Old', 'r0', 'proxy-borrowing', 1,"
            " ?, 'E9', 'in_person', '2017-01-01T10:00:00', ?, ?, ?, ?, ?)",
            [f"old-{status}", scenario_file.sha256, status,
             "wrong branch" if status == "rejected" else None, reviewed, stamp, stamp])
        db.execute("INSERT INTO answers VALUES (?, 'outcome', 'referred', ?, ?)",
                   [f"old-{status}", "a note" if n else None, stamp])
    conn.commit()
    conn.close()
