"""The real app in a real terminal (tmux): answers shown as saved survive SIGKILL."""

from __future__ import annotations

import os
import shutil
import signal
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
    def __init__(self, name: str) -> None:
        self.name = name

    def start(self, command: list[str], env: dict[str, str]) -> None:
        exports = " ".join(f"{k}={v}" for k, v in env.items())
        line = f"exec env {exports} " + " ".join(command)
        subprocess.run(["tmux", "new-session", "-d", "-s", self.name, "-x", "80", "-y", "24",
                        line], check=True)

    def keys(self, *keys: str) -> None:
        subprocess.run(["tmux", "send-keys", "-t", self.name, *keys], check=True)

    def screen(self) -> str:
        return subprocess.run(["tmux", "capture-pane", "-p", "-t", self.name],
                              capture_output=True, text=True, check=True).stdout

    def wait_for(self, *texts: str, absent: str | None = None, timeout: float = 20.0) -> str:
        """The screen once it shows every one of `texts` (and not `absent`)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            shown = self.screen()
            if all(text in shown for text in texts) and (absent is None or absent not in shown):
                return shown
            time.sleep(0.05)
        raise AssertionError(f"{texts!r} never appeared on screen:\n{self.screen()}")

    def pid(self) -> int:
        out = subprocess.run(["tmux", "display-message", "-p", "-t", self.name, "#{pane_pid}"],
                             capture_output=True, text=True, check=True).stdout
        return int(out.strip())

    def close(self) -> None:
        subprocess.run(["tmux", "kill-session", "-t", self.name], capture_output=True)


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    term = Terminal(f"pilotkit-{uuid.uuid4().hex[:8]}")
    yield term
    term.close()


def saved_answers(db: Path) -> dict[str, object]:
    conn = sqlite3.connect(db)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return dict(conn.execute("SELECT item_id, value FROM answers WHERE value IS NOT NULL"))
    finally:
        conn.close()


def test_sigkill_in_a_terminal_loses_nothing_shown_as_saved(tmp_path: Path,
                                                             terminal: Terminal) -> None:
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
           "TEXTUAL_ANIMATIONS": "none", "TERM": "xterm-256color",
           "PYTHONPATH": os.pathsep.join(sys.path)}
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
