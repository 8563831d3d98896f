"""The core runs without the terminal UI: importing it never loads textual."""

from __future__ import annotations

import pkgutil
import subprocess
import sys
from pathlib import Path

import pilotkit.core


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
