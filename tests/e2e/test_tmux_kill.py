"""The real app in a real terminal (tmux): answers shown as saved survive SIGKILL."""

from __future__ import annotations

import os
import signal
import sqlite3
import sys
import time
from pathlib import Path

import pytest

from tests.e2e.terminal import Terminal, draft_database

pytestmark = [pytest.mark.e2e, pytest.mark.slow]


def saved_answers(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return dict(conn.execute("SELECT item_id, value FROM answers WHERE value IS NOT NULL"))
    finally:
        conn.close()


def test_sigkill_in_a_terminal_loses_nothing_shown_as_saved(tmp_path: Path,
                                                             terminal: Terminal) -> None:
    db, env = draft_database(tmp_path)
    command = [sys.executable, "-m", "pilotkit", "--lang", "en"]

    terminal.start(command, env)
    terminal.wait_for("Drafts to resume")
    terminal.keys("Enter")
    terminal.wait_for("Were you greeted?")
    shown_saved: dict[str, object] = {}
    for number, (keys, item, value) in enumerate(((["y"], "greeted", "yes"),
                                                  (["Down", "4", "Enter"], "wait_minutes", 4),
                                                  (["5"], "needs_clarified", 5)), start=1):
        terminal.keys(*keys)
        # the item is marked answered and no write is pending: the screen says it is saved
        terminal.wait_for(f"✓  {number}", "✓ saved", absent="saving")
        shown_saved[item] = value
    terminal.keys("j", "y")  # followed_up: yes — killed at once, saved or not
    os.kill(terminal.pid(), signal.SIGKILL)
    time.sleep(0.2)
    terminal.close()

    stored = saved_answers(db)
    for item, value in shown_saved.items():
        assert stored[item] == value
    assert set(stored) - set(shown_saved) <= {"followed_up"}

    # restarted as people start it, plain `pilotkit`: the language from the locale
    terminal.start([sys.executable, "-m", "pilotkit"], {**env, "LC_ALL": "en_US.UTF-8"})
    terminal.wait_for("Drafts to resume")
    terminal.keys("Enter")
    screen = terminal.wait_for("Principles")
    for number in (1, 2, 3):
        assert f"✓  {number}" in screen, screen
