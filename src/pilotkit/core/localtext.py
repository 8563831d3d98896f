"""Texts that authors write in Finnish, Swedish and English.

A text field takes either a plain string (the same text in every language)
or a mapping with at least one of `fi`, `sv`, `en`. Display falls back from
the chosen language to en, fi, sv, in that order (contract §2).
"""

from __future__ import annotations

from typing import Any

from pydantic import BaseModel, ConfigDict, model_validator

from pilotkit.core.langs import LANGS, Lang
from pilotkit.core.messages import Message

_FALLBACK: tuple[Lang, ...] = ("en", "fi", "sv")


class LocalText(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)

    fi: str | None = None
    sv: str | None = None
    en: str | None = None

    @model_validator(mode="before")
    @classmethod
    def _plain_string(cls, value: Any) -> Any:
        if isinstance(value, str):
            return {"fi": value, "sv": value, "en": value}
        return value

    @model_validator(mode="after")
    def _not_empty(self) -> LocalText:
        if not any((self.fi, self.sv, self.en)):
            raise ValueError(Message("text_in_no_language"))
        return self

    def get(self, lang: str) -> str:
        for candidate in (lang, *_FALLBACK):
            text = getattr(self, candidate, None) if candidate in LANGS else None
            if text:
                return str(text)
        return ""  # unreachable for a validated text
