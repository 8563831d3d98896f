"""Issue 13: `record` of numbers no database can hold and text no database can store.

Each is refused with one line naming the visit and the field, in the user's
language, and nothing is written; personal data in free text is warned about
after recording, never refused. Expected lines are written out here in full.
"""

from __future__ import annotations

import json
import os
import sqlite3
import traceback
from typing import Any

import pytest
from click.testing import CliRunner, Result

from pilotkit.cli import main
from tests.fixtures import VISIT

VID = VISIT["id"]
DRAFT = {**VISIT, "status": "draft", "answers": {"greeted": "yes"}}
del DRAFT["notes"], DRAFT["comment"]


def invoke(env: dict[str, str], *args: str, stdin: str | None = None) -> Result:
    """`pilotkit ARGS` in this process; a Python exception is a failure of the test."""
    environment: dict[str, str | None] = {k: None for k in os.environ if k.startswith("PILOTKIT_")}
    environment.update(env)
    result = CliRunner().invoke(main, list(args), input=stdin, env=environment)
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        raise AssertionError("".join(traceback.format_exception(result.exception)))
    return result


def setup(env: dict[str, str]) -> None:
    assert invoke(env, "libraries", "add", "FI-Lohja", "Lohja").exit_code == 0
    assert invoke(env, "rounds", "add", "2017-baseline", "--staff-informed", "2017-04-03"
                  ).exit_code == 0


def payload(*visits: dict[str, Any]) -> str:
    return json.dumps({"format": "pilotkit-visits/1", "visits": list(visits)}, ensure_ascii=True)


def with_number(text: str) -> str:
    """A visit whose wait_minutes answer is the JSON number `text`, exactly as written."""
    visit = {**DRAFT, "answers": {"greeted": "yes", "wait_minutes": "NUMBER"}}
    return payload(visit).replace('"NUMBER"', text)


def stored(env: dict[str, str], sql: str) -> list[tuple[Any, ...]]:
    conn = sqlite3.connect(env["PILOTKIT_DB"])
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


# -- numbers --------------------------------------------------------------------------------------


@pytest.mark.parametrize(("number", "reason"), [
    (str(2**63), "the number 9223372036854775808 is too large to store"),
    # 10**400 has 401 digits; the line gives the size, not the digits
    ("1" + "0" * 400, "a number of about 401 digits is too large to store"),
    # past 4,300 digits Python refuses to convert the text at all (it refused the whole file)
    ("1" + "0" * 5000, "a number of about 5001 digits is too large to store"),
    ("-" + "9" * 5000, "expected a number of at least 0, got a number of about 5000 digits"),
], ids=["2**63", "10**400", "5001-digits", "minus-5000-digits"])
def test_numbers_beyond_64_bits_are_refused_naming_the_field(env: dict[str, str], number: str,
                                                              reason: str) -> None:
    setup(env)
    result = invoke(env, "record", "-", stdin=with_number(number))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"visits[0] ({VID}): answers.wait_minutes: {reason}"]
    assert stored(env, "SELECT count(*) FROM visits") == [(0,)]


def test_the_largest_64_bit_number_is_kept_exactly(env: dict[str, str]) -> None:
    setup(env)
    result = invoke(env, "record", "-", stdin=with_number(str(2**63 - 1)))
    assert result.exit_code == 0, result.stderr
    assert stored(env, "SELECT value FROM answers WHERE item_id = 'wait_minutes'") == [
        (9223372036854775807,)]


def test_a_huge_number_anywhere_else_is_named_too(env: dict[str, str]) -> None:
    setup(env)
    huge = "7" * 5000
    text = payload({**DRAFT, "scenario_version": "V", "comment": ["C"]}).replace(
        '"V"', huge).replace('"C"', huge)
    result = invoke(env, "record", "-", stdin=text)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"visits[0] ({VID}): comment: expected text, got 'list'",
        f"visits[0] ({VID}): scenario_version: expected a whole number, "
        "got a number of about 5000 digits",
    ]


def test_a_huge_number_in_finnish(env: dict[str, str]) -> None:
    setup(env)
    result = invoke(env, "--lang", "fi", "record", "-", stdin=with_number("1" + "0" * 400))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"visits[0] ({VID}): answers.wait_minutes: "
        "noin 401-numeroinen luku on liian suuri tallennettavaksi"]


# -- lone surrogates ------------------------------------------------------------------------------

LONE = "a\ud800b"
UNSTORABLE = "the text holds a character that cannot be stored (a lone UTF-16 surrogate)"


@pytest.mark.parametrize(("change", "field"), [
    ({"comment": LONE}, "comment"),
    ({"notes": {"greeted": LONE}}, "notes.greeted"),
    ({"answers": {"greeted": "yes", "remarks": "\udfff"}}, "answers.remarks"),
    ({"scenario": LONE}, "scenario"),
], ids=["comment", "note", "text-answer", "scenario-id"])
def test_lone_surrogates_are_refused_naming_the_field(env: dict[str, str], change: dict[str, Any],
                                                      field: str) -> None:
    setup(env)
    text = payload({**DRAFT, **change})
    assert "\\ud800" in text or "\\udfff" in text  # as JSON writes them: an escape, alone
    result = invoke(env, "record", "-", stdin=text)
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [f"visits[0] ({VID}): {field}: {UNSTORABLE}"]
    assert stored(env, "SELECT count(*) FROM visits") == [(0,)]


def test_a_lone_surrogate_in_swedish(env: dict[str, str]) -> None:
    setup(env)
    result = invoke(env, "--lang", "sv", "record", "-", stdin=payload({**DRAFT, "comment": LONE}))
    assert result.exit_code == 1
    assert result.stderr.splitlines() == [
        f"visits[0] ({VID}): comment: texten har ett tecken som inte kan sparas "
        "(ett ensamt UTF-16-surrogat)"]


def test_a_surrogate_pair_is_an_ordinary_character(env: dict[str, str]) -> None:
    setup(env)
    # "\ud83d\ude00" in JSON is one character, U+1F600
    result = invoke(env, "record", "-", stdin=payload({**DRAFT, "comment": "\U0001F600"}))
    assert result.exit_code == 0, result.stderr
    assert stored(env, "SELECT comment FROM visits") == [("\U0001F600",)]


# -- personal data: a warning after recording -----------------------------------------------------

SECOND = "00000000-0000-4000-8000-000000000002"
THIRD = "00000000-0000-4000-8000-000000000003"


def visits_with_personal_data() -> str:
    return payload(
        {**DRAFT, "notes": {"greeted": "soita 040 123 4567"},
         "comment": "maija@example.fi, 131052-308T"},
        {**DRAFT, "id": SECOND, "answers": {"greeted": "no", "remarks": "puh. 09 816 31200"}},
        {**DRAFT, "id": THIRD, "notes": {"greeted": "aukeaa klo 10-18"},
         "comment": "ei mitään"},
    )


def test_personal_data_in_free_text_is_warned_about_not_refused(env: dict[str, str]) -> None:
    setup(env)
    result = invoke(env, "record", "-", stdin=visits_with_personal_data())
    assert result.exit_code == 0, result.stderr
    assert result.stdout == "recorded 3 visits\n"
    service = "the evaluation is of the service, not of a person"
    assert result.stderr.splitlines() == [
        f"visits[0] ({VID}): notes.greeted: The note seems to hold personal data "
        f"(a phone number): {service}",
        f"visits[0] ({VID}): comment: The comment seems to hold personal data "
        f"(an e-mail address, a personal identity code): {service}",
        f"visits[1] ({SECOND}): answers.remarks: The answer seems to hold personal data "
        f"(a phone number): {service}",
    ]
    # and everything was kept as written
    assert stored(env, "SELECT count(*) FROM visits") == [(3,)]
    assert stored(env, f"SELECT comment FROM visits WHERE id = '{VID}'") == [
        ("maija@example.fi, 131052-308T",)]


def test_the_warning_in_finnish(env: dict[str, str]) -> None:
    setup(env)
    result = invoke(env, "--lang", "fi", "record", "-", stdin=visits_with_personal_data())
    assert result.exit_code == 0, result.stderr
    service = "arvioidaan palvelua, ei henkilöä"
    assert result.stderr.splitlines() == [
        f"visits[0] ({VID}): notes.greeted: Muistiinpano näyttää sisältävän henkilötietoja "
        f"(puhelinnumero): {service}",
        f"visits[0] ({VID}): comment: Kommentti näyttää sisältävän henkilötietoja "
        f"(sähköpostiosoite, henkilötunnus): {service}",
        f"visits[1] ({SECOND}): answers.remarks: Vastaus näyttää sisältävän henkilötietoja "
        f"(puhelinnumero): {service}",
    ]


def test_an_unknown_key_of_the_file_is_named_on_one_line(env: dict[str, str]) -> None:
    """Found by the fuzz test: a key of the file itself broke its line in two."""
    setup(env)
    result = invoke(env, "record", "-", stdin='{"format": "pilotkit-visits/1", "visits": [],'
                                              ' "\\n": 1}')
    assert result.exit_code == 1
    assert result.stderr.splitlines() == ["'\\n': unknown key"]
