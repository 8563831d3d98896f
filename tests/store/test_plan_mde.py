"""Issue 20: `pilotkit plan mde` — contract §8's JSON, the spread a round shows, and its errors."""

from __future__ import annotations

import json
import math
from pathlib import Path

import pytest

from pilotkit.core.framework_file import default_framework
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.visit_service import VisitService
from tests.store.helpers import invoke


def plan(env: dict[str, str], *args: str) -> tuple[int, str, str]:
    result = invoke(env, "plan", "mde", *args)
    return result.exit_code, result.stdout, result.stderr


def test_json_has_the_contracts_shape_and_cohens_numbers(env: dict[str, str]) -> None:
    code, out, _ = plan(env, "--sd", "20", "--visits", "63,64", "--format", "json")
    data = json.loads(out)
    assert code == 0 and (data["alpha"], data["power"]) == (0.05, 0.8)
    assert [(r["principle"], r["sd"], r["visits"]) for r in data["rows"]] == [
        (None, 20.0, 63), (None, 20.0, 64)]
    # Cohen: 64 a group detect half a standard deviation (10 points here), 63 do not
    assert data["rows"][0]["mde"] > 10.0 >= data["rows"][1]["mde"]
    code, out, _ = plan(env, "--sd", "20", "--detect", "10", "--format", "json")
    assert code == 0 and json.loads(out)["rows"][0]["visits"] == 64


def test_power_and_alpha_change_what_is_asked(env: dict[str, str]) -> None:
    def one(*args: str) -> float:
        out = plan(env, "--sd", "20", "--visits", "10", "--format", "json", *args)[1]
        return float(json.loads(out)["rows"][0]["mde"])

    assert one("--power", "0.9") > one() > one("--alpha", "0.1")


def test_the_spread_of_a_round_is_pooled_within_libraries(
        env: dict[str, str], scenario_file: ScenarioFile) -> None:
    db = Path(env["PILOTKIT_DB"])
    scores = {"FI-Lohja": [50.0, 70.0], "FI-Vihti": [40.0, 60.0, 80.0], "FI-Inkoo": [90.0]}
    with VisitService.open(db, default_framework().ids) as store:
        store.add_round("r1")
        with store.writing() as conn:
            store.ensure_scenario_text(conn, scenario_file)
            store.ensure_evaluator(conn, "E07")
        k = 0
        for library, values in scores.items():
            store.add_library(library, library)
            with store.writing() as conn:
                for value in values:
                    k += 1
                    store.insert_visits(conn, [{
                        "id": f"v{k}", "library_id": library, "round_id": "r1",
                        "scenario_id": scenario_file.scenario.id, "scenario_version": 1,
                        "scenario_sha256": scenario_file.sha256, "evaluator": "E07",
                        "channel": "phone", "visited_at": "2017-05-02T14:30:00",
                        "status": "submitted", "created": "x", "modified": "x"}])
                    store.insert_scores(conn, [(f"v{k}", "overall", value, library, "r1",
                                                scenario_file.scenario.id, "phone",
                                                "submitted")])
    # Lohja: variance 200 on 1 df; Vihti: 400 on 2 df; Inkoo (one visit) adds nothing
    pooled = math.sqrt((1 * 200 + 2 * 400) / 3)
    code, out, _ = plan(env, "--from-round", "r1", "--visits", "5", "--format", "json")
    (row,) = json.loads(out)["rows"]
    assert code == 0 and row["principle"] == "overall"
    assert row["sd"] == pytest.approx(pooled, rel=1e-12)


@pytest.mark.parametrize(("args", "en", "fi"), [
    ((), "give exactly one of --sd and --from-round", "anna täsmälleen yksi: --sd tai"),
    (("--sd", "20"), "give exactly one of --visits and --detect",
     "anna täsmälleen yksi: --visits tai --detect"),
    (("--sd", "20", "--visits", "5,1"), "--visits: 1 will not do", "--visits: 1 ei kelpaa"),
    (("--sd", "-3", "--visits", "5"), "--sd: -3.0 will not do", "--sd: -3.0 ei kelpaa"),
    (("--sd", "20", "--detect", "0"), "--detect: 0.0 will not do", "--detect: 0.0 ei kelpaa"),
    (("--from-round", "nope", "--visits", "5"), "nope", "nope"),
])
def test_bad_input_is_one_line_in_the_users_language(
        env: dict[str, str], args: tuple[str, ...], en: str, fi: str) -> None:
    for lang, words in (("en", en), ("fi", fi)):
        result = invoke(env, "--lang", lang, "plan", "mde", *args)
        assert result.exit_code == 1 and result.stdout == ""
        (line,) = result.stderr.splitlines()
        assert words in line


def test_a_round_without_two_visits_anywhere_says_so(env: dict[str, str]) -> None:
    assert invoke(env, "rounds", "add", "r0").exit_code == 0
    result = invoke(env, "--lang", "fi", "plan", "mde", "--from-round", "r0", "--visits", "5")
    assert result.exit_code == 1 and "hajontaa ei voi mitata" in result.stderr


def test_the_table_names_principles_in_words(env: dict[str, str]) -> None:
    out = invoke(env, "--lang", "fi", "plan", "mde", "--sd", "20", "--visits", "3,5").stdout
    assert "annettu hajonta" in out and "61,4" in out and "Welchin testi" in out
