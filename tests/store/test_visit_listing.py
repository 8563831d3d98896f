"""The review queue's listing narrowed to a library or a round: the same visits, in the same
order, as a plain filter of every row, found down the group index."""

from __future__ import annotations

import itertools
import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from pilotkit.core.demo import make_demo
from pilotkit.core.visit_service import VisitService
from pilotkit.paths import bundled_scenarios_dir
from pilotkit.settings import Settings


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("listing") / "demo.db"
    settings = Settings(str(db), [bundled_scenarios_dir()], "en")
    with VisitService.open(db, settings.catalog().framework.ids) as store:
        make_demo(store, settings.catalog(), 600, 3)
    return db


def expected(db: Path, status: str, round_id: str | None, library: str | None) -> list[str]:
    """Every row read, filtered and sorted in Python: newest instant first, then the time as
    given, newest first, then the id."""
    with closing(sqlite3.connect(db)) as conn:
        rows = conn.execute("SELECT id, status, round_id, library_id, visited_utc, visited_at"
                            " FROM visits").fetchall()
    kept = [r for r in rows if r[1] == status and round_id in (None, r[2])
            and library in (None, r[3])]
    kept.sort(key=lambda r: r[0])
    kept.sort(key=lambda r: r[5], reverse=True)
    kept.sort(key=lambda r: r[4], reverse=True)
    return [r[0] for r in kept]


def test_narrowed_listings_and_counts_match_a_plain_filter(demo: Path) -> None:
    with closing(sqlite3.connect(demo)) as conn:
        libraries = [r[0] for r in conn.execute("SELECT id FROM libraries")]
        rounds = [r[0] for r in conn.execute("SELECT id FROM rounds")]
    assert len(libraries) == 6 and len(rounds) == 2
    with VisitService.open(demo, ()) as store:
        for status, round_id, library in itertools.product(
                ("submitted", "approved", "rejected", "returned"), [None, *rounds],
                [None, *libraries, "FI-NoSuchLibrary"]):
            want = expected(demo, status, round_id, library)
            narrowed = ((status,), (round_id,) if round_id else (),
                        (library,) if library else ())
            assert store.count_visits(*narrowed) == len(want), (status, round_id, library)
            assert [v.id for v in store.list_visits(*narrowed)] == want
            assert [v.id for v in store.list_visits(*narrowed, limit=7)] == want[:7]
        # an ISIL in another case is the same library (as everywhere else)
        lohja = expected(demo, "submitted", None, "FI-DemoLohja")
        assert lohja and [v.id for v in store.list_visits(["submitted"], (),
                                                          ["fi-demolohja"])] == lohja


def test_narrowed_visits_are_found_down_the_group_index(demo: Path) -> None:
    """One library's visits among 140,000 submitted were counted down the status index
    (1.4 s); narrowed, the count and the page the store runs seek by round, library and
    status."""
    with VisitService.open(demo, ()) as store:
        for narrowed in ((["submitted"], [], ["FI-DemoLohja"]),
                         (["submitted"], ["demo-pilot"], []),
                         (["approved"], ["demo-pilot"], ["FI-DemoVihti"])):
            ran: list[str] = []
            store.conn.set_trace_callback(ran.append)  # each statement, its values in place
            store.count_visits(*narrowed)
            store.list_visits(*narrowed, limit=50)
            store.conn.set_trace_callback(None)
            queries = [sql for sql in ran if "FROM visits" in sql]
            assert len(queries) == 2, ran
            for sql in queries:
                plan = " ".join(row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
                assert "visits_by_group (round_id=? AND library_id=? AND status=?)" in plan, plan
