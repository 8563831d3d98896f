"""Numbers, intervals and times as a person reads them, in Finnish, Swedish or English.

Every table and screen formats through here, so a Finnish lead sees `72,5`,
`[−3,1; 12,4]` and `3.12.2026 klo 7.26` everywhere, and an English one
`72.5`, `[-3.1, 12.4]` and `2026-12-03 07:26`. Machine formats (JSON, plain
CSV) never come here: they carry full floats and ISO 8601.

Numbers are rounded to one decimal for display only (contract §3), with an
ASCII minus (what a spreadsheet and a search both understand) and no
thousands separator. A value that rounds to zero is written without a sign:
`-0.0` would read as a change that is not there.
"""

from __future__ import annotations

from datetime import datetime

from pilotkit.core.langs import Lang

COMMA_LANGS = frozenset({"fi", "sv"})
"""Languages whose decimal mark is a comma (Finnish and Finland-Swedish usage)."""


def decimal_mark(lang: str) -> str:
    return "," if lang in COMMA_LANGS else "."


def number(value: float, lang: str, decimals: int = 1) -> str:
    """`72,5` (fi, sv) or `72.5` (en); never `-0,0`."""
    text = f"{value:.{decimals}f}"
    if text.startswith("-") and float(text) == 0.0:
        text = text[1:]
    return text.replace(".", ",") if lang in COMMA_LANGS else text


def signed(value: float, lang: str, decimals: int = 1) -> str:
    """A change with its sign: `+4,2`, `-3,1`; a change that rounds to zero is `0,0`."""
    text = number(value, lang, decimals)
    if float(text.replace(",", ".")) == 0.0:
        return text
    return text if text.startswith("-") else "+" + text


def interval(low: float, high: float, lang: str, with_sign: bool = False) -> str:
    """`[59,0; 76,8]` (fi, sv: the comma is taken) or `[59.0, 76.8]` (en)."""
    show = signed if with_sign else number
    separator = "; " if lang in COMMA_LANGS else ", "
    return f"[{show(low, lang)}{separator}{show(high, lang)}]"


def plus_minus(low: float, high: float, lang: str) -> str:
    """The half-width of a symmetric interval: `±8,9`."""
    return "±" + number((high - low) / 2, lang)


def _parse(iso: str) -> datetime | None:
    try:
        return datetime.fromisoformat(iso)
    except (TypeError, ValueError):
        return None


def date_time(iso: str, lang: Lang | str) -> str:
    """`3.12.2026 klo 7.26` (fi), `3.12.2026 kl. 7.26` (sv), `2026-12-03 07:26` (en).

    A value that is not ISO 8601 is shown as it is stored.
    """
    moment = _parse(iso)
    if moment is None:
        return iso
    if lang == "fi":
        return f"{moment.day}.{moment.month}.{moment.year} klo {moment.hour}.{moment.minute:02d}"
    if lang == "sv":
        return f"{moment.day}.{moment.month}.{moment.year} kl. {moment.hour}.{moment.minute:02d}"
    return moment.strftime("%Y-%m-%d %H:%M")


def date(iso: str, lang: Lang | str) -> str:
    """`3.12.2026` (fi, sv) or `2026-12-03` (en)."""
    moment = _parse(iso)
    if moment is None:
        return iso
    if lang in COMMA_LANGS:
        return f"{moment.day}.{moment.month}.{moment.year}"
    return moment.strftime("%Y-%m-%d")


def spreadsheet_date_time(iso: str) -> str:
    """`2026-10-08 12:00`: what Excel and LibreOffice in a Finnish locale read as a date-time.

    The `T` of ISO 8601 makes a spreadsheet keep the text as text; seconds are dropped
    (visits are entered to the minute).
    """
    moment = _parse(iso)
    if moment is None:
        return iso
    return moment.strftime("%Y-%m-%d %H:%M")
