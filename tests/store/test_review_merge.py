"""Merging never loses a review decision, carries the review log both ways, and stays idempotent."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

from pilotkit.core.framework_file import default_framework
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.visit_service import VisitService
from tests.cli_helpers import run
from tests.fixtures import VISIT, old_database

IDS = default_framework().ids


def laptop_with_a_submitted_visit(path: Path, scenario: ScenarioFile) -> str:
    with VisitService.open(path, IDS) as store:
        store.add_library("FI-Lohja", "Lohja")
        store.add_round("r1")
        visit = store.start_visit(scenario, "FI-Lohja", "r1", "E07", "2017-05-02T14:30")
        store.set_answer(visit, "greeted", "no")
        store.set_answer(visit, "outcome", "answered")
        store.apply([visit], "submit")
        return visit


def lead_database(path: Path) -> None:
    with VisitService.open(path, IDS) as store:
        store.set_role("lead")


def merge(target: Path, source: Path, lang: str = "en") -> tuple[str, str]:
    result = run("--lang", lang, "--db", target, "merge", source)
    assert result.returncode == 0, result.stderr
    return result.stdout, result.stderr


def state(path: Path, visit: str) -> tuple[str | None, dict[str, Any]]:
    conn = sqlite3.connect(path)
    try:
        row = conn.execute("SELECT status FROM visits WHERE id = ?", [visit]).fetchone()
        answers = dict(conn.execute("SELECT item_id, value FROM answers WHERE visit_id = ?",
                                    [visit]))
        return (row[0] if row else None), answers
    finally:
        conn.close()


def log_rows(path: Path) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT * FROM review_log ORDER BY id").fetchall()
    finally:
        conn.close()


def dump(path: Path) -> tuple[list[tuple[Any, ...]], ...]:
    """Everything a merge could change, without the merge bookkeeping."""
    conn = sqlite3.connect(path)
    try:
        return tuple(conn.execute(sql).fetchall() for sql in (
            "SELECT id, library_id, round_id, evaluator, channel, visited_at, status,"
            " status_reason, reviewed_at, comment, modified FROM visits ORDER BY id",
            "SELECT visit_id, item_id, value, typeof(value), note FROM answers ORDER BY 1, 2",
            "SELECT * FROM visit_scores ORDER BY visit_id, principle",
            "SELECT * FROM review_log ORDER BY id"))
    finally:
        conn.close()


def agree(*paths: Path) -> None:
    for path in paths:
        with VisitService.open(path, IDS) as store:
            assert store.log_disagreements() == [], path


def test_a_leads_approval_survives_the_evaluators_later_edit(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    laptop, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    visit = laptop_with_a_submitted_visit(laptop, scenario_file)
    lead_database(lead)
    merge(lead, laptop)
    with VisitService.open(lead, IDS) as store:
        store.apply([visit], "approve")
    # the evaluator's copy is still submitted: reopened, edited, submitted again
    with VisitService.open(laptop, IDS) as store:
        store.apply([visit], "reopen")
        store.set_answer(visit, "outcome", "none")
        store.apply([visit], "submit")
    out, err = merge(lead, laptop)
    assert "0 updated, 0 unchanged, 1 conflicts" in out
    (line,) = err.splitlines()
    assert line.startswith(f"conflict: visit {visit} (FI-Lohja, proxy-borrowing, "
                           "2017-05-02T14:30:00): the team lead's decision (approved, ")
    assert line.endswith(f"stands; the later changes from {laptop} are not taken")
    assert state(lead, visit) == ("approved", {"greeted": "no", "outcome": "answered"})
    # the laptop's reopen and resubmit are in the lead's log, and do not count there
    with VisitService.open(lead, IDS) as store:
        history = [(e.action, counts) for e, counts in store.history(visit)]
    assert history == [("submit", True), ("approve", True), ("reopen", False),
                       ("submit", False)]
    # merging again changes nothing and reports nothing
    before = dump(lead)
    out, err = merge(lead, laptop)
    assert "0 added, 0 updated, 1 unchanged, 0 conflicts" in out and err == ""
    assert dump(lead) == before
    # the evaluator takes the lead's database: the approved version stands there too
    out, err = merge(laptop, lead, lang="fi")
    assert "ristiriitoja 1" in out
    assert err.startswith(f"ristiriita: käynti {visit} (FI-Lohja, proxy-borrowing, "
                          "2017-05-02T14:30:00): tiiminvetäjän päätös (hyväksyntä, ")
    assert state(laptop, visit) == ("approved", {"greeted": "no", "outcome": "answered"})
    assert log_rows(laptop) == log_rows(lead)
    agree(lead, laptop)


def test_a_returned_visit_goes_to_the_laptop_and_comes_back_corrected(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    laptop, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    visit = laptop_with_a_submitted_visit(laptop, scenario_file)
    lead_database(lead)
    merge(lead, laptop)
    assert run("--db", lead, "visits", "return", visit[:8], "--reason",
               "greeted: the desk said hello").returncode == 0
    out, err = merge(laptop, lead)
    assert "1 updated" in out and err == ""
    with VisitService.open(laptop, IDS) as store:
        (returned,) = store.drafts()     # on the evaluator's start screen, with the reason
        assert (returned.id, returned.status, returned.reason) == (
            visit, "returned", "greeted: the desk said hello")
        store.set_answer(visit, "greeted", "yes")
        store.set_answer(visit, "needs_clarified", 4)
        store.apply([visit], "submit")
    out, err = merge(lead, laptop)
    assert "1 updated" in out and err == ""
    assert state(lead, visit) == ("submitted", {"greeted": "yes", "needs_clarified": 4,
                                                "outcome": "answered"})
    with VisitService.open(lead, IDS) as store:
        assert [(e.action, e.role) for e in store.log_entries(visit)] == [
            ("submit", "evaluator"), ("return", "lead"), ("submit", "evaluator")]
        assert store.visit_meta(visit).status_reason is None
        store.apply([visit], "approve")
    merge(laptop, lead)
    assert state(laptop, visit)[0] == "approved"
    assert log_rows(laptop) == log_rows(lead)
    agree(lead, laptop)


def test_the_log_is_the_same_both_ways_and_a_second_merge_changes_nothing(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    laptop, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    first = laptop_with_a_submitted_visit(laptop, scenario_file)
    with VisitService.open(laptop, IDS) as store:
        second = store.start_visit(scenario_file, "FI-Lohja", "r1", "E07", "2017-05-03T09:00")
        store.set_answer(second, "outcome", "none")
        store.apply([second], "submit")
        draft = store.start_visit(scenario_file, "FI-Lohja", "r1", "E07", "2017-05-04T09:00")
    lead_database(lead)
    merge(lead, laptop)
    with VisitService.open(lead, IDS) as store:
        store.apply([first], "reject", "wrong branch")
        store.apply([second], "approve")
        store.apply([second], "undo", "not yet")
        store.apply([second], "return", "the wait")
    with VisitService.open(laptop, IDS) as store:
        store.set_answer(draft, "greeted", "yes")
    merge(lead, laptop)
    merge(laptop, lead)
    assert log_rows(laptop) == log_rows(lead)
    assert len(log_rows(lead)) == 6
    assert state(laptop, first)[0] == state(lead, first)[0] == "rejected"
    assert state(laptop, second)[0] == state(lead, second)[0] == "returned"
    assert state(lead, draft) == ("draft", {"greeted": "yes"})
    lead_before, laptop_before = dump(lead), dump(laptop)
    for target, source in ((lead, laptop), (laptop, lead)):
        out, err = merge(target, source)
        assert "0 added, 0 updated, 3 unchanged, 0 conflicts" in out and err == ""
    assert (dump(lead), dump(laptop)) == (lead_before, laptop_before)
    agree(lead, laptop)


def test_decisions_from_an_evaluators_database_are_not_taken(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "proxy.yaml").write_text(scenario_file.content, encoding="utf-8")
    laptop, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    payload = json.dumps({"format": "pilotkit-visits/1",
                          "visits": [{**VISIT, "status": "approved"}]})
    env = {"PILOTKIT_SCENARIOS": str(scenarios)}
    recorded = run("--db", laptop, "record", "-", "--create-missing", stdin=payload, env=env)
    assert recorded.returncode == 0, recorded.stderr       # record takes it, in either role
    assert state(laptop, VISIT["id"])[0] == "approved"
    lead_database(lead)
    out, err = merge(lead, laptop)
    assert "1 added" in out and "1 decisions not taken" in out
    assert err == (f"{laptop}: visit {VISIT['id']} (FI-Lohja, proxy-borrowing, "
                   "2017-05-02T14:30:00) is approved there, set in an evaluator's database: "
                   "not taken here (a team lead reviews it)\n")
    assert state(lead, VISIT["id"])[0] == "submitted"
    out, err = merge(lead, laptop)
    assert "1 unchanged" in out and err == ""
    # the lead's own approval, made later, reaches the laptop
    assert run("--db", lead, "visits", "approve", VISIT["id"]).returncode == 0
    merge(laptop, lead)
    assert log_rows(laptop) == log_rows(lead)
    assert state(laptop, VISIT["id"])[0] == state(lead, VISIT["id"])[0] == "approved"
    agree(lead, laptop)


def test_two_leads_who_disagree_keep_both_decisions_and_the_later_stands(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    laptop, lead_a, lead_b = tmp_path / "laptop.db", tmp_path / "a.db", tmp_path / "b.db"
    visit = laptop_with_a_submitted_visit(laptop, scenario_file)
    for lead in (lead_a, lead_b):
        lead_database(lead)
        merge(lead, laptop)
    assert run("--db", lead_a, "visits", "approve", visit).returncode == 0
    assert run("--db", lead_b, "visits", "reject", visit, "--reason", "wrong branch"
               ).returncode == 0                                      # the later decision
    out_a, err_a = merge(lead_a, lead_b)
    out_b, err_b = merge(lead_b, lead_a)
    for out, err in ((out_a, err_a), (out_b, err_b)):
        assert "1 conflicts" in out
        assert err.startswith(f"conflict: visit {visit} (FI-Lohja, proxy-borrowing, "
                              "2017-05-02T14:30:00): team leads decided differently (approved, ")
        assert "; rejected, " in err and err.endswith("the later decision stands\n")
    assert state(lead_a, visit)[0] == state(lead_b, visit)[0] == "rejected"
    assert log_rows(lead_a) == log_rows(lead_b)
    assert [e[6] for e in sorted(log_rows(lead_a), key=lambda e: e[3])] == [
        "submit", "approve", "reject"]
    agree(lead_a, lead_b)


def test_a_discarded_draft_never_comes_back(tmp_path: Path, scenario_file: ScenarioFile) -> None:
    laptop, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    laptop_with_a_submitted_visit(laptop, scenario_file)
    with VisitService.open(laptop, IDS) as store:
        draft = store.start_visit(scenario_file, "FI-Lohja", "r1", "E07", "2017-05-04T09:00")
    lead_database(lead)
    merge(lead, laptop)
    assert state(lead, draft)[0] == "draft"
    assert run("--db", laptop, "visits", "discard", draft[:8], "--yes").returncode == 0
    out, _ = merge(laptop, lead)            # the lead still has it: it stays gone here
    assert state(laptop, draft)[0] is None and "0 added, 0 updated, 2 unchanged" in out
    out, _ = merge(lead, laptop)            # and the discard reaches the lead
    assert state(lead, draft)[0] is None and "1 discarded" in out
    assert log_rows(laptop) == log_rows(lead)
    out, _ = merge(lead, laptop)
    # the file is as it was merged last: answered at once, and the line says so
    assert ("1 unchanged, 0 conflicts (0 new libraries, 0 new rounds, the file is unchanged"
            " since it was merged at ") in out
    agree(lead, laptop)


def test_an_older_source_gives_its_statuses_and_no_decisions(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    old, lead = tmp_path / "old.db", tmp_path / "lead.db"
    old_database(old, scenario_file)    # before roles: anyone could approve
    lead_database(lead)
    out, err = merge(lead, old)
    assert "4 added" in out and "2 decisions not taken" in out
    assert [line.split(" (")[0] for line in err.splitlines()] == [
        f"{old}: visit old-approved", f"{old}: visit old-rejected"]
    assert {v: state(lead, f"old-{v}")[0] for v in ("draft", "submitted", "approved",
                                                   "rejected")} == {
        "draft": "draft", "submitted": "submitted", "approved": "submitted",
        "rejected": "submitted"}
    before = dump(lead)
    out, err = merge(lead, old)
    assert "4 unchanged" in out and err == ""
    # once the old database is opened (and so migrated) its log is the one merged before
    VisitService.open(old, IDS).close()
    out, err = merge(lead, old)
    assert "4 unchanged" in out and err == ""
    assert dump(lead) == before
    agree(lead, old)


def test_a_source_with_a_made_up_log_is_refused_whole(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    laptop, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    visit = laptop_with_a_submitted_visit(laptop, scenario_file)
    lead_database(lead)
    conn = sqlite3.connect(laptop)
    conn.execute("INSERT INTO review_log (id, visit_id, parent, at, database_id, role, action,"
                 " from_status, to_status) VALUES ('x1', ?, NULL, 'yesterday', 'db', 'boss',"
                 " 'approve', 'submitted', 'published')", [visit])
    conn.commit()
    conn.close()
    before = dump(lead)
    result = run("--db", lead, "merge", laptop)
    assert result.returncode == 1
    problems = result.stderr.splitlines()
    for field in ("review_log.at", "review_log.role", "review_log.to_status"):
        assert any(f"visit {visit}" in line and field in line for line in problems), field
    assert dump(lead) == before
