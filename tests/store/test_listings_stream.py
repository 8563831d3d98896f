"""Issue 18: listings that read only what they show, and JSON written as it is read."""

from __future__ import annotations

import io
import json
import sys
from pathlib import Path
from typing import Any

import pytest

from pilotkit.cli import TABLE_LIMIT, emit_json_lines
from pilotkit.core.framework_file import default_framework
from pilotkit.core.visit_service import VisitService
from tests.store.helpers import invoke, prepare, record, sample_visits


@pytest.mark.parametrize("rows", [
    [],
    [{"id": "a", "reason": None}],
    [{"id": "x\ny", "n": [1, 2]}, {"id": "ä", "n": {"k": 1.5}}],
])
def test_streamed_json_is_byte_for_byte_the_json_of_the_whole_list(
        rows: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch) -> None:
    out = io.StringIO()
    monkeypatch.setattr(sys, "stdout", out)
    emit_json_lines(iter(rows))
    assert out.getvalue() == json.dumps(rows, ensure_ascii=False, indent=2) + "\n"


def many_visits(n: int) -> list[dict[str, Any]]:
    visits = sample_visits(n)
    for k, visit in enumerate(visits):
        visit["visited_at"] = f"2017-{1 + k // 600:02d}-{1 + (k // 24) % 25:02d}T{k % 24:02d}:00:00"
        visit["status"] = ("submitted", "draft")[k % 2]
    return visits


@pytest.fixture
def busy(env: dict[str, str]) -> Path:
    prepare(env)
    assert record(env, many_visits(TABLE_LIMIT + 20)).exit_code == 0
    return Path(env["PILOTKIT_DB"])


def test_visits_list_json_has_every_visit_newest_first(env: dict[str, str], busy: Path) -> None:
    listed = json.loads(invoke(env, "visits", "list", "--format", "json").stdout)
    assert len(listed) == TABLE_LIMIT + 20
    times = [v["visited_at"] for v in listed]
    assert times == sorted(times, reverse=True)  # one time zone, so the text sorts too


@pytest.mark.parametrize(("lang", "note"), [("en", "showed the 500 newest"),
                                             ("fi", "näytettiin 500 uusinta")])
def test_a_long_table_shows_the_newest_and_says_how_to_see_all(
        env: dict[str, str], busy: Path, lang: str, note: str) -> None:
    lines = invoke(env, "--lang", lang, "visits", "list").stdout.splitlines()
    assert lines[-1].startswith(note)
    assert len(lines) == 1 + TABLE_LIMIT + 1  # header, rows, the note
    limited = invoke(env, "visits", "list", "--limit", "600").stdout.splitlines()
    assert len(limited) == 1 + TABLE_LIMIT + 20  # asked for: all of them, no note


def test_drafts_with_a_limit_are_the_first_of_all_drafts(busy: Path) -> None:
    with VisitService.open(busy, default_framework().ids) as store:
        every = store.drafts()
        assert len(every) == (TABLE_LIMIT + 20) // 2 == sum(store.unfinished_counts().values())
        assert store.drafts(limit=7) == every[:7]
