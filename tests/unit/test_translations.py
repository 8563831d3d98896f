"""Every message, label and word of the app exists in Finnish, Swedish and English."""

from __future__ import annotations

import re
import string
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import pytest

from pilotkit.core.labels import LABELS
from pilotkit.core.messages import MESSAGES as CORE
from pilotkit.core.report_text import TEXTS as REPORT
from pilotkit.tui.i18n import MESSAGES as TUI

CATALOGUES: dict[str, Mapping[str, Mapping[Any, str]]] = {"core": CORE, "tui": TUI,
                                                          "report": REPORT}


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_message_is_in_three_languages_with_the_same_fields(name: str) -> None:
    for key, texts in CATALOGUES[name].items():
        assert set(texts) == {"fi", "sv", "en"}, key
        assert all(text.strip() for text in texts.values()), key
        fields = {lang: {f for _, f, _, _ in string.Formatter().parse(text) if f}
                  for lang, text in texts.items()}
        assert fields["fi"] == fields["sv"] == fields["en"], key


def test_every_label_is_in_three_languages() -> None:
    for kind, values in LABELS.items():
        for value, texts in values.items():
            assert set(texts) == {"fi", "sv", "en"} and all(texts.values()), (kind, value)


SRC = Path(__file__).resolve().parents[2] / "src" / "pilotkit"
LITERAL = re.compile(r"""["']([a-z][a-z0-9_]*)["']""")
PREFIX = re.compile(r"""f["']([a-z][a-z0-9_]*_)\{""")
SUFFIX = re.compile(r"""f["']\{\w+\}(_[a-z0-9_]+)["']""")
TABLE_START = re.compile(r"^(MESSAGES|TEXTS)\b.*= \{$")


def code_without_tables() -> str:
    """Every source file, with the message tables themselves left out (their keys are not uses)."""
    kept = []
    for path in SRC.rglob("*.py"):
        inside = False
        for line in path.read_text(encoding="utf-8").splitlines():
            if TABLE_START.match(line):
                inside = True
            elif inside and line == "}":
                inside = False
            elif not inside:
                kept.append(line)
    return "\n".join(kept)


@pytest.mark.parametrize("name", CATALOGUES)
def test_every_message_in_a_table_is_used_somewhere(name: str) -> None:
    code = code_without_tables()
    literals = set(LITERAL.findall(code))
    prefixes, suffixes = tuple(PREFIX.findall(code)), tuple(SUFFIX.findall(code))
    unused = sorted(key for key in CATALOGUES[name] if key not in literals
                    and not key.startswith(prefixes) and not key.endswith(suffixes))
    assert unused == []
