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


def _from_locale_name(name: str) -> Lang:
    code = name.split(":")[0][:2].lower()
    if code == "fi":
        return "fi"
    if code == "sv":
        return "sv"
    return "en"
