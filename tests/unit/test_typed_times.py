"""Visit times as people type them (issue 17, item 5): Finnish, Swedish and ISO forms."""

from __future__ import annotations

from datetime import date, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilotkit.core.entities import InvalidValue, read_date, read_datetime
from pilotkit.core.formatting import date_time
from pilotkit.core.messages import localize


@pytest.mark.parametrize(("typed", "expected"), [
    ("3.12.2026 10.15", "2026-12-03T10:15:00"),
    ("3.12.2026 klo 10.15", "2026-12-03T10:15:00"),
    ("03.12.2026  KLO 9.05", "2026-12-03T09:05:00"),
    ("3.12.2026 kl. 10:15", "2026-12-03T10:15:00"),
    ("2026-12-03 kl. 10.15", "2026-12-03T10:15:00"),
    ("2026-12-03 10:15", "2026-12-03T10:15:00"),
    ("2026-12-03T10:15:30", "2026-12-03T10:15:30"),
    ("3.12.2026 10.15.30", "2026-12-03T10:15:30"),
    ("3.12.2026", "2026-12-03T00:00:00"),
    ("2026-12-03T10:15:00+02:00", "2026-12-03T10:15:00+02:00"),
])
def test_the_forms_people_write_are_read(typed: str, expected: str) -> None:
    assert read_datetime(typed) == expected


@pytest.mark.parametrize("typed", ["31.11.2026 10.15", "3.12.2026 25.00", "3.12.26 10.15",
                                   "yesterday", "", "3.12.2026 10"])
def test_a_time_that_is_not_one_is_quoted_exactly_as_typed(typed: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        read_datetime(typed)
    assert localize(refused.value, "fi").startswith(f"{typed!r} ei ole päivämäärä ja kellonaika")
    assert str(refused.value).startswith(f"{typed!r} is not a date and time")


@given(st.datetimes(min_value=datetime(1900, 1, 1), max_value=datetime(2999, 12, 31)),
       st.sampled_from(["fi", "sv", "en"]))
def test_a_time_shown_in_the_form_reads_back_as_the_same_minute(moment: datetime,
                                                                lang: str) -> None:
    shown = date_time(moment.isoformat(timespec="seconds"), lang)
    assert read_datetime(shown) == moment.replace(second=0, microsecond=0).isoformat()


@pytest.mark.parametrize(("typed", "expected"), [
    ("3.4.2026", "2026-04-03"), (" 03.04.2026 ", "2026-04-03"), ("2026-04-03", "2026-04-03"),
    ("29.2.2024", "2024-02-29")])
def test_a_day_is_read_in_the_finnish_and_iso_forms(typed: str, expected: str) -> None:
    assert read_date(typed) == expected


@pytest.mark.parametrize("typed", ["31.2.2026", "29.2.2025", "3.4.26", "2026-04-03 10.15",
                                   "3.4.2026 klo 9.00", "huhtikuu", ""])
def test_what_is_not_a_day_is_refused_as_typed(typed: str) -> None:
    with pytest.raises(InvalidValue) as refused:
        read_date(typed)
    assert localize(refused.value, "fi") == f"{typed!r} ei ole päivämäärä (VVVV-KK-PP)"


@given(st.dates(min_value=date(1000, 1, 1)))  # four-digit years: the form people type
def test_every_day_written_the_finnish_way_reads_back(day: date) -> None:
    assert read_date(f"{day.day}.{day.month}.{day.year}") == day.isoformat()
