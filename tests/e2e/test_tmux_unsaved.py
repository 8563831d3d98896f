"""The real app in a real terminal (tmux, 80×24): a write that fails on a held lock is shown
unsaved, and saved by a retry once the lock is gone.

`PILOTKIT_BUSY_TIMEOUT` shortens the store's 30 s busy timeout so that the
write fails within the test; the lock is held by this process, as another
pilotkit (a merge) would hold it.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

from pilotkit.core.framework import default_framework
from pilotkit.core.loader import load_scenario_file
from pilotkit.core.store import Store
from tests.fixtures import CONTRACT_EXAMPLE

pytestmark = [pytest.mark.e2e, pytest.mark.slow]

if shutil.which("tmux") is None:  # .ci/run installs tmux; a bare laptop may not have it
    pytest.fail("tmux is required for the end-to-end tests", pytrace=False)


class Terminal:
    """One tmux server of its own (`-L`), so that parallel tests never meet."""

    def __init__(self) -> None:
        self.socket = f"pilotkit-e2e-{uuid.uuid4().hex[:8]}"

    def tmux(self, *args: str) -> str:
        return subprocess.run(["tmux", "-L", self.socket, *args], capture_output=True,
                              text=True, check=True).stdout

    def start(self, command: list[str], env: dict[str, str]) -> None:
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        self.tmux("new-session", "-d", "-s", "app", "-x", "80", "-y", "24",
                  f"exec env {exports} " + " ".join(command))

    def keys(self, *keys: str) -> None:
        self.tmux("send-keys", "-t", "app", *keys)

    def screen(self) -> str:
        return self.tmux("capture-pane", "-p", "-t", "app")

    def wait_for(self, *texts: str, absent: str | None = None, timeout: float = 20.0) -> str:
        """The screen once it shows every one of `texts` (and not `absent`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(text in shown for text in texts) and (absent is None or absent not in shown):
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{texts!r} never appeared on screen:\n{self.screen()}")

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal()
    yield term
    term.close()


def stored(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    try:
        return dict(conn.execute("SELECT item_id, value FROM answers WHERE value IS NOT NULL"))
    finally:
        conn.close()


def test_a_write_refused_by_a_held_lock_shows_unsaved_until_a_retry_saves_it(
        tmp_path: Path, terminal: Terminal) -> None:
    scenarios = tmp_path / "scenarios"
    scenarios.mkdir()
    (scenarios / "proxy.yaml").write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    db = tmp_path / "e2e.db"
    framework = default_framework()
    with Store.open(db, framework.ids) as store:
        store.add_library("FI-Lohja", "Lohjan kaupunginkirjasto")
        store.add_round("r1")
        store.start_visit(load_scenario_file(scenarios / "proxy.yaml", framework),
                          "FI-Lohja", "r1", "E07", "2017-05-02T14:30:00")
    env = {"PILOTKIT_DB": str(db), "PILOTKIT_SCENARIOS": str(scenarios),
           "PILOTKIT_BUSY_TIMEOUT": "0.3", "TEXTUAL_ANIMATIONS": "none",
           "TERM": "xterm-256color", "PYTHONPATH": os.pathsep.join(sys.path)}
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
        assert "Customer orienta… ······   –" in screen  # not counted in the bars
        time.sleep(0.5)                                  # nothing turns it "saved" meanwhile
        assert "✓ saved" not in terminal.screen()
        assert stored(db) == {}
    finally:
        lock.execute("ROLLBACK")
        lock.close()

    terminal.keys("C-r")
    screen = terminal.wait_for("✓  1 Were you greeted?", "✓ saved", "1/6 answered",
                               absent="NOT saved")
    assert "Customer orienta… ██████ 100" in screen
    assert stored(db) == {"greeted": "yes"}
