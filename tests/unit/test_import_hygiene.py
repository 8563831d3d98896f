"""The core runs without the terminal UI (importing it never loads textual), and the MDE without SciPy."""

from __future__ import annotations

import os
import pkgutil
import subprocess
import sys
from pathlib import Path

import pilotkit.core
from tests.fixtures import VISIT, contract_env, record, setup_db
from tests.store.test_report import AFTER, BASE, built


def core_modules() -> list[str]:
    return sorted(
        f"pilotkit.core.{m.name}" for m in pkgutil.iter_modules(pilotkit.core.__path__)
    )


def test_core_modules_exist() -> None:
    assert {"pilotkit.core.scoring", "pilotkit.core.loader"} <= set(core_modules())


def test_core_never_imports_textual() -> None:
    code = (
        "import sys\n"
        f"for name in {core_modules()!r}:\n"
        "    __import__(name)\n"
        "bad = sorted(m for m in sys.modules if m == 'textual' or m.startswith('textual.'))\n"
        "print(','.join(bad))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_plain_pilotkit_reaches_its_first_screen_without_the_command_parser() -> None:
    """Start-up (issue #4): `pilotkit` alone must not pay for click, pydantic or YAML."""
    code = (
        "import sys\n"
        "import pilotkit.launch, pilotkit.tui.app, pilotkit.tui.screens.start\n"
        "heavy = ('click', 'pydantic', 'yaml', 'sqlite_utils', 'scipy', 'numpy')\n"
        "print(','.join(sorted(m for m in sys.modules if m.split('.')[0] in heavy)))\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == ""


def test_compare_json_and_csv_start_without_pydantic_or_rich(tmp_path: Path) -> None:
    """Scripts call `compare --format json|csv` often: it must not pay for pydantic or rich."""
    db = tmp_path / "empty.db"
    for fmt in ("json", "csv"):
        for extra in ((), ("--change", "r1", "r2")):
            code = (
                "import sys\n"
                "from pilotkit.cli import main\n"
                "from pilotkit.core.store import Store\n"
                f"store = Store.open({str(db)!r}, ['openness'])\n"
                "store.add_round('r1') if not store.rounds() else None\n"
                "store.add_round('r2') if len(store.rounds()) < 2 else None\n"
                "store.close()\n"
                # what compare itself loads (making the database above loads sqlite-utils,
                # which loads numpy when it is installed)
                "before = set(sys.modules)\n"
                f"try: main(['--db', {str(db)!r}, 'compare', '--format', {fmt!r}, *{extra!r}])\n"
                "except SystemExit: pass\n"
                "heavy = ('pydantic', 'rich', 'yaml', 'scipy', 'numpy')\n"
                "print(','.join(sorted(m for m in set(sys.modules) - before"
                " if m.split('.')[0] in heavy)), file=sys.stderr)\n"
            )
            out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True)
            assert out.stderr.strip() == "", (fmt, extra, out.stderr)


def loaded_after(commands: list[list[str]], names: tuple[str, ...], env: dict[str, str]
                 ) -> list[str]:
    """The modules among `names` (and their submodules) loaded by running `commands` with
    pilotkit's command line, one after the other in one fresh process; each must exit 0."""
    code = (
        "import sys\n"
        "from pilotkit.cli import main\n"
        f"for args in {commands!r}:\n"
        "    try: main(args)\n"
        "    except SystemExit as e: assert not e.code, (args, e.code)\n"
        f"names = {names!r}\n"
        "print(','.join(sorted(m for m in sys.modules"
        " if m in names or m.startswith(tuple(n + '.' for n in names)))), file=sys.stderr)\n"
    )
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PILOTKIT_")}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                         check=True, env={**full_env, **env})
    return [name for name in out.stderr.strip().split(",") if name]


def test_report_and_plan_mde_compute_power_without_scipy(tmp_path: Path) -> None:
    """The MDE is computed by hand (core/power.py): scipy.special alone took 0.27 s to import."""
    env = built(tmp_path)  # a report with cells of three and four visits: it prints MDEs
    commands = [["report", "--from", BASE, "--to", AFTER, "--out", str(tmp_path / "r.md")],
                ["plan", "mde", "--sd", "20", "--visits", "3,64"],
                ["plan", "mde", "--sd", "20", "--detect", "10", "--format", "json"],
                ["plan", "mde", "--from-round", BASE, "--visits", "5"]]
    # the MDE module ran (so the check means something), and without SciPy
    assert loaded_after(commands, ("scipy", "pilotkit.core.power"), env) == [
        "pilotkit.core.power"]


def test_the_answers_export_reads_its_scenarios_without_pydantic_or_yaml(tmp_path: Path) -> None:
    """Issue #18: building the scenario models took a third of an answers export of 20,000
    visits; the export reads the item facts stored beside each scenario text instead. (The
    `--excel` sheet names the principles in the user's language: it reads the framework.)"""
    env = contract_env(tmp_path)
    setup_db(env)
    assert record(env, [VISIT]).returncode == 0
    out = tmp_path / "answers.csv"
    commands = [["export", "answers", "--out", str(out), *extra]
                for extra in ([], ["--format", "json"])]
    assert loaded_after(commands, ("pydantic", "yaml", "pilotkit.core.export"), env) == [
        "pilotkit.core.export"]
    # the export did write the visit's items, from the stored facts
    assert "Were you greeted?" in out.read_text(encoding="utf-8")
