"""Wrong usage of the command line in the user's language: one line, exit 2 (issue 17, item 3)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.cli_helpers import run


@pytest.mark.parametrize(("args", "expected"), [
    (("--lang", "fi", "visits", "show"),
     "virhe: komentoa 'show' ei ole (ohje: pilotkit visits --help)"),
    (("--lang", "fi", "compare", "--form"),
     "virhe: valitsinta --form ei ole (tarkoititko: --format?) (ohje: pilotkit compare --help)"),
    (("--lang", "sv", "libraries", "add"),
     "fel: argumentet ISIL saknas (hjälp: pilotkit libraries add --help)"),
    (("--lang", "fi", "export", "visits"),
     "virhe: valitsin --out puuttuu (ohje: pilotkit export --help)"),
    # an unknown option before the command: the parsing stops before it reaches --lang
    (("--lang", "fi", "--bogus", "libraries", "list"),
     "virhe: valitsinta --bogus ei ole (ohje: pilotkit --help)"),
    (("--lang=sv", "--bogus", "libraries", "list"),
     "fel: flaggan --bogus finns inte (hjälp: pilotkit --help)"),
    # click's own reasons, once English inside a Finnish or Swedish line
    (("--lang", "fi", "--db"), "virhe: valitsin --db tarvitsee arvon (ohje: pilotkit --help)"),
    # click's parser raises these without the command: the help named is still the command's
    (("--lang", "fi", "compare", "--change", "R1"),
     "virhe: valitsin --change tarvitsee 2 arvoa (ohje: pilotkit compare --help)"),
    (("--lang", "sv", "compare", "--by"),
     "fel: flaggan --by behöver ett värde (hjälp: pilotkit compare --help)"),
    (("--lang", "fi", "visits", "list", "--limit", "0"),
     "virhe: --limit: anna kokonaisluku, vähintään 1 (ohje: pilotkit visits list --help)"),
    (("--lang", "sv", "visits", "list", "--limit", "abc"),
     "fel: --limit: ange ett heltal, minst 1 (hjälp: pilotkit visits list --help)"),
    (("--lang", "fi", "demo", "--visits", "0"),
     "virhe: --visits: anna kokonaisluku väliltä 1–1000000 (ohje: pilotkit demo --help)"),
    (("--lang", "fi", "libraries", "add", "FI-A", "B", "C"),
     "virhe: ylimääräinen sana C (ohje: pilotkit libraries add --help)"),
    (("--lang", "fi", "compare", "--format", "xml"),
     "virhe: --format: arvo ei kelpaa; sallitut arvot: table, csv, json "
     "(ohje: pilotkit compare --help)"),
])
def test_wrong_usage_is_one_line_in_the_language_asked_for(args: tuple[str, ...],
                                                           expected: str) -> None:
    result = run(*args)
    assert (result.returncode, result.stdout, result.stderr) == (2, "", expected + "\n")


def test_english_keeps_clicks_own_words() -> None:
    result = run("--lang", "en", "visits", "show")
    assert result.returncode == 2
    assert result.stderr.splitlines()[-1] == "Error: No such command 'show'."


def test_help_and_version_still_succeed() -> None:
    assert run("--version").returncode == 0
    assert run("visits", "--help").returncode == 0


@pytest.mark.parametrize("empty", ["", "  "])
def test_an_empty_database_path_is_refused_not_taken_for_the_default(
        tmp_path: Path, empty: str) -> None:
    """`--db ""` (a script's unset variable) used to open the default database silently."""
    default = tmp_path / "default.db"
    result = run("--lang", "fi", "--db", empty, "libraries", "list",
                 env={"PILOTKIT_DB": str(default)})
    assert result.returncode == 1
    assert result.stderr == ("--db: anna tietokannan polku (tyhjä ei kelpaa; ilman valitsinta "
                             "käytetään oletustietokantaa)\n")
    assert not default.exists()
