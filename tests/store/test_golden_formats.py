"""Every export format and dialect, byte for byte, from a database built by hand.

The golden files under `tests/golden/` were read line by line when they were
written: the visits below are small enough that every score in them can be
checked by hand against contract §3 (see the comments). A change to a format
shows up here as a diff to read, not as a silent drift. To write them anew
after a deliberate change: `PILOTKIT_UPDATE_GOLDEN=1 pytest tests/store/test_golden_formats.py`,
then read the diff.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from tests.cli_helpers import run, run_bytes
from tests.fixtures import VISIT, contract_env, setup_db

GOLDEN = Path(__file__).resolve().parents[1] / "golden"

# Scores worked by hand (contract example scenario, weights in the comments):
#  v1 greeted yes (co 1), wait 3 → band 0.5 (resp ×2), clarified 4 → 0.75 (prof, co),
#     outcome referred 0.75 (rel): prof 75, co (1+0.75)/2 = 87.5, resp 50, rel 75;
#     overall (75 + 87.5 + 50 + 75) / 4 = 71.875
#  v2 greeted no (co 0), clarified hidden, wait 1.5 → 1.0, outcome none 0:
#     co 0, resp 100, rel 0; overall 100/3 = 33.333…
#  v3 a draft: greeted yes, nothing else: co 100; overall 100
#  v4 approved, greeted yes, wait na, clarified 5 → 1.0, outcome answered 1.0:
#     prof 100, co 100, rel 100; overall 100
VISITS: list[dict[str, Any]] = [
    {**VISIT, "id": "00000000-0000-4000-8000-000000000001", "round": "2017-baseline",
     "answers": {"greeted": "yes", "wait_minutes": 3, "needs_clarified": 4,
                 "outcome": "referred", "remarks": "=1+2 said \"hi\"; then, left"},
     "notes": {"greeted": "line one\nline two"},
     "comment": "visit ok\r\nsecond line"},
    {**VISIT, "id": "00000000-0000-4000-8000-000000000002", "round": "2017-baseline",
     "library": "FI-Vantaa", "evaluator": "E08", "channel": "phone",
     "visited_at": "2017-05-03T09:05:00",
     "answers": {"greeted": "no", "wait_minutes": 1.5, "needs_clarified": 2,
                 "outcome": "none"},
     "notes": {}, "comment": "-5 minutes late"},
    {**VISIT, "id": "00000000-0000-4000-8000-000000000003", "round": "2018-after",
     "status": "draft", "visited_at": "2018-05-02T14:30:00",
     "answers": {"greeted": "yes"}, "notes": {}, "comment": None},
    {**VISIT, "id": "00000000-0000-4000-8000-000000000004", "round": "2018-after",
     "status": "approved", "visited_at": "2018-05-04T16:00:00",
     "answers": {"greeted": "yes", "wait_minutes": "na", "needs_clarified": 5,
                 "outcome": "answered"},
     "notes": {}, "comment": "@home"},
]

CASES = [
    (kind, fmt, excel)
    for kind in ("answers", "visits", "scores")
    for fmt, excel in (("csv", False), ("csv", True), ("json", False))
]


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    env = contract_env(tmp_path_factory.mktemp("golden"), "golden.db")
    setup_db(env)
    assert run("libraries", "add", "FI-Vantaa", "Vantaan kaupunginkirjasto", env=env).returncode == 0
    assert run("rounds", "add", "2018-after", "--label", "After", env=env).returncode == 0
    visits = [{k: v for k, v in visit.items() if v is not None} for visit in VISITS]
    payload = json.dumps({"format": "pilotkit-visits/1", "visits": visits}, ensure_ascii=False)
    result = run("record", "-", stdin=payload, env=env)
    assert result.returncode == 0, result.stderr
    return env


@pytest.mark.parametrize(("kind", "fmt", "excel"), CASES,
                         ids=[f"{k}-{f}{'-excel' if e else ''}" for k, f, e in CASES])
def test_export_matches_its_golden_file(built: dict[str, str], kind: str, fmt: str,
                                        excel: bool) -> None:
    args = ["--lang", "en", "export", kind, "--out", "-", "--format", fmt]
    if excel:
        args.append("--excel")
    produced = run_bytes(built, *args)
    golden = GOLDEN / f"{kind}{'-excel' if excel else ''}.{fmt}"
    if os.environ.get("PILOTKIT_UPDATE_GOLDEN"):
        golden.write_bytes(produced)
    assert produced == golden.read_bytes()
