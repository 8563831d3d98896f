"""Issue 20: `plan make`, `plan show`, `plan progress`, `evaluators conflicts` and round ethics
on the command line, and plans, conflicts and ethics travelling with merge."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from pilotkit.core.framework_file import default_framework
from pilotkit.core.merge import merge_database
from pilotkit.core.visit_service import VisitService
from tests.store.helpers import invoke, prepare, record, sample_visits

LIBRARIES = ("FI-Lohja", "FI-Vihti", "FI-Inkoo")


def make(env: dict[str, str], *extra: str) -> Any:
    return invoke(env, "plan", "make", "2017-baseline", "--libraries", ",".join(LIBRARIES),
                  "--scenarios", "proxy-borrowing", "--evaluators", "E01,E02,E03",
                  "--visits-per-library", "4", "--from", "2017-05-01", "--to", "2017-06-30",
                  *extra)


def assignments(env: dict[str, str], *extra: str) -> list[dict[str, str]]:
    result = invoke(env, "plan", "show", "2017-baseline", "--format", "json", *extra)
    assert result.exit_code == 0, result.stderr
    data = json.loads(result.stdout)
    assert set(data) == {"round", "assignments"} and data["round"] == "2017-baseline"
    return list(data["assignments"])


def test_a_plan_is_made_stored_and_shown_as_the_contract_says(env: dict[str, str]) -> None:
    prepare(env, libraries=LIBRARIES)
    assert invoke(env, "evaluators", "conflicts", "E02", "--libraries", "fi-vihti"
                  ).exit_code == 0
    made = make(env)
    assert made.exit_code == 0, made.stderr
    assert "Plan for round 2017-baseline: 12 visits, 3 libraries × 4." in made.stdout
    assert "one connected graph" in made.stdout
    plan = assignments(env)
    assert all(set(a) == {"evaluator", "library", "scenario", "date", "slot"} for a in plan)
    assert Counter(a["library"] for a in plan) == {lib: 4 for lib in LIBRARIES}
    assert not [a for a in plan if (a["evaluator"], a["library"]) == ("E02", "FI-Vihti")]
    assert {a["evaluator"] for a in assignments(env, "--evaluator", "E01")} == {"E01"}
    nobody = invoke(env, "plan", "show", "2017-baseline", "--evaluator", "E99")
    assert nobody.exit_code == 1
    assert nobody.stderr.strip() == "round 2017-baseline's plan has no visits for evaluator E99"
    # the same again is refused (a lead's plan is never replaced unasked), --replace replaces
    again = make(env)
    assert again.exit_code == 1
    assert again.stderr.strip() == (
        "round 2017-baseline already has a plan; add --replace to replace it")
    assert make(env, "--replace", "--seed", "5").exit_code == 0


def test_csv_and_calendars(env: dict[str, str]) -> None:
    prepare(env, libraries=LIBRARIES)
    assert make(env).exit_code == 0
    plan = assignments(env)
    rows = list(csv.reader(io.StringIO(invoke(env, "plan", "show", "2017-baseline", "--format",
                                              "csv").stdout)))
    assert rows[0] == ["evaluator", "library", "scenario", "date", "slot"]
    assert sorted(map(tuple, rows[1:])) == sorted(
        (a["evaluator"], a["library"], a["scenario"], a["date"], a["slot"]) for a in plan)
    raw = invoke(env, "plan", "show", "2017-baseline", "--format", "ics").stdout_bytes
    # RFC 5545: CRLF line ends, no line over 75 octets, folded lines start with a space
    lines = raw.split(b"\r\n")
    assert lines[-1] == b"" and all(len(line) <= 75 for line in lines)
    unfolded = raw.replace(b"\r\n ", b"").decode().split("\r\n")[:-1]
    assert unfolded.count("BEGIN:VCALENDAR") == unfolded.count("END:VCALENDAR") == 3
    starts = sorted(line for line in unfolded if line.startswith("DTSTART:"))
    assert starts == sorted(
        f"DTSTART:{a['date'].replace('-', '')}T{a['slot'][:2]}0000" for a in plan)
    assert len({line for line in unfolded if line.startswith("UID:")}) == len(plan)
    one = invoke(env, "plan", "show", "2017-baseline", "--format", "ics", "--evaluator", "E01")
    assert one.stdout.count("BEGIN:VEVENT") == sum(a["evaluator"] == "E01" for a in plan)


def test_an_impossible_plan_is_one_line_and_stores_nothing(env: dict[str, str]) -> None:
    prepare(env, libraries=LIBRARIES)
    result = invoke(env, "plan", "make", "2017-baseline", "--libraries", "FI-Lohja",
                    "--scenarios", "proxy-borrowing", "--evaluators", "E01",
                    "--visits-per-library", "3", "--from", "2017-05-01", "--to", "2017-05-31")
    assert result.exit_code == 1
    # 1 May and 31 May are 30 days apart: one evaluator goes twice within the lockout, not 3
    assert result.stderr.strip() == (
        "library FI-Lohja can get at most 2 of its 3 visits: the evaluators who may go there "
        "(1) can each go at most 2 times with a lockout of 30 days (add evaluators, lengthen "
        "the period or shorten --lockout-days)")
    shown = invoke(env, "plan", "show", "2017-baseline")
    assert shown.exit_code == 1 and "has no plan" in shown.stderr
    for args, line in (
            (("--visits-per-library", "0"), "--visits-per-library: 0 will not do"),
            (("--to", "2017-04-01"), "--to 2017-04-01 is before --from 2017-05-01"),
            (("--scenarios", "nope"), "unknown scenario: nope"),
            (("--libraries", "FI-Nowhere"), "unknown library FI-Nowhere")):
        base = {"--libraries": "FI-Lohja", "--scenarios": "proxy-borrowing",
                "--evaluators": "E01", "--visits-per-library": "1", "--from": "2017-05-01",
                "--to": "2017-05-31"}
        base.update(dict(zip(args[::2], args[1::2], strict=True)))
        flat = [part for pair in base.items() for part in pair]
        result = invoke(env, "plan", "make", "2017-baseline", *flat)
        assert result.exit_code == 1 and line in result.stderr, (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("sd", ["nan", "inf", "1e308", "-5", "50.5"])
def test_a_spread_that_is_none_is_one_line_and_stores_no_plan(env: dict[str, str],
                                                              sd: str) -> None:
    """Found by a hostile-input sweep: --sd nan raised a traceback after the plan was saved.
    Scores run 0–100, so no spread is over 50 (half at 0, half at 100)."""
    prepare(env, libraries=LIBRARIES)
    for command in (("plan", "mde", "--sd", sd, "--visits", "10"), ("--sd", sd)):
        result = (invoke(env, *command) if command[0] == "plan" else make(env, *command))
        assert result.exit_code == 1
        assert result.stderr.strip() == (
            f"--sd: {float(sd)} will not do; give the spread in points, 0 to 50"), command
    shown = invoke(env, "plan", "show", "2017-baseline")
    assert shown.exit_code == 1 and "has no plan" in shown.stderr
    assert make(env, "--sd", "50").exit_code == 0        # the largest spread there can be


def test_progress_counts_what_was_planned_begun_and_submitted(env: dict[str, str]) -> None:
    prepare(env, libraries=LIBRARIES)
    assert make(env).exit_code == 0
    visits = sample_visits(3)                       # FI-Lohja, E07: 2 submitted, 1 draft
    visits[2]["status"] = "draft"
    assert record(env, visits).exit_code == 0
    data = json.loads(invoke(env, "plan", "progress", "2017-baseline", "--format", "json"
                             ).stdout)
    libraries = {row["library"]: row for row in data["libraries"]}
    assert libraries["FI-Lohja"] == {"library": "FI-Lohja", "planned": 4, "begun": 1,
                                     "submitted": 2}
    assert libraries["FI-Vihti"] == {"library": "FI-Vihti", "planned": 4, "begun": 0,
                                     "submitted": 0}
    evaluators = {row["evaluator"]: row for row in data["evaluators"]}
    assert evaluators["E07"] == {"evaluator": "E07", "planned": 0, "begun": 1, "submitted": 2}
    assert sum(row["planned"] for row in data["evaluators"]) == 12


def test_round_ethics_are_recorded_edited_and_listed(env: dict[str, str]) -> None:
    assert invoke(env, "rounds", "add", "r1", "--staff-informed", "2017-04-03",
                  "--purpose", "Palvelupisteen kehittäminen").exit_code == 0
    assert invoke(env, "rounds", "add", "r2").exit_code == 0
    rounds = {r["id"]: r for r in json.loads(invoke(env, "rounds", "list", "--format",
                                                    "json").stdout)}
    assert rounds["r1"]["staff_informed"] == "2017-04-03"
    assert rounds["r1"]["purpose"] == "Palvelupisteen kehittäminen"
    assert "staff_informed" not in rounds["r2"] and "purpose" not in rounds["r2"]
    assert invoke(env, "rounds", "edit", "r2", "--staff-informed", "2017-08-01",
                  "--retain-until", "2019-12-31").exit_code == 0
    assert invoke(env, "rounds", "edit", "r1", "--purpose", "").exit_code == 0
    rounds = {r["id"]: r for r in json.loads(invoke(env, "rounds", "list", "--format",
                                                    "json").stdout)}
    assert rounds["r2"]["staff_informed"] == "2017-08-01"
    assert rounds["r2"]["retain_until"] == "2019-12-31"
    assert "purpose" not in rounds["r1"]
    bad = invoke(env, "rounds", "edit", "r2", "--staff-informed", "1.8.2017")
    assert bad.exit_code == 1 and bad.stderr.strip() == "'1.8.2017' is not a date (YYYY-MM-DD)"
    table = invoke(env, "--lang", "fi", "rounds", "list").stdout
    assert "henkilöstölle kerrottu" in table and "1.8.2017" in table


def lead_database(path: Path, plan_seed: int | None, informed: str | None = None,
                  conflict: bool = True) -> Path:
    env = {"PILOTKIT_DB": str(path)}
    with VisitService.open(path, default_framework().ids) as store:
        for lib in LIBRARIES:
            store.add_library(lib, lib)
        store.add_round("2017-baseline", staff_informed=informed)
        if conflict:
            store.add_conflicts("E03", ["FI-Inkoo"])
    del env
    if plan_seed is not None:
        from datetime import date

        from pilotkit.core.visit_plan import PlanRequest, make_plan

        request = PlanRequest("2017-baseline", LIBRARIES, ("proxy-borrowing",),
                              ("E01", "E02", "E03"), 2, date(2017, 5, 1), date(2017, 5, 31),
                              30, plan_seed, frozenset({("E03", "FI-Inkoo")}))
        with VisitService.open(path, default_framework().ids) as store:
            store.save_plan("2017-baseline", "{}", make_plan(request))
    return path


def test_plans_conflicts_and_ethics_travel_with_merge(tmp_path: Path) -> None:
    source = lead_database(tmp_path / "planned.db", plan_seed=1, informed="2017-04-03")
    target = lead_database(tmp_path / "empty.db", plan_seed=None, conflict=False)
    with VisitService.open(target, default_framework().ids) as store:
        summary = merge_database(store, source)
        assert summary.plans == 1 and not summary.conflicts
        assert "1 visit plans" in summary.line("en")
        with VisitService.open(source, default_framework().ids) as other:
            assert store.plan("2017-baseline") == other.plan("2017-baseline")
        assert store.conflicts() == [("E03", "FI-Inkoo")]
        assert store.round("2017-baseline").staff_informed == "2017-04-03"
        again = merge_database(store, source)          # the same plan again: nothing to say
        assert again.plans == 0 and not again.conflicts


def test_a_different_plan_is_kept_and_reported(tmp_path: Path) -> None:
    source = lead_database(tmp_path / "one.db", plan_seed=1, informed="2017-04-03")
    target = lead_database(tmp_path / "two.db", plan_seed=2, informed="2017-04-10")
    with VisitService.open(target, default_framework().ids) as store:
        mine = store.plan("2017-baseline")
        summary = merge_database(store, source)
        assert store.plan("2017-baseline") == mine
        assert store.round("2017-baseline").staff_informed == "2017-04-10"
    lines = [line for line in summary.conflicts]
    assert any("the visit plan of round 2017-baseline differs; this database's plan was kept"
               in line for line in lines), lines
    assert any("round 2017-baseline's 'staff informed' differs" in line for line in lines)


def test_a_conflict_taken_back_stays_taken_back_after_a_merge(tmp_path: Path) -> None:
    import shutil

    lead = lead_database(tmp_path / "lead.db", plan_seed=None)    # E03 / FI-Inkoo declared
    shutil.copy(lead, tmp_path / "older.db")
    with VisitService.open(lead, default_framework().ids) as store:
        store.remove_conflicts("E03", ["FI-Inkoo"])
        merge_database(store, tmp_path / "older.db")
        assert store.conflicts() == []
    with VisitService.open(tmp_path / "older.db", default_framework().ids) as store:
        merge_database(store, lead)                   # and the withdrawal travels
        assert store.conflicts() == []


def test_record_warns_of_a_round_staff_were_not_told_of(env: dict[str, str]) -> None:
    prepare(env)                                     # 2017-baseline: nothing recorded
    result = record(env, sample_visits(1))
    assert result.exit_code == 0
    assert result.stderr.strip() == (
        "warning: round 2017-baseline has no record of when staff were told "
        "(pilotkit rounds edit 2017-baseline --staff-informed DATE)")
    assert invoke(env, "rounds", "edit", "2017-baseline", "--staff-informed", "2017-04-03"
                  ).exit_code == 0
    visit = sample_visits(2)[1]
    assert record(env, [visit]).stderr == ""


def test_a_round_pair_keeps_each_evaluator_at_each_library_alike(env: dict[str, str]) -> None:
    # the first round was planned while E02 had a conflict at FI-Vihti, since withdrawn: a
    # fresh plan would share the visits out differently; paired, each evaluator visits each
    # library as often as before, so their severity cancels out of each library's change
    prepare(env, libraries=LIBRARIES, rounds=("2017-baseline", "2017-after"))
    assert invoke(env, "evaluators", "conflicts", "E02", "--libraries", "FI-Vihti"
                  ).exit_code == 0
    assert make(env).exit_code == 0
    assert invoke(env, "evaluators", "conflicts", "E02", "--libraries", "FI-Vihti",
                  "--remove").exit_code == 0
    first = Counter((a["evaluator"], a["library"]) for a in assignments(env))

    def after(*extra: str) -> Counter[tuple[str, str]]:
        result = invoke(env, "plan", "make", "2017-after", "--libraries", ",".join(LIBRARIES),
                        "--scenarios", "proxy-borrowing", "--evaluators", "E01,E02,E03",
                        "--visits-per-library", "4", "--from", "2017-09-01", "--to",
                        "2017-10-31", "--replace", *extra)
        assert result.exit_code == 0, result.stderr
        data = json.loads(invoke(env, "plan", "show", "2017-after", "--format", "json").stdout)
        return Counter((a["evaluator"], a["library"]) for a in data["assignments"])

    assert after() != first                       # left to itself the flow shares differently
    assert after("--pair-with", "2017-baseline") == first
    line = invoke(env, "plan", "make", "2017-after", "--libraries", ",".join(LIBRARIES),
                  "--scenarios", "proxy-borrowing", "--evaluators", "E01,E02,E03",
                  "--visits-per-library", "4", "--from", "2017-09-01", "--to", "2017-10-31",
                  "--replace", "--pair-with", "2017-baseline").stdout
    cells = len(first)
    assert f"paired as in round 2017-baseline: {cells} of {cells} pairs" in line
