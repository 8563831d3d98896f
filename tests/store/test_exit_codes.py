"""Exit codes as a shell sees them, from a real process (contract §4): 0, 1 with one line, 2."""

from __future__ import annotations

from pathlib import Path

from tests.cli_helpers import run


def test_exit_codes_of_a_real_process(tmp_path: Path) -> None:
    db = tmp_path / "x.db"
    ok = run("--db", db, "libraries", "add", "FI-Lohja", "Lohja", process=True)
    assert (ok.returncode, ok.stderr) == (0, "")
    refused = run("--db", db, "libraries", "add", "not an isil", "X", process=True)
    assert refused.returncode == 1
    assert refused.stderr.count("\n") == 1 and "'not an isil'" in refused.stderr
    misused = run("--db", db, "libraries", "add", process=True)
    assert misused.returncode == 2
    assert "Usage:" in misused.stderr


def test_a_refusal_is_in_the_language_asked_for(tmp_path: Path) -> None:
    refused = run("--db", tmp_path / "x.db", "--lang", "fi", "libraries", "add", "espoo", "X",
                  process=True)
    assert refused.returncode == 1
    assert refused.stderr == "'espoo' ei ole ISIL-tunnus (etuliite, yhdysmerkki ja enintään " \
                             "11 merkkiä: FI-Lohja)\n"
