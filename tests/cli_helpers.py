"""Run the real `pilotkit` command in a subprocess, as a user would."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path


def run(*args: str | Path, cwd: Path | None = None, stdin: str | None = None,
        env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PILOTKIT_")}
    full_env.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", "pilotkit", *map(str, args)],
        capture_output=True, text=True, input=stdin, cwd=cwd, env=full_env, timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def run_bytes(env: dict[str, str], *args: str) -> bytes:
    """Standard output exactly as written (BOM, CRLF and all); the command must succeed."""
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PILOTKIT_")}
    full_env.update(env)
    result = subprocess.run([sys.executable, "-m", "pilotkit", *args], capture_output=True,
                            env=full_env, timeout=120)
    assert result.returncode == 0, result.stderr.decode("utf-8", "replace")
    return result.stdout
