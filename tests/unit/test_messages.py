"""Every message the code raises or prints exists in Finnish, Swedish and English.

A key missing from the catalogue turns a one-line refusal into a KeyError
traceback, and nothing else would notice until a user met it.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from pilotkit.core.messages import MESSAGES

SRC = Path(__file__).resolve().parents[2] / "src" / "pilotkit"
# `render("key"`, `Error.of("key"`, and the command line's `say(settings, "key"` / `_text(...`
USED = re.compile(r"""(?:\.of|\brender|\bsay|\b_text)\(\s*(?:settings,\s*)?["'](\w+)["']""")


def used_keys() -> set[str]:
    keys = {m.group(1) for path in SRC.rglob("*.py")
            for m in USED.finditer(path.read_text(encoding="utf-8"))}
    # entities.check_evaluator raises f"code_{problem}" for privacy.pseudonym_problem's answers
    return keys - {"key"} | {f"code_{p}" for p in ("email", "hetu", "phone", "name")}


def test_the_scan_finds_the_keys() -> None:
    assert {"isil_invalid", "db_read_only", "db_locked", "sqlite_full"} <= used_keys()


@pytest.mark.parametrize("key", sorted(used_keys()))
def test_each_message_used_exists_in_every_language(key: str) -> None:
    assert key in MESSAGES
    assert set(MESSAGES[key]) == {"fi", "sv", "en"}
