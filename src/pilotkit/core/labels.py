"""Words for stored values that more than one interface shows a person, in fi, sv and en.

Answers (yes, no, not applicable), the overall score, visit statuses and
channels are stored as ids (`in_person`, `submitted`); a person reads them
here, the same in the terminal app, the command line's tables and the
exports. Lower case, as they stand inside a sentence or a spreadsheet cell;
a screen capitalises where a label starts a line.
"""

from __future__ import annotations

from typing import Literal

from pilotkit.core.langs import LANGS, Lang

LabelKind = Literal["answer", "status", "channel", "principle"]

LABELS: dict[LabelKind, dict[str, dict[Lang, str]]] = {
    "answer": {
        "yes": {"fi": "kyllä", "sv": "ja", "en": "yes"},
        "no": {"fi": "ei", "sv": "nej", "en": "no"},
        "na": {"fi": "ei koske", "sv": "ej tillämpligt", "en": "not applicable"},
    },
    "status": {
        "draft": {"fi": "luonnos", "sv": "utkast", "en": "draft"},
        "submitted": {"fi": "lähetetty", "sv": "inskickat", "en": "submitted"},
        "approved": {"fi": "hyväksytty", "sv": "godkänt", "en": "approved"},
        "rejected": {"fi": "hylätty", "sv": "avvisat", "en": "rejected"},
    },
    "channel": {
        "in_person": {"fi": "käynti paikan päällä", "sv": "besök på plats", "en": "in person"},
        "phone": {"fi": "puhelin", "sv": "telefon", "en": "phone"},
        "email": {"fi": "sähköposti", "sv": "e-post", "en": "e-mail"},
        "chat": {"fi": "chat", "sv": "chatt", "en": "chat"},
        "video": {"fi": "videoyhteys", "sv": "videosamtal", "en": "video call"},
        "web": {"fi": "verkkosivut", "sv": "webbplats", "en": "website"},
    },
    "principle": {
        "overall": {"fi": "kokonaisuus", "sv": "totalt", "en": "overall"},
    },
}


def label(kind: LabelKind, value: str, lang: str) -> str:
    """The word for `value` in `lang`; an unknown value is shown as it is stored."""
    texts = LABELS[kind].get(value)
    if texts is None:
        return value
    return texts[lang] if lang in LANGS else texts["en"]


def title_label(kind: LabelKind, value: str, lang: str) -> str:
    """The label capitalised, for the start of a line or a column heading."""
    text = label(kind, value, lang)
    return text[:1].upper() + text[1:]
