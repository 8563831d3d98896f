"""Run the `pilotkit` command as a user would: in-process by default, in a real process on request.

Most command-line tests only need what the command prints and its exit
code, which click's `CliRunner` gives without the ~0.3 s of a new
interpreter. Tests that depend on a real process — a signal, a pipe closed
by the reader, the terminal's encoding, what a fresh interpreter imports —
pass `process=True`.
"""

from __future__ import annotations

import os
import subprocess
import sys
import traceback
from pathlib import Path

from click.testing import CliRunner

from pilotkit.cli import main


def _environment(env: dict[str, str] | None) -> dict[str, str | None]:
    """The caller's variables, with every inherited PILOTKIT_ variable unset."""
    merged: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PILOTKIT_")}
    merged.update(env or {})
    return merged


def run(*args: str | Path, cwd: Path | None = None, stdin: str | None = None,
        env: dict[str, str] | None = None, process: bool = False
        ) -> subprocess.CompletedProcess[str]:
    if process or cwd is not None:
        return _run_process([str(a) for a in args], cwd, stdin, env)
    result = CliRunner().invoke(main, [str(a) for a in args], input=stdin, env=_environment(env),
                                prog_name="pilotkit",
                                catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        trace = "".join(traceback.format_exception(result.exception))
        raise AssertionError(f"pilotkit {' '.join(map(str, args))} raised:\n{trace}")
    return subprocess.CompletedProcess(list(map(str, args)), result.exit_code,
                                       result.stdout, result.stderr)


def _run_process(args: list[str], cwd: Path | None, stdin: str | None,
                 env: dict[str, str] | None) -> subprocess.CompletedProcess[str]:
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("PILOTKIT_")}
    full_env.update(env or {})
    result = subprocess.run(
        [sys.executable, "-m", "pilotkit", *args],
        capture_output=True, text=True, input=stdin, cwd=cwd, env=full_env, timeout=120,
    )
    assert "Traceback" not in result.stderr, result.stderr
    return result


def run_bytes(env: dict[str, str], *args: str) -> bytes:
    """Standard output exactly as written (BOM, CRLF and all); the command must succeed."""
    result = CliRunner().invoke(main, list(args), env=_environment(env), catch_exceptions=True)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError("".join(traceback.format_exception(result.exception)))
    assert result.exit_code == 0, result.stderr
    return result.stdout_bytes
