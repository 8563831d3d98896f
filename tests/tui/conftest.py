from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from pilotkit.core.visit_service import VisitService
from pilotkit.settings import Settings
from pilotkit.tui.app import PilotkitApp, make_app
from tests.fixtures import CONTRACT_EXAMPLE


def build_settings(tmp_path: Path, lang: str = "en") -> Settings:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir(exist_ok=True)
    (scenarios / "proxy.yaml").write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    return Settings(str(tmp_path / "tui.db"), [scenarios], lang)  # type: ignore[arg-type]


def build_app(tmp_path: Path, lang: str = "en") -> PilotkitApp:
    settings = build_settings(tmp_path, lang)
    store = VisitService.open(Path(settings.db_option or ""), settings.catalog().framework.ids)
    if not store.libraries():
        store.add_library("FI-Lohja", "Lohjan kaupunginkirjasto")
        store.add_round("2017-baseline", label="Baseline 2017", staff_informed="2017-04-03")
    return make_app(settings, store)


@pytest.fixture
def app(tmp_path: Path) -> Iterator[PilotkitApp]:
    yield build_app(tmp_path)
