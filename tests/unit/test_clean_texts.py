"""Issue 18: a scenario text found clean is not checked again, and nothing else is trusted."""

from __future__ import annotations

from pathlib import Path

import pytest

from pilotkit.core.clean_texts import CleanTexts
from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import load_catalog
from pilotkit.core.problems import ProblemsError
from pilotkit.core.yamlsrc import parse_yaml
from tests.fixtures import VALID


def folder(tmp_path: Path, text: str) -> Path:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir(exist_ok=True)
    (scenarios / "desk.yaml").write_text(text, encoding="utf-8")
    return scenarios


def test_a_clean_text_is_remembered_and_then_read_without_the_strict_parser(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    clean = CleanTexts(tmp_path / "cache")
    scenarios = folder(tmp_path, VALID)
    first = load_catalog([scenarios], clean)
    assert not first.problems and len(list(clean.directory.iterdir())) == 1
    strict_calls = []

    def counting(text: str, label: str, accepted: bool = False) -> object:
        strict_calls.append(accepted)
        return parse_yaml(text, label, accepted)

    monkeypatch.setattr("pilotkit.core.loader.parse_yaml", counting)
    second = load_catalog([scenarios], clean)
    assert strict_calls == [True]  # the fast parser, once; no strict parse
    assert second.scenarios["desk-question"].scenario == first.scenarios["desk-question"].scenario


def test_a_text_with_problems_is_never_remembered_and_an_edit_is_checked_whole(
        tmp_path: Path) -> None:
    clean = CleanTexts(tmp_path / "cache")
    scenarios = folder(tmp_path, VALID)
    load_catalog([scenarios], clean)
    broken = VALID.replace("principles: [customer_orientation]", "principles: [kindness]")
    folder(tmp_path, broken)
    for _ in range(2):  # reported every time, never cached
        catalog = load_catalog([scenarios], clean)
        assert [p.message for p in catalog.problems if "kindness" in p.message]
    assert len(list(clean.directory.iterdir())) == 1  # only the clean version's verdict


def test_another_framework_is_another_verdict(tmp_path: Path) -> None:
    clean = CleanTexts(tmp_path / "cache")
    framework = default_framework()
    fewer = framework.model_copy(update={"principles": framework.principles[:1]})
    assert clean.key(VALID, framework) != clean.key(VALID, fewer)
    assert clean.key(VALID, framework) != clean.key(VALID + "\n", framework)


def test_a_cache_that_cannot_be_written_is_not_used(tmp_path: Path) -> None:
    blocked = tmp_path / "blocked"
    blocked.write_text("a file where the cache folder would be", encoding="utf-8")
    catalog = load_catalog([folder(tmp_path, VALID)], CleanTexts(blocked / "cache"))
    assert not catalog.problems and "desk-question" in catalog.scenarios
    with pytest.raises(ProblemsError):
        from pilotkit.core.loader import parse_scenario

        parse_scenario("id: [", "x.yaml", default_framework(), None, CleanTexts(blocked))
