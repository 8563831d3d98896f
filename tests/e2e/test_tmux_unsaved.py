"""The real app in a real terminal (tmux, 80×24): a write that fails on a held lock is shown
unsaved, and saved by a retry once the lock is gone.

`PILOTKIT_BUSY_TIMEOUT` shortens the store's 30 s busy timeout so that the
write fails within the test; the lock is held by this process, as another
pilotkit (a merge) would hold it.
"""

from __future__ import annotations

import sqlite3
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, draft_database

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def bar_row(screen: str, principle: str) -> str:
    """What the principle bars show after a principle's whole name."""
    for line in screen.splitlines():
        _, found, after = line.partition(principle)
        if found:
            return after.strip()
    raise AssertionError(f"{principle!r} is not on the screen:\n{screen}")


def stored(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT item_id, value FROM answers WHERE value IS NOT NULL"))
    finally:
        conn.close()


def test_a_write_refused_by_a_held_lock_shows_unsaved_until_a_retry_saves_it(
        tmp_path: Path, terminal: Terminal) -> None:
    db, env = draft_database(tmp_path)
    env["PILOTKIT_BUSY_TIMEOUT"] = "0.3"
    terminal.start([sys.executable, "-m", "pilotkit", "--lang", "en"], env)
    terminal.wait_for("Drafts to resume")
    terminal.keys("Enter")
    terminal.wait_for("Were you greeted?", "✓ saved")

    lock = sqlite3.connect(db, isolation_level=None)
    try:
        lock.execute("BEGIN IMMEDIATE")                  # another program is writing
        terminal.keys("y")
        screen = terminal.wait_for("✗  1 Were you greeted?", "1 NOT saved",
                                   "0/6 answered")
        assert "✓ saved" not in screen
        # not counted in the bars; the longest name sets the column, nothing is cut
        assert bar_row(screen, "Customer orientation") == "······   –"
        time.sleep(0.5)                                  # nothing turns it "saved" meanwhile
        assert "✓ saved" not in terminal.screen()
        assert stored(db) == {}
    finally:
        lock.execute("ROLLBACK")
        lock.close()

    terminal.keys("C-r")
    screen = terminal.wait_for("✓  1 Were you greeted?", "✓ saved", "1/6 answered",
                               absent="NOT saved")
    assert bar_row(screen, "Customer orientation") == "██████ 100"
    assert stored(db) == {"greeted": "yes"}
