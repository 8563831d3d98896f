"""`pilotkit demo` writes its made-up names in the language it is run in."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

import pytest

from tests.cli_helpers import run

# typed out by hand, not taken from the catalog
NAMES = {
    "fi": ("DEMO Lohjan kirjasto (keksitty)", "DEMO lähtötaso (keksitty)",
           "DEMO pilotin jälkeen (keksitty)", "Tiskitön palvelupiste ja aulaisäntä (keksitty)",
           "DEMO: keksitty käynti"),
    "sv": ("DEMO Lohjan kirjasto (påhittad)", "DEMO utgångsläge (påhittad)",
           "DEMO efter piloten (påhittad)", "Diskfri servicepunkt med lobbyvärd (påhittad)",
           "DEMO: påhittat besök"),
    "en": ("DEMO Lohjan kirjasto (synthetic)", "DEMO baseline (synthetic)",
           "DEMO after the pilot (synthetic)",
           "Counterless service point with a lobby host (synthetic)", "DEMO: synthetic visit"),
}


def _demo(tmp_path: Path, lang: str) -> sqlite3.Connection:
    db = tmp_path / f"demo-{lang}.db"
    assert run("--db", db, "--lang", lang, "demo", "--visits", "60").returncode == 0
    return sqlite3.connect(db)


@pytest.mark.parametrize("lang", ["fi", "sv", "en"])
def test_names_and_comments_in_the_language_of_the_demo(tmp_path: Path, lang: str) -> None:
    library, baseline, pilot, description, comment = NAMES[lang]
    with closing(_demo(tmp_path, lang)) as conn:
        assert conn.execute("SELECT name FROM libraries WHERE id = 'FI-DemoLohja'"
                            ).fetchone() == (library,)
        assert conn.execute("SELECT label, pilot FROM rounds ORDER BY start_date").fetchall() \
            == [(baseline, None), (pilot, description)]
        comments = {row[0] for row in conn.execute("SELECT comment FROM visits")}
    assert comments == {None, comment}  # some visits carry the comment, the others none


def test_the_same_visits_in_every_language(tmp_path: Path) -> None:
    """Only the words differ: a seed makes the same visits, answers and scores."""
    def content(lang: str) -> list[tuple[object, ...]]:
        with closing(_demo(tmp_path, lang)) as conn:
            return conn.execute(
                "SELECT v.id, v.library_id, v.status, a.item_id, a.value, a.score FROM visits v"
                " JOIN answers a ON a.visit_id = v.id ORDER BY v.id, a.item_id").fetchall()

    finnish = content("fi")
    assert finnish and finnish == content("en")
