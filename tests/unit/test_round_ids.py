"""A round id made from its label: the user never has to invent one."""

from __future__ import annotations

import pytest

from pilotkit.core.entities import check_round_id, round_id_from_label


@pytest.mark.parametrize(("label", "expected"), [
    ("Kevät 2026", "kevat-2026"),
    ("Syksy 2026, pilotin jälkeen", "syksy-2026-pilotin-jalkeen"),
    ("Våren 2026", "varen-2026"),
    ("2017-baseline", "2017-baseline"),
    ("  --Ö--  ", "o"),
    ("   ", None),
    ("!!!", None),
])
def test_round_id_from_label(label: str, expected: str | None) -> None:
    made = round_id_from_label(label)
    assert made == expected
    if made is not None:
        assert check_round_id(made) == made


def test_a_long_label_makes_an_id_within_the_limit() -> None:
    made = round_id_from_label("Kevään " * 20)
    assert made is not None and len(made) <= 64 and not made.endswith("-")
