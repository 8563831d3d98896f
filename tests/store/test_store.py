"""The store's own rules: answers, scores kept beside them, statuses, drafts."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from pilotkit.core.database import StoreError
from pilotkit.core.framework_file import default_framework
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.visit import MissingItems
from pilotkit.core.visit_service import VisitService


def stored_scores(db_path: Path, visit_id: str) -> dict[str, float]:
    conn = sqlite3.connect(db_path)
    try:
        return dict(conn.execute(
            "SELECT principle, score FROM visit_scores WHERE visit_id = ?", [visit_id]))
    finally:
        conn.close()


def test_new_database_is_private_wal_and_marked(db_path: Path, store: VisitService) -> None:
    assert stat.S_IMODE(os.stat(db_path).st_mode) == 0o600
    conn = sqlite3.connect(db_path)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert conn.execute("PRAGMA application_id").fetchone()[0] == 0x504C4B54
    finally:
        conn.close()
    assert store.conn.execute("PRAGMA synchronous").fetchone()[0] == 2  # FULL
    assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1


def test_answers_update_the_stored_scores(store: VisitService, visit_id: str, db_path: Path) -> None:
    store.set_answer(visit_id, "greeted", "yes")
    scores = store.set_answer(visit_id, "wait_minutes", 3)
    assert scores.principles["responsiveness"] == 50.0
    store.set_answer(visit_id, "needs_clarified", 4)
    # customer_orientation = (1·1 + 1·0.75) / 2 = 87.5; professionalism 75; responsiveness 50
    # overall = (87.5 + 50 + 75) / 3
    assert stored_scores(db_path, visit_id) == pytest.approx({
        "customer_orientation": 87.5, "professionalism": 75.0, "responsiveness": 50.0,
        "overall": (87.5 + 50 + 75) / 3,
    })
    # turning greeted to "no" hides needs_clarified: its answer stays, its score goes
    store.set_answer(visit_id, "greeted", "no")
    assert stored_scores(db_path, visit_id) == pytest.approx({
        "customer_orientation": 0.0, "responsiveness": 50.0, "overall": 25.0,
    })
    assert store.open_visit(visit_id).answers["needs_clarified"] == 4


def test_values_keep_their_types(store: VisitService, visit_id: str) -> None:
    store.set_answer(visit_id, "needs_clarified", 4)
    store.set_answer(visit_id, "wait_minutes", 2.5)
    store.set_answer(visit_id, "remarks", "5")
    answers = store.open_visit(visit_id).answers
    assert answers["needs_clarified"] == 4 and isinstance(answers["needs_clarified"], int)
    assert answers["wait_minutes"] == 2.5
    assert answers["remarks"] == "5"


def test_bad_answer_is_refused_and_nothing_changes(store: VisitService, visit_id: str) -> None:
    store.set_answer(visit_id, "outcome", "answered")
    with pytest.raises(StoreError, match="no item"):
        store.set_answer(visit_id, "nope", "yes")
    with pytest.raises(ValueError, match="expected one of"):
        store.set_answer(visit_id, "outcome", "maybe")
    assert store.open_visit(visit_id).answers == {"outcome": "answered"}


def test_notes_and_clearing(store: VisitService, visit_id: str) -> None:
    store.set_note(visit_id, "greeted", "at the door")
    store.set_answer(visit_id, "greeted", "yes")
    store.clear_answer(visit_id, "greeted")
    opened = store.open_visit(visit_id)
    assert opened.answers == {}
    assert opened.notes == {"greeted": "at the door"}
    store.set_note(visit_id, "greeted", "")
    assert store.open_visit(visit_id).notes == {}
    assert store.conn.execute("SELECT count(*) FROM answers").fetchone()[0] == 0


def test_submit_needs_required_items(store: VisitService, visit_id: str) -> None:
    store.set_answer(visit_id, "greeted", "yes")
    with pytest.raises(MissingItems) as info:
        store.set_status(visit_id, "submitted")
    assert [i.id for i in info.value.items] == ["needs_clarified", "outcome"]
    store.set_answer(visit_id, "needs_clarified", "na")
    store.set_answer(visit_id, "outcome", "none")
    store.set_status(visit_id, "submitted")
    with pytest.raises(StoreError, match="reopen it to edit"):
        store.set_answer(visit_id, "greeted", "no")
    store.set_status(visit_id, "draft")  # reopened for correction
    store.set_answer(visit_id, "greeted", "no")
    store.set_status(visit_id, "submitted")
    store.set_role("lead")  # only a team lead's database reviews (issue #15)
    with pytest.raises(StoreError, match="needs a reason"):
        store.set_status(visit_id, "rejected")
    store.set_status(visit_id, "approved")
    with pytest.raises(StoreError, match="cannot become draft"):
        store.set_status(visit_id, "draft")


def test_drafts_list_what_to_resume(store: VisitService, visit_id: str,
                                    scenario_file: ScenarioFile) -> None:
    other = store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", "E08",
                              "2017-05-03T10:00:00")
    store.set_answer(visit_id, "greeted", "yes")
    store.set_answer(visit_id, "outcome", "none")
    store.set_note(visit_id, "remarks", "only a note")
    drafts = {d.id: d for d in store.drafts()}
    assert set(drafts) == {visit_id, other}
    assert drafts[visit_id].answered == 2
    assert drafts[other].answered == 0
    assert drafts[visit_id].library_name == "Lohjan kaupunginkirjasto"


def test_draft_progress_counts_only_the_items_shown(store: VisitService, visit_id: str,
                                                   scenario_file: ScenarioFile) -> None:
    other = store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", "E08",
                              "2017-05-03T10:00:00")
    store.set_answer(visit_id, "greeted", "yes")
    store.set_answer(visit_id, "needs_clarified", 5)
    store.set_answer(visit_id, "followed_up", "yes")
    store.set_answer(visit_id, "needs_clarified", 2)   # followed_up hides, its answer stays
    # 7 items; followed_up shows only for needs_clarified 4 or 5: 6 shown, 2 of them answered
    assert store.draft_progress([visit_id, other]) == {visit_id: (2, 6), other: (0, 5)}
    assert {d.id: d.answered for d in store.drafts()}[visit_id] == 3
    assert store.draft_progress([]) == {}


def test_identifiers_are_checked(store: VisitService, scenario_file: ScenarioFile) -> None:
    with pytest.raises(ValueError, match="not an ISIL"):
        store.add_library("Lohja library", "x")
    with pytest.raises(StoreError, match="already exists"):
        store.add_library("FI-Lohja", "again")
    with pytest.raises(ValueError, match="evaluator code"):
        store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", "Maija Meikäläinen",
                          "2017-05-02T14:30:00")
    with pytest.raises(StoreError, match="unknown library"):
        store.start_visit(scenario_file, "FI-Espoo", "2017-baseline", "E1", "2017-05-02T14:30")
    with pytest.raises(StoreError, match="before it starts"):
        store.add_round("r2", start="2017-05-01", end="2017-04-01")


def test_visit_keeps_its_scenario_after_the_file_changes(db_path: Path, tmp_path: Path) -> None:
    from pilotkit.core.loader import load_scenario_file
    from tests.fixtures import CONTRACT_EXAMPLE

    framework = default_framework()
    path = tmp_path / "proxy.yaml"
    path.write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    with VisitService.open(db_path, framework.ids) as store:
        store.add_library("FI-Lohja", "Lohja")
        store.add_round("r1")
        first = load_scenario_file(path, framework)
        visit_id = store.start_visit(first, "FI-Lohja", "r1", "E1", "2017-05-02T14:30:00")
        store.set_answer(visit_id, "outcome", "referred")
    # the team edits the file: "referred" is now worth nothing and a version is bumped
    path.write_text(CONTRACT_EXAMPLE.replace("score: 0.75", "score: 0.0")
                    .replace("version: 1", "version: 2"), encoding="utf-8")
    edited = load_scenario_file(path, framework)
    assert edited.sha256 != first.sha256
    path.unlink()
    with VisitService.open(db_path, framework.ids) as reopened:
        opened = reopened.open_visit(visit_id)
        assert opened.meta.scenario_sha256 == first.sha256
        assert opened.scenario.version == 1
        outcome = opened.scenario.item("outcome")
        assert outcome is not None and outcome.type == "choice"
        assert outcome.option("referred") is not None
        assert outcome.option("referred").score == 0.75  # type: ignore[union-attr]
        assert opened.scores["reliability"] == 75.0
        # and it can still be edited with its own scenario
        assert reopened.set_answer(visit_id, "outcome", "answered").principles["reliability"] == 100


def test_no_name_columns_anywhere(store: VisitService) -> None:
    columns = {
        row[1].lower()
        for table in ("libraries", "rounds", "evaluators", "visits", "answers")
        for row in store.conn.execute(f"PRAGMA table_info({table})")
    }
    assert not {c for c in columns if "staff" in c or c in ("first_name", "last_name")}
    evaluator_columns = {row[1] for row in store.conn.execute("PRAGMA table_info(evaluators)")}
    assert evaluator_columns == {"code", "created"}


def test_a_bulk_write_gives_its_page_cache_back(store: VisitService) -> None:
    """Merges and big records grow the cache for their transaction only, failed or not."""
    before = store.conn.execute("PRAGMA cache_size").fetchone()[0]
    with store.writing(bulk=True) as conn:
        assert conn.execute("PRAGMA cache_size").fetchone()[0] == -64 * 1024
    with pytest.raises(RuntimeError), store.writing(bulk=True):
        raise RuntimeError("the merge failed halfway")
    assert store.conn.execute("PRAGMA cache_size").fetchone()[0] == before


def test_a_visit_is_found_by_a_prefix_of_its_id_or_by_the_whole_id(
        store: VisitService, scenario_file: ScenarioFile, db_path: Path) -> None:
    from pilotkit.core.store import VisitNotFound

    made = [store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", "E07",
                              f"2017-05-0{n}T14:30:00") for n in (1, 2)]
    # ids as a merged database might hold them: one shares another's first ten characters,
    # the other is a whole id followed by more
    first, second = "0d6c1d0e-7a0b-4c8e", "0d6c1d0e-7a0b-4c8e-9a55"
    with sqlite3.connect(db_path) as conn:  # foreign keys off: only the ids matter here
        for old, new in zip(made, (first, second), strict=True):
            conn.execute("UPDATE visits SET id = ? WHERE id = ?", [new, old])
    assert store.find_visit("0d6c1d0e-7a0b-4c8e-9") == second
    assert store.find_visit("0D6C1D0E-7A0B-4C8E-9") == second  # a prefix in either case
    with pytest.raises(VisitNotFound) as ambiguous:
        store.find_visit("0d6c1d0e-7a")
    assert ambiguous.value.key == "visit_id_ambiguous"
    # a whole id is that visit's, though another id starts with it
    assert store.find_visit(first) == first
    with pytest.raises(VisitNotFound) as missing:
        store.find_visit("0d6c1d0e-7a0b-4c8e-9a55-7f3b")
    assert missing.value.key == "no_visit"
