"""Issue 13: output that cannot be written never becomes a traceback.

A full disk during an export is one line in the user's language and leaves
no half file; a reader that closes the pipe early (`| head -1`) ends the
command quietly; a terminal that is not UTF-8 gets near equivalents of what
it cannot show, from every command, `--help` included.
"""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import traceback
from pathlib import Path
from typing import IO

import pytest
from click.testing import CliRunner, Result

from pilotkit.cli import main
from pilotkit.streams import ERRORS, fallback, tolerate_encoding
from tests.store.test_hostile import small_disk

ROOT = Path(__file__).resolve().parents[2]
LIBRARY_NAME = "Äänekosken kaupunginkirjasto – pääkirjasto…"


def invoke(db: Path, *args: str) -> Result:
    """`pilotkit --db DB ARGS` in this process; a Python exception fails the test."""
    environment: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PILOTKIT_")}
    result = CliRunner().invoke(main, ["--db", str(db), *args], env=environment)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError("".join(traceback.format_exception(result.exception)))
    return result


def process(db: Path, *args: str, encoding: str | None = None,
            stdout: int | IO[bytes] = subprocess.PIPE) -> subprocess.Popen[bytes]:
    """`pilotkit --db DB ARGS` in a real process, its stderr (and stdout) piped back."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PILOTKIT_", "PYTHONIO"))}
    if encoding is not None:
        env["PYTHONIOENCODING"] = encoding
    return subprocess.Popen([sys.executable, "-m", "pilotkit", "--db", str(db), *args],
                            env=env, cwd=ROOT, stdout=stdout, stderr=subprocess.PIPE)


@pytest.fixture(scope="module")
def demo_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """300 synthetic visits: an answers export of about 1.5 MB, a visits export of 60 kB."""
    db = tmp_path_factory.mktemp("streams") / "demo.db"
    assert invoke(db, "demo", "--visits", "300").exit_code == 0
    assert invoke(db, "libraries", "add", "FI-Aanekoski", LIBRARY_NAME).exit_code == 0
    return db


# -- a full disk ----------------------------------------------------------------------------------

FULL = "the disk is full: free some space and try again"


@pytest.mark.slow
@pytest.mark.parametrize("options", [["answers"], ["answers", "--excel"],
                                     ["answers", "--format", "json"]],
                         ids=["csv", "excel", "json"])
def test_a_full_disk_during_an_export_is_one_line_and_leaves_no_file(
        demo_db: Path, tmp_path: Path, options: list[str]) -> None:
    with small_disk(tmp_path) as disk:
        target = disk / "answers.csv"
        target.write_text("the previous export\n", encoding="utf-8")
        result = invoke(demo_db, "export", *options, "--out", str(target))
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            f"{target}: cannot write ({FULL}); nothing was written"]
        assert "Exception ignored" not in result.stderr
        # the previous file is as it was, and no temporary file is left beside it
        assert target.read_text(encoding="utf-8") == "the previous export\n"
        assert [p.name for p in disk.iterdir()] == ["answers.csv"]


@pytest.mark.slow
def test_a_full_disk_in_finnish(demo_db: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path) as disk:
        target = disk / "vastaukset.csv"
        result = invoke(demo_db, "--lang", "fi", "export", "answers", "--out", str(target))
        assert result.exit_code == 1
        assert result.stderr.splitlines() == [
            f"{target}: ei voi kirjoittaa (levy on täynnä: vapauta tilaa ja yritä uudelleen);"
            " mitään ei kirjoitettu"]
        assert not target.exists()


@pytest.mark.slow
def test_a_full_disk_behind_standard_output(demo_db: Path, tmp_path: Path) -> None:
    with small_disk(tmp_path) as disk, (disk / "out.csv").open("wb") as out:
        child = process(demo_db, "export", "answers", "--out", "-", stdout=out)
        _, err = child.communicate(timeout=120)
    assert child.returncode == 1
    assert err.decode().splitlines() == [
        f"cannot write to standard output ({FULL}); the output is incomplete"]


@pytest.mark.parametrize("args", [("visits", "list"), ("compare",), ("rounds", "list"),
                                  ("libraries", "list", "--format", "json"), ("--version",)])
def test_every_listing_into_a_full_standard_output_is_one_line(
        demo_db: Path, args: tuple[str, ...]) -> None:
    """Found by a hostile-input sweep: only the exports said this; a listing into /dev/full
    ended in a traceback."""
    with open("/dev/full", "wb") as full:
        child = process(demo_db, "--lang", "sv", *args, stdout=full)
        _, err = child.communicate(timeout=60)
    assert child.returncode == 1
    assert err.decode().splitlines() == [
        "kan inte skriva till standardutmatningen (disken är full: frigör utrymme och försök "
        "igen); utmatningen är ofullständig"]


def test_a_closed_standard_output_is_one_line(demo_db: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("PILOTKIT_", "PYTHONIO"))}
    child = subprocess.run(
        f"{sys.executable} -m pilotkit --lang fi --db {demo_db} libraries list >&-",
        shell=True, env=env, cwd=ROOT, capture_output=True, text=True, timeout=60)
    assert (child.returncode, child.stderr.splitlines()) == (
        1, ["vakiotulosteeseen ei voi kirjoittaa (tuloste on suljettu); tuloste jäi kesken"])


def test_sigterm_unwinds_an_export_as_ctrl_c_does(tmp_path: Path) -> None:
    """A `kill` during an export removes its temporary file (it stayed beside the target)."""
    from pilotkit.outfile import output_file
    from pilotkit.streams import unwind_on_terminate

    before = signal.getsignal(signal.SIGTERM)
    unwind_on_terminate()
    target = tmp_path / "answers.csv"
    try:
        with pytest.raises(SystemExit) as ended, output_file(str(target), "utf-8") as (out, _):
            out.write("half of it")
            os.kill(os.getpid(), signal.SIGTERM)
    finally:
        signal.signal(signal.SIGTERM, before)
    assert ended.value.code == 128 + signal.SIGTERM
    assert list(tmp_path.iterdir()) == []


def test_a_missing_folder_is_one_line(demo_db: Path, tmp_path: Path) -> None:
    target = tmp_path / "no" / "such" / "folder.csv"
    result = invoke(demo_db, "export", "visits", "--out", str(target))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"{target}: the folder does not exist; create it first or choose another place"]


# -- a reader that stops early --------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.parametrize("options", [["answers"], ["answers", "--format", "json"],
                                     ["visits", "--format", "json"], ["answers", "--excel"]],
                         ids=["answers-csv", "answers-json", "visits-json", "answers-excel"])
def test_a_closed_pipe_ends_the_export_quietly(demo_db: Path, options: list[str]) -> None:
    child = process(demo_db, "export", *options, "--out", "-")
    assert child.stdout is not None and child.stderr is not None
    first = child.stdout.readline()  # as `| head -1` does: one line, then close
    child.stdout.close()
    err = child.stderr.read()
    child.wait(timeout=60)
    assert first.strip()
    assert err == b""  # no traceback, no "Exception ignored", no complaint
    assert child.returncode in (0, -signal.SIGPIPE)  # -13: ended by SIGPIPE, shells say 141


# -- a terminal that is not UTF-8 -----------------------------------------------------------------


@pytest.mark.parametrize(("encoding", "text", "expected"), [
    ("ascii", "Äänekoski – pääkirjasto… 95 × 2 ≥ 1", "Aanekoski - paakirjasto... 95 x 2 >= 1"),
    ("latin-1", "Äänekoski – pääkirjasto… 95 × 2 ≥ 1", "Äänekoski - pääkirjasto... 95 × 2 >= 1"),
    ("ascii", "漢字 ☃", "?? ?"),
])
def test_characters_a_terminal_lacks_get_near_equivalents(encoding: str, text: str,
                                                          expected: str) -> None:
    tolerate_encoding()  # registers the handler
    assert text.encode(encoding, ERRORS) == expected.encode(encoding)


def test_the_handler_leaves_decoding_errors_alone() -> None:
    error = UnicodeDecodeError("utf-8", b"\xff", 0, 1, "invalid start byte")
    with pytest.raises(UnicodeDecodeError):
        fallback(error)


COMMANDS = [
    ["--help"],
    ["export", "--help"],
    ["--lang", "fi", "libraries", "list"],
    ["--lang", "fi", "libraries", "list", "--format", "json"],
    ["--lang", "fi", "compare"],
    ["--lang", "sv", "compare", "--format", "csv"],
    ["--lang", "fi", "scenarios", "list"],
    ["--lang", "fi", "visits", "list", "--limit", "5"],
    ["--lang", "fi", "rounds", "list"],
]


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
@pytest.mark.parametrize("args", COMMANDS, ids=[" ".join(c) for c in COMMANDS])
def test_every_command_works_on_a_terminal_that_is_not_utf8(demo_db: Path, encoding: str,
                                                            args: list[str]) -> None:
    child = process(demo_db, *args, encoding=encoding)
    out, err = child.communicate(timeout=60)
    assert child.returncode == 0, err.decode(encoding, "replace")
    assert err == b""
    assert out.strip()
    if encoding == "latin-1":
        # what latin-1 has is written as is, the rest as near equivalents
        text = out.decode("latin-1")
        assert "…" not in text and "–" not in text
        if "libraries" in args:
            assert "Äänekosken kaupunginkirjasto - pääkirjasto..." in text
    else:
        # click writes its own output as UTF-8 when a stream claims plain ASCII (it takes
        # that for a misconfigured locale); everything else degrades to ASCII
        text = out.decode("utf-8")
        if args[-2:] == ["libraries", "list"]:
            assert text.isascii() and "Aanekosken kaupunginkirjasto - paakirjasto..." in text


@pytest.mark.slow
@pytest.mark.parametrize("encoding", ["latin-1", "ascii"])
def test_problems_on_a_terminal_that_is_not_utf8(demo_db: Path, encoding: str) -> None:
    child = process(demo_db, "--lang", "fi", "libraries", "add", "FI-Ä…", "x",
                    encoding=encoding)
    _, err = child.communicate(timeout=60)
    assert child.returncode == 1
    expected = {"latin-1": "'FI-Ä...' ei ole ISIL-tunnus (etuliite, yhdysmerkki ja enintään",
                "ascii": "'FI-A...' ei ole ISIL-tunnus (etuliite, yhdysmerkki ja enintaan"}
    assert err.decode(encoding).startswith(expected[encoding])
