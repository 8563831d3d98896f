"""The `pilotkit` console script.

Plain `pilotkit`, by far the commonest start, opens the terminal app without
importing the command-line parser; anything after it goes to click (`cli.py`).
"""

from __future__ import annotations

import sys
from typing import Any

from pilotkit.exits import open_store
from pilotkit.settings import Settings
from pilotkit.streams import (
    closed_output,
    quiet_broken_pipe,
    tolerate_encoding,
    unwind_on_terminate,
)


def main() -> None:
    if sys.stdout is None or sys.stderr is None:  # started with `>&-`: nowhere to write
        closed_output()
    tolerate_encoding()
    if len(sys.argv) > 1:
        from pilotkit.cli import main as cli

        quiet_broken_pipe()
        unwind_on_terminate()
        cli()
    else:
        start_app(Settings.from_options())


def start_app(settings: Settings, **run_options: Any) -> None:
    """Open the store (or exit 1 saying why) and run the app; options go to `App.run`."""
    from pilotkit.tui.app import run_app

    run_app(settings, open_store(settings), **run_options)
