"""`record` says what is wrong with a file in the user's language, every line of it.

Found in a sweep: Finnish refusals were half English ("channel: expected one
of …", "unknown key", Python's own JSON messages). The expected lines are
written out by hand.
"""

from __future__ import annotations

import json
from typing import Any

import pytest

from pilotkit.core.interchange import InterchangeError, parse_json
from tests.cli_helpers import run
from tests.fixtures import VISIT, setup_db

ID = VISIT["id"]


def _record_fi(env: dict[str, str], data: object) -> list[str]:
    result = run("--lang", "fi", "record", "-", stdin=json.dumps(data), env=env)
    assert result.returncode == 1
    return result.stderr.splitlines()


@pytest.mark.parametrize(("change", "expected"), [
    ({"channel": "pigeon"},
     f"visits[0] ({ID}): channel: odotettiin yhtä näistä: in_person, phone, email, chat, "
     "video, web; saatiin 'pigeon'"),
    ({"status": "done"},
     f"visits[0] ({ID}): status: odotettiin yhtä näistä: draft, submitted, approved, rejected, "
     "returned; saatiin 'done'"),
    ({"language": "de"},
     f"visits[0] ({ID}): language: odotettiin yhtä näistä: fi, sv, en; saatiin 'de'"),
    ({"staff_name": "Liisa"}, f"visits[0] ({ID}): staff_name: tuntematon avain"),
    ({"scenario": "nope"}, f"visits[0] ({ID}): scenario: tuntematon skenaario 'nope'"),
    ({"scenario_version": 7},
     f"visits[0] ({ID}): scenario_version: skenaariolla proxy-borrowing ei ole versiota 7 "
     "(tunnetut: 1)"),
    ({"id": "abc"}, "visits[0] (abc): id: ei ole UUID-tunniste: 'abc'"),
    ({"library": "FI-Espoo"},
     f"visits[0] ({ID}): library: tuntematon kirjasto FI-Espoo (lisää se tai käytä "
     "valitsinta --create-missing)"),
    ({"round": "r9"},
     f"visits[0] ({ID}): round: tuntematon kierros r9 (lisää se tai käytä valitsinta "
     "--create-missing)"),
    ({"answers": [1]},
     f"visits[0] ({ID}): answers: odotettiin oliota (kohdan tunniste → vastaus), saatiin [1]"),
    ({"notes": "x"},
     f"visits[0] ({ID}): notes: odotettiin oliota (kohdan tunniste → muistiinpano), "
     "saatiin 'x'"),
])
def test_a_visits_problem_is_said_in_finnish(env: dict[str, str], change: dict[str, Any],
                                             expected: str) -> None:
    setup_db(env)
    assert _record_fi(env, {"format": "pilotkit-visits/1",
                            "visits": [{**VISIT, **change}]}) == [expected]


@pytest.mark.parametrize(("data", "expected"), [
    ([1], "tiedoston pitää olla JSON-olio, jossa on \"format\" ja \"visits\""),
    ({"format": "x", "visits": []}, "format: odotettiin 'pilotkit-visits/1', saatiin 'x'"),
    ({"format": "pilotkit-visits/1", "visits": 3}, "visits: odotettiin luetteloa käynneistä"),
    ({"format": "pilotkit-visits/1", "visits": [5]}, "visits[0]: odotettiin oliota, saatiin 5"),
    ({"format": "pilotkit-visits/1", "visits": [], "more": 1}, "more: tuntematon avain"),
    ({"format": "pilotkit-visits/1", "visits": [VISIT, VISIT]},
     f"visits[1] ({ID}): id: sama kuin visits[0]"),
])
def test_a_files_problem_is_said_in_finnish(env: dict[str, str], data: object,
                                            expected: str) -> None:
    setup_db(env)
    assert _record_fi(env, data) == [expected]


def test_a_visit_already_recorded_is_refused_in_finnish(env: dict[str, str]) -> None:
    data = {"format": "pilotkit-visits/1", "visits": [VISIT]}
    setup_db(env)
    assert run("record", "-", stdin=json.dumps(data), env=env).returncode == 0
    assert _record_fi(env, data) == [
        f"visits[0] ({ID}): id: on jo tietokannassa (muutokset tuodaan komennolla merge)"]


# Each of CPython's JSON reasons, by an input that gives it: a reason left in English would
# show Python's own words (a later Python that words one differently still gets the frame).
BROKEN_JSON = [
    ('{"a": }', "1:7", "tästä puuttuu arvo"),
    ('{"a": 1 "b": 2}', "1:9", "tästä puuttuu pilkku"),
    ('{"a" 1}', "1:6", "tästä puuttuu kaksoispiste"),
    ("{a: 1}", "1:2", "tässä pitäisi olla lainausmerkeissä oleva avain"),
    ('"abc', "1:1", "merkkijonon lainausmerkit jäävät auki"),
    ('"a\nb"', "1:3", "merkkijonossa on ohjausmerkki (esim. rivinvaihto)"),
    ('"\\q"', "1:2", "virheellinen \\-merkintä"),
    ('"\\u12"', "1:3", "virheellinen \\-merkintä"),
    ("{}\n{}", "2:1", "JSON-arvon jälkeen on vielä tekstiä"),
]


@pytest.mark.parametrize(("text", "where", "reason"), BROKEN_JSON)
def test_broken_json_is_explained_in_finnish(text: str, where: str, reason: str) -> None:
    with pytest.raises(InterchangeError) as refused:
        parse_json(text.encode(), "visits.json")
    (problem,) = refused.value.problems
    assert problem.text("fi") == (  # type: ignore[attr-defined]
        f"visits.json:{where}: ei ole kelvollista JSONia: {reason}")


@pytest.mark.parametrize(("text", "expected"), [
    ('{"a": 1, "a": 2}', "visits.json: hylätty: avain 'a' toistuu samassa oliossa"),
    ('{"a": NaN}', "visits.json: hylätty: NaN ei ole JSONin sallima luku"),
    ("[" * 100_000 + "]" * 100_000, "visits.json: hylätty: sisäkkäisiä tasoja on liikaa"),
    ('{"a": "\udcff"}', "visits.json:1: teksti ei ole kelvollista UTF-8:aa"),
])
def test_refused_json_is_explained_in_finnish(text: str, expected: str) -> None:
    raw = text.encode("utf-8", "surrogateescape")
    with pytest.raises(InterchangeError) as refused:
        parse_json(raw, "visits.json")
    (problem,) = refused.value.problems
    assert problem.text("fi") == expected  # type: ignore[attr-defined]
