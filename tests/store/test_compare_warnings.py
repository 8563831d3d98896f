"""Honest warnings: p-values and their adjustment, the scenario mix, too few visits.

Every expected number is worked out here by hand or by an independent
computation (the Welch p-value by numerically integrating the t density),
never by calling the code under test.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from pilotkit.core.compare import Filters, compare_cells, compare_change
from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import parse_scenario
from pilotkit.core.multiplicity import benjamini_hochberg, holm
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.visit_service import VisitService
from pilotkit.tables import Names, print_changes
from tests.cli_helpers import run

SCALE = """
id: {id}
version: 1
title: {{fi: "Skenaario {id}", en: "Scenario {id}"}}
channel: phone
sections:
  - id: s
    title: S
    items:
      - id: how_open
        text: How open was the answer?
        type: scale
        scale: {{min: 0, max: 4}}
        principles: [openness]
"""
POINT = {0: 0, 25: 1, 50: 2, 75: 3, 100: 4}  # scale 0..4 → scores 0, 25, 50, 75, 100


def t_density(x: float, df: float) -> float:
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)
    return math.exp(log_c - (df + 1) / 2 * math.log1p(x * x / df))


def p_by_integration(t: float, df: float, steps: int = 20_000) -> float:
    """2·∫_|t|^∞ f(x) dx by Simpson's rule after x = |t| + u/(1 − u), u in [0, 1)."""
    h = 1.0 / steps
    total = 0.0
    for k in range(steps + 1):
        u = min(k * h, 1 - 1e-12)
        value = t_density(abs(t) + u / (1 - u), df) / (1 - u) ** 2
        total += value * (1 if k in (0, steps) else 4 if k % 2 else 2)
    return 2 * total * h / 3


def test_integration_knows_a_textbook_value() -> None:
    # t = 2.776445 is the 97.5 % quantile of t with 4 df: two-sided p = 0.05
    assert p_by_integration(2.776445, 4) == pytest.approx(0.05, abs=1e-6)


def test_holm_and_bh_by_hand() -> None:
    p = [0.01, 0.04, 0.03, 0.005]
    # sorted 0.005, 0.01, 0.03, 0.04; Holm multiplies by 4, 3, 2, 1 and keeps the running max:
    # 0.02, 0.03, 0.06, max(0.06, 0.04) = 0.06
    assert holm(p) == pytest.approx([0.03, 0.06, 0.06, 0.02])
    # BH multiplies by 4/rank and keeps the running min from the top:
    # rank 4: 0.04, rank 3: min(0.04, 0.04), rank 2: 0.02, rank 1: min(0.02, 0.02)
    assert benjamini_hochberg(p) == pytest.approx([0.02, 0.04, 0.04, 0.02])
    assert holm([0.9, 0.8]) == [1.0, 1.0]                       # capped at 1
    assert holm([]) == [] and benjamini_hochberg([]) == []


def scenario(scenario_id: str) -> ScenarioFile:
    return parse_scenario(SCALE.format(id=scenario_id), f"{scenario_id}.yaml", default_framework())


def add(store: VisitService, file: ScenarioFile, library: str, round_id: str, scores: list[int]) -> None:
    for score in scores:
        visit = store.start_visit(file, library, round_id, "E1", "2017-05-02T10:00")
        store.set_answer(visit, "how_open", POINT[score])
        store.set_status(visit, "submitted")


@pytest.fixture
def three(tmp_path: Path) -> VisitService:
    """Three libraries whose Welch t and df come out round (one scenario throughout)."""
    store = VisitService.open(tmp_path / "w.db", default_framework().ids)
    one = scenario("one")
    for isil, name in (("FI-A", "Aalto"), ("FI-B", "Bulevardi"), ("FI-C", "Cygnaeus")):
        store.add_library(isil, name)
    store.add_round("r1", label="Kevät", start="2017-01-01")
    store.add_round("r2", label="Syksy", start="2017-09-01")
    # A: means 25 → 75, var 416.67 each side, n 4: se = √(2·416.67/4) = 14.434, t = 3.4641, df 6
    add(store, one, "FI-A", "r1", [0, 25, 25, 50])
    add(store, one, "FI-A", "r2", [50, 75, 75, 100])
    # B: means 12.5 → 87.5, var 208.33, n 4: se = 10.206, t = 7.3485, df 6
    add(store, one, "FI-B", "r1", [0, 0, 25, 25])
    add(store, one, "FI-B", "r2", [75, 75, 100, 100])
    # C: means 37.5 → 62.5, var 312.5, n 2: se = 17.678, t = 1.4142, df 2
    add(store, one, "FI-C", "r1", [25, 50])
    add(store, one, "FI-C", "r2", [50, 75])
    return store


def test_welch_p_values_and_adjustments(three: VisitService) -> None:
    db = str(three.path)
    three.close()
    p_a = p_by_integration(50 / math.sqrt(2 * 1250 / 3 / 4), 6)
    p_b = p_by_integration(75 / math.sqrt(2 * 625 / 3 / 4), 6)
    p_c = p_by_integration(25 / math.sqrt(2 * 312.5 / 2), 2)
    assert p_b < p_a < 0.05 < p_c                                 # sanity of the design
    # the family: openness and overall of each library, so every p-value twice (m = 6);
    # sorted: p_b, p_b, p_a, p_a, p_c, p_c
    holm_by_hand = {"FI-B": max(6 * p_b, 5 * p_b), "FI-A": max(6 * p_b, 4 * p_a, 3 * p_a),
                    "FI-C": min(1.0, max(4 * p_a, 2 * p_c, 1 * p_c))}
    bh_c = min(6 * p_c / 6, 6 * p_c / 5)
    bh_a = min(6 * p_a / 4, 6 * p_a / 3, bh_c)
    bh_by_hand = {"FI-C": bh_c, "FI-A": bh_a, "FI-B": min(6 * p_b / 2, 6 * p_b / 1, bh_a)}
    for method, by_hand in (("holm", holm_by_hand), ("bh", bh_by_hand)):
        out = run("--db", db, "compare", "--change", "r1", "r2", "--adjust", method,
                  "--format", "json")
        assert out.returncode == 0, out.stderr
        data = json.loads(out.stdout)
        assert data["adjust"] == method
        assert len(data["changes"]) == 6
        for change in data["changes"]:
            p = {"FI-A": p_a, "FI-B": p_b, "FI-C": p_c}[change["group"]]
            assert change["p_value"] == pytest.approx(p, rel=1e-6)
            assert change["p_adjusted"] == pytest.approx(by_hand[change["group"]], rel=1e-6)
            assert change["clear_adjusted"] is (by_hand[change["group"]] < 0.05)
            assert change["clear"] is (p < 0.05)                  # clear keeps its meaning
    # A is clear alone (p = 0.0134) and after BH (1.5 p = 0.020), not after Holm (4 p = 0.054)
    assert holm_by_hand["FI-A"] > 0.05 > bh_by_hand["FI-A"]
    plain = json.loads(run("--db", db, "compare", "--change", "r1", "r2", "--format",
                           "json").stdout)
    assert "adjust" not in plain and "clear_adjusted" not in plain["changes"][0]
    csv_text = run("--db", db, "compare", "--change", "r1", "r2", "--adjust", "holm",
                   "--format", "csv").stdout
    assert csv_text.splitlines()[0].endswith("p_adjusted,clear_adjusted")


def test_adjusted_marks_in_the_table(three: VisitService, capsys: pytest.CaptureFixture[str]) -> None:
    changes = compare_change(three, "r1", "r2")
    names = Names({"FI-A": "Aalto", "FI-B": "Bulevardi", "FI-C": "Cygnaeus"},
                  {"r1": "Kevät", "r2": "Syksy"})
    print_changes(changes, ("r1", "r2"), default_framework(), "en", names, Filters(), None,
                  "holm")
    out = capsys.readouterr().out
    row_a = next(line for line in out.splitlines() if line.startswith("FI-A"))
    assert "(▲) +50.0" in row_a                                   # clear alone, not after Holm
    row_b = next(line for line in out.splitlines() if line.startswith("FI-B"))
    assert "▲ +75.0" in row_b and "(▲)" not in row_b
    assert "clear after Holm's adjustment over 6 changes" in out
    # six changes tested, four clear (A and B, openness and overall); 5 % of six is 0.3
    assert "6 changes tested, 4 clear" in out and "about 0.3 would look clear" in out


@pytest.fixture
def mixed(tmp_path: Path) -> VisitService:
    """FI-A is visited with scenario one in r1 but with one and two in r2; FI-B with one only."""
    store = VisitService.open(tmp_path / "m.db", default_framework().ids)
    one, two = scenario("one"), scenario("two")
    store.add_library("FI-A", "Aalto")
    store.add_library("FI-B", "Bulevardi")
    store.add_round("r1", start="2017-01-01")
    store.add_round("r2", start="2017-09-01")
    add(store, one, "FI-A", "r1", [50, 50, 75])
    add(store, one, "FI-A", "r2", [50, 75, 75])
    add(store, two, "FI-A", "r2", [0, 0])
    add(store, one, "FI-B", "r1", [25, 50])
    add(store, one, "FI-B", "r2", [50, 75])
    return store


def test_scenario_mix_is_flagged_and_can_be_left_out(mixed: VisitService) -> None:
    changes = {(c.group, c.principle): c for c in compare_change(mixed, "r1", "r2")}
    a = changes[("FI-A", "openness")]
    assert a.mixed_scenarios and not changes[("FI-B", "openness")].mixed_scenarios
    # r2 of FI-A: 50, 75, 75, 0, 0 → mean 40, so 58.33 → 40 looks like a fall
    assert (a.n_to, a.mean_to) == (5, 40.0)
    same = {(c.group, c.principle): c
            for c in compare_change(mixed, "r1", "r2", filters=Filters(same_scenarios=True))}
    a = same[("FI-A", "openness")]
    # scenario two was only in r2: left out, the rest compares like with like (58.33 → 66.67)
    assert (a.n_to, a.mixed_scenarios) == (3, False)
    assert a.mean_to == pytest.approx(200 / 3)
    assert same[("FI-B", "openness")].n_to == 2                   # FI-B is untouched
    # the cells too: FI-A r2 without scenario two
    _, cells = compare_cells(mixed, filters=Filters(same_scenarios=True))
    cell = next(c for c in cells if (c.group, c.round, c.principle) == ("FI-A", "r2", "openness"))
    assert cell.n == 3
    db = str(mixed.path)
    mixed.close()
    data = json.loads(run("--db", db, "compare", "--change", "r1", "r2", "--format",
                          "json").stdout)
    flags = {(c["group"], c["principle"]): c["mixed_scenarios"] for c in data["changes"]}
    assert flags == {("FI-A", "openness"): True, ("FI-A", "overall"): True,
                     ("FI-B", "openness"): False, ("FI-B", "overall"): False}
    table = run("--db", db, "--lang", "en", "compare", "--change", "r1", "r2").stdout
    assert next(line for line in table.splitlines() if line.startswith("FI-A")).startswith(
        "FI-A ≠")
    assert not next(line for line in table.splitlines() if line.startswith("FI-B")).startswith(
        "FI-B ≠")
    assert "different scenarios" in table and "--same-scenarios" in table
    fixed = run("--db", db, "--lang", "en", "compare", "--change", "r1", "r2",
                "--same-scenarios").stdout
    assert "≠" not in fixed and "Only the scenarios each library was visited with" in fixed


def test_too_few_visits_to_say(mixed: VisitService, capsys: pytest.CaptureFixture[str]) -> None:
    # FI-B r1: 25, 50 → mean 37.5, sd 17.68, half-width 12.706 · 12.5 = 158.8: wider than 0–100
    db = str(mixed.path)
    mixed.close()
    table = run("--db", db, "--lang", "en", "compare").stdout
    row = next(line for line in table.splitlines()
               if line.startswith("FI-B") and "(r1)" not in line and "r1" in line)
    assert "too few visits to say (n=2)" in row and "158.8" not in row
    assert "wider than the whole 0–100 scale" in table
    data = json.loads(run("--db", db, "compare", "--format", "json").stdout)
    cell = next(c for c in data["cells"] if (c["group"], c["round"], c["principle"])
                == ("FI-B", "r1", "openness"))
    assert cell["ci_high"] - cell["ci_low"] == pytest.approx(2 * 12.7062 * 12.5, abs=1e-2)
