"""Issue 19: the lead's report goals travel with merge, and are never replaced unseen."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from pilotkit.core.framework_file import default_framework
from pilotkit.core.langs import Lang
from pilotkit.core.merge import merge_database
from pilotkit.core.messages import Message
from pilotkit.core.visit_service import VisitService


def database(path: Path, goals: dict[tuple[str, str], str]) -> Path:
    with VisitService.open(path, default_framework().ids) as store:
        for round_id in ("r1", "r2"):
            store.add_round(round_id)
        for (first, last), text in goals.items():
            store.set_report_goals(first, last, text)
    return path


def goals_of(path: Path) -> dict[tuple[str, str], str]:
    with sqlite3.connect(path) as conn:
        return {(a, b): t for a, b, t in conn.execute(
            "SELECT from_round, to_round, text FROM report_goals")}


def test_goals_this_database_lacks_are_taken(tmp_path: Path) -> None:
    source = database(tmp_path / "other.db", {("r1", "r2"): "Tervehditään aina.",
                                              ("r2", "r2"): "Tilanne."})
    lead = database(tmp_path / "lead.db", {})
    with VisitService.open(lead, default_framework().ids) as store:
        summary = merge_database(store, source)
    assert summary.goals == 2 and not summary.conflicts
    assert "2 report goals" in summary.line("en")
    assert goals_of(lead) == {("r1", "r2"): "Tervehditään aina.", ("r2", "r2"): "Tilanne."}


@pytest.mark.parametrize(("lang", "words"), [
    ("en", "the report goals for rounds r1 → r2 differ; this database's text was kept"),
    ("fi", "raportin tavoitteet kierroksille r1 → r2 eroavat; tämän tietokannan teksti pidettiin"),
])
def test_different_goals_here_stay_and_the_merge_says_so(tmp_path: Path, lang: Lang,
                                                         words: str) -> None:
    source = database(tmp_path / "other.db", {("r1", "r2"): "Theirs."})
    lead = database(tmp_path / "lead.db", {("r1", "r2"): "Mine."})
    with VisitService.open(lead, default_framework().ids) as store:
        summary = merge_database(store, source)
    assert summary.goals == 0
    assert goals_of(lead) == {("r1", "r2"): "Mine."}
    (line,) = summary.conflicts
    assert isinstance(line, Message)
    assert words in line.text(lang)


def test_the_same_goals_again_change_nothing(tmp_path: Path) -> None:
    source = database(tmp_path / "other.db", {("r1", "r2"): "Same."})
    lead = database(tmp_path / "lead.db", {("r1", "r2"): "Same."})
    with VisitService.open(lead, default_framework().ids) as store:
        summary = merge_database(store, source)
    assert summary.goals == 0 and not summary.conflicts
