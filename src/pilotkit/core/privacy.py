"""Personal data that must not enter pilotkit: evaluation is of the service, never of a person.

Evaluator codes are pseudonyms, so a code that looks like a phone number, an
e-mail address, a Finnish personal identity code or a `First_Last` name is
refused. Free text (notes, comments, text answers) is only *warned* about: a
library's phone number in a note is legitimate, and an evaluator must never
lose what they wrote.
"""

from __future__ import annotations

import re
from typing import Literal

PersonalKind = Literal["phone", "email", "hetu"]

# A phone number as written in Finland: + or a leading 0, then 6–14 more
# digits that may be grouped by spaces or hyphens ("040 123 4567",
# "+358-40-1234567"). Dates and years do not start with 0 or +.
_PHONE = re.compile(r"(?<![\w+])(?:\+|0)\d(?:[ -]?\d){5,13}(?!\w)")
# Only from the start of a run of address characters: searching from every
# position of a long run without '@' would take time quadratic in its length.
_EMAIL = re.compile(r"(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+", re.UNICODE)
# Finnish personal identity code: DDMMYY, a century sign, three digits and a
# check character (the new century signs of 2023 included).
_HETU = re.compile(r"(?<!\w)[0-3]\d[01]\d\d\d[-+A-FU-Y]\d{3}[0-9A-FHJ-NPR-Y](?!\w)", re.IGNORECASE)
# Two capitalised words joined by _ . - or a space: Matti_Meikalainen.
_FIRST_LAST = re.compile(r"[A-ZÅÄÖ][a-zåäöéü]+[_.\- ][A-ZÅÄÖ][a-zåäöéü]+(?:[_.\- ][A-ZÅÄÖ][a-zåäöéü]+)*")


def pseudonym_problem(code: str) -> Literal["phone", "email", "hetu", "name"] | None:
    """Why `code` looks like personal data rather than a pseudonym, or None."""
    if _EMAIL.fullmatch(code) or "@" in code:
        return "email"
    if _HETU.fullmatch(code):
        return "hetu"
    if _PHONE.fullmatch(code):
        return "phone"
    if _FIRST_LAST.fullmatch(code):
        return "name"
    return None


def personal_data_in(text: str) -> list[PersonalKind]:
    """The kinds of personal data `text` seems to hold, in a fixed order; empty if none."""
    found: list[PersonalKind] = []
    if _PHONE.search(text):
        found.append("phone")
    if "@" in text and _EMAIL.search(text):
        found.append("email")
    if _HETU.search(text):
        found.append("hetu")
    return found
