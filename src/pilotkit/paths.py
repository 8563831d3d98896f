"""Where pilotkit keeps its database, decided when asked, never at import time."""

from __future__ import annotations

import os
from pathlib import Path

import platformdirs


def default_db_path() -> Path:
    return platformdirs.user_data_path("pilotkit", appauthor=False) / "pilotkit.db"


def db_path(option: str | None) -> Path:
    """`--db`, else `$PILOTKIT_DB`, else `pilotkit.db` in the user data directory."""
    if option:
        return Path(option)
    from_env = os.environ.get("PILOTKIT_DB")
    if from_env:
        return Path(from_env)
    return default_db_path()
