"""Issue 20: `pilotkit purge` removes a round's free text and evaluator codes for good.

Gone from the tables, from the database file's bytes (vacuumed, its WAL
emptied), from every export, and not brought back by merging an older copy;
scores, answers and review decisions stay.
"""

from __future__ import annotations

import copy
import json
import shutil
from pathlib import Path
from typing import Any

from tests.store.helpers import invoke, prepare, record, sample_visits

NOTE = "Virkailija Mattila kertoi lainaussäännöt"          # what must not survive
COMMENT = "Asiakaspalvelija nimikyltillä Hannele"
TEXT = "Virkailija Mattila oli töykeä"                # a text answer may name someone too


def visits() -> list[dict[str, Any]]:
    made = sample_visits(3)
    for visit in made:
        visit["notes"] = {"greeted": f"{NOTE} {visit['id'][-3:]}"}
        visit["comment"] = f"{COMMENT} {visit['id'][-3:]}"
        visit["answers"]["remarks"] = f"{TEXT} {visit['id'][-3:]}"
        visit["evaluator"] = "E42"
    return made


def file_bytes(db: Path) -> bytes:
    data = db.read_bytes()
    wal = db.with_name(db.name + "-wal")
    return data + (wal.read_bytes() if wal.exists() else b"")


def exports(env: dict[str, str], folder: Path) -> str:
    texts = []
    for kind in ("visits", "answers"):
        out = folder / f"{kind}.csv"
        assert invoke(env, "export", kind, "--out", out).exit_code == 0
        texts.append(out.read_text(encoding="utf-8"))
    listing = invoke(env, "visits", "list", "--format", "json")
    return "\n".join(texts) + listing.stdout


def scores(env: dict[str, str]) -> Any:
    return json.loads(invoke(env, "compare", "--format", "json").stdout)


def test_purged_text_is_gone_from_the_file_exports_and_a_later_merge(
        env: dict[str, str], tmp_path: Path) -> None:
    prepare(env, rounds=("2017-baseline", "2017-pilot"))
    assert record(env, visits()).exit_code == 0
    assert invoke(env, "plan", "make", "2017-baseline", "--libraries", "FI-Lohja",
                  "--scenarios", "proxy-borrowing", "--evaluators", "E42,E44",
                  "--visits-per-library", "2", "--from", "2017-05-01", "--to", "2017-05-31"
                  ).exit_code == 0
    later = copy.deepcopy(sample_visits(4)[3])                # another round: kept whole
    later.update(round="2017-pilot", comment="kept comment", evaluator="E43")
    assert record(env, [later]).exit_code == 0
    db = Path(env["PILOTKIT_DB"])
    older = tmp_path / "older-copy.db"
    shutil.copy(db, older)
    assert NOTE.encode() in file_bytes(db) and b"E42" in file_bytes(db)
    before = scores(env)

    refused = invoke(env, "purge", "--round", "2017-baseline")  # no terminal to ask: refused
    assert refused.exit_code == 1 and NOTE.encode() in file_bytes(db)
    done = invoke(env, "purge", "--round", "2017-baseline", "--yes")
    assert done.exit_code == 0, done.stderr
    # worked out from the visits above: 3 notes, 3 comments, 3 text answers, 3 visits'
    # codes, and the 2 planned visits
    assert done.stdout.strip() == (
        "removed from the visits of round 2017-baseline: 3 notes, 3 comments, 3 text "
        "answers, evaluator codes of 3 visits, 2 planned visits; the file was rewritten "
        "(VACUUM)")

    for text in (NOTE, COMMENT, TEXT, "E42", "E44"):
        assert text.encode() not in file_bytes(db), text
        assert text not in exports(env, tmp_path), text
    assert "kept comment" in exports(env, tmp_path) and "E43" in exports(env, tmp_path)
    assert scores(env) == before                              # scores and answers stay

    merged = invoke(env, "merge", older)
    assert merged.exit_code == 0, merged.stderr
    for text in (NOTE, COMMENT, TEXT, "E42", "E44"):        # nor the plan with its codes
        assert text.encode() not in file_bytes(db), text
        assert text not in exports(env, tmp_path), text
    assert invoke(env, "plan", "show", "2017-baseline").exit_code == 1
    assert scores(env) == before


def test_a_purge_made_elsewhere_travels_with_merge(env: dict[str, str], tmp_path: Path) -> None:
    prepare(env)
    assert record(env, visits()).exit_code == 0
    db = Path(env["PILOTKIT_DB"])
    copy_env = {**env, "PILOTKIT_DB": str(tmp_path / "copy.db")}
    shutil.copy(db, tmp_path / "copy.db")
    assert invoke(copy_env, "purge", "--round", "2017-baseline", "--yes").exit_code == 0
    merged = invoke(env, "merge", tmp_path / "copy.db")
    assert merged.exit_code == 0 and "text purged from 3 visits" in merged.stdout
    assert NOTE not in exports(env, tmp_path) and "E42" not in exports(env, tmp_path)
    for text in (NOTE, COMMENT, TEXT, "E42"):         # the file rewritten here too
        assert text.encode() not in file_bytes(db), text


def test_a_visit_copied_before_the_purge_arrives_without_its_text(
        env: dict[str, str], tmp_path: Path) -> None:
    # a laptop that never had the purged round's visits merged: they arrive after the purge
    prepare(env)
    laptop = {**env, "PILOTKIT_DB": str(tmp_path / "laptop.db")}
    prepare(laptop)
    assert record(laptop, visits()).exit_code == 0
    assert invoke(env, "purge", "--round", "2017-baseline", "--yes").exit_code == 0
    assert invoke(env, "merge", tmp_path / "laptop.db").exit_code == 0
    for text in (NOTE, COMMENT, TEXT, "E42"):
        assert text not in exports(env, tmp_path), text
        assert text.encode() not in file_bytes(Path(env["PILOTKIT_DB"])), text


def test_purged_is_not_an_evaluator_code_anyone_can_take(env: dict[str, str]) -> None:
    prepare(env)
    visit = sample_visits(1)[0]
    visit["evaluator"] = "purged"
    refused = record(env, [visit])
    assert refused.exit_code == 1 and "'purged' is kept for purged visits" in refused.stderr


def test_a_reader_holding_the_file_is_named(env: dict[str, str]) -> None:
    import sqlite3

    prepare(env)
    assert record(env, visits()).exit_code == 0
    reader = sqlite3.connect(env["PILOTKIT_DB"])
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT count(*) FROM visits").fetchone()  # a snapshot held open
        done = invoke(env, "purge", "--round", "2017-baseline", "--yes")
    finally:
        reader.close()
    assert done.exit_code == 0
    assert done.stderr.strip() == ("note: another program has the database open; the removed "
                                   "text leaves the file for good when it closes")


def test_purge_before_a_day_and_its_mistakes(env: dict[str, str], tmp_path: Path) -> None:
    prepare(env)
    assert record(env, visits()).exit_code == 0              # 1, 2 and 3 May 2017
    done = invoke(env, "purge", "--before", "2017-05-02", "--yes")
    assert done.exit_code == 0 and "1 notes, 1 comments" in done.stdout
    assert f"{NOTE} 000" not in exports(env, tmp_path)
    assert f"{NOTE} 001" in exports(env, tmp_path)
    for args, line in (
            ((), "give exactly one of --round and --before"),
            (("--round", "nope", "--yes"), "unknown round nope"),
            (("--before", "2017-13-01", "--yes"), "'2017-13-01' is not a date (YYYY-MM-DD)")):
        result = invoke(env, "purge", *args)
        assert result.exit_code == 1 and result.stderr.strip().endswith(line), result.stderr


def test_finnish_purge_line(env: dict[str, str]) -> None:
    prepare(env)
    assert record(env, visits()).exit_code == 0
    done = invoke(env, "--lang", "fi", "purge", "--round", "2017-baseline", "--yes")
    assert done.stdout.startswith("poistettu kierroksen 2017-baseline käynneiltä: "
                                  "muistiinpanoja 3, kommentteja 3")


def test_a_purge_before_the_retention_day_says_so(env: dict[str, str]) -> None:
    assert invoke(env, "libraries", "add", "FI-Lohja", "Lohja").exit_code == 0
    assert invoke(env, "rounds", "add", "2017-baseline", "--retain-until", "2999-12-31"
                  ).exit_code == 0
    assert record(env, visits()).exit_code == 0
    done = invoke(env, "purge", "--round", "2017-baseline", "--yes")
    assert done.exit_code == 0
    assert done.stderr.strip() == "note: round 2017-baseline is to be kept until 2999-12-31"


def test_before_a_day_means_the_day_the_visit_was_made_there(env: dict[str, str],
                                                            tmp_path: Path) -> None:
    prepare(env)
    early = visits()[0]
    early["visited_at"] = "2017-05-02T00:30:00"      # Finnish time: 1 May 21.30 in UTC
    assert record(env, [early]).exit_code == 0
    done = invoke(env, "purge", "--before", "2017-05-02", "--yes")
    assert done.exit_code == 0 and "0 notes, 0 comments" in done.stdout
    assert NOTE in exports(env, tmp_path)
