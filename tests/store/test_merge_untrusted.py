"""Issue 13: merge trusts nothing it reads, and a changed framework hides no stored score.

A source database is checked as `record` checks a file: a source with any bad
row is refused whole, one line per problem naming the row and the field, and
the target is left exactly as it was. Every expected line is written out here.
"""

from __future__ import annotations

import hashlib
import os
import sqlite3
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from pilotkit.cli import main
from pilotkit.core.framework_file import default_framework
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.visit_service import VisitService
from tests.fixtures import CONTRACT_EXAMPLE

IDS = default_framework().ids
STAMP = "2017-05-02T12:00:00.000000+00:00"
ADD_ANSWER = "INSERT INTO answers (visit_id, item_id, value, note, modified) VALUES"
PSEUDONYM = "an evaluator code is a pseudonym such as E07"


def invoke(*args: str | Path, env: dict[str, str] | None = None) -> Result:
    """`pilotkit ARGS` in this process; a Python exception is a failure of the test."""
    environment: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PILOTKIT_")}
    environment.update(env or {})
    result = CliRunner().invoke(main, [str(a) for a in args], env=environment)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError("".join(traceback.format_exception(result.exception)))
    return result


def laptop(path: Path, scenario: ScenarioFile, evaluator: str = "E1") -> list[str]:
    """The ids of two draft visits (merge reads them in the order of their ids).

    The first: greeted yes, 3 minutes, needs clarified 4, answered, a remark.
    The second: greeted no.
    """
    with VisitService.open(path, IDS) as store:
        store.add_library("FI-Lohja", "Lohja")
        store.add_round("r1")
        first = store.start_visit(scenario, "FI-Lohja", "r1", evaluator, "2017-05-02T14:30")
        for item, value in [("greeted", "yes"), ("wait_minutes", 3), ("needs_clarified", 4),
                            ("outcome", "answered"), ("remarks", "ok")]:
            store.set_answer(first, item, value)
        second = store.start_visit(scenario, "FI-Lohja", "r1", evaluator, "2017-05-03T10:00")
        store.set_answer(second, "greeted", "no")
    return [first, second]


def snapshot(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of every table, to tell that a refused merge changed nothing."""
    conn = sqlite3.connect(path)
    try:
        return {table: sorted(conn.execute(f"SELECT * FROM {table}"), key=repr)
                for table in ("libraries", "rounds", "evaluators", "scenario_texts", "visits",
                              "answers", "visit_scores")}
    finally:
        conn.close()


def corrupt(path: Path, *statements: tuple[str, list[Any]]) -> None:
    conn = sqlite3.connect(path)  # foreign keys off, as in any other SQLite tool
    try:
        for sql, params in statements:
            conn.execute(sql, params)
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def lead(tmp_path: Path, scenario_file: ScenarioFile) -> Path:
    """A lead's database that already holds another evaluator's visits."""
    other, lead = tmp_path / "other.db", tmp_path / "lead.db"
    laptop(other, scenario_file, "E9")
    assert invoke("--db", lead, "merge", other).exit_code == 0
    return lead


BAD_YAML = "id: [unclosed\n"
BAD_SCENARIO = CONTRACT_EXAMPLE.replace("version: 1", "version: 2").replace(
    "type: text", "type: essay")
Case = tuple[Callable[[str, str, str], list[tuple[str, list[Any]]]],
             Callable[[str, str, str, str], list[str]]]
"""How to damage a source (given its two visit ids and scenario sha256) and the lines expected
(given the source's name, the ids and the sha256)."""


def sha(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


CASES: dict[str, Case] = {
    "scenario-not-yaml": (
        lambda a, b, h: [("INSERT INTO scenario_texts (sha256, scenario_id, version, content)"
                          " VALUES (?, 'proxy-borrowing', 2, ?)", [sha(BAD_YAML), BAD_YAML])],
        lambda s, a, b, h: [
            f"{s}: stored scenario {sha(BAD_YAML)[:12]}: content: not a valid scenario "
            "(line 2: not valid YAML: a {…} or […] lacks a comma or its closing bracket)"]),
    "scenario-text-edited": (
        lambda a, b, h: [("UPDATE scenario_texts SET content = content || '# edited\n'", [])],
        lambda s, a, b, h: [
            f"{s}: stored scenario {h[:12]}: sha256: does not match the stored text "
            f"(its sha256 is {sha(CONTRACT_EXAMPLE + '# edited' + chr(10))[:12]})",
            *(f"{s}: visit {v}: scenario_sha256: its stored scenario {h[:12]} is not valid "
              "(see above)" for v in sorted((a, b)))]),
    "blob-answer": (
        lambda a, b, h: [("UPDATE answers SET value = X'00FF' WHERE visit_id = ? AND"
                          " item_id = 'greeted'", [a])],
        lambda s, a, b, h: [
            f"{s}: visit {a}: answers.greeted: expected 'yes' or 'no', "
            "got 2 bytes of binary data"]),
    "text-for-a-number": (
        lambda a, b, h: [("UPDATE answers SET value = 'lots' WHERE item_id = 'wait_minutes'",
                          [])],
        lambda s, a, b, h: [
            f"{s}: visit {a}: answers.wait_minutes: expected a number of at least 0, "
            "got 'lots'"]),
    "infinite-number": (
        lambda a, b, h: [("UPDATE answers SET value = 1e999 WHERE item_id = 'wait_minutes'",
                          [])],
        lambda s, a, b, h: [
            f"{s}: visit {a}: answers.wait_minutes: expected a number of at least 0, got inf"]),
    "fraction-on-a-scale": (
        lambda a, b, h: [("UPDATE answers SET value = 4.5 WHERE item_id = 'needs_clarified'",
                          [])],
        lambda s, a, b, h: [
            f"{s}: visit {a}: answers.needs_clarified: expected a whole number from 1 to 5, "
            "got 4.5"]),
    "unknown-item": (
        lambda a, b, h: [(f"{ADD_ANSWER} (?, 'nope', 'yes', NULL, ?)", [b, STAMP])],
        lambda s, a, b, h: [f"{s}: visit {b}: answers.nope: no such item in proxy-borrowing"]),
    "comment-not-utf8": (
        lambda a, b, h: [("UPDATE visits SET comment = CAST(X'61EDA080' AS TEXT) WHERE id = ?",
                          [a])],
        lambda s, a, b, h: [f"{s}: visit {a}: comment: the text is not valid UTF-8"]),
    "modified-not-a-time": (  # it decides which side of a conflict wins, by comparison
        lambda a, b, h: [("UPDATE visits SET modified = 5 WHERE id = ?", [b])],
        lambda s, a, b, h: [
            f"{s}: visit {b}: modified: '5' is not a date and time "
            "(e.g. 2026-12-03 10:15 or 2026-12-03T10:15:00)"]),
    "visited-at-a-blob": (
        lambda a, b, h: [("UPDATE visits SET visited_at = X'0102' WHERE id = ?", [b])],
        lambda s, a, b, h: [
            f"{s}: visit {b}: visited_at: expected text, got 2 bytes of binary data"]),
    "newline-for-a-hash": (  # found by the fuzz test: the line broke in two
        lambda a, b, h: [("UPDATE visits SET scenario_sha256 = ? WHERE id = ?", ["\n", a])],
        lambda s, a, b, h: [
            f"{s}: visit {a}: scenario_sha256: '\\n' is not a sha256 hash"]),
    "unknown-library": (
        lambda a, b, h: [("UPDATE visits SET library_id = 'FI-Nowhere' WHERE id = ?", [a])],
        lambda s, a, b, h: [f"{s}: visit {a}: library_id: FI-Nowhere is in neither database"]),
    "submitted-incomplete": (
        lambda a, b, h: [("UPDATE visits SET status = 'submitted' WHERE id = ?", [b])],
        lambda s, a, b, h: [
            f"{s}: visit {b}: answers: submitted visit lacks required outcome"]),
    "evaluator-a-phone-number": (
        lambda a, b, h: [("UPDATE evaluators SET code = '0401234567'", []),
                         ("UPDATE visits SET evaluator = '0401234567'", [])],
        lambda s, a, b, h: [
            f"{s}: evaluator 0401234567: code: '0401234567' looks like a phone number: "
            f"{PSEUDONYM}",
            *(f"{s}: visit {v}: evaluator: '0401234567' looks like a phone number: {PSEUDONYM}"
              for v in sorted((a, b)))]),
}


@pytest.mark.parametrize("case", list(CASES))
def test_a_bad_source_is_refused_whole_and_the_target_is_unchanged(
        tmp_path: Path, scenario_file: ScenarioFile, lead: Path, case: str) -> None:
    source = tmp_path / "laptop.db"
    first, second = laptop(source, scenario_file)
    damage, expected = CASES[case]
    corrupt(source, *damage(first, second, scenario_file.sha256))
    before = snapshot(lead)
    result = invoke("--db", lead, "merge", source)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == expected(str(source), first, second,
                                                  scenario_file.sha256)
    assert result.stdout == ""
    assert snapshot(lead) == before


def test_every_problem_of_a_source_is_listed_in_finnish(
        tmp_path: Path, scenario_file: ScenarioFile, lead: Path) -> None:
    source = tmp_path / "laptop.db"
    first, second = laptop(source, scenario_file)
    corrupt(source,
            ("UPDATE answers SET value = 'lots' WHERE item_id = 'wait_minutes'", []),
            (f"{ADD_ANSWER} (?, 'nope', 'yes', NULL, ?)", [second, STAMP]))
    result = invoke("--lang", "fi", "--db", lead, "merge", source)
    assert result.exit_code == 1
    lines = {
        first: f"{source}: käynti {first}: answers.wait_minutes: odotettiin lukua, joka on "
               "vähintään 0; saatiin 'lots'",
        second: f"{source}: käynti {second}: answers.nope: skenaariossa proxy-borrowing ei ole "
                "tällaista kohtaa",
    }
    assert result.stderr.splitlines() == [lines[v] for v in sorted(lines)]  # in id order


def test_a_good_source_still_merges_beside_a_bad_one(
        tmp_path: Path, scenario_file: ScenarioFile, lead: Path) -> None:
    bad, good = tmp_path / "bad.db", tmp_path / "good.db"
    laptop(bad, scenario_file, "E1")
    corrupt(bad, ("UPDATE answers SET value = X'00' WHERE item_id = 'greeted'", []))
    good_ids = laptop(good, scenario_file, "E2")
    result = invoke("--db", lead, "merge", bad, good)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 2  # both of the bad source's visits
    assert result.stdout == (f"{good}: 2 added, 0 updated, 0 unchanged, 0 conflicts "
                             "(0 new libraries, 0 new rounds)\n")
    merged = {row[0] for row in snapshot(lead)["visits"]}
    assert len(merged) == 4 and set(good_ids) <= merged


def test_a_dry_run_reports_the_problems_too(tmp_path: Path, scenario_file: ScenarioFile,
                                            lead: Path) -> None:
    source = tmp_path / "laptop.db"
    first, _ = laptop(source, scenario_file)
    corrupt(source, ("UPDATE answers SET value = 'lots' WHERE item_id = 'wait_minutes'", []))
    result = invoke("--db", lead, "merge", "--dry-run", source)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{source}: visit {first}: answers.wait_minutes: expected a number of at least 0, "
        "got 'lots'"]


# -- a framework that has dropped a principle -----------------------------------------------------


def framework_dir(tmp_path: Path, dropped: set[str]) -> Path:
    directory = tmp_path / "team"
    directory.mkdir()
    lines = ["principles:"] + [f"  - {{id: {p}, name: {p.title()}}}" for p in IDS
                                if p not in dropped]
    (directory / "framework.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory


# Worked by hand for the first visit of `laptop`: greeted yes (1), needs clarified 4 of 1..5
# (0.75), 3 minutes (band max 5: 0.5), answered (1); followed_up is shown but unanswered.
FIRST_SCORES = {"customer_orientation": 100 * (1 + 0.75) / 2, "professionalism": 75.0,
                "responsiveness": 50.0, "reliability": 100.0,
                "overall": (87.5 + 75.0 + 50.0 + 100.0) / 4}
SECOND_SCORES = {"customer_orientation": 0.0, "overall": 0.0}


def scores(path: Path, visit_id: str) -> dict[str, float]:
    conn = sqlite3.connect(path)
    try:
        return dict(conn.execute("SELECT principle, score FROM visit_scores WHERE visit_id = ?",
                                 [visit_id]))
    finally:
        conn.close()


def test_merge_keeps_the_scores_of_a_principle_the_framework_dropped(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    source, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    first, second = laptop(source, scenario_file)
    assert scores(source, first) == pytest.approx(FIRST_SCORES)
    team = framework_dir(tmp_path, {"reliability"})
    result = invoke("--db", lead, "--scenarios", team, "merge", source)
    assert result.exit_code == 0, result.stderr
    assert scores(lead, first) == pytest.approx(FIRST_SCORES)
    assert scores(lead, second) == pytest.approx(SECOND_SCORES)


def export_visits(db: Path, team: Path) -> list[list[str]]:
    result = invoke("--db", db, "--scenarios", team, "export", "visits", "--out", "-")
    assert result.exit_code == 0, result.stderr
    return [line.split(",") for line in result.stdout.splitlines()]


HEAD = ["visit_id", "library", "round", "scenario", "scenario_version", "evaluator", "channel",
        "visited_at", "status", "language", "comment", "no_personal_tie"]


def test_export_visits_has_a_column_for_every_stored_principle(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    db = tmp_path / "laptop.db"
    first, second = laptop(db, scenario_file)
    with VisitService.open(db, IDS) as store:
        store.set_answer(first, "followed_up", "yes")  # openness, weight 3: 1.0
    team = framework_dir(tmp_path, {"reliability", "openness"})
    rows = export_visits(db, team)
    # the framework's principles in its order, then the dropped ones sorted, overall last
    assert rows[0] == [*HEAD, "professionalism", "customer_orientation", "accessibility",
                       "responsiveness", "equality", "openness", "reliability", "overall"]
    by_id = {row[0]: row[len(HEAD):] for row in rows[1:]}
    # with openness 100 the overall is the mean of five principle scores
    overall = (87.5 + 75 + 50 + 100 + 100) / 5
    assert by_id == {first: ["75", "87.5", "", "50", "", "100", "100", f"{overall:g}"],
                     second: ["", "0", "", "", "", "", "", "0"]}
    # a narrower export has only the columns of what it exports (beside the framework's):
    # a library with no visits (an unknown one is refused)
    with VisitService.open(db, IDS) as store:
        store.add_library("FI-Tyhja", "Tyhjä kirjasto")
    result = invoke("--db", db, "--scenarios", team, "export", "visits", "--out", "-",
                    "--libraries", "FI-Tyhja")
    assert result.stdout.splitlines()[0].split(",")[len(HEAD):] == [
        "professionalism", "customer_orientation", "accessibility", "responsiveness",
        "equality", "overall"]
