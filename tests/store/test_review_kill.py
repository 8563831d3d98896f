"""A SIGKILL during a merge that carries review decisions: both databases as they were, or merged."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from pilotkit.core.framework_file import default_framework
from pilotkit.core.visit_service import VisitService
from tests.cli_helpers import run
from tests.fixtures import VISIT, setup_db

ROOT = Path(__file__).resolve().parents[2]
COUNT = 3000


def dump(path: Path) -> tuple[list[tuple[Any, ...]], ...]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return tuple(conn.execute(sql).fetchall() for sql in (
            "SELECT id, status, status_reason, reviewed_at, comment, modified FROM visits"
            " ORDER BY id",
            "SELECT * FROM answers ORDER BY visit_id, item_id",
            "SELECT * FROM visit_scores ORDER BY visit_id, principle",
            "SELECT * FROM review_log ORDER BY id",
            "SELECT * FROM this_database"))
    finally:
        conn.close()


def copy(source: Path, target: Path) -> None:
    with sqlite3.connect(source) as src, sqlite3.connect(target) as dst:
        src.backup(dst)


@pytest.fixture(scope="module")
def pair(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """A laptop with COUNT submitted visits; a lead's database that decided on every one;
    and the laptop as a complete merge of the lead's database leaves it."""
    folder = tmp_path_factory.mktemp("kill")
    scenarios = folder / "scenarios"
    scenarios.mkdir()
    from tests.fixtures import CONTRACT_EXAMPLE

    (scenarios / "proxy.yaml").write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    laptop, lead, merged = folder / "laptop.db", folder / "lead.db", folder / "merged.db"
    env = {"PILOTKIT_DB": str(laptop), "PILOTKIT_SCENARIOS": str(scenarios)}
    setup_db(env)
    visits = [{**VISIT, "id": f"00000000-0000-4000-8000-{k:012d}", "comment": "x" * 200}
              for k in range(COUNT)]
    payload = json.dumps({"format": "pilotkit-visits/1", "visits": visits})
    assert run("record", "-", stdin=payload, env=env).returncode == 0
    with VisitService.open(lead, default_framework().ids) as store:
        store.set_role("lead")
    assert run("--db", lead, "merge", laptop).returncode == 0
    ids = [v["id"] for v in visits]
    with VisitService.open(lead, default_framework().ids) as store:
        store.apply(ids[: COUNT // 3], "approve")
        store.apply(ids[COUNT // 3: 2 * COUNT // 3], "reject", "wrong branch")
        store.apply(ids[2 * COUNT // 3:], "return", "the time is missing")
    copy(laptop, merged)
    assert run("--db", merged, "merge", lead).returncode == 0
    return laptop, lead, merged


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.5, 0.9, 1.3, 1.8])
def test_sigkill_during_a_merge_of_decisions(pair: tuple[Path, Path, Path], tmp_path: Path,
                                              delay: float) -> None:
    original, lead, merged = pair
    laptop = tmp_path / "laptop.db"
    copy(original, laptop)
    before, after, lead_before = dump(laptop), dump(merged), dump(lead)
    assert before != after
    env = {k: v for k, v in os.environ.items() if not k.startswith("PILOTKIT_")}
    child = subprocess.Popen([sys.executable, "-m", "pilotkit", "--db", str(laptop), "merge",
                              str(lead)], env=env, cwd=ROOT,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(delay)
    child.send_signal(signal.SIGKILL)
    child.wait()
    assert dump(laptop) in (before, after)
    assert dump(lead) == lead_before
    # and a merge afterwards completes: the laptop as a merge that was never killed left it
    assert run("--db", laptop, "merge", lead).returncode == 0
    assert dump(laptop) == after
    with VisitService.open(laptop, default_framework().ids) as store:
        assert store.log_disagreements() == []
