from __future__ import annotations

import shutil
from collections.abc import Iterator

import pytest

from tests.e2e.terminal import Terminal


@pytest.fixture
def terminal() -> Iterator[Terminal]:
    if shutil.which("tmux") is None:  # .ci/run installs tmux; a bare laptop may not have it
        pytest.fail("tmux is required for the end-to-end tests", pytrace=False)
    term = Terminal()
    yield term
    term.close()
