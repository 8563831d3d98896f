"""Personal data that must not enter pilotkit: evaluation is of the service, never of a person.

Evaluator codes are pseudonyms, so a code that looks like a phone number, an
e-mail address, a Finnish personal identity code or a `First_Last` name is
refused. Free text (notes, comments, text answers) is only *warned* about: a
library's phone number in a note is legitimate, and an evaluator must never
lose what they wrote.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING, Literal

if TYPE_CHECKING:
    from pilotkit.core.entities import Library
    from pilotkit.core.scenarios import Scenario

PersonalKind = Literal["phone", "email", "hetu", "name"]

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


def personal_data_in(text: str, known: Iterable[str] | None = None) -> list[PersonalKind]:
    """The kinds of personal data `text` seems to hold, in a fixed order; empty if none.

    With `known` (the words of the visit's library, place and scenario) a
    person's name or description is looked for too (`names_a_person`).
    """
    found: list[PersonalKind] = []
    if _PHONE.search(text):
        found.append("phone")
    if "@" in text and _EMAIL.search(text):
        found.append("email")
    if _HETU.search(text):
        found.append("hetu")
    if known is not None and names_a_person(text, known):
        found.append("name")
    return found


# Words that say a person is being named or described, in Finnish, Swedish and English.
_NAME_CUES = re.compile(
    r"\b(?:nimeltä(?:än)?|nimi(?:kyltti|kyltissä|kyltin|kylttiin|lappu|lapussa|laatta)\w*"
    r"|heter|namn(?:skylt|bricka|lapp)\w*|named|name\s*(?:tag|badge|plate)s?|badge"
    # a description: age, glasses, beard, hair; a woman or man at the desk
    r"|\d{1,2}\s?v|\d{1,2}-?vuotia\w*|years?\s+old|år\s+gammal|silmälasi\w*|parta\w*"
    r"|partainen|tukka\w*|hiukse\w*|hiukset|blondi\w*|glasses|beard\w*|(?:grey|gray)-haired"
    r"|glasögon|skägg\w*|nainen|naisen|naisvirkailija\w*|mies|miehen|miesvirkailija\w*"
    r"|woman|man|kvinna\w*|mannen)\b",
    re.IGNORECASE)
# A capitalised word: an initial capital, then lower case (acronyms such as ISIL are not names).
_CAPITALISED = re.compile(r"[A-ZÅÄÖÜ][a-zåäöéü]+(?:-[A-ZÅÄÖÜ]?[a-zåäöéü]+)*")
_SENTENCE_BREAK = re.compile(r"[.!?:;]+(?:\s+|$)|\n+|\s+[-–]\s+")
# Capitalised words that are not people in any of the three languages.
_NOT_PEOPLE = frozenset([
    "I", "Mr", "Mrs", "Ms", "Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
    "Sunday", "January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December", "English", "Finnish", "Swedish", "Finland",
    "Suomi", "Sverige", "Helmet", "Finna", "Kela", "Google", "Facebook", "Instagram", "Wi-Fi",
    "Ok", "Okay"])


def names_a_person(text: str, known: Iterable[str]) -> bool:
    """Whether `text` seems to name or describe a person: a word such as "nimeltä" or
    "name tag", or a capitalised word that neither begins a sentence nor is one of the
    `known` library, place or scenario words (Finnish endings allowed: Lohjalla is Lohja).
    A warning's heuristic, never a refusal: a false alarm costs a glance."""
    if _NAME_CUES.search(text):
        return True
    stems = _stems(tuple(known))
    for sentence in _SENTENCE_BREAK.split(text):
        for word in sentence.split()[1:]:
            token = word.strip("\"'()[]{},«»”“")
            head = token.split("-")[0]  # Helmet-verkko: the compound's first part decides
            if (_CAPITALISED.fullmatch(token) and head not in _NOT_PEOPLE
                    and not _is_known(head.lower(), stems)):
                return True
    return False


@functools.lru_cache(maxsize=64)
def _stems(known: tuple[str, ...]) -> frozenset[str]:
    """The known words, lower case: built once per visit's context, not once per note (a
    scenario's texts in three languages are hundreds of phrases; `record` checks thousands)."""
    return frozenset(word.lower() for phrase in known for word in re.findall(r"\w+", phrase)
                     if len(word) > 1)


def _is_known(word: str, stems: frozenset[str]) -> bool:
    # a Finnish word inflects at its end (Lohja, Lohjan, Lohjalla; Vihti, Vihdin)
    return word in stems or any(
        len(stem) >= 3 and _common_prefix(word, stem) >= max(3, len(stem) - 2)
        for stem in stems)


def _common_prefix(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def context_words(scenario: Scenario, places: Iterable[str]) -> list[str]:
    """The words a note may name without naming a person: the scenario's own texts (every
    language) and the libraries' names, municipalities and codes in `places`."""
    texts = [place for place in places if place]
    for text in (scenario.title, scenario.description, scenario.persona, scenario.script,
                 *(item.text for item in scenario.items())):
        if text is not None:
            texts += [t for t in (text.fi, text.sv, text.en) if t]
    return texts


def library_words(libraries: Iterable[Library]) -> list[str]:
    return [word for lib in libraries for word in (lib.id, lib.name, lib.municipality or "")]
