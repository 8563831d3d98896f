"""`pilotkit libraries rename ISIL NAME`: the name people know a library by; the ISIL stays."""

from __future__ import annotations

import json

from tests.cli_helpers import run
from tests.fixtures import setup_db


def test_rename_and_its_refusals(env: dict[str, str]) -> None:
    setup_db(env)
    assert run("libraries", "rename", "fi-lohja", "Lohjan pääkirjasto", env=env).returncode == 0
    listed = json.loads(run("libraries", "list", "--format", "json", env=env).stdout)
    assert [(lib["id"], lib["name"]) for lib in listed] == [("FI-Lohja", "Lohjan pääkirjasto")]
    unknown = run("libraries", "rename", "FI-Nowhere", "X", env=env)
    assert unknown.returncode == 1 and "unknown library FI-Nowhere" in unknown.stderr
    empty = run("libraries", "rename", "FI-Lohja", "  ", env=env)
    assert empty.returncode == 1 and "needs a name" in empty.stderr
