from __future__ import annotations

from pathlib import Path

import pytest

from pilotkit.core.framework import Framework
from pilotkit.core.framework_file import default_framework


@pytest.fixture
def framework() -> Framework:
    return default_framework()


@pytest.fixture
def write(tmp_path: Path):  # type: ignore[no-untyped-def]
    """Write text (or bytes) to a file in a fresh directory and return its path."""

    def _write(name: str, content: str | bytes) -> Path:
        path = tmp_path / name
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(content, encoding="utf-8")
        return path

    return _write
