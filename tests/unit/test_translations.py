"""Every message, label and word of the app exists in Finnish, Swedish and English."""

from __future__ import annotations

import string
from collections.abc import Mapping
from typing import Any

import pytest

from pilotkit.core.labels import LABELS
from pilotkit.core.messages import MESSAGES as CORE
from pilotkit.tui.i18n import MESSAGES as TUI

CATALOGUES: dict[str, Mapping[str, Mapping[Any, str]]] = {"core": CORE, "tui": TUI}


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
