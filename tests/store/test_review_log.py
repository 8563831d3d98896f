"""Roles and the review log in one database: who may decide, what is logged, and migration."""

from __future__ import annotations

from pathlib import Path

import pytest

from pilotkit.core.database import StoreError
from pilotkit.core.entities import STATUSES, Status
from pilotkit.core.framework_file import default_framework
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.store import NewVisit
from pilotkit.core.visit import Action, MissingItems, TransitionRefused
from pilotkit.core.visit_service import VisitService
from tests.fixtures import old_database

IDS = default_framework().ids


def complete(store: VisitService, visit_id: str) -> None:
    store.set_answer(visit_id, "greeted", "no")
    store.set_answer(visit_id, "outcome", "answered")


def test_a_new_database_is_an_evaluators_and_cannot_decide(store: VisitService, visit_id: str) -> None:
    assert store.role == "evaluator"
    complete(store, visit_id)
    store.apply([visit_id], "submit")
    decisions: list[tuple[Action, str | None]] = [("approve", None), ("reject", "x"),
                                                  ("return", "x")]
    for action, reason in decisions:
        with pytest.raises(TransitionRefused, match="pilotkit role lead"):
            store.apply([visit_id], action, reason)
    assert store.visit_meta(visit_id).status == "submitted"
    store.set_role("lead")
    store.apply([visit_id], "approve")
    assert store.visit_meta(visit_id).status == "approved"


def test_every_change_is_logged_in_a_chain(store: VisitService, visit_id: str) -> None:
    complete(store, visit_id)
    modified = store.visit_meta(visit_id).modified
    here = store.database_id
    store.apply([visit_id], "submit")
    store.set_role("lead")
    store.apply([visit_id], "return", "the time is wrong")
    assert store.visit_meta(visit_id).status_reason == "the time is wrong"
    store.set_answer(visit_id, "outcome", "referred")   # a returned visit is corrected
    store.apply([visit_id], "submit")
    store.apply([visit_id], "approve")
    store.apply([visit_id], "undo", "approved by mistake")
    log = store.log_entries(visit_id)
    assert [(e.action, e.from_status, e.to_status, e.role) for e in log] == [
        ("submit", "draft", "submitted", "evaluator"),
        ("return", "submitted", "returned", "lead"),
        ("submit", "returned", "submitted", "lead"),
        ("approve", "submitted", "approved", "lead"),
        ("undo", "approved", "submitted", "lead")]
    assert [e.parent for e in log] == [None, *(e.id for e in log[:-1])]
    assert {e.database_id for e in log} == {here}
    assert log[1].reason == "the time is wrong" and log[4].reason == "approved by mistake"
    assert all(e.at.endswith("+00:00") for e in log)
    # the answers' content was decided on: its digest changes with the correction only
    assert log[0].content == log[1].content != log[2].content == log[3].content
    meta = store.visit_meta(visit_id)
    assert (meta.status, meta.status_reason) == ("submitted", "approved by mistake")
    assert store.log_disagreements() == []
    # a status change is not an edit: `modified` is the correction's time, before the resubmit
    assert modified < meta.modified < log[2].at


def test_the_status_column_and_the_log_agree(store: VisitService, scenario_file: ScenarioFile) -> None:
    store.set_role("lead")
    made: dict[str, Status] = {}
    decide: dict[Status, Action] = {"approved": "approve", "rejected": "reject",
                                    "returned": "return"}
    for status in STATUSES:
        visit_id = store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", "E07",
                                     "2017-05-02T14:30")
        complete(store, visit_id)
        if status != "draft":
            store.apply([visit_id], "submit")
        if status in decide:
            store.apply([visit_id], decide[status], "why")
        made[visit_id] = status
    assert {v: store.visit_meta(v).status for v in made} == made
    assert store.log_disagreements() == []
    store.conn.execute("UPDATE visits SET status = 'approved' WHERE status = 'submitted'")
    assert store.log_disagreements() == [v for v, s in sorted(made.items()) if s == "submitted"]


def test_several_at_once_all_or_nothing(store: VisitService, scenario_file: ScenarioFile) -> None:
    first = store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", "E07",
                              "2017-05-02T14:30")
    second = store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", "E07",
                               "2017-05-02T15:30")
    complete(store, first)
    with pytest.raises(MissingItems) as refused:
        store.apply([first, second], "submit")
    assert refused.value.visit == second[:8]
    assert [i.id for i in refused.value.items] == ["outcome"]
    assert store.visit_meta(first).status == "draft"       # the first was not submitted either
    assert store.log_entries(first) == []


def test_a_discarded_draft_leaves_a_tombstone(store: VisitService, visit_id: str) -> None:
    store.set_answer(visit_id, "greeted", "yes")
    store.delete_draft(visit_id)
    assert not store.has_visit(visit_id)
    (tombstone,) = store.log_entries(visit_id)
    assert (tombstone.action, tombstone.from_status, tombstone.to_status) == (
        "discard", "draft", "discarded")
    assert store.find_visit(visit_id[:8], discarded=True) == visit_id
    assert store.find_visit(visit_id, discarded=True) == visit_id  # whole: by key, in the log
    with pytest.raises(StoreError, match="no visit"):
        store.find_visit(visit_id[:8])
    assert store.log_disagreements() == []


def test_a_returned_visit_is_corrected_like_a_draft(store: VisitService, visit_id: str) -> None:
    complete(store, visit_id)
    store.apply([visit_id], "submit")
    with pytest.raises(StoreError, match="reopen it to edit"):
        store.correct_draft(visit_id, "FI-Lohja", "2017-baseline", "phone", "2017-05-03T10:00")
    store.set_role("lead")
    store.apply([visit_id], "return", "it was a phone call")
    store.correct_draft(visit_id, "FI-Lohja", "2017-baseline", "phone", "2017-05-03T10:00")
    store.set_note(visit_id, "greeted", "by phone")
    meta = store.visit_meta(visit_id)
    assert (meta.channel, meta.visited_at) == ("phone", "2017-05-03T10:00:00")
    drafts = store.drafts()
    assert [(d.id, d.status, d.reason) for d in drafts] == [
        (visit_id, "returned", "it was a phone call")]


RECORDED: tuple[Status, ...] = ("draft", "submitted", "approved", "returned")


def test_record_logs_the_statuses_it_takes(store: VisitService, scenario_file: ScenarioFile) -> None:
    visits = [NewVisit(f"00000000-0000-4000-8000-00000000000{n}", "FI-Lohja", "2017-baseline",
                       scenario_file, "E07", "in_person", None, "2017-05-02T14:30:00", status,
                       {"greeted": "no", "outcome": "none"})
              for n, status in enumerate(RECORDED)]
    store.add_visits(visits)
    entries = {v.id: store.log_entries(v.id) for v in visits}
    assert entries[visits[0].id] == []                     # a draft needs none
    assert [(e.action, e.to_status, e.role) for v in visits[1:] for e in entries[v.id]] == [
        ("record", "submitted", "evaluator"), ("record", "approved", "evaluator"),
        ("record", "returned", "evaluator")]
    # the digest made from the file's visit is the one the database's rows give
    assert entries[visits[2].id][0].content == VisitService.digest(store.conn, visits[2].id)
    assert store.log_disagreements() == []


def test_migration_gives_an_id_a_role_and_a_log_as_the_statuses_are(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    path = tmp_path / "old.db"
    old_database(path, scenario_file)
    with VisitService.open(path, IDS) as store:
        assert store.migrated_from is not None and store.migrated_from[1].exists()
        database_id, role = store.identity()
        assert role == "evaluator" and len(database_id) == 36
        log = {v: store.log_entries(f"old-{v}") for v in
               ("draft", "submitted", "approved", "rejected")}
        assert log["draft"] == []
        for status in ("submitted", "approved", "rejected"):
            (entry,) = log[status]
            assert (entry.action, entry.to_status, entry.database_id) == (
                "migrate", status, database_id)
            assert entry.content == VisitService.digest(store.conn, f"old-{status}")
        assert log["approved"][0].at == "2017-05-03T08:00:00.000000+00:00"   # when reviewed
        assert log["submitted"][0].at == "2017-05-02T12:00:00.000000+00:00"  # when modified
        assert log["rejected"][0].reason == "wrong branch"
        assert store.log_disagreements() == []
        # and the new status fits the old table
        store.set_role("lead")
        store.apply(["old-submitted"], "return", "check the time")
        assert store.visit_meta("old-submitted").status == "returned"
        assert store.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    with VisitService.open(path, IDS) as again:      # the id is made once
        assert again.database_id == database_id


def test_every_database_has_its_own_id(tmp_path: Path) -> None:
    ids = set()
    for name in ("a.db", "b.db"):
        with VisitService.open(tmp_path / name, IDS) as store:
            ids.add(store.database_id)
    assert len(ids) == 2
