"""The item facts kept beside each stored scenario text (schema step 14): what the exports read
instead of building the scenario models, and always the model's own words."""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path

import pytest

from pilotkit.core.export import Dialect, ExportFilters, write_answers_csv
from pilotkit.core.framework_file import default_framework
from pilotkit.core.item_facts import FACTS_VERSION, ItemFacts, facts_of, from_json, to_json
from pilotkit.core.loader import load_catalog
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.visit_service import VisitService
from pilotkit.paths import bundled_scenarios_dir
from tests.store.helpers import invoke, prepare, record, sample_visits
from tests.store.test_score_sums import SCHEMA_13


def test_the_facts_are_the_scenarios_words_in_every_language(scenario_file: ScenarioFile) -> None:
    """Worked out by hand from the contract's example: a text given in English only, or as a
    plain string, reads the same in every language (`LocalText`'s fallback: en, fi, sv)."""
    facts = {f.id: f for f in facts_of(scenario_file.scenario)}
    assert list(facts) == ["greeted", "wait_minutes", "needs_clarified", "followed_up",
                           "outcome", "signs_clear", "remarks"]
    reception = {"fi": "Vastaanotto", "sv": "Reception", "en": "Reception"}
    assert facts["greeted"] == ItemFacts(
        "greeted", "yesno", reception,
        {"fi": "Tervehdittiinkö sinua?", "sv": "Were you greeted?", "en": "Were you greeted?"},
        (("customer_orientation", 1.0),), {}, None)
    wait = facts["wait_minutes"]
    assert wait.unit == {"fi": "min", "sv": "min", "en": "min"}
    assert wait.weights() == "responsiveness×2"
    assert facts["needs_clarified"].weights() == "professionalism customer_orientation"
    assert facts["outcome"].options == {
        "answered": dict.fromkeys(("fi", "sv", "en"), "Got the answer"),
        "referred": dict.fromkeys(("fi", "sv", "en"), "Was referred onwards"),
        "none": dict.fromkeys(("fi", "sv", "en"), "Nothing")}
    assert facts["remarks"].type == "text" and facts["remarks"].principles == ()


def test_every_bundled_scenarios_facts_come_back_from_json_unchanged() -> None:
    catalog = load_catalog([bundled_scenarios_dir()])
    assert len(catalog.scenarios) >= 10
    for scenario_file in catalog.scenarios.values():
        facts = facts_of(scenario_file.scenario)
        assert from_json(scenario_file.item_facts) == facts, scenario_file.scenario.id


def written(**changed: object) -> str:
    """Facts as `to_json` writes them for one yes/no item, with `changed` fields instead."""
    words = dict.fromkeys(("fi", "sv", "en"), "x")
    item = {"id": "greeted", "type": "yesno", "section": words, "text": words,
            "principles": [["openness", 1.0]], "options": {}, "unit": None, **changed}
    return json.dumps({"version": FACTS_VERSION, "items": [item]})


@pytest.mark.parametrize("stored", [
    None, "", "not json", "[]", '{"version": 1}', json.dumps({"version": FACTS_VERSION + 1,
                                                                "items": []}),
    json.dumps({"version": FACTS_VERSION, "items": [{"id": "x"}]}),
    written(section="S"), written(options=None), written(text={"fi": "x", "sv": "x"}),
    written(unit={"fi": 1, "sv": "x", "en": "x"}), written(principles=[["openness", "2"]]),
    written(options={"a": "label"})])
def test_facts_missing_stale_or_not_as_written_are_not_read(stored: str | None) -> None:
    assert from_json(written()) is not None  # the shape the cases break
    assert from_json(stored) is None


def answers_csv(db: Path) -> str:
    with VisitService.open(db, default_framework().ids, readonly=True) as store:
        out = io.StringIO(newline="")
        write_answers_csv(out, store, ExportFilters(), "fi", Dialect())
        return out.getvalue()


def item_texts(text: str) -> dict[str, str]:
    return {row["item_id"]: row["item_text"] for row in csv.DictReader(io.StringIO(text))}


def set_facts(db: Path, facts: str | None) -> None:
    with sqlite3.connect(db) as conn:
        assert conn.execute("UPDATE scenario_texts SET item_facts = ?", [facts]).rowcount == 1


def test_the_export_reads_the_stored_facts_and_falls_back_to_the_model(
        store: VisitService, scenario_file: ScenarioFile, db_path: Path) -> None:
    store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", "E07", "2017-05-02T14:30:00")
    store.close()
    as_stored = answers_csv(db_path)
    assert item_texts(as_stored)["greeted"] == "Tervehdittiinkö sinua?"
    facts = facts_of(scenario_file.scenario)
    renamed = [ItemFacts(f.id, f.type, f.section, {**f.text, "fi": "STORED"}, f.principles,
                         f.options, f.unit) for f in facts]
    set_facts(db_path, to_json(renamed))
    assert set(item_texts(answers_csv(db_path)).values()) == {"STORED"}  # read, not remade
    stale = json.loads(to_json(renamed))
    stale["version"] = FACTS_VERSION - 1
    for unusable in (None, json.dumps(stale), "{", written(section="S")):
        set_facts(db_path, unusable)
        assert answers_csv(db_path) == as_stored  # through the model, the same bytes


def test_an_older_database_gets_its_facts_from_the_first_command_that_writes(
        env: dict[str, str]) -> None:
    prepare(env)
    assert record(env, sample_visits(3)).exit_code == 0
    db = Path(env["PILOTKIT_DB"])
    now = answers_csv(db)
    with sqlite3.connect(db) as conn:
        conn.executescript(SCHEMA_13)
    assert answers_csv(db) == now  # read as it lies, through the model
    assert invoke(env, "rounds", "add", "2018-pilot").exit_code == 0  # migrates
    with sqlite3.connect(db) as conn:
        rows = conn.execute("SELECT content, item_facts FROM scenario_texts").fetchall()
    assert len(rows) == 1
    from pilotkit.core.loader import scenario_from_text

    assert from_json(rows[0][1]) == facts_of(scenario_from_text(rows[0][0], accepted=True))
    assert answers_csv(db) == now


def test_texts_the_migration_cannot_read_keep_no_facts_and_the_database_opens(
        env: dict[str, str]) -> None:
    prepare(env)
    assert record(env, sample_visits(2)).exit_code == 0
    db = Path(env["PILOTKIT_DB"])
    with sqlite3.connect(db) as conn:
        conn.executescript(SCHEMA_13)
        # as a far older version, or another program, might have left them
        conn.execute("INSERT INTO scenario_texts VALUES ('bad', 'x', 1, 'items: [unclosed')")
        conn.execute("INSERT INTO scenario_texts VALUES ('blob', 'x', 1, x'00ff')")
    assert invoke(env, "rounds", "add", "2018-pilot").exit_code == 0  # migrates
    with sqlite3.connect(db) as conn:
        facts = dict(conn.execute("SELECT sha256, item_facts FROM scenario_texts"))
    assert facts.pop("bad") is None and facts.pop("blob") is None
    assert [from_json(f) is not None for f in facts.values()] == [True]


def test_a_merge_makes_its_own_facts_and_never_takes_the_sources(
        tmp_path: Path, env: dict[str, str]) -> None:
    prepare(env)
    assert record(env, sample_visits(2)).exit_code == 0
    source = Path(env["PILOTKIT_DB"])
    set_facts(source, to_json([]))  # a source whose facts say the scenario has no items
    lead = {**env, "PILOTKIT_DB": str(tmp_path / "lead.db")}
    assert invoke(lead, "merge", source).exit_code == 0
    with sqlite3.connect(lead["PILOTKIT_DB"]) as conn:
        (content, stored), = conn.execute("SELECT content, item_facts FROM scenario_texts")
    from pilotkit.core.loader import scenario_from_text

    assert from_json(stored) == facts_of(scenario_from_text(content, accepted=True))
    assert len(item_texts(answers_csv(Path(lead["PILOTKIT_DB"])))) == 7
