"""Issue 18: the running sums equal the two-pass computation after every kind of write.

The expected values are worked out here from the visits and their scores
alone (grouped by the visit row's own columns, not the copies the sums are
built from), with `math.fsum` and exact fractions; the comparison reads the
sums. Any writer that forgot to refresh a group shows up as a difference.
"""

from __future__ import annotations

import contextlib
import itertools
import math
import sqlite3
import statistics
from collections import Counter, defaultdict
from collections.abc import Iterable
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from pilotkit.core import score_sums
from pilotkit.core.answers import visible_item_ids
from pilotkit.core.compare import moments_by
from pilotkit.core.database import SCHEMA_VERSION
from pilotkit.core.filters import NO_FILTERS, Filters
from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import scenario_from_text
from pilotkit.core.merge import merge_database
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.score_sums import GroupSums, Sums
from pilotkit.core.scoring import item_score
from pilotkit.core.visit_service import VisitService
from tests.store.helpers import invoke, prepare, record, sample_visits

Key = tuple[str, ...]


def two_pass(db: Path) -> dict[Key, tuple[int, float, float, float, float]]:
    """(library, round, status, scenario, channel, principle) → n, mean, M2, low, high."""
    conn = sqlite3.connect(db)
    try:
        rows = conn.execute(
            "SELECT v.library_id, v.round_id, v.status, v.scenario_id, v.channel, s.principle,"
            " s.score FROM visits v JOIN visit_scores s ON s.visit_id = v.id"
            " WHERE v.status IN ('submitted', 'approved') AND s.score IS NOT NULL").fetchall()
    finally:
        conn.close()
    groups: dict[Key, list[float]] = defaultdict(list)
    for *key, score in rows:
        groups[tuple(key)].append(score)
    out = {}
    for key, scores in groups.items():
        mean = math.fsum(scores) / len(scores)
        m2 = math.fsum((x - mean) ** 2 for x in scores)
        out[key] = (len(scores), mean, m2, min(scores), max(scores))
    return out


def stored_sums(db: Path) -> dict[Key, tuple[int, float, float, float, float]]:
    conn = sqlite3.connect(db)
    try:
        return {tuple(row[:6]): tuple(row[6:]) for row in conn.execute(
            "SELECT library_id, round_id, status, scenario_id, channel, principle,"
            " n, mean, m2, low, high FROM score_sums")}
    finally:
        conn.close()


def item_scores_again(db: Path) -> dict[Key, list[float]]:
    """(library, round, status, scenario, channel, sha256, item) → the counted answers' item
    scores,
    scored here from the stored answers and scenario texts (not from `answers.score`)."""
    conn = sqlite3.connect(db)
    try:
        texts = dict(conn.execute("SELECT sha256, content FROM scenario_texts").fetchall())
        rows = conn.execute(
            "SELECT v.id, v.library_id, v.round_id, v.status, v.scenario_id, v.channel,"
            " v.scenario_sha256, a.item_id, a.value FROM visits v JOIN answers a"
            " ON a.visit_id = v.id WHERE v.status IN ('submitted', 'approved')"
            " AND a.value IS NOT NULL").fetchall()
    finally:
        conn.close()
    visits: dict[str, tuple[Key, str, dict[str, Any]]] = {}
    for visit_id, *group, item_id, value in rows:
        visits.setdefault(visit_id, (tuple(group), group[-1], {}))[2][item_id] = value
    out: dict[Key, list[float]] = defaultdict(list)
    for group, sha256, answers in visits.values():
        scenario = scenario_from_text(texts[sha256])
        shown = visible_item_ids(scenario, answers)
        for item in scenario.items():
            score = item_score(item, answers.get(item.id))
            if item.id in shown and item.principles and score is not None:
                out[(*group, item.id)].append(score)
    return out


def stored_item_sums(db: Path) -> dict[Key, tuple[int, float]]:
    conn = sqlite3.connect(db)
    try:
        return {tuple(row[:7]): (row[7], row[8]) for row in conn.execute(
            "SELECT library_id, round_id, status, scenario_id, channel, scenario_sha256, item_id,"
            " n, total FROM item_sums")}
    finally:
        conn.close()


def assert_sums_exact(db: Path) -> None:
    expected, stored = two_pass(db), stored_sums(db)
    assert stored.keys() == expected.keys()
    for key, (n, mean, m2, low, high) in expected.items():
        got = stored[key]
        assert got[0] == n, key
        assert got[1] == pytest.approx(mean, rel=1e-12, abs=1e-12), key
        assert got[2] == pytest.approx(m2, rel=1e-9, abs=1e-9), key
        assert (got[3], got[4]) == (low, high), key
    with sqlite3.connect(db) as conn:
        counted = Counter(conn.execute(
            "SELECT v.library_id, v.round_id, v.status, v.scenario_id, v.channel, v.evaluator"
            " FROM visits v JOIN visit_scores s ON s.visit_id = v.id"
            " WHERE v.status IN ('submitted', 'approved') AND s.principle = 'overall'"
            " AND s.score IS NOT NULL").fetchall())
        assert dict(counted) == {tuple(row[:6]): row[6] for row in conn.execute(
            "SELECT * FROM evaluator_visits")}
    items, stored_items = item_scores_again(db), stored_item_sums(db)
    assert stored_items.keys() == items.keys()
    for key, scores in items.items():
        assert stored_items[key][0] == len(scores), key
        assert stored_items[key][1] == pytest.approx(math.fsum(scores), rel=1e-12, abs=1e-12), key


@pytest.fixture
def recorded(env: dict[str, str]) -> Path:
    """40 recorded visits: two libraries, two rounds, all four recordable statuses."""
    prepare(env, libraries=("FI-Lohja", "FI-Vihti"), rounds=("2017-baseline", "2018-pilot"))
    visits = sample_visits(40)
    for k, visit in enumerate(visits):
        visit["visited_at"] = f"2017-{1 + k // 28:02d}-{1 + k % 28:02d}T14:30:00"
        visit["library"] = ("FI-Lohja", "FI-Vihti")[k % 2]
        visit["round"] = ("2017-baseline", "2018-pilot")[(k // 2) % 2]
        visit["status"] = ("submitted", "submitted", "approved", "draft", "rejected")[k % 5]
        visit["answers"]["greeted"] = ("yes", "no")[(k // 3) % 2]
    assert record(env, visits).exit_code == 0
    return Path(env["PILOTKIT_DB"])


def test_record_writes_sums_equal_to_the_two_pass_result(recorded: Path) -> None:
    assert stored_sums(recorded)  # something to compare
    assert len(stored_item_sums(recorded)) > 10
    assert_sums_exact(recorded)


def test_a_second_file_into_the_same_groups_adds_to_their_counts_exactly(
        recorded: Path, env: dict[str, str]) -> None:
    before = stored_item_sums(recorded)
    more = sample_visits(70)[40:]  # 30 more visits, new ids, into the groups already there
    for k, visit in enumerate(more):
        visit["visited_at"] = f"2017-03-{1 + k % 28:02d}T10:00:00"
        visit["library"] = ("FI-Lohja", "FI-Vihti")[k % 2]
        visit["round"] = ("2017-baseline", "2018-pilot")[(k // 2) % 2]
        visit["status"] = ("submitted", "approved", "draft")[k % 3]
        visit["answers"]["greeted"] = ("no", "yes")[(k // 4) % 2]
    assert record(env, more).exit_code == 0
    after = stored_item_sums(recorded)
    assert any(after[key][0] > before[key][0] for key in before)  # the same groups grew
    assert_sums_exact(recorded)


def test_edits_and_every_status_change_keep_the_sums_exact(
        recorded: Path, scenario_file: ScenarioFile) -> None:
    with VisitService.open(recorded, default_framework().ids) as store:
        store.set_role("lead")
        ids = [v.id for v in store.list_visits()]
        submitted = [v.id for v in store.list_visits(statuses=["submitted"])]
        store.apply(submitted[:3], "approve")
        assert_sums_exact(recorded)
        store.apply(submitted[3:5], "return", "please check the wait")
        assert_sums_exact(recorded)
        store.apply(submitted[5:6], "reject", "wrong library")
        assert_sums_exact(recorded)
        # the evaluator corrects a returned visit: its answers and place change, then it counts
        returned = submitted[3]
        store.set_role("evaluator")
        store.set_answer(returned, "needs_clarified", 1)
        store.correct_draft(returned, "FI-Vihti", "2018-pilot", "phone", "2018-03-01T10:00:00")
        store.apply([returned], "submit")
        assert_sums_exact(recorded)
        # a new visit, filled and submitted, then a draft discarded
        new = store.start_visit(scenario_file, "FI-Lohja", "2018-pilot", "E08",
                                "2018-03-02T10:00:00")
        for item, value in (("greeted", "yes"), ("wait_minutes", 2), ("needs_clarified", 5),
                            ("outcome", "referred")):
            store.set_answer(new, item, value)
        store.apply([new], "submit")
        assert_sums_exact(recorded)
        draft = next(v.id for v in store.list_visits(statuses=["draft"]))
        store.delete_draft(draft)
        assert_sums_exact(recorded)
        store.set_role("lead")
        store.apply([new], "approve")
        store.apply([new], "undo")
        assert_sums_exact(recorded)
        assert len(ids) == 40


def _group_pairs(db: Path, first: str, second: str) -> list[tuple[str, str]]:
    """(a visit of status `first`, one of `second`) pairs in the same score group."""
    with sqlite3.connect(db) as conn:
        return conn.execute(
            "SELECT a.id, b.id FROM visits a JOIN visits b USING (library_id, round_id,"
            " scenario_id, channel) WHERE a.status = ? AND b.status = ? ORDER BY a.id, b.id",
            [first, second]).fetchall()


def test_visits_moved_back_and_forth_in_one_write_count_once_where_they_end(
        recorded: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A status change sums the group left again whole and adds the visit to the group it
    joins; within one transaction the same visit may move again, or the group it joined
    may be summed whole too (then it is not added a second time)."""
    refreshed: list[score_sums.GroupKey] = []
    real_refresh = score_sums.refresh

    def refresh(conn: sqlite3.Connection, keys: Iterable[score_sums.GroupKey],
                items: Iterable[score_sums.GroupKey]) -> None:
        keys = set(keys)
        refreshed.extend(keys)
        real_refresh(conn, keys, items)

    monkeypatch.setattr(score_sums, "refresh", refresh)
    # a submitted visit and an approved one in the same group: approving the first while the
    # second is taken back sums that approved group whole, the first in it
    (joins, leaves), *_ = _group_pairs(recorded, "submitted", "approved")
    submitted = [visit for visit, _ in _group_pairs(recorded, "submitted", "submitted")
                 if visit != joins]
    there_and_back, there_and_on, approved_alone = sorted(set(submitted))[:3]
    with VisitService.open(recorded, default_framework().ids) as store:
        store.set_role("lead")
        with store.writing() as conn:
            store.set_visit_status(conn, joins, "approved", None, None)
            store.set_visit_status(conn, leaves, "submitted", None, None)
            store.set_visit_status(conn, there_and_back, "approved", None, None)
            store.set_visit_status(conn, there_and_back, "submitted", None, None)
            store.set_visit_status(conn, there_and_on, "approved", None, None)
            store.set_visit_status(conn, there_and_on, "returned", "check", None)
            store.set_visit_status(conn, approved_alone, "approved", None, None)
        assert_sums_exact(recorded)
        # approving visits sums the groups they leave again, never the group they join
        refreshed.clear()
        more = [v.id for v in store.list_visits(statuses=["submitted"])][:4]
        store.apply(more, "approve")
        assert refreshed and all(key[2] == "submitted" for key in refreshed)
    assert_sums_exact(recorded)


def test_a_rolled_back_write_leaves_the_sums_as_they_were(recorded: Path) -> None:
    before = stored_sums(recorded)
    with VisitService.open(recorded, default_framework().ids) as store:
        store.set_role("lead")
        submitted = [v.id for v in store.list_visits(statuses=["submitted"])]
        with pytest.raises(RuntimeError), store.writing() as conn:
            store.set_visit_status(conn, submitted[0], "approved", None, None)
            raise RuntimeError("stop")
        assert stored_sums(recorded) == before
        store.apply(submitted[:1], "approve")  # and the next write refreshes only its own
    assert_sums_exact(recorded)


def row_counts(db: Path) -> tuple[int, ...]:
    with sqlite3.connect(db) as conn:
        return tuple(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
                     for table in ("visits", "answers", "visit_scores"))


@pytest.mark.parametrize("batch", [500, 3])
def test_merge_and_merging_again_keep_the_sums_exact(
        recorded: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, batch: int) -> None:
    """With batches of 3, the 40 visits are written in 14 batches, and the replaced ones of the
    second merge among them: none lost, none written twice."""
    monkeypatch.setattr("pilotkit.core.merge.PENDING_VISITS", batch)
    lead = tmp_path / "lead.db"
    with VisitService.open(lead, default_framework().ids) as store:
        store.set_role("lead")
        merge_database(store, recorded)
        assert_sums_exact(lead)
        assert row_counts(lead) == row_counts(recorded)
        submitted = [v.id for v in store.list_visits(statuses=["submitted"])]
        store.apply(submitted[:4], "approve")
        store.apply(submitted[4:6], "return", "look again")
    # the evaluator's side changes too, and its database is merged again
    with VisitService.open(recorded, default_framework().ids) as source:
        drafts = [v.id for v in source.list_visits(statuses=["draft"])]
        for draft in drafts:
            source.set_answer(draft, "needs_clarified", 2)
        source.apply(drafts, "submit")
    assert len(drafts) == 8  # replaced across several batches of 3
    with VisitService.open(lead, default_framework().ids) as store:
        summary = merge_database(store, recorded)
        assert summary.added == 0 and summary.updated == len(drafts)
    assert_sums_exact(lead)
    assert row_counts(lead) == row_counts(recorded)


def test_the_migration_builds_the_sums_from_the_scores_there(recorded: Path) -> None:
    # the database as schema 8 left it: no sums, the old index by library
    with sqlite3.connect(recorded) as conn:
        conn.executescript(
            "DROP TABLE score_sums;"
            " CREATE INDEX visit_scores_by_library"
            "  ON visit_scores(library_id, round_id, principle, status, score);"
            " DELETE FROM _sqlite_migrations"
            "  WHERE name IN ('m009_score_sums', 'm013_no_score_index_by_group');"
            f" PRAGMA user_version = {SCHEMA_VERSION - 1};")
    assert invoke({"PILOTKIT_DB": str(recorded)}, "rounds", "add", "2019-after").exit_code == 0
    assert stored_sums(recorded)
    assert_sums_exact(recorded)


SCHEMA_14 = (
    "DROP INDEX visits_by_status_time;"
    " DELETE FROM _sqlite_migrations WHERE name = 'm015_status_by_time';"
    " PRAGMA user_version = 14;")
"""The database as schema 14 left it: no index of each status's visits by time."""

SCHEMA_13 = SCHEMA_14 + (
    "ALTER TABLE scenario_texts DROP COLUMN item_facts;"
    " DELETE FROM _sqlite_migrations WHERE name = 'm014_item_facts';"
    " PRAGMA user_version = 13;")
"""The database as schema 13 left it: no item facts beside the scenario texts."""

SCHEMA_12 = SCHEMA_13 + (
    "CREATE INDEX visit_scores_by_group ON visit_scores"
    "(library_id, round_id, status, scenario_id, channel, principle, score);"
    " DELETE FROM _sqlite_migrations WHERE name = 'm013_no_score_index_by_group';"
    " PRAGMA user_version = 12;")
"""The database as schema 12 left it: every score indexed by its group."""

SCHEMA_11 = SCHEMA_12 + (
    "DROP TABLE item_sums; DROP TABLE evaluator_visits; DROP INDEX visits_by_group;"
    " CREATE INDEX visits_round_library ON visits(round_id, library_id);"
    " DROP INDEX visits_by_status; CREATE INDEX visits_status ON visits(status);"
    " ALTER TABLE answers DROP COLUMN score;"
    " DELETE FROM _sqlite_migrations WHERE name = 'm012_item_sums';"
    " PRAGMA user_version = 11;")
"""The database as schema 11 left it: no item scores beside the answers, no item sums."""


def indexes(db: Path) -> set[str]:
    with sqlite3.connect(db) as conn:
        return {row[0] for row in conn.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'index'")}


def test_the_score_index_by_group_goes_and_the_sums_stay_exact(
        recorded: Path, env: dict[str, str]) -> None:
    with sqlite3.connect(recorded) as conn:
        conn.executescript(SCHEMA_12)
    assert "visit_scores_by_group" in indexes(recorded)
    # an edit re-sums its group from the group's visits, with no index of the scores
    with VisitService.open(recorded, default_framework().ids) as store:
        store.set_role("lead")
        submitted = [v.id for v in store.list_visits(statuses=["submitted"])]
        store.apply(submitted[:3], "approve")
    assert "visit_scores_by_group" not in indexes(recorded)
    assert_sums_exact(recorded)
    more = sample_visits(50)[40:]  # and a bulk write adds to the groups already there
    for k, visit in enumerate(more):
        visit["visited_at"] = f"2017-04-{1 + k:02d}T10:00:00"
        visit["library"] = ("FI-Lohja", "FI-Vihti")[k % 2]
        visit["round"] = ("2017-baseline", "2018-pilot")[(k // 2) % 2]
        visit["status"] = ("submitted", "approved")[k % 2]
    result = record(env, more)
    assert result.exit_code == 0, result.output
    assert_sums_exact(recorded)


def test_the_migration_scores_the_answers_there_and_sums_them(recorded: Path) -> None:
    with sqlite3.connect(recorded) as conn:
        conn.executescript(SCHEMA_11)
    assert invoke({"PILOTKIT_DB": str(recorded)}, "rounds", "add", "2019-after").exit_code == 0
    assert len(stored_item_sums(recorded)) > 10
    assert_sums_exact(recorded)
    # and each answer's own score is what the rules give it, NULL where it does not count
    items = item_scores_again(recorded)
    with sqlite3.connect(recorded) as conn:
        (scored,) = conn.execute(
            "SELECT count(*) FROM answers a JOIN visits v ON v.id = a.visit_id"
            " WHERE a.score IS NOT NULL AND v.status IN ('submitted', 'approved')").fetchone()
    assert scored == sum(len(scores) for scores in items.values())


def test_a_stored_text_this_version_cannot_read_does_not_stop_the_migration(
        recorded: Path) -> None:
    with sqlite3.connect(recorded) as conn:
        conn.executescript(SCHEMA_11)
        # one visit's scenario text made unreadable (as a text from a far older version
        # might be): the database must still open, the other visits scored as before
        (visit_id, sha256) = conn.execute(
            "SELECT id, scenario_sha256 FROM visits WHERE status = 'submitted' LIMIT 1"
        ).fetchone()
        conn.execute("INSERT INTO scenario_texts VALUES ('bad', 'proxy-borrowing', 99,"
                     " 'items: [unclosed')")
        conn.execute("UPDATE visits SET scenario_sha256 = 'bad', scenario_version = 99"
                     " WHERE id = ?", [visit_id])
    assert invoke({"PILOTKIT_DB": str(recorded)}, "rounds", "add", "2019-after").exit_code == 0
    with sqlite3.connect(recorded) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert conn.execute("SELECT count(*) FROM answers WHERE visit_id = ?"
                            " AND score IS NOT NULL", [visit_id]).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM answers WHERE visit_id != ?"
                            " AND score IS NOT NULL", [visit_id]).fetchone()[0] > 0
        assert conn.execute("SELECT count(*) FROM item_sums WHERE scenario_sha256 = ?",
                            [sha256]).fetchone()[0] > 0


def test_a_reading_command_on_a_schema_11_database_reports_the_same_items(
        recorded: Path, tmp_path: Path) -> None:
    env = {"PILOTKIT_DB": str(recorded)}
    report = ("report", "--from", "2017-baseline", "--to", "2018-pilot", "--format", "md",
              "--min-cell", "1", "--written-at", "2026-12-04 00:00 UTC", "--out", "-",
              "--lang", "en")
    expected = invoke(env, *report)
    assert expected.exit_code == 0, expected.output
    assert "Were you greeted?" in expected.output  # an item the sums put among the weakest
    with sqlite3.connect(recorded) as conn:
        conn.executescript(SCHEMA_11)
    # read through an upgraded private copy: the file itself stays at schema 11
    got = invoke(env, *report)
    assert got.exit_code == 0, got.output
    assert got.stdout == expected.stdout
    # and it says so: the copy is made again for every reading command until one writes
    assert expected.stderr == ""
    assert str(recorded) in got.stderr and "11" in got.stderr
    with sqlite3.connect(recorded) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 11


# -- numerically safe: against exact fractions on adversarial scores ---------------------------


def exact_moments(scores: list[float]) -> tuple[float, float]:
    exact = [Fraction(x) for x in scores]
    mean = sum(exact) / len(exact)
    var = sum((x - mean) ** 2 for x in exact) / (len(exact) - 1)
    return float(mean), float(var)


def sums_of(scores: list[float]) -> Sums:
    mean = math.fsum(scores) / len(scores)
    return Sums(len(scores), mean, math.fsum((x - mean) ** 2 for x in scores),
                min(scores), max(scores))


NEAR_100 = [100.0 - k * 1e-7 for k in range(5000)] + [0.0]


@pytest.mark.parametrize("parts", [1, 2, 7, 5001])
def test_combining_parts_gives_the_exact_variance_near_100_with_one_outlier(parts: int) -> None:
    total = Sums.pooled([sums_of(NEAR_100[i::parts]) for i in range(parts)])
    mean, var = exact_moments(NEAR_100)
    assert total.n == len(NEAR_100)
    assert total.centre == pytest.approx(mean, rel=1e-13)
    assert total.var == pytest.approx(var, rel=1e-10)
    assert statistics.variance(NEAR_100) == pytest.approx(var, rel=1e-12)  # the yardstick holds


def test_tiny_spread_near_100_is_kept_not_cancelled() -> None:
    scores = [99.99999999 + (k % 3) * 1e-9 for k in range(3000)]
    total = Sums.pooled([sums_of(scores[i::4]) for i in range(4)])
    _, var = exact_moments(scores)
    # the textbook Σx² − n·mean² loses every digit here; the pairwise form keeps them
    assert total.var == pytest.approx(var, rel=1e-6)


def _write_scores(store: VisitService, scenario_file: ScenarioFile,
                  scores: list[tuple[str, str, float]], first: int = 0,
                  staged: bool = False) -> None:
    """Visits of FI-Lohja in 2017-baseline with these (scenario id, channel, overall score),
    numbered from `first`; `staged` as a bulk write stages them (added to the sums)."""
    with store.writing() as conn, (store.staged(conn) if staged else contextlib.nullcontext()):
        store.ensure_scenario_text(conn, scenario_file)
        store.ensure_evaluator(conn, "E07")
        visits: list[dict[str, Any]] = []
        for k, (scenario, channel, _) in enumerate(scores, first):
            visits.append({"id": f"v{k:05d}", "library_id": "FI-Lohja",
                           "round_id": "2017-baseline", "scenario_id": scenario,
                           "scenario_version": 1, "scenario_sha256": scenario_file.sha256,
                           "evaluator": "E07", "channel": channel,
                           "visited_at": "2017-05-02T14:30:00", "status": "submitted",
                           "created": "x", "modified": "x"})
        store.insert_visits(conn, visits)
        rows = [(f"v{k:05d}", "overall", score, "FI-Lohja", "2017-baseline", scenario, channel,
                 "submitted") for k, (scenario, channel, score) in enumerate(scores, first)]
        for start in range(0, len(rows), 500):  # in batches, as a bulk write gives them
            store.insert_scores(conn, rows[start:start + 500])


@pytest.mark.parametrize(("cuts", "kept"), [((1,), 65_536), ((2500, 5000), 65_536),
                                           ((1, 2, 3, 4000), 65_536), ((1, 2, 3, 4000), 999)])
def test_bulk_writes_added_to_the_sums_match_exact_fractions(
        store: VisitService, scenario_file: ScenarioFile, cuts: tuple[int, ...], kept: int,
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Each staged write is pooled into the stored row in SQL (`add_staged`), and within a
    write every `kept` scores are pooled into those before; the outlier alone, or among
    others, first or last."""
    monkeypatch.setattr(GroupSums, "KEPT", kept)
    scores = [("a", "phone", x) for x in NEAR_100[::-1]]  # the outlier first
    bounds = [0, *cuts, len(scores)]
    for start, end in itertools.pairwise(bounds):
        _write_scores(store, scenario_file, scores[start:end], first=start, staged=True)
    cell = moments_by(store, "library", NO_FILTERS)[("FI-Lohja", "2017-baseline", "overall")]
    mean, var = exact_moments(NEAR_100)
    assert cell.n == len(NEAR_100)
    assert cell.mean == pytest.approx(mean, rel=1e-13)
    assert cell.var == pytest.approx(var, rel=1e-10)


def test_a_comparison_from_the_sums_matches_exact_fractions(
        store: VisitService, scenario_file: ScenarioFile) -> None:
    places = [("a", "phone"), ("a", "chat"), ("b", "phone")]
    scores = [(*places[k % 3], x) for k, x in enumerate(NEAR_100)]
    _write_scores(store, scenario_file, scores)
    cell = moments_by(store, "library", NO_FILTERS)[("FI-Lohja", "2017-baseline", "overall")]
    mean, var = exact_moments(NEAR_100)
    assert cell.n == len(NEAR_100)
    assert cell.mean == pytest.approx(mean, rel=1e-13)
    assert cell.var == pytest.approx(var, rel=1e-10)
    by_channel = moments_by(store, "channel", Filters(scenarios=("a",)))
    chat = [x for k, x in enumerate(NEAR_100) if k % 3 == 1]
    assert by_channel[("chat", "2017-baseline", "overall")].var == pytest.approx(
        exact_moments(chat)[1], rel=1e-10)


def test_equal_scores_in_several_groups_have_no_spread_at_all(
        store: VisitService, scenario_file: ScenarioFile) -> None:
    third = 200 / 3  # not a binary fraction: a sum and a division would not give it back
    _write_scores(store, scenario_file,
                  [(("a", "b")[k % 2], ("phone", "chat", "email")[k % 3], third)
                   for k in range(301)])
    cell = moments_by(store, "library", NO_FILTERS)[("FI-Lohja", "2017-baseline", "overall")]
    assert (cell.n, cell.mean, cell.var) == (301, third, 0.0)


def test_a_schema_14_database_is_read_as_it_lies_and_written_with_the_status_index(
        recorded: Path) -> None:
    """Step 15 only adds an index: a reader lists the same visits without it, the first
    write adds it, and the first page of a status is then read down it, not sorted."""
    env = {"PILOTKIT_DB": str(recorded)}
    listed = invoke(env, "visits", "list", "--status", "submitted", "--format", "json")
    assert listed.exit_code == 0, listed.output
    with sqlite3.connect(recorded) as conn:
        conn.executescript(SCHEMA_14)
    got = invoke(env, "visits", "list", "--status", "submitted", "--format", "json")
    assert (got.exit_code, got.stdout, got.stderr) == (0, listed.stdout, "")
    assert "visits_by_status_time" not in indexes(recorded)
    assert invoke(env, "rounds", "add", "2019-after").exit_code == 0  # migrates
    assert "visits_by_status_time" in indexes(recorded)
    with VisitService.open(recorded, default_framework().ids) as store:
        plan = " ".join(row[3] for row in store.conn.execute(
            "EXPLAIN QUERY PLAN SELECT * FROM visits WHERE status IN (?)"
            " ORDER BY visited_utc DESC, visited_at DESC, id LIMIT 50", ["submitted"]))
        assert "visits_by_status_time" in plan and "RIGHT PART OF ORDER BY" in plan, plan
        assert len(store.list_visits(["submitted"], limit=50)) == 16


def test_a_reading_command_reads_a_schema_12_database_as_it_lies(recorded: Path) -> None:
    """Step 13 changes nothing a reader reads: no private copy of the whole file, no note."""
    env = {"PILOTKIT_DB": str(recorded)}
    expected = invoke(env, "compare", "--format", "json")
    assert expected.exit_code == 0, expected.output
    with sqlite3.connect(recorded) as conn:
        conn.executescript(SCHEMA_12)
    got = invoke(env, "compare", "--format", "json")
    assert (got.exit_code, got.stdout, got.stderr) == (0, expected.stdout, "")
    with sqlite3.connect(recorded) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == 12
    assert "visit_scores_by_group" in indexes(recorded)
