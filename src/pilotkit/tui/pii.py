"""A warning, never a refusal, when free text seems to hold someone's personal data.

A library's own phone number in a note is legitimate and an evaluator must
never lose what they wrote, so the text is saved as it is; the warning only
reminds that the evaluation is of the service, not of a person.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pilotkit.core.messages import render
from pilotkit.core.privacy import personal_data_in
from pilotkit.tui.i18n import current_language

Field = Literal["field_note", "field_comment", "field_text"]


def pii_warning(text: str, field: Field, known: Iterable[str] | None = None) -> str | None:
    """The warning for `text` typed into `field`, in the user's language; None if it looks clean.

    With `known` (the visit's library, place and scenario words) a person's name or
    description is looked for too."""
    kinds = personal_data_in(text, known)
    if not kinds:
        return None
    lang = current_language()
    return render("pii_warning", lang, field=render(field, lang),
                  kinds=", ".join(render(f"pii_{kind}", lang) for kind in kinds))
