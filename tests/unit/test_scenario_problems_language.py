"""A scenario author reads every problem of a file in their own language.

Found in a sweep: `scenarios check --lang fi` (and the app's list of unusable
scenario files) printed every problem in English, some in pydantic's words
("Input should be a valid integer"). The expected Finnish lines are written
out by hand; the sweep over every kind of mistake checks that no English is
left in a Finnish line.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from pilotkit.core.framework import Framework
from pilotkit.core.loader import load_scenario_file
from pilotkit.core.problems import Problem, ProblemsError
from tests.cli_helpers import run
from tests.fixtures import VALID

Write = Callable[[str, str | bytes], Path]

MISTAKES = [
    # (what the author changed, into what, the line, the Finnish problem after "PATH:LINE: ")
    ("type: yesno", "type: yesnoo", 12, "kohta greeted: type: tuntematon kohdan tyyppi "
     "'yesnoo'; käytä jotakin näistä: yesno, scale, choice, number, text"),
    ("type: text", "type: text\n        requird: true", 23,
     "kohta note: requird: tuntematon avain (tarkoititko 'required'?)"),
    ("channel: phone", "channel: fax", 4, "channel: odotettiin yhtä näistä: in_person, phone, "
     "email, chat, video, web; saatiin 'fax'"),
    ("id: desk-question", "id: Desk Question", 1, "id: tunnuksessa saa olla vain pieniä "
     "kirjaimia a–z, numeroita ja '-'; nyt 'Desk Question'"),
    ("version: 2", "version: zero", 2, "version: odotettiin kokonaislukua, saatiin 'zero'"),
    ("version: 2", "version: 0", 2, "version: pitää olla vähintään 1, nyt 0"),
    ("min: 0, max: 10", "min: 10, max: 0", 17,
     "kohta how_well: scale: min (10) pitää olla pienempi kuin max (0)"),
    ("[customer_orientation]", "[customer_orientaton]", 13, "kohta greeted: principles: "
     "tuntematon periaate 'customer_orientaton' (tarkoititko 'customer_orientation'?)"),
    ("professionalism: 2", "professionalism: 0", 18,
     "kohta how_well: principles.professionalism: pitää olla suurempi kuin 0, nyt 0"),
    ('in: ["yes", "na"]', 'in: ["ja"]', 19,
     "kohta how_well: show_if: 'ja' ei ole kohdan 'greeted' vastaus ('na', 'no', 'yes')"),
    ("item: greeted", "item: note", 19, "kohta how_well: show_if: 'note' ei ole ennen tätä "
     "kohtaa; ehto voi katsoa vain taaksepäin"),
    ("item: greeted", "item: nothing", 19,
     "kohta how_well: show_if: skenaariossa ei ole kohtaa 'nothing'"),
    ("      - id: note", "      - id: greeted", 20,
     "kohta greeted: tunnus toistuu (ensimmäisen kerran rivillä 10)"),
    ("type: text", "type: text\n        principles: [openness]", 23,
     "kohta note: principles: tekstikohtaa ei koskaan pisteytetä; poista periaatteet"),
    ("title: Start", "title: {de: Start}", 8, "osio start: title.de: tuntematon avain"),
    ("        text: Were you greeted?\n", "", 10,
     "kohta greeted: text: pakollinen avain puuttuu"),
    ("channel: phone", "channel: phone\nchannel: chat", 5, "channel: avain toistuu"),
    ("persona: A student", "persona: Opiskelija: kysyy", 5,
     "ei ole kelvollista YAMLia: ': ' (kaksoispiste ja välilyönti) ei voi olla tässä kohdassa "
     "(teksti, jossa on ': ', tarvitsee lainausmerkit: title: \"Kysymys: mitä nyt?\")"),
    ("persona: A student", "persona: [a student]", 5, "persona: odotettiin tekstiä tai "
     "tekstejä kielittäin ({fi: …, sv: …, en: …}), saatiin […]"),
    ("scale: {min: 0, max: 10}", "scale: 7", 17,
     "kohta how_well: scale: odotettiin avaimia ja arvoja (avain: arvo), saatiin 7"),
    ("scale: {min: 0, max: 10}", "scale: {min: 0, max: 10", 18,
     "ei ole kelvollista YAMLia: {…}- tai […]-rakenteesta puuttuu pilkku tai loppusulje"),
]


def _problems(write: Write, framework: Framework, text: str) -> list[Problem]:
    with pytest.raises(ProblemsError) as refused:
        load_scenario_file(write("s.yaml", text), framework)
    return refused.value.problems


@pytest.mark.parametrize(("old", "new", "line", "finnish"), MISTAKES)
def test_each_mistake_is_said_in_finnish(write: Write, framework: Framework, old: str,
                                         new: str, line: int, finnish: str) -> None:
    assert old in VALID
    lines = [p.in_lang("fi") for p in _problems(write, framework, VALID.replace(old, new, 1))]
    assert any(shown.endswith(f"s.yaml:{line}: {finnish}") for shown in lines), lines


# words of the English problems that no Finnish line may hold (file keys and ids aside)
ENGLISH = re.compile(r"\b(expected|unknown|missing|must|repeated|valid|should|input|item|"
                     r"section|needs|never|only|refused|file|got|use one of|did you mean)\b")
KEYS = re.compile(r"^[^:]*:\d+: (?:(?:kohta|osio) [a-z0-9_-]+: )?(?:[a-z_.\[\]0-9]+: )?")


@pytest.mark.parametrize(("old", "new"), [(old, new) for old, new, _, _ in MISTAKES] + [
    ("min: 0, max: 10", "min: 0, max: 500"),
    ("max: 10}", "max: 10, labels: {11: Over}}"),
    ("[customer_orientation]", "[customer_orientation, customer_orientation]"),
    ("[customer_orientation]", "7"),
    ("[customer_orientation]", "[no_such_principle_at_all]"),
    ("type: text", "type: number\n        principles: [openness]"),
    ("type: text", "type: choice\n        principles: [openness]\n        options:\n"
     "          - {id: a, label: A}\n          - {id: a, label: B, score: 1}"),
    ("type: text", "type: choice\n        options: [{id: a, label: A}]"),
    ("type: text", "type: number\n        principles: [openness]\n        bands: "
     "[{max: 5, score: 1}, {max: 3, score: 0.5}, {score: 0}]"),
    ("type: text", "type: number\n        principles: [openness]\n        bands: "
     "[{max: 5, score: 1}, {max: 9, score: 0.5}]"),
    ("title: Start", "title: {}"),
    ("type: text", "text2: x"),
    ("sections:", "sections: 5\nold:"),
    ("phone", "phone\n\tx: 1"),
    ("persona: A student", 'persona: "A student'),
    ("persona: A student", "persona: *student"),
])
def test_no_finnish_problem_line_holds_english(write: Write, framework: Framework, old: str,
                                               new: str) -> None:
    assert old in VALID
    for problem in _problems(write, framework, VALID.replace(old, new, 1)):
        finnish, english = problem.in_lang("fi"), problem.in_lang("en")
        assert finnish != english
        words = KEYS.sub("", finnish)
        assert not ENGLISH.search(words), (finnish, english)


def test_scenarios_check_prints_finnish_lines(write: Write) -> None:
    path = write("s.yaml", VALID.replace("version: 2", "version: zero"))
    result = run("--lang", "fi", "scenarios", "check", path)
    assert result.returncode == 1
    assert result.stderr == f"{path}:2: version: odotettiin kokonaislukua, saatiin 'zero'\n"


@pytest.mark.parametrize(("text", "finnish"), [
    ("", "tiedosto on tyhjä"),
    ("- id: a\n", "skenaariotiedoston pitää koostua avaimista ja arvoista; tämä on luettelo"),
    ("sanoja\n", "skenaariotiedoston pitää koostua avaimista ja arvoista; tämä on "
     "yksittäinen arvo"),
    ("id: !!python/object x\n", "YAML-merkintää !!python/object ei tueta"),
    (b"id: \xf6\n", "ei ole UTF-8-tekstiä (virheellinen tavu 0xf6); tallenna se UTF-8:na"),
])
def test_a_file_that_is_no_scenario_at_all_is_said_in_finnish(
        write: Write, framework: Framework, text: str | bytes, finnish: str) -> None:
    with pytest.raises(ProblemsError) as refused:
        load_scenario_file(write("s.yaml", text), framework)
    assert [p.in_lang("fi") for p in refused.value.problems] == [
        f"{refused.value.problems[0].path}:1: {finnish}"]
