"""Numbers and times as a person reads them in each language (core/formatting.py)."""

from __future__ import annotations

import pytest

from pilotkit.core.formatting import (
    date,
    date_time,
    interval,
    number,
    plus_minus,
    signed,
    spreadsheet_date_time,
)


@pytest.mark.parametrize(("lang", "expected"), [("fi", "84,9"), ("sv", "84,9"), ("en", "84.9")])
def test_decimal_mark_follows_the_language(lang: str, expected: str) -> None:
    assert number(84.99999999999999 - 0.1, lang) == expected


def test_no_negative_zero_and_signs() -> None:
    assert number(-0.04, "fi") == "0,0"
    assert signed(-0.04, "en") == "0.0"          # a change that rounds to nothing has no sign
    assert signed(2.25, "en") == "+2.2" or signed(2.25, "en") == "+2.3"
    assert signed(-3.14, "fi") == "-3,1"
    assert signed(11.2, "fi") == "+11,2"


def test_intervals() -> None:
    assert interval(59.04, 76.84, "fi") == "[59,0; 76,8]"
    assert interval(-2.3, 19.8, "en", with_sign=True) == "[-2.3, +19.8]"
    assert plus_minus(41.2, 59.0, "sv") == "±8,9"


def test_dates_and_times() -> None:
    assert date_time("2026-12-03T07:26:00", "fi") == "3.12.2026 klo 7.26"
    assert date_time("2026-12-03T07:26:00", "sv") == "3.12.2026 kl. 7.26"
    assert date_time("2026-12-03T07:26:00", "en") == "2026-12-03 07:26"
    assert date("2026-03-02", "fi") == "2.3.2026" and date("2026-03-02", "en") == "2026-03-02"
    assert date_time("not a date", "fi") == "not a date"
    assert spreadsheet_date_time("2026-10-08T12:00:00") == "2026-10-08 12:00"
