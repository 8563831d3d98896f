"""The bundled scenarios: enough of them, in three languages, covering what the issue asks."""

from __future__ import annotations

from typing import Any

import pytest
from pydantic import BaseModel

from pilotkit.core.framework import DEFAULT_PRINCIPLE_IDS
from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import load_catalog
from pilotkit.core.localtext import LocalText
from pilotkit.core.scenarios import Scenario
from pilotkit.paths import bundled_scenarios_dir


@pytest.fixture(scope="module")
def scenarios() -> list[Scenario]:
    catalog = load_catalog([bundled_scenarios_dir()])
    assert catalog.problems == []
    return [f.scenario for f in catalog.scenarios.values()]


def texts(node: Any) -> list[LocalText]:
    if isinstance(node, LocalText):
        return [node]
    if isinstance(node, list):
        return [t for child in node for t in texts(child)]
    if isinstance(node, dict):
        return [t for child in node.values() for t in texts(child)]
    if isinstance(node, BaseModel):
        return [t for name in type(node).model_fields for t in texts(getattr(node, name))]
    return []


def test_at_least_ten_covering_every_principle_and_five_channels(
    scenarios: list[Scenario],
) -> None:
    assert len(scenarios) >= 10
    assert {p for s in scenarios for p in s.principle_ids()} == set(DEFAULT_PRINCIPLE_IDS)
    assert len({s.channel for s in scenarios}) >= 5


def test_every_text_in_three_languages(scenarios: list[Scenario]) -> None:
    for scenario in scenarios:
        for text in texts(scenario):
            assert text.fi and text.sv and text.en, (scenario.id, text)


def test_each_has_persona_script_and_the_authoring_features(scenarios: list[Scenario]) -> None:
    used_types = set()
    for s in scenarios:
        assert s.persona is not None and s.script is not None, s.id
        items = list(s.items())
        used_types |= {i.type for i in items}
        assert any(i.required for i in items), s.id
        assert any(i.show_if for i in items), s.id
        assert any(i.type == "text" for i in items), s.id
    assert used_types == {"yesno", "scale", "choice", "number", "text"}
    assert any(w != 1 for s in scenarios for i in s.items() for w in i.principles.values())


def test_the_default_framework_matches_the_contract() -> None:
    framework = default_framework()
    assert framework.ids == DEFAULT_PRINCIPLE_IDS
    names = {p.id: (p.name.fi, p.name.sv, p.name.en) for p in framework.principles}
    assert names["equality"] == ("Tasa-arvoisuus ja tasapuolisuus", "Jämlikhet och opartiskhet",
                                 "Equality and impartiality")
    assert names["responsiveness"] == ("Reagointiherkkyys", "Lyhördhet", "Responsiveness")
    for principle in framework.principles:
        assert principle.description is not None
        assert principle.description.fi and principle.description.sv and principle.description.en
