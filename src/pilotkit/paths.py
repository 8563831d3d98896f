"""Where pilotkit keeps its database and finds its scenarios, decided when asked, never at import time."""

from __future__ import annotations

import os
from collections.abc import Iterable
from pathlib import Path


def default_db_path() -> Path:
    import platformdirs  # only when no --db or $PILOTKIT_DB says where

    return platformdirs.user_data_path("pilotkit", appauthor=False) / "pilotkit.db"


def clean_texts_dir() -> Path:
    """Where the verdicts of clean scenario texts are kept (`core/clean_texts.py`)."""
    from_env = os.environ.get("PILOTKIT_CACHE")
    if from_env:
        return Path(from_env) / "clean-scenarios"
    import platformdirs

    return platformdirs.user_cache_path("pilotkit", appauthor=False) / "clean-scenarios"


def db_path(option: str | None) -> Path:
    """`--db`, else `$PILOTKIT_DB`, else `pilotkit.db` in the user data directory."""
    if option:
        return Path(option)
    from_env = os.environ.get("PILOTKIT_DB")
    if from_env:
        return Path(from_env)
    return default_db_path()


def bundled_scenarios_dir() -> Path:
    """The scenarios shipped with pilotkit: inside the wheel, or the checkout's `scenarios/`.

    Beside this module, as `importlib.resources.files` would say for an installed package
    (a path it could not give as a folder would not serve here either); importing that
    module cost every start of the app 5 ms."""
    packaged = Path(__file__).resolve().parent / "scenarios"
    if packaged.is_dir():
        return packaged
    return Path(__file__).resolve().parents[2] / "scenarios"


def scenario_dirs(cli_dirs: Iterable[Path] = (), env: str | None = None) -> list[Path]:
    """Sources in the contract's order: bundled, `$PILOTKIT_SCENARIOS`, `--scenarios`."""
    env_value = os.environ.get("PILOTKIT_SCENARIOS", "") if env is None else env
    from_env = [Path(p) for p in env_value.split(os.pathsep) if p]
    return [bundled_scenarios_dir(), *from_env, *cli_dirs]
