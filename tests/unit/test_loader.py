"""Scenario files: every kind of broken file is reported at its line, never as a traceback."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

from pilotkit.core.framework import Framework
from pilotkit.core.loader import check_paths, load_catalog, load_scenario_file, parse_scenario
from pilotkit.core.problems import ProblemsError
from tests.fixtures import VALID

Write = Callable[[str, str | bytes], Path]



def problems_of(path: Path, framework: Framework) -> list[tuple[int, str]]:
    with pytest.raises(ProblemsError) as info:
        load_scenario_file(path, framework)
    for p in info.value.problems:
        assert p.path == str(path)
        assert "\n" not in p.message
    return [(p.line, p.message) for p in info.value.problems]


def test_valid_file_loads(write: Write, framework: Framework) -> None:
    loaded = load_scenario_file(write("ok.yaml", VALID), framework)
    s = loaded.scenario
    assert (s.id, s.version, s.channel) == ("desk-question", 2, "phone")
    assert [i.id for i in s.items()] == ["greeted", "how_well", "note"]
    how_well = s.item("how_well")
    assert how_well is not None
    assert how_well.principles == {"professionalism": 2.0, "reliability": 1.0}
    # a plain string is the same text in every language
    assert s.sections[0].title.get("sv") == "Start"
    assert s.title.get("sv") == "Informationstjänst"
    assert len(loaded.sha256) == 64


@pytest.mark.parametrize(
    ("old", "new", "line", "fragment"),
    [
        ("type: yesno", "type: yesnoo", 12, "unknown item type 'yesnoo'"),
        ("type: text", "type: text\n        requird: true", 23,
         "requird: unknown key (did you mean 'required'?)"),
        ("channel: phone", "channel: fax", 4, "channel:"),
        ("id: desk-question", "id: Desk Question", 1, "id:"),
        ("version: 2", "version: zero", 2, "version:"),
        ("min: 0, max: 10", "min: 10, max: 0", 17, "min (10) must be less than max (0)"),
        ("[customer_orientation]", "[customer_orientaton]", 13,
         "unknown principle 'customer_orientaton' (did you mean 'customer_orientation'?)"),
        ("professionalism: 2", "professionalism: 0", 18,
         "principles.professionalism: must be more than 0, got 0"),
        ('in: ["yes", "na"]', 'in: ["ja"]', 19, "'ja' is not an answer of 'greeted'"),
        ("item: greeted", "item: note", 19, "does not come earlier"),
        ("item: greeted", "item: nothing", 19, "no item 'nothing'"),
        ("      - id: note", "      - id: greeted", 20, "id repeated (first at line 10)"),
        ("type: text", "type: text\n        principles: [openness]", 23, "a text item is never scored"),
        ("title: Start", "title: {de: Start}", 8, "title.de: unknown key"),
        ("        text: Were you greeted?\n", "", 10, "text: required key missing"),
    ],
)
def test_each_problem_at_its_line(write: Write, framework: Framework, old: str, new: str,
                                  line: int, fragment: str) -> None:
    assert old in VALID
    found = problems_of(write("s.yaml", VALID.replace(old, new, 1)), framework)
    assert any(n == line and fragment in m for n, m in found), found


def test_every_problem_is_reported_at_once(write: Write, framework: Framework) -> None:
    text = (VALID.replace("channel: phone", "channel: fax")
            .replace("type: yesno", "type: yesnoo")
            .replace("min: 0, max: 10", "min: 10, max: 0")
            .replace("type: text", "type: text\n        requird: true"))
    lines = [line for line, _ in problems_of(write("s.yaml", text), framework)]
    assert lines == [4, 12, 17, 23]


def test_band_rules(write: Write, framework: Framework) -> None:
    number = """\
      - id: wait
        text: Minutes waited
        type: number
        bands: [{max: 5, score: 1}, {max: 2, score: 0.5}, {score: 0}]
        principles: [responsiveness]
"""
    found = problems_of(write("s.yaml", VALID + number), framework)
    assert found == [(26, "item wait: bands: band maxima must increase")]
    no_bands = number.replace("        bands: [{max: 5, score: 1}, {max: 2, score: 0.5}, {score: 0}]\n", "")
    found = problems_of(write("t.yaml", VALID + no_bands), framework)
    assert found == [(26, "item wait: bands: a scored number item needs bands")]


@pytest.mark.parametrize(
    ("content", "line", "fragment"),
    [
        ("", 1, "the file is empty"),
        ("# only a comment\n", 1, "the file is empty"),
        ("- id: a\n- id: b\n", 1, "must be a mapping of keys; this is a list"),
        ("just words\n", 1, "must be a mapping of keys; this is a single value"),
        ("id: a\ntitle: [unclosed\nversion: 1\n", 3, "not valid YAML"),
        ("id: a\x1f\n", 1, "character 0x1f is not allowed"),
        ("id: a\n  bad indent: 1\n", 2, "not valid YAML"),
        ("id: a\nversion: 1\nid: b\n", 3, "id: key repeated"),
        ("id: !!python/object/apply:os.system [echo hi]\n", 1, "unsupported YAML tag"),
        ("id: a\n---\nid: b\n", 2, "not valid YAML"),
    ],
)
def test_unusable_files_are_one_line(write: Write, framework: Framework, content: str,
                                     line: int, fragment: str) -> None:
    found = problems_of(write("s.yaml", content), framework)
    assert any(n == line and fragment in m for n, m in found), found


def test_not_utf8_at_the_line_of_the_first_bad_byte(write: Write, framework: Framework) -> None:
    raw = VALID.encode("utf-8").replace(b"Were you greeted?", b"Tervehdittiink\xf6 sinua?")
    assert problems_of(write("s.yaml", raw), framework) == [
        (11, "not UTF-8 text (bad byte 0xf6); save it as UTF-8")
    ]


def test_alias_bomb_is_refused(write: Write, framework: Framework) -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for n in range(1, 10):
        refs = ", ".join([f"*a{n - 1}"] * 9)
        lines.append(f"a{n}: &a{n} [{refs}]")
    found = problems_of(write("bomb.yaml", "\n".join(lines) + "\n"), framework)
    assert len(found) == 1
    assert "too many values" in found[0][1]


def test_deep_nesting_is_refused(write: Write, framework: Framework) -> None:
    found = problems_of(write("deep.yaml", "id: " + "[" * 5000 + "]" * 5000 + "\n"), framework)
    assert len(found) == 1
    assert "nested" in found[0][1]


def test_huge_file_is_refused_without_reading(write: Write, framework: Framework) -> None:
    path = write("huge.yaml", "")
    with path.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    found = problems_of(path, framework)
    assert len(found) == 1
    assert "too large" in found[0][1]


def test_later_source_replaces_earlier(tmp_path: Path) -> None:
    first, second = tmp_path / "a", tmp_path / "b"
    first.mkdir()
    second.mkdir()
    (first / "s.yaml").write_text(VALID, encoding="utf-8")
    (second / "mine.yaml").write_text(VALID.replace("version: 2", "version: 3"), encoding="utf-8")
    catalog = load_catalog([first, second])
    assert catalog.problems == []
    loaded = catalog.get("desk-question")
    assert loaded is not None
    assert loaded.scenario.version == 3


def test_repeated_id_within_one_source(tmp_path: Path, framework: Framework) -> None:
    (tmp_path / "a.yaml").write_text(VALID, encoding="utf-8")
    (tmp_path / "b.yaml").write_text(VALID, encoding="utf-8")
    found = check_paths([tmp_path], framework)
    assert [(p.path, p.line) for p in found] == [(str(tmp_path / "b.yaml"), 1)]
    assert "already defined" in found[0].message


def test_framework_file_replaces_the_principles(tmp_path: Path) -> None:
    (tmp_path / "framework.yaml").write_text(
        "principles:\n  - id: speed\n    name: {fi: Nopeus, en: Speed}\n", encoding="utf-8"
    )
    (tmp_path / "s.yaml").write_text(VALID, encoding="utf-8")
    catalog = load_catalog([tmp_path])
    assert catalog.framework.ids == ("speed",)
    # the scenario names principles the replacement framework lacks
    assert {p.line for p in catalog.problems if p.path.endswith("s.yaml")} == {13, 18}
    fine = VALID.replace("[customer_orientation]", "[speed]").replace(
        "{professionalism: 2, reliability: 1}", "{speed: 1}")
    assert parse_scenario(fine, "x", catalog.framework).scenario.principle_ids() == {"speed"}
