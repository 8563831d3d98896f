"""The real app in a real terminal: a tmux server of its own, and a database with one draft."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from pilotkit.core.framework_file import default_framework
from pilotkit.core.loader import load_scenario_file
from pilotkit.core.visit_service import VisitService
from tests.fixtures import CONTRACT_EXAMPLE


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

    def pid(self) -> int:
        return int(self.tmux("display-message", "-p", "-t", "app", "#{pane_pid}").strip())

    def close(self) -> None:
        subprocess.run(["tmux", "-L", self.socket, "kill-server"], capture_output=True)


def draft_database(folder: Path) -> tuple[Path, dict[str, str]]:
    """A database with one draft visit of the contract's scenario, and the app's environment."""
    scenarios = folder / "scenarios"
    scenarios.mkdir()
    (scenarios / "proxy.yaml").write_text(CONTRACT_EXAMPLE, encoding="utf-8")
    db = folder / "e2e.db"
    framework = default_framework()
    with VisitService.open(db, framework.ids) as store:
        store.add_library("FI-Lohja", "Lohjan kaupunginkirjasto")
        store.add_round("r1")
        store.start_visit(load_scenario_file(scenarios / "proxy.yaml", framework),
                          "FI-Lohja", "r1", "E07", "2017-05-02T14:30:00")
    env = {"PILOTKIT_DB": str(db), "PILOTKIT_SCENARIOS": str(scenarios),
           "TEXTUAL_ANIMATIONS": "none", "TERM": "xterm-256color",
           "PYTHONPATH": os.pathsep.join(sys.path)}
    return db, env
