"""Visit times as people type them (issue 17, item 5): Finnish, Swedish and ISO forms."""

from __future__ import annotations

from datetime import datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from pilotkit.core.entities import InvalidValue, read_datetime
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
