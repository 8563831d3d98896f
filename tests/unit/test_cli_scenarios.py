from __future__ import annotations

import json
from pathlib import Path

from tests.cli_helpers import run
from tests.fixtures import VALID


def test_bundled_scenarios_check_clean() -> None:
    result = run("scenarios", "check")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""


def test_check_reports_every_problem_and_exits_1(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text(VALID.replace("channel: phone", "channel: fax")
                   .replace("type: yesno", "type: yesnoo"), encoding="utf-8")
    result = run("scenarios", "check", bad)
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert [line.split(": ")[0] for line in lines] == [f"{bad}:4", f"{bad}:12"]


def test_check_garbage_and_missing_paths(tmp_path: Path) -> None:
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(bytes(range(256)) * 4)
    result = run("scenarios", "check", garbage, tmp_path / "nope.yaml")
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 2


def test_list_json_includes_a_team_override(tmp_path: Path) -> None:
    (tmp_path / "mine.yaml").write_text(VALID, encoding="utf-8")
    result = run("--scenarios", tmp_path, "scenarios", "list", "--format", "json")
    assert result.returncode == 0, result.stderr
    listed = {s["id"]: s for s in json.loads(result.stdout)}
    assert listed["desk-question"]["items"] == 3
    assert listed["desk-question"]["principles"] == [
        "customer_orientation", "professionalism", "reliability"]
    assert len(listed) >= 11  # the bundled ones are there too


def test_env_and_option_order(tmp_path: Path) -> None:
    env_dir, opt_dir = tmp_path / "env", tmp_path / "opt"
    env_dir.mkdir()
    opt_dir.mkdir()
    (env_dir / "s.yaml").write_text(VALID.replace("version: 2", "version: 5"), encoding="utf-8")
    (opt_dir / "s.yaml").write_text(VALID.replace("version: 2", "version: 7"), encoding="utf-8")
    result = run("--scenarios", opt_dir, "scenarios", "list", "--format", "json",
                 env={"PILOTKIT_SCENARIOS": str(env_dir)})
    listed = {s["id"]: s for s in json.loads(result.stdout)}
    assert listed["desk-question"]["version"] == 7


def test_usage_error_exits_2() -> None:
    assert run("scenarios", "list", "--format", "xml").returncode == 2
    assert run("no-such-command").returncode == 2
