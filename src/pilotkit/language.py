"""The user's language: `--lang`, else the system locale, else English."""

from __future__ import annotations

import locale
import os

from pilotkit.core.langs import Lang


def resolve_lang(option: str | None = None) -> Lang:
    if option:
        return _from_locale_name(option)
    for var in ("LC_ALL", "LC_MESSAGES", "LANG", "LANGUAGE"):
        value = os.environ.get(var, "")
        if value:
            return _from_locale_name(value)
    try:
        name = locale.getlocale()[0] or ""
    except ValueError:
        name = ""
    return _from_locale_name(name)


def lang_in_argv(argv: list[str]) -> str | None:
    """`--lang X` (or `--lang=X`) among the command's own words, for a line said before
    click has parsed them (an error in the words themselves, a closed output)."""
    for index, word in enumerate(argv):
        if word == "--":
            break
        if word.startswith("--lang="):
            return word.split("=", 1)[1]
        if word == "--lang" and index + 1 < len(argv):
            return argv[index + 1]
    return None


def _from_locale_name(name: str) -> Lang:
    code = name.split(":")[0][:2].lower()
    if code == "fi":
        return "fi"
    if code == "sv":
        return "sv"
    return "en"
