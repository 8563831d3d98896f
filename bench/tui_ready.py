"""Start an app headless and exit as soon as its first screen is up (for timing).

usage: python bench/tui_ready.py pilotkit DB | bare
"""

from __future__ import annotations

import sys
from typing import Any


async def _exit_when_ready(pilot: Any) -> None:
    await pilot.pause()
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
    from pathlib import Path

    from pilotkit.cli import Settings
    from pilotkit.core.loader import scenario_dirs
    from pilotkit.core.store import Store
    from pilotkit.language import resolve_lang
    from pilotkit.tui.app import make_app

    settings = Settings(sys.argv[2], scenario_dirs(), resolve_lang(None))
    store = Store.open(Path(sys.argv[2]), settings.catalog().framework.ids)
    make_app(settings, store).run(headless=True, auto_pilot=_exit_when_ready)


if __name__ == "__main__":
    main()
