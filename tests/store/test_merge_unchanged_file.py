"""Issue 18: a source file unwritten since its last whole merge is answered at once.

Merging is idempotent, so merging the same file again would find every visit
unchanged; the lead who merges every stick again each week should not wait
for 200,000 visits to be re-read and re-checked to learn that.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest

from pilotkit.core.database import StoreError
from pilotkit.core.framework_file import default_framework
from pilotkit.core.merge import MergeSummary, merge_database
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.visit_service import VisitService
from tests.store.test_merge import laptop

IDS = default_framework().ids


def merged(lead: Path, source: Path) -> MergeSummary:
    with VisitService.open(lead, IDS) as store:
        return merge_database(store, source)


def test_the_same_file_again_is_answered_without_reading_it(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    source, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    laptop(source, scenario_file, "E1", 4)
    first = merged(lead, source)
    assert (first.added, first.unchanged_since) == (4, None)
    again = merged(lead, source)
    assert (again.added, again.unchanged, again.unchanged_since is not None) == (0, 4, True)
    assert "the file is unchanged since it was merged at" in again.line("en")
    assert "tiedosto ennallaan" in again.line("fi")
    # the time of that merge in Finnish time, as every other time is shown (it read "… UTC")
    assert again.unchanged_since is not None
    try:
        from zoneinfo import ZoneInfo

        local = datetime.fromisoformat(again.unchanged_since).astimezone(
            ZoneInfo("Europe/Helsinki"))
    except Exception:  # no tz database here: at least no UTC
        local = None
    if local is not None:
        assert (f"{local.day}.{local.month}.{local.year} klo {local.hour}.{local.minute:02d}"
                in again.line("fi"))
        assert local.strftime("%Y-%m-%d %H:%M") in again.line("en")
    assert "UTC" not in again.line("en") + again.line("fi")


def test_a_file_written_since_is_merged_whole(tmp_path: Path,
                                             scenario_file: ScenarioFile) -> None:
    source, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    ids = laptop(source, scenario_file, "E1", 2)
    merged(lead, source)
    with VisitService.open(source, IDS) as store:  # the evaluator goes on working
        store.set_answer(ids[0], "wait_minutes", 4)
    again = merged(lead, source)
    assert again.unchanged_since is None and (again.updated, again.unchanged) == (1, 1)


def test_only_the_time_changed_is_enough_to_read_it_again(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    source, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    laptop(source, scenario_file, "E1", 2)
    merged(lead, source)
    info = source.stat()
    os.utime(source, ns=(info.st_atime_ns, info.st_mtime_ns + 1_000_000))
    assert merged(lead, source).unchanged_since is None


def test_a_file_damaged_since_is_checked_and_refused(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    source, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    laptop(source, scenario_file, "E1", 2)
    merged(lead, source)
    with sqlite3.connect(source) as conn:  # everything in the file itself, no -wal left
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    merged(lead, source)  # the checkpoint wrote the file: read whole again, and remembered
    size = source.stat().st_size
    with source.open("r+b") as f:  # a page in the middle overwritten, the size the same
        f.seek(size // 2)
        f.write(b"\xff" * 4096)
    assert source.stat().st_size == size
    with pytest.raises(StoreError) as refused:
        merged(lead, source)
    assert "damaged" in str(refused.value) or "cannot be read" in str(refused.value)


def test_a_merge_with_a_conflict_is_read_again_to_say_it_again(
        tmp_path: Path, scenario_file: ScenarioFile) -> None:
    source, lead = tmp_path / "laptop.db", tmp_path / "lead.db"
    ids = laptop(source, scenario_file, "E1", 1)
    merged(lead, source)
    with VisitService.open(source, IDS) as store:
        store.set_answer(ids[0], "greeted", "yes")
    with VisitService.open(lead, IDS) as store:
        store.set_answer(ids[0], "outcome", "referred")
    first = merged(lead, source)
    assert first.conflicts
    again = merged(lead, source)
    assert again.unchanged_since is None and again.conflicts
