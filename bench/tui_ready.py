"""Start an app headless and report when its first screen is up (for timing).

usage: BENCH_T0=<time.time() of the parent before starting us> \
       [PILOTKIT_DB=DB] python bench/tui_ready.py pilotkit | bare

Prints the seconds from BENCH_T0 (interpreter start, imports and all) to the
moment the first screen has been drawn and the app waits for keys. Work the
app does afterwards in the background (pilotkit loads its scenarios then)
does not count: the screen is already usable.
"""

from __future__ import annotations

import os
import sys
import time
from typing import Any


async def _exit_when_ready(pilot: Any) -> None:
    await pilot.pause()
    print(f"{time.time() - float(os.environ['BENCH_T0']):.6f}", flush=True)
    pilot.app.exit()


def main() -> None:
    if sys.argv[1] == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Footer, Header

        class Bare(App[None]):
            def compose(self) -> ComposeResult:
                yield Header()
                yield Footer()

        Bare().run(headless=True, auto_pilot=_exit_when_ready)
        return
    # exactly what plain `pilotkit` does, with the database from $PILOTKIT_DB
    from pilotkit.launch import start_app
    from pilotkit.settings import Settings

    start_app(Settings.from_options(), headless=True, auto_pilot=_exit_when_ready)


if __name__ == "__main__":
    main()
