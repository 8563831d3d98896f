"""Quitting while the store thread is still writing: the write lands and nothing is printed."""

from __future__ import annotations

import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

# A real App.run (headless), not run_test: what matters is what reaches the terminal
# after the app has gone, when the last write's reply comes back to a closed screen.
SCRIPT = """
import sqlite3, sys, threading
from pathlib import Path
from tests.tui.conftest import build_app
from tests.tui.test_flow import settle, start_visit

app = build_app(Path(sys.argv[1]))

async def auto(pilot):
    await start_visit(pilot)
    await settle(pilot)
    holder = sqlite3.connect(app.client.store.path, check_same_thread=False,
                             isolation_level=None)
    holder.execute("BEGIN IMMEDIATE")      # the answer's write waits for this lock
    await pilot.press("y")
    threading.Timer(0.5, holder.rollback).start()
    await pilot.press("ctrl+q")            # quit before the write has been made

app.run(headless=True, auto_pilot=auto, size=(80, 24))
print("exited", file=sys.stderr)
"""


@pytest.mark.slow
def test_quitting_with_a_write_in_flight(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-c", SCRIPT, str(tmp_path)], cwd=ROOT,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert done.stderr.strip() == "exited", done.stderr
    conn = sqlite3.connect(tmp_path / "tui.db")
    try:
        assert conn.execute("SELECT item_id, value FROM answers").fetchall() == [
            ("greeted", "yes")]
    finally:
        conn.close()
