"""Issue 13 (6): visit times are kept as given and sorted by the instant.

A time is stored in the user's form (`+03:00`, `Z` as `+00:00`, or without
an offset, which means Finnish local time) and beside it the instant in UTC,
which orders every list. Exports write the form as given, so the interchange
round trip (contract §5) holds.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from pilotkit.core.entities import InvalidValue, check_datetime, visit_time_utc
from pilotkit.core.framework_file import default_framework
from pilotkit.core.migrations import _VISIT_TIME_UTC
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.visit_service import VisitService
from tests.fixtures import VISIT
from tests.store.helpers import downgrade_to_schema_4, invoke, prepare, record

# given → (stored, instant): newest first the order is c, b, a, d; as text it was a, d, b, c
TIMES = {
    "a": ("2017-05-02T14:45:00", "2017-05-02T14:45:00", "2017-05-02T11:45:00Z"),
    "b": ("2017-05-02T12:00:00Z", "2017-05-02T12:00:00+00:00", "2017-05-02T12:00:00Z"),
    "c": ("2017-05-02T09:00:00-05:00", "2017-05-02T09:00:00-05:00", "2017-05-02T14:00:00Z"),
    "d": ("2017-05-02T14:30:00+03:00", "2017-05-02T14:30:00+03:00", "2017-05-02T11:30:00Z"),
}
NEWEST_FIRST = ["c", "b", "a", "d"]


def visit_id(key: str) -> str:
    return f"00000000-0000-4000-8000-00000000000{'abcd'.index(key)}"


def timed_visits() -> list[dict[str, Any]]:
    visits = []
    for key, (given_at, _, _) in TIMES.items():
        visit = copy.deepcopy(VISIT)
        visit["id"], visit["visited_at"] = visit_id(key), given_at
        visits.append(visit)
    return visits


def listed(env: dict[str, str]) -> list[tuple[str, str]]:
    result = invoke(env, "visits", "list", "--format", "json")
    assert result.exit_code == 0, result.stderr
    return [(v["id"], v["visited_at"]) for v in json.loads(result.stdout)]


def expected_list() -> list[tuple[str, str]]:
    return [(visit_id(key), TIMES[key][1]) for key in NEWEST_FIRST]


def sql_utc(value: str) -> str | None:
    conn = sqlite3.connect(":memory:")
    try:
        result = conn.execute("SELECT " + _VISIT_TIME_UTC.format(v=":v"), {"v": value}).fetchone()
        return None if result[0] is None else str(result[0])
    finally:
        conn.close()


def test_newest_first_is_by_the_instant(env: dict[str, str]) -> None:
    prepare(env)
    result = record(env, timed_visits())
    assert result.exit_code == 0, result.stderr
    assert listed(env) == expected_list()
    conn = sqlite3.connect(env["PILOTKIT_DB"])
    try:
        stored = dict(conn.execute("SELECT id, visited_utc FROM visits"))
    finally:
        conn.close()
    assert stored == {visit_id(k): instant for k, (_, _, instant) in TIMES.items()}


def test_the_interchange_round_trip_keeps_each_time_as_given(env: dict[str, str],
                                                             tmp_path: Path) -> None:
    prepare(env)
    assert record(env, timed_visits()).exit_code == 0
    first = invoke(env, "export", "visits", "--out", "-", "--format", "json").stdout
    assert {v["id"]: v["visited_at"] for v in json.loads(first)["visits"]} == {
        visit_id(k): stored for k, (_, stored, _) in TIMES.items()}
    empty = {**env, "PILOTKIT_DB": str(tmp_path / "empty.db")}
    prepare(empty)
    result = invoke(empty, "record", "-", stdin=first)
    assert result.exit_code == 0, result.stderr
    assert invoke(empty, "export", "visits", "--out", "-", "--format", "json").stdout == first
    assert listed(empty) == expected_list()


def test_the_terminal_apps_visits_sort_by_the_instant(store: VisitService,
                                                      scenario_file: ScenarioFile) -> None:
    made = {key: store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", "E07", given)
            for key, (given, _, _) in TIMES.items()}
    assert [made[key] for key in NEWEST_FIRST] == [v.id for v in store.list_visits()]
    assert [v.visited_at for v in store.list_visits()] == [TIMES[k][1] for k in NEWEST_FIRST]


def mix_times(db: Path) -> None:
    """Give an older database's visits the mixed forms older pilotkit stored as text."""
    conn = sqlite3.connect(db)
    try:
        for key, (_, stored, _) in TIMES.items():
            conn.execute("UPDATE visits SET visited_at = ? WHERE id = ?", [stored, visit_id(key)])
        conn.commit()
    finally:
        conn.close()


def test_an_older_database_is_sorted_right_when_read_and_after_migrating(
        env: dict[str, str]) -> None:
    prepare(env)
    assert record(env, timed_visits()).exit_code == 0
    db = Path(env["PILOTKIT_DB"])
    downgrade_to_schema_4(db)
    mix_times(db)
    assert listed(env) == expected_list()  # read through a migrated copy
    with VisitService.open(db, default_framework().ids) as store:  # migrated in place
        assert store.migrated_from is not None
        assert [(v.id, v.visited_at) for v in store.list_visits()] == expected_list()


def test_merged_visits_get_their_instant(env: dict[str, str], tmp_path: Path) -> None:
    laptop = {**env, "PILOTKIT_DB": str(tmp_path / "laptop.db")}
    prepare(laptop)
    assert record(laptop, timed_visits()).exit_code == 0
    result = invoke(env, "merge", laptop["PILOTKIT_DB"])
    assert result.exit_code == 0, result.stderr
    assert listed(env) == expected_list()
    conn = sqlite3.connect(env["PILOTKIT_DB"])
    try:
        assert conn.execute("SELECT count(*) FROM visits WHERE visited_utc IS NULL"
                            ).fetchone()[0] == 0
    finally:
        conn.close()


@pytest.mark.parametrize(("given", "stored"), [
    ("2017-05-02T14:30", "2017-05-02T14:30:00"),
    ("2017-05-02T14:30:00.75", "2017-05-02T14:30:00"),
    ("2017-05-02T14:30:00Z", "2017-05-02T14:30:00+00:00"),
    ("2017-05-02T14:30:00+05:30", "2017-05-02T14:30:00+05:30"),
])
def test_times_keep_the_users_form(given: str, stored: str) -> None:
    assert check_datetime(given) == stored


@pytest.mark.parametrize("given", ["2017-05-02T14:30:00+03:00:30", "0001-01-01T00:30:00+01:00",
                                   "9999-12-31T23:30:00-01:00", "2017-05-02 at noon"])
def test_times_that_have_no_instant_are_refused(given: str) -> None:
    with pytest.raises(InvalidValue):
        check_datetime(given)


@pytest.mark.parametrize(("local", "utc"), [
    ("2017-01-15T12:00:00", "2017-01-15T10:00:00Z"),  # winter: EET, +2
    ("2017-07-15T12:00:00", "2017-07-15T09:00:00Z"),  # summer: EEST, +3
    ("2017-03-26T02:59:00", "2017-03-26T00:59:00Z"),  # the last minute of winter time
    ("2017-03-26T04:00:00", "2017-03-26T01:00:00Z"),  # the first of summer time
    ("2017-10-29T02:59:00", "2017-10-28T23:59:00Z"),
    ("2017-10-29T03:30:00", "2017-10-29T00:30:00Z"),  # the repeated hour: its first time
    ("2017-10-29T04:00:00", "2017-10-29T02:00:00Z"),
    ("2024-03-31T04:00:00", "2024-03-31T01:00:00Z"),
])
def test_a_time_without_an_offset_is_finnish_time(local: str, utc: str) -> None:
    assert visit_time_utc(local) == utc
    assert sql_utc(local) == utc


OFFSETS = st.one_of(st.none(), st.integers(-14 * 60, 14 * 60).map(
    lambda minutes: timezone(timedelta(minutes=minutes))))


@settings(max_examples=400, deadline=None)
@given(st.datetimes(min_value=datetime(1971, 1, 1), max_value=datetime(2100, 12, 31)), OFFSETS)
@example(datetime(2017, 10, 29, 3, 59, 59), None)
@example(datetime(2017, 10, 29, 4, 0, 0), None)
@example(datetime(2017, 3, 26, 3, 0, 0), None)
@example(datetime(2017, 12, 31, 23, 30), timezone(timedelta(hours=-3)))
def test_the_store_and_the_migration_agree_on_the_instant(moment: datetime,
                                                          offset: timezone | None) -> None:
    stored = check_datetime(moment.replace(tzinfo=offset).isoformat())
    assert sql_utc(stored) == visit_time_utc(stored)


def test_any_other_writer_gets_the_instant_from_the_triggers(store: VisitService,
                                                             scenario_file: ScenarioFile) -> None:
    visit = store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", "E07",
                              "2017-05-02T14:30:00")
    conn = sqlite3.connect(store.path)
    try:
        copy_id = "00000000-0000-4000-8000-00000000abcd"
        conn.execute("INSERT INTO visits (id, library_id, round_id, scenario_id, scenario_version,"
                     " scenario_sha256, evaluator, channel, visited_at, status, created, modified)"
                     " SELECT ?, library_id, round_id, scenario_id, scenario_version,"
                     " scenario_sha256, evaluator, channel, '2017-05-02T09:00:00-05:00', status,"
                     " created, modified FROM visits WHERE id = ?", [copy_id, visit])
        conn.execute("UPDATE visits SET visited_at = '2017-01-02T14:30:00' WHERE id = ?", [visit])
        conn.commit()
        instants = dict(conn.execute("SELECT id, visited_utc FROM visits"))
    finally:
        conn.close()
    assert instants == {copy_id: "2017-05-02T14:00:00Z", visit: "2017-01-02T12:30:00Z"}


def test_finnish_time_is_helsinki_wall_clock_time() -> None:
    """The review log's instants are shown as Finnish time: checked against the tz database
    every 15 minutes across each summer-time change from 2017 to 2030."""
    from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

    from pilotkit.core.entities import finnish_time

    try:
        helsinki = ZoneInfo("Europe/Helsinki")
    except ZoneInfoNotFoundError:
        pytest.skip("no tz database here")
    for year in range(2017, 2031):
        for month in (3, 10):
            start = datetime(year, month, 24, tzinfo=UTC)
            for step in range(8 * 24 * 4):
                instant = start + timedelta(minutes=15 * step)
                expected = instant.astimezone(helsinki).replace(tzinfo=None)
                # as the log stores it (an offset), and as a `Z` time
                for stored in (instant.isoformat(), instant.strftime("%Y-%m-%dT%H:%M:%SZ")):
                    assert finnish_time(stored) == expected.isoformat(timespec="seconds"), stored
    assert finnish_time("not a time") == "not a time"
