"""The command line's tables never cut a number, an id or a word (issue #16).

At 80 columns on a terminal they change layout; written to a file or a pipe
they keep their natural width. Run on the demo data, in Finnish and English.
"""

from __future__ import annotations

from pathlib import Path

import pytest

import pilotkit.cli
from tests.cli_helpers import run

COMMANDS = [
    ("compare",),
    ("compare", "--change", "demo-baseline", "demo-pilot"),
    ("compare", "--change", "demo-baseline", "demo-pilot", "--adjust", "bh"),
    ("compare", "--by", "scenario"),
    ("visits", "list", "--limit", "40"),
    ("libraries", "list"),
    ("rounds", "list"),
    ("scenarios", "list"),
]


@pytest.fixture(scope="module")
def demo_dbs(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A demo per language: its names are written in the language it was made in."""
    dbs = {}
    for lang in ("fi", "en"):
        dbs[lang] = str(tmp_path_factory.mktemp("demo") / "demo.db")
        assert run("--db", dbs[lang], "--lang", lang, "demo", "--visits", "300").returncode == 0
    return dbs


@pytest.mark.parametrize("lang", ["fi", "en"])
@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_at_80_columns_nothing_is_cut(demo_dbs: dict[str, str], lang: str, command: tuple[str, ...],
                                      monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pilotkit.cli, "table_width", lambda: 80)
    out = run("--db", demo_dbs[lang], "--lang", lang, *command)
    assert out.returncode == 0, out.stderr
    assert "…" not in out.stdout
    assert all(len(line.rstrip()) <= 80 for line in out.stdout.splitlines())
    assert "FI-Demo" in out.stdout or command[0] in ("rounds", "scenarios") or "--by" in command


def test_a_change_at_80_columns_reads_one_library_at_a_time(demo_dbs: dict[str, str],
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pilotkit.cli, "table_width", lambda: 80)
    out = run("--db", demo_dbs["fi"], "--lang", "fi", "compare", "--change", "demo-baseline",
              "demo-pilot").stdout
    # a heading per library with its name, then the principles as rows, intervals whole
    assert "FI-DemoLohja · DEMO Lohjan kirjasto (keksitty)" in out
    overall = [line for line in out.splitlines() if line.startswith("Kokonaisuus")]
    assert len(overall) == 6
    assert all(line.rstrip().endswith("]") and "[" in line for line in overall)


@pytest.mark.parametrize("command", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_redirected_to_a_file_nothing_is_squeezed(demo_dbs: dict[str, str], command: tuple[str, ...],
                                                  tmp_path: Path) -> None:
    out = run("--db", demo_dbs["fi"], "--lang", "fi", *command, process=True,
              env={"COLUMNS": "80"})
    assert out.returncode == 0, out.stderr
    assert "…" not in out.stdout
    if command == ("compare",):
        # the whole matrix, one line per library and round, every principle in full
        row = next(line for line in out.stdout.splitlines() if line.startswith("FI-DemoLohja"))
        assert len(row) > 80 and row.count("n=") == 8
        assert "Tasa-arvoisuus ja tasapuolisuus" in out.stdout


def test_the_footer_says_which_visits_count(demo_dbs: dict[str, str]) -> None:
    plain = run("--db", demo_dbs["en"], "--lang", "en", "compare").stdout
    assert "Counted: submitted and approved visits; drafts, returned and rejected" in plain
    approved = run("--db", demo_dbs["fi"], "--lang", "fi", "compare", "--approved-only").stdout
    assert "Lasketaan vain hyväksytyt käynnit." in approved
    # the approved-only counts are smaller: every n in the table comes from fewer visits
    assert "n = käyntien määrä" in approved and "95 %:n väli" in approved
