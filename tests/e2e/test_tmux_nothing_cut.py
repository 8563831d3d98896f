"""The real app at 80×24 in Finnish: every bundled scenario's items and options are shown whole.

One draft of each bundled scenario; each is opened from the start screen and
walked item by item with the keyboard, and no screen of it may show `…`
(Textual's mark for cut text) or a raw item id.
"""

from __future__ import annotations

import re
import sys
from pathlib import Path

import pytest

from pilotkit.core.loader import load_catalog
from pilotkit.core.visit_service import VisitService
from pilotkit.paths import bundled_scenarios_dir
from tests.e2e.terminal import Terminal, draft_database

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

POSITION = re.compile(r"Kohta (\d+)/(\d+)")


def test_no_bundled_item_or_option_is_cut_in_finnish(tmp_path: Path,
                                                     terminal: Terminal) -> None:
    _, env = draft_database(tmp_path)
    db = tmp_path / "bundled.db"
    env["PILOTKIT_DB"] = str(db)
    del env["PILOTKIT_SCENARIOS"]  # the bundled scenarios alone
    catalog = load_catalog([bundled_scenarios_dir()])
    assert not catalog.problems
    with VisitService.open(db, catalog.framework.ids) as store:
        store.add_library("FI-Lohja", "Lohjan kaupunginkirjasto")
        store.add_round("r1")
        for loaded in catalog.scenarios.values():
            store.start_visit(loaded, "FI-Lohja", "r1", "E07", "2026-12-03T10:15:00")
    titles = {f.scenario.title.get("fi") for f in catalog.scenarios.values()}
    item_ids = {item.id for f in catalog.scenarios.values() for item in f.scenario.items()}

    terminal.start([sys.executable, "-m", "pilotkit", "--lang", "fi"], env)
    terminal.wait_for("Keskeneräiset käynnit")
    seen: set[str] = set()
    for index in range(len(titles)):
        terminal.wait_for("Keskeneräiset käynnit")
        terminal.keys("Home", *["Down"] * index, "Enter")
        screen = terminal.wait_for("Kohta 1/")
        title = screen.splitlines()[0].replace("⭘", "").strip()  # the header: the title
        seen.add(title)
        total = int(POSITION.search(screen).group(2))  # type: ignore[union-attr]
        for position in range(1, total + 1):
            if position > 1:
                terminal.keys("Down")
                screen = terminal.wait_for(f"Kohta {position}/{total}")
            assert "…" not in screen, f"{title}, item {position} is cut:\n{screen}"
            words = set(re.findall(r"[a-z_]+", screen))
            assert not words & {i for i in item_ids if "_" in i}, f"an item id shown:\n{screen}"
        terminal.keys("Escape")
        try:
            terminal.wait_for("Keskeneräiset käynnit", timeout=1.0)
        except AssertionError:
            terminal.keys("Escape")  # on a text item the first Escape leaves its box
    assert seen == titles
