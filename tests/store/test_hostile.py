"""Issue 7: hostile files and databases, full disks and kills: clear errors, nothing half-done."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pilotkit.core.framework_file import default_framework
from pilotkit.core.interchange import InterchangeError, RecordContext, parse_json, parse_visits
from pilotkit.core.loader import parse_scenario
from pilotkit.core.messages import Message
from pilotkit.core.visit_service import VisitService
from tests.cli_helpers import run
from tests.fixtures import CONTRACT_EXAMPLE, VALID, VISIT, setup_db

ROOT = Path(__file__).resolve().parents[2]
SCENARIO = parse_scenario(CONTRACT_EXAMPLE, "example.yaml", default_framework())


def visit_count(db: Path | str) -> int:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return int(conn.execute("SELECT count(*) FROM visits").fetchone()[0])
    finally:
        conn.close()


# -- files --------------------------------------------------------------------------------------


def test_a_100_mb_json_file_is_refused_without_reading_it_all(env: dict[str, str],
                                                               tmp_path: Path) -> None:
    setup_db(env)
    big = tmp_path / "big.json"
    with big.open("wb") as f:
        f.write(b'{"format": "pilotkit-visits/1", "visits": [')
        f.truncate(100 * 1024 * 1024)
    result = run("record", big, env=env)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1 and "too large" in result.stderr
    assert visit_count(env["PILOTKIT_DB"]) == 0


def test_wrong_types_everywhere(env: dict[str, str]) -> None:
    setup_db(env)
    wrong = {"id": 7, "library": ["FI-Lohja"], "round": {"r": 1}, "scenario": 3.5,
             "scenario_version": "1", "evaluator": None, "channel": 5, "language": "de",
             "visited_at": 20170502, "status": True, "answers": "yes", "notes": [1],
             "comment": {"x": 1}}
    payload = json.dumps({"format": "pilotkit-visits/1", "visits": [wrong, 5, None]})
    result = run("record", "-", stdin=payload, env=env)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert len(lines) >= 12
    assert all(line.startswith("visits[") for line in lines)
    assert visit_count(env["PILOTKIT_DB"]) == 0


def context() -> RecordContext:
    return RecordContext(
        scenario=lambda sid, version: SCENARIO if sid == "proxy-borrowing" and version in (
            None, 1) else Message("record_unknown_scenario", scenario=sid),
        libraries={"FI-Lohja"}, rounds={"2017-baseline"}, existing_visit=lambda _: False)


JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda children: st.lists(children, max_size=4)
    | st.dictionaries(st.sampled_from([*VISIT, "x", "visits", "format"]), children, max_size=6),
    max_leaves=30)


@settings(max_examples=300, deadline=None)
@given(st.one_of(
    JSON,
    st.builds(lambda visits: {"format": "pilotkit-visits/1", "visits": visits},
              st.lists(st.dictionaries(st.sampled_from(list(VISIT)), JSON, max_size=13),
                       max_size=3)),
    st.builds(lambda changes: {"format": "pilotkit-visits/1", "visits": [{**VISIT, **changes}]},
              st.dictionaries(st.sampled_from(list(VISIT)), JSON, max_size=4)),
))
def test_record_validation_never_raises_anything_else(data: Any) -> None:
    try:
        visits = parse_visits(data, context())
    except InterchangeError as e:
        assert e.problems and all("\n" not in p for p in e.problems)
    else:
        assert all(v.scenario is SCENARIO for v in visits)


@settings(max_examples=200, deadline=None)
@given(st.binary(max_size=200) | st.text(max_size=200).map(str.encode))
def test_parse_json_never_raises_anything_else(raw: bytes) -> None:
    try:
        parse_json(raw, "fuzz.json")
    except InterchangeError as e:
        assert len(e.problems) == 1


# -- full disk ----------------------------------------------------------------------------------


@contextmanager
def small_disk(tmp_path: Path) -> Iterator[Path]:
    """A 512 KiB filesystem (tmpfs) where the machine allows mounting one."""
    mount = tmp_path / "small"
    mount.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=512k", "tmpfs", str(mount)],
                          capture_output=True)
    if done.returncode != 0:
        if os.geteuid() != 0:  # CI runs as root and always runs these
            pytest.skip("mounting a small tmpfs needs root")
        pytest.fail(f"cannot mount a small tmpfs: {done.stderr.decode().strip()}", pytrace=False)
    try:
        yield mount
    finally:
        subprocess.run(["umount", "-l", str(mount)], capture_output=True)


def many_visits(n: int) -> str:
    visits = [{**VISIT, "id": f"00000000-0000-4000-8000-{k:012d}",
               "comment": "x" * 500} for k in range(n)]
    return json.dumps({"format": "pilotkit-visits/1", "visits": visits})


@pytest.mark.slow
def test_full_disk_record_writes_nothing_and_says_so(env: dict[str, str],
                                                     tmp_path: Path) -> None:
    with small_disk(tmp_path) as disk:
        small_env = {**env, "PILOTKIT_DB": str(disk / "p.db")}
        setup_db(small_env)
        result = run("record", "-", stdin=many_visits(2000), env=small_env)
        assert result.returncode == 1
        assert result.stderr.strip() == (
            "database error: the disk is full (free some space and try again); "
            "nothing was changed")
        assert visit_count(disk / "p.db") == 0
        # what fits still goes in afterwards: the database was not damaged
        assert run("record", "-", stdin=many_visits(3), env=small_env).returncode == 0
        assert visit_count(disk / "p.db") == 3


@pytest.mark.slow
def test_full_disk_during_a_visit_keeps_saved_answers(tmp_path: Path) -> None:
    db = tmp_path / "full.db"
    with VisitService.open(db, default_framework().ids) as store:
        store.add_library("FI-Lohja", "Lohja")
        store.add_round("r1")
        visit = store.start_visit(SCENARIO, "FI-Lohja", "r1", "E1", "2017-05-02T10:00")
        store.set_answer(visit, "greeted", "yes")
        pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
        store.conn.execute(f"PRAGMA max_page_count={pages}")  # no room for one more page
        with pytest.raises(sqlite3.OperationalError, match="full"):
            store.set_note(visit, "remarks", "x" * 20_000)
        assert store.open_visit(visit).answers == {"greeted": "yes"}
    assert visit_count(db) == 1


# -- kills ----------------------------------------------------------------------------------------


def kill_after(args: list[str], env: dict[str, str], seconds: float,
               stdin: bytes | None = None) -> int:
    full_env = {**{k: v for k, v in os.environ.items() if not k.startswith("PILOTKIT_")}, **env}
    child = subprocess.Popen([sys.executable, "-m", "pilotkit", *args], env=full_env, cwd=ROOT,
                             stdin=subprocess.PIPE if stdin else None,
                             stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    if stdin is not None:
        assert child.stdin is not None
        child.stdin.write(stdin)
        child.stdin.close()
    time.sleep(seconds)
    child.send_signal(signal.SIGKILL)
    return child.wait()


@pytest.mark.slow
@pytest.mark.parametrize("delay", [0.4, 0.8, 1.2])
def test_sigkill_during_record_leaves_all_or_nothing(env: dict[str, str], tmp_path: Path,
                                                     delay: float) -> None:
    setup_db(env)
    source = tmp_path / "many.json"
    source.write_text(many_visits(4000), encoding="utf-8")
    kill_after(["record", str(source)], env, delay)
    assert visit_count(env["PILOTKIT_DB"]) in (0, 4000)


@pytest.mark.slow
def test_sigkill_during_merge_leaves_all_or_nothing(env: dict[str, str],
                                                    tmp_path: Path) -> None:
    setup_db(env)
    source_env = {**env, "PILOTKIT_DB": str(tmp_path / "source.db")}
    setup_db(source_env)
    assert run("record", "-", stdin=many_visits(4000), env=source_env).returncode == 0
    kill_after(["merge", source_env["PILOTKIT_DB"]], env, 0.6)
    assert visit_count(env["PILOTKIT_DB"]) in (0, 4000)
    # and a merge afterwards completes
    assert run("merge", source_env["PILOTKIT_DB"], env=env).returncode == 0
    assert visit_count(env["PILOTKIT_DB"]) == 4000


@pytest.mark.slow
def test_a_merge_and_an_evaluator_at_once(env: dict[str, str], tmp_path: Path) -> None:
    db = Path(env["PILOTKIT_DB"])
    with VisitService.open(db, default_framework().ids) as store:
        store.add_library("FI-Lohja", "Lohja")
        store.add_round("r1")
        store.add_round("2017-baseline")
    scenario_path = tmp_path / "s.yaml"
    scenario_path.write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    source_env = {**env, "PILOTKIT_DB": str(tmp_path / "source.db")}
    setup_db(source_env)
    assert run("record", "-", stdin=many_visits(2000), env=source_env).returncode == 0
    writer = subprocess.Popen(
        [sys.executable, "-m", "tests.store.writer", str(db), str(scenario_path), "E5", "200"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT)
    merged = run("merge", source_env["PILOTKIT_DB"], env=env)
    out, err = writer.communicate(timeout=120)
    assert writer.returncode == 0, err
    assert merged.returncode == 0, merged.stderr
    assert out.count("saved") == 200
    assert visit_count(db) == 2200


@contextmanager
def read_only_disk(tmp_path: Path, setup: Any) -> Iterator[Path]:
    """A database on a read-only filesystem (as root: a remounted tmpfs, since root ignores
    file modes; otherwise a folder and files without write permission)."""
    if os.geteuid() != 0:
        folder = tmp_path / "ro"
        folder.mkdir()
        setup(folder)
        for path in [*folder.iterdir(), folder]:
            path.chmod(0o555 if path.is_dir() else 0o444)
        try:
            yield folder
        finally:
            folder.chmod(0o755)
        return
    with small_disk(tmp_path) as disk:
        setup(disk)
        done = subprocess.run(["mount", "-o", "remount,ro", str(disk)], capture_output=True)
        assert done.returncode == 0, done.stderr
        yield disk


@pytest.mark.slow
def test_read_only_filesystem_is_a_clear_error(env: dict[str, str], tmp_path: Path) -> None:
    def make(disk: Path) -> None:
        small_env = {**env, "PILOTKIT_DB": str(disk / "p.db")}
        setup_db(small_env)
        assert run("record", "-", stdin=many_visits(2), env=small_env).returncode == 0

    with read_only_disk(tmp_path, make) as disk:
        ro_env = {**env, "PILOTKIT_DB": str(disk / "p.db")}
        result = run("libraries", "add", "FI-Uusi", "Uusi", env=ro_env)
        assert result.returncode == 1
        assert len(result.stderr.splitlines()) == 1 and str(disk / "p.db") in result.stderr
        new = run("--db", disk / "new.db", "libraries", "list")
        assert new.returncode == 1 and len(new.stderr.splitlines()) == 1


def test_an_id_with_a_newline_is_named_on_one_line() -> None:
    """Found by the fuzzing above: the id shown beside the visit's index broke the line."""
    try:
        parse_visits({"format": "pilotkit-visits/1", "visits": [{**VISIT, "id": "\n"}]},
                     context())
    except InterchangeError as e:
        assert e.problems == ["visits[0] ('\\n'): id: not a UUID: '\\n'"]
    else:
        raise AssertionError("an id that is not a UUID was accepted")


@pytest.mark.parametrize(("change", "expected"), [
    ({"answers": {"a\nb": 1}}, "answers.a\nb"),
    ({"notes": {"a\nb": "x"}}, "notes.a\nb"),
    ({"a\nb": 1}, "a\nb"),
])
def test_keys_from_the_file_are_named_on_one_line(change: dict[str, Any],
                                                  expected: str) -> None:
    try:
        parse_visits({"format": "pilotkit-visits/1", "visits": [{**VISIT, **change}]},
                     context())
    except InterchangeError as e:
        assert all("\n" not in problem for problem in e.problems)
        assert any(f": {expected!r}: " in problem for problem in e.problems), e.problems
    else:
        raise AssertionError("an unknown item or key was accepted")


@pytest.mark.parametrize(("lang", "not_a_file", "not_sqlite", "other"), [
    ("fi", "ei ole tiedosto", "ei ole pilotkit-tietokanta (ei SQLite-tiedosto)",
     "ei ole pilotkit-tietokanta (toisen sovelluksen SQLite-tietokanta)"),
    ("sv", "är ingen fil", "ingen pilotkit-databas (ingen SQLite-fil)",
     "ingen pilotkit-databas (ett annat programs SQLite-databas)")])
def test_what_is_not_a_database_is_said_in_the_users_language(
        env: dict[str, str], tmp_path: Path, lang: str, not_a_file: str, not_sqlite: str,
        other: str) -> None:
    """Found by a hostile-input sweep: these refusals were English in every language, and
    `merge .` (or an empty path, or `/`) raised a traceback."""
    text = tmp_path / "notes.txt"
    text.write_text("hello", encoding="utf-8")
    foreign = tmp_path / "other.db"
    with sqlite3.connect(foreign) as conn:
        conn.execute("CREATE TABLE t (x)")
    conn.close()
    before = {p: p.read_bytes() for p in (text, foreign)}
    for args, line in ((("merge", ""), f".: {not_a_file}"), (("merge", "."), f".: {not_a_file}"),
                       (("merge", "/"), f"/: {not_a_file}"),
                       (("merge", text), f"{text}: {not_sqlite}"),
                       (("--db", text, "libraries", "list"), f"{text}: {not_sqlite}"),
                       (("--db", foreign, "libraries", "list"), f"{foreign}: {other}"),
                       (("--db", tmp_path, "libraries", "list"), f"{tmp_path}: {not_a_file}")):
        result = run("--lang", lang, *(args if args[0] == "--db" else ("--db", env[
            "PILOTKIT_DB"], *args)))
        assert (result.returncode, result.stderr.strip()) == (1, line), args
    assert before == {p: p.read_bytes() for p in before}      # refused, and left as they were


def test_checking_a_special_file_as_scenarios_is_one_line(env: dict[str, str]) -> None:
    """Found by a hostile-input sweep: `scenarios check /dev/null` raised a traceback."""
    result = run("--db", env["PILOTKIT_DB"], "scenarios", "check", "/dev/null")
    assert (result.returncode, result.stderr.splitlines()) == (
        1, ["/dev/null:1: the file is empty"])


def test_small_refusals_from_the_sweep_say_what_is_wrong(env: dict[str, str]) -> None:
    """Found by a hostile-input sweep: an empty evaluator code was listed as having no
    conflicts, and "(not both)" was said when neither option was given."""
    db = env["PILOTKIT_DB"]
    for args, line in (
            (("evaluators", "conflicts", ""), "'' is not an evaluator code"),
            (("plan", "mde"), "give exactly one of --sd and --from-round"),
            (("plan", "mde", "--sd", "10"), "give exactly one of --visits and --detect"),
            (("plan", "mde", "--sd", "10", "--visits", "5", "--detect", "3"),
             "give exactly one of --visits and --detect")):
        result = run("--lang", "en", "--db", db, *args)
        assert result.returncode == 1 and result.stderr.startswith(line), (args, result.stderr)
        assert len(result.stderr.strip().splitlines()) == 1


def test_an_unknown_library_round_or_status_is_refused_not_an_empty_result(
        env: dict[str, str], tmp_path: Path) -> None:
    """Found by a hostile-input sweep: these gave "no rows" (exit 0) where `compare --rounds`
    refused the same mistake; and `compare --libraries` did not take an ISIL in another case."""
    db = env["PILOTKIT_DB"]
    assert run("--db", db, "demo", "--visits", "40").returncode == 0
    out = tmp_path / "x.csv"
    for args, lines in (
            (("visits", "list", "--libraries", "FI-Nowhere,fi-demolohja", "--rounds", "nosuch"),
             ["unknown round nosuch", "unknown library FI-Nowhere"]),
            (("visits", "list", "--status", "bogus"),
             ["--status: unknown status bogus (use draft, submitted, approved, rejected, "
              "returned)"]),
            (("export", "visits", "--out", out, "--libraries", "FI-Nowhere"),
             ["unknown library FI-Nowhere"]),
            (("export", "answers", "--out", out, "--rounds", "nosuch"),
             ["unknown round nosuch"]),
            (("compare", "--libraries", "FI-Nowhere"), ["unknown library FI-Nowhere"]),
            (("report", "--from", "demo-baseline", "--to", "demo-pilot", "--out", out,
              "--libraries", "FI-Nowhere"), ["unknown library FI-Nowhere"])):
        result = run("--lang", "en", "--db", db, *args)
        assert (result.returncode, result.stderr.splitlines()) == (1, lines), args
    assert not out.exists()
    # an ISIL in another case is the library as stored
    shown = run("--db", db, "compare", "--libraries", "fi-demolohja", "--format", "json")
    assert shown.returncode == 0
    assert {cell["group"] for cell in json.loads(shown.stdout)["cells"]} == {"FI-DemoLohja"}


def test_a_change_from_a_round_to_itself_is_refused(env: dict[str, str]) -> None:
    """Found by a hostile-input sweep: it was accepted, and every change read 0."""
    db = env["PILOTKIT_DB"]
    assert run("--db", db, "demo", "--visits", "20").returncode == 0
    line = ("kierros demo-baseline on sekä ensimmäinen että jälkimmäinen: muutos lasketaan "
            "kahden eri kierroksen välillä (yhdestä kierroksesta: --rounds demo-baseline)")
    for args in (("compare", "--change", "demo-baseline", "demo-baseline"),
                 ("report", "--from", "demo-baseline", "--to", "demo-baseline", "--out",
                  "/dev/null")):
        result = run("--lang", "fi", "--db", db, *args)
        assert (result.returncode, result.stderr.splitlines()) == (1, [line]), args


def test_an_unknown_scenario_or_channel_is_refused_naming_those_there_are(
        env: dict[str, str], tmp_path: Path) -> None:
    """Found by a new user: `compare --channel puhelin` (the channel's Finnish word) said
    "no visits to count" with exit 0, as if there were none."""
    db = env["PILOTKIT_DB"]
    extra = tmp_path / "extra"
    extra.mkdir()
    (extra / "desk.yaml").write_text(VALID, encoding="utf-8")
    assert run("--db", db, "--scenarios", extra, "demo", "--visits", "60").returncode == 0
    out = tmp_path / "r.html"
    channels = ("in_person (käynti paikan päällä), phone (puhelin), email (sähköposti), "
                "chat (chat), video (videoyhteys), web (verkkosivut)")
    for args, lines in (
            (("compare", "--channel", "puhelin,phone"),
             [f"--channel: tuntematon kanava puhelin (käytä: {channels})"]),
            (("compare", "--scenario", "Sähköpostikysymys", "--channel", "x"),
             ["--scenario: tuntematon skenaario Sähköpostikysymys (skenaariot: "
              "accessibility-need, counterless-service, desk-question, email-question, "
              "eservices-senior, home-service, language-service, lobby-host, phone-enquiry, "
              "proxy-borrowing, reading-recommendation, reference-question, "
              "self-service-holds, video-service, web-library-chat)",
              f"--channel: tuntematon kanava x (käytä: {channels})"]),
            (("report", "--rounds", "demo-pilot", "--out", out, "--scenario", "nope"),
             ["--scenario: tuntematon skenaario nope (skenaariot: accessibility-need, "
              "counterless-service, desk-question, email-question, eservices-senior, "
              "home-service, language-service, lobby-host, phone-enquiry, proxy-borrowing, "
              "reading-recommendation, reference-question, self-service-holds, video-service, "
              "web-library-chat)"])):
        result = run("--lang", "fi", "--db", db, *args)
        assert (result.returncode, result.stderr.splitlines()) == (1, lines), args
    assert not out.exists()
    # desk-question is not loaded now, but visits were made with it: it is known
    shown = run("--db", db, "compare", "--scenario", "desk-question", "--channel", "phone",
                "--format", "json")
    assert shown.returncode == 0, shown.stderr
