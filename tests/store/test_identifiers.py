"""Issue 13 (6): identifiers are exact.

An ISIL is case-insensitive (ISO 15511): `fi-lohja` beside `FI-Lohja` is the
same library, kept once in the case it was first given, wherever an ISIL
arrives (the command line, `record`, filters, `merge`), and the schema
enforces it. Whitespace and control characters in ids are refused.
"""

from __future__ import annotations

import copy
import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest

from pilotkit.core.compare import Filters, compare_cells
from pilotkit.core.database import SCHEMA_VERSION
from pilotkit.core.framework_file import default_framework
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.visit_service import VisitService
from tests.fixtures import VISIT
from tests.store.helpers import downgrade_to_schema_4, invoke, prepare, record, sample_visits

IDS = default_framework().ids


def rows(db: Path | str, sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(db)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def libraries(env: dict[str, str]) -> list[str]:
    result = invoke(env, "libraries", "list", "--format", "json")
    return [lib["id"] for lib in json.loads(result.stdout)]


def visit_libraries(env: dict[str, str], *args: str) -> list[str]:
    result = invoke(env, "visits", "list", "--format", "json", *args)
    assert result.exit_code == 0, result.stderr
    return [v["library"] for v in json.loads(result.stdout)]


# -- ISIL case ------------------------------------------------------------------------------------


def test_a_case_variant_is_the_same_library(env: dict[str, str]) -> None:
    prepare(env)
    result = invoke(env, "--lang", "en", "libraries", "add", "fi-lohja", "Toinen")
    assert result.exit_code == 1
    assert result.stderr == "library FI-Lohja already exists\n"
    assert libraries(env) == ["FI-Lohja"]


def test_the_schema_refuses_a_case_variant(env: dict[str, str]) -> None:
    prepare(env)
    with pytest.raises(sqlite3.IntegrityError, match="UNIQUE"):
        rows(env["PILOTKIT_DB"], "INSERT INTO libraries (id, name, created)"
                                 " VALUES ('FI-LOHJA', 'x', 'x')")


@pytest.mark.parametrize("create_missing", [False, True])
def test_record_maps_a_case_variant_to_the_stored_library(env: dict[str, str],
                                                          create_missing: bool) -> None:
    prepare(env)
    visits = sample_visits(2)
    visits[0]["library"] = "fi-lohja"
    visits[1]["library"] = "FI-LOHJA"
    result = record(env, visits, *(["--create-missing"] if create_missing else []))
    assert result.exit_code == 0, result.stderr
    assert libraries(env) == ["FI-Lohja"]
    assert visit_libraries(env) == ["FI-Lohja", "FI-Lohja"]
    assert rows(env["PILOTKIT_DB"], "SELECT DISTINCT library_id FROM visit_scores") == [
        ("FI-Lohja",)]


def test_variants_new_in_one_file_make_one_library_in_the_first_case(env: dict[str, str]) -> None:
    prepare(env, libraries=())
    visits = sample_visits(3)
    for visit, isil in zip(visits, ["FI-Uusi", "fi-uusi", "FI-UUSI"], strict=True):
        visit["library"] = isil
    result = record(env, visits, "--create-missing")
    assert result.exit_code == 0, result.stderr
    assert libraries(env) == ["FI-Uusi"]
    assert visit_libraries(env) == ["FI-Uusi"] * 3


def test_filters_take_an_isil_in_any_case(env: dict[str, str]) -> None:
    prepare(env, libraries=("FI-Lohja", "FI-Vihti"))
    visits = sample_visits(3)
    visits[2]["library"] = "FI-Vihti"
    assert record(env, visits).exit_code == 0
    assert visit_libraries(env, "--libraries", "fi-lohja") == ["FI-Lohja", "FI-Lohja"]
    exported = invoke(env, "export", "visits", "--out", "-", "--format", "json",
                      "--libraries", "FI-LOHJA,fi-vihti")
    assert exported.exit_code == 0, exported.stderr
    assert sorted(v["library"] for v in json.loads(exported.stdout)["visits"]) == [
        "FI-Lohja", "FI-Lohja", "FI-Vihti"]
    answers = invoke(env, "export", "answers", "--out", "-", "--libraries", "fi-VIHTI")
    lines = answers.stdout.splitlines()
    assert len(lines) > 1
    assert {line.split(",")[1] for line in lines[1:]} == {"FI-Vihti"}  # visit id, library, …
    with VisitService.open(Path(env["PILOTKIT_DB"]), IDS) as store:
        _, cells = compare_cells(store, "library", Filters(libraries=("fi-lohja",)))
        assert {c.group for c in cells} == {"FI-Lohja"}
        assert all(c.n == 2 for c in cells if c.principle == "overall")


def test_merge_brings_a_case_variant_into_the_same_library(env: dict[str, str], tmp_path: Path,
                                                           scenario_file: ScenarioFile) -> None:
    prepare(env)
    source = tmp_path / "laptop.db"
    with VisitService.open(source, IDS) as store:
        store.add_library("fi-lohja", "Lohja, as the laptop spelt it")
        store.add_round("2017-baseline")
        visit = store.start_visit(scenario_file, "fi-lohja", "2017-baseline", "E1",
                                  "2017-05-02T14:30:00")
        store.set_answer(visit, "greeted", "yes")
    first = invoke(env, "merge", source)
    assert first.exit_code == 0, first.stderr
    assert "1 added, 0 updated, 0 unchanged, 0 conflicts (0 new libraries" in first.stdout
    assert libraries(env) == ["FI-Lohja"]
    assert visit_libraries(env) == ["FI-Lohja"]
    again = invoke(env, "merge", source)
    assert "0 added, 0 updated, 1 unchanged, 0 conflicts" in again.stdout


def test_start_visit_uses_the_stored_case(store: VisitService, scenario_file: ScenarioFile) -> None:
    visit = store.start_visit(scenario_file, "fi-LOHJA", "2017-baseline", "E07",
                              "2017-05-02T14:30:00")
    assert store.visit_meta(visit).library == "FI-Lohja"
    assert store.library_id("FI-LOHJA") == "FI-Lohja"
    assert store.library_id("FI-Vihti") is None


def test_a_database_holding_case_variants_is_merged_into_one_library(
        env: dict[str, str]) -> None:
    """Made before the rule, variants are one library: the first added keeps its case and
    name, the others' visits move to it (the backup keeps the database as it was)."""
    prepare(env)
    assert record(env, sample_visits(4)).exit_code == 0
    db = Path(env["PILOTKIT_DB"])
    downgrade_to_schema_4(db)
    conn = sqlite3.connect(db)
    conn.execute("INSERT INTO libraries (id, name, municipality, created)"
                 " VALUES ('fi-lohja', 'Later variant', 'Lohja', '9999')")
    conn.execute("UPDATE visits SET library_id = 'fi-lohja'"
                 " WHERE id IN ('00000000-0000-4000-8000-000000000001',"
                 " '00000000-0000-4000-8000-000000000003')")
    conn.commit()
    conn.close()
    with VisitService.open(db, IDS) as store:
        assert store.migrated_from is not None
        assert [(lib.id, lib.name, lib.municipality) for lib in store.libraries()] == [
            ("FI-Lohja", "Library FI-Lohja", "Lohja")]
    assert rows(db, "SELECT DISTINCT library_id FROM visits") == [("FI-Lohja",)]
    assert rows(db, "SELECT DISTINCT library_id FROM visit_scores") == [("FI-Lohja",)]
    assert rows(db, "PRAGMA user_version") == [(SCHEMA_VERSION,)]
    assert rows(db, "PRAGMA foreign_key_check") == []


# -- whitespace and control characters ------------------------------------------------------------

BAD_SUFFIXES = [("trailing-newline", "{}\n"), ("leading-space", " {}"), ("tab", "{}\t"),
                ("inner-tab", "{}\tx"), ("nul", "{}\x00"), ("carriage-return", "{}\r")]


@pytest.mark.parametrize("form", [f for _, f in BAD_SUFFIXES], ids=[i for i, _ in BAD_SUFFIXES])
def test_an_isil_with_whitespace_or_control_characters_is_refused(env: dict[str, str],
                                                                  form: str) -> None:
    bad = form.format("FI-Uusi")
    result = invoke(env, "--lang", "en", "libraries", "add", bad, "Uusi")
    assert result.exit_code == 1
    assert result.stderr == f"{bad!r} is not an ISIL code (prefix, hyphen, up to 11 characters:" \
                            " FI-Lohja)\n"
    assert libraries(env) == []


@pytest.mark.parametrize("form", [f for _, f in BAD_SUFFIXES], ids=[i for i, _ in BAD_SUFFIXES])
def test_a_round_id_with_whitespace_or_control_characters_is_refused(env: dict[str, str],
                                                                     form: str) -> None:
    bad = form.format("2018-pilot")
    result = invoke(env, "--lang", "en", "rounds", "add", bad)
    assert result.exit_code == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith(f"{bad!r} is not a round id")
    assert invoke(env, "rounds", "list", "--format", "json").stdout.strip() == "[]"


@pytest.mark.parametrize("field", ["library", "round", "evaluator"])
@pytest.mark.parametrize("form", [f for _, f in BAD_SUFFIXES], ids=[i for i, _ in BAD_SUFFIXES])
def test_record_refuses_ids_with_whitespace_or_control_characters(env: dict[str, str],
                                                                  field: str, form: str) -> None:
    prepare(env)
    visit = copy.deepcopy(VISIT)
    visit[field] = form.format(visit[field])
    result = record(env, [visit], "--create-missing")
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert len(lines) == 1
    assert lines[0].startswith(f"visits[0] ({VISIT['id']}): {field}: {visit[field]!r} is not")
    assert rows(env["PILOTKIT_DB"], "SELECT count(*) FROM visits") == [(0,)]
    assert libraries(env) == ["FI-Lohja"]


@pytest.mark.parametrize("form", [f for _, f in BAD_SUFFIXES], ids=[i for i, _ in BAD_SUFFIXES])
def test_the_store_refuses_an_evaluator_code_with_whitespace(store: VisitService,
                                                             scenario_file: ScenarioFile,
                                                             form: str) -> None:
    from pilotkit.core.entities import InvalidValue

    with pytest.raises(InvalidValue, match="is not an evaluator code"):
        store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", form.format("E07"),
                          "2017-05-02T14:30:00")
    assert store.visit_count() == 0
