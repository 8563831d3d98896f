from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import parse_scenario
from pilotkit.core.scenarios import ScenarioFile
from pilotkit.core.visit_service import VisitService
from tests.fixtures import CONTRACT_EXAMPLE, contract_env


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    return contract_env(tmp_path)


@pytest.fixture
def scenario_file() -> ScenarioFile:
    return parse_scenario(CONTRACT_EXAMPLE, "example.yaml", default_framework())


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "pilotkit.db"


@pytest.fixture
def store(db_path: Path) -> Iterator[VisitService]:
    with VisitService.open(db_path, default_framework().ids) as s:
        s.add_library("FI-Lohja", "Lohjan kaupunginkirjasto")
        s.add_round("2017-baseline", label="Baseline")
        yield s


@pytest.fixture
def visit_id(store: VisitService, scenario_file: ScenarioFile) -> str:
    return store.start_visit(scenario_file, "FI-Lohja", "2017-baseline", "E07",
                             "2017-05-02T14:30:00")
