"""compare: every number worked out by hand from the contract's rules."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from pilotkit.core.compare import Filters, compare_cells, compare_change
from pilotkit.core.entities import Status
from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import parse_scenario
from pilotkit.core.visit_service import VisitService
from tests.cli_helpers import run

ONE_ITEM = """
id: one-item
version: 1
title: One item
channel: phone
sections:
  - id: s
    title: S
    items:
      - id: how_open
        text: How open was the answer?
        type: scale
        scale: {min: 0, max: 4}
        principles: [openness]
"""
# scale 0..4 → scores 0, 25, 50, 75, 100
POINT = {0.0: 0, 25.0: 1, 50.0: 2, 75.0: 3, 100.0: 4}


@pytest.fixture
def store(tmp_path: Path) -> VisitService:
    framework = default_framework()
    scenario = parse_scenario(ONE_ITEM, "one.yaml", framework)
    store = VisitService.open(tmp_path / "c.db", framework.ids)
    store.add_library("FI-A", "A")
    store.add_library("FI-B", "B")
    store.add_round("r1", start="2017-01-01")
    store.add_round("r2", start="2018-01-01")
    store.set_role("lead")  # only a team lead's database approves and rejects (issue #15)

    def visit(library: str, round_id: str, score: float, status: Status = "submitted") -> None:
        visit_id = store.start_visit(scenario, library, round_id, "E1", "2017-05-02T10:00")
        store.set_answer(visit_id, "how_open", POINT[score])
        if status != "draft":
            store.set_status(visit_id, "submitted")
        if status in ("approved", "rejected"):
            store.set_status(visit_id, status, "wrong library" if status == "rejected" else None)

    for score in (50, 75):
        visit("FI-A", "r1", score, "approved")
    visit("FI-A", "r1", 0, "rejected")      # never counts
    visit("FI-A", "r1", 0, "draft")         # never counts
    visit("FI-A", "r2", 100)
    for _ in range(3):
        visit("FI-B", "r1", 75)
    for score in (100, 50, 75, 100):
        visit("FI-B", "r2", score)
    return store


def test_cells(store: VisitService) -> None:
    rounds, cells = compare_cells(store)
    assert rounds == ["r1", "r2"]
    index = {(c.group, c.round, c.principle): c for c in cells}
    assert {p for (_, _, p) in index} == {"openness", "overall"}
    a1 = index[("FI-A", "r1", "openness")]
    # n = 2: mean 62.5, sd = 25/√2 = 17.678, half = 12.7062 · 17.678 / √2 = 158.83 (not clipped)
    assert (a1.n, a1.mean) == (2, 62.5)
    assert a1.ci_low == pytest.approx(62.5 - 12.7062 * 12.5, abs=1e-3)
    assert a1.ci_high == pytest.approx(62.5 + 12.7062 * 12.5, abs=1e-3)
    a2 = index[("FI-A", "r2", "openness")]
    assert (a2.n, a2.mean, a2.ci_low, a2.ci_high) == (1, 100.0, None, None)
    b1 = index[("FI-B", "r1", "openness")]
    assert (b1.n, b1.mean, b1.ci_low, b1.ci_high) == (3, 75.0, 75.0, 75.0)
    b2 = index[("FI-B", "r2", "overall")]  # one principle: overall is the same number
    assert (b2.n, b2.mean) == (4, 81.25)
    # sample variance: (18.75² + 31.25² + 6.25² + 18.75²) / 3 = 572.917; t(0.975, 3) = 3.1824
    half = 3.1824 * math.sqrt(1718.75 / 3) / 2
    assert b2.ci_low == pytest.approx(81.25 - half, abs=1e-3)


def test_changes(store: VisitService) -> None:
    changes = {(c.group, c.principle): c for c in compare_change(store, "r1", "r2")}
    a = changes[("FI-A", "openness")]
    assert (a.n_from, a.n_to, a.delta, a.ci_low, a.clear) == (2, 1, 37.5, None, False)
    b = changes[("FI-B", "openness")]
    # zero variance before: ordinary Welch, df = 4 − 1 = 3, se = √(572.917 / 4)
    half = 3.1824 * math.sqrt(1718.75 / 3 / 4)
    assert b.delta == 6.25
    assert b.ci_low == pytest.approx(6.25 - half, abs=1e-3)
    assert b.ci_high == pytest.approx(6.25 + half, abs=1e-3)
    assert not b.clear


def test_approved_only(store: VisitService) -> None:
    _, cells = compare_cells(store, filters=Filters(approved_only=True))
    assert {(c.group, c.round, c.principle, c.n) for c in cells} == {
        ("FI-A", "r1", "openness", 2), ("FI-A", "r1", "overall", 2)}


def test_cli_json_and_empty(store: VisitService, tmp_path: Path) -> None:
    db = str(store.path)
    store.close()
    data = json.loads(run("--db", db, "compare", "--format", "json").stdout)
    assert data["by"] == "library" and data["rounds"] == ["r1", "r2"]
    assert len(data["cells"]) == 8
    change = json.loads(run("--db", db, "compare", "--change", "r1", "r2", "--format",
                            "json").stdout)
    assert change["from"] == "r1" and len(change["changes"]) == 4
    empty = run("--db", tmp_path / "empty.db", "compare", "--format", "json")
    assert empty.returncode == 0
    assert json.loads(empty.stdout)["cells"] == []
    unknown = run("--db", db, "compare", "--change", "r1", "r9")
    assert unknown.returncode == 1 and "unknown round r9" in unknown.stderr
