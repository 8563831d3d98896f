"""Words for stored values that more than one interface shows a person, in fi, sv and en.

Answers (yes, no, not applicable), the overall score, visit statuses,
channels, a database's role and the actions of its review log are stored as
ids (`in_person`, `submitted`); a person reads them here, the same in the
terminal app, the command line's tables and the exports. Lower case, as they
stand inside a sentence or a spreadsheet cell; a screen capitalises where a
label starts a line.
"""

from __future__ import annotations

from typing import Literal

from pilotkit.core.langs import LANGS, Lang

LabelKind = Literal["answer", "status", "channel", "principle", "role", "action"]

LABELS: dict[LabelKind, dict[str, dict[Lang, str]]] = {
    "answer": {
        "yes": {"fi": "kyllä", "sv": "ja", "en": "yes"},
        "no": {"fi": "ei", "sv": "nej", "en": "no"},
        "na": {"fi": "ei koske", "sv": "ej tillämpligt", "en": "not applicable"},
    },
    "status": {
        "draft": {"fi": "luonnos", "sv": "utkast", "en": "draft"},
        "submitted": {"fi": "valmis", "sv": "klart", "en": "submitted"},
        "approved": {"fi": "hyväksytty", "sv": "godkänt", "en": "approved"},
        "rejected": {"fi": "hylätty", "sv": "avvisat", "en": "rejected"},
        "returned": {"fi": "palautettu korjattavaksi", "sv": "returnerat för rättelse",
                     "en": "returned for correction"},
        # not a status a visit has: what its review log says of a discarded draft
        "discarded": {"fi": "poistettu", "sv": "kasserat", "en": "discarded"},
    },
    "role": {
        "evaluator": {"fi": "arvioija", "sv": "utvärderare", "en": "evaluator"},
        "lead": {"fi": "tiiminvetäjä", "sv": "teamledare", "en": "team lead"},
    },
    # what a review log entry records: the action that changed the status
    "action": {
        "submit": {"fi": "merkintä valmiiksi", "sv": "markering som klart", "en": "submitted"},
        "reopen": {"fi": "avaus korjattavaksi", "sv": "öppning för rättelse", "en": "reopened"},
        "discard": {"fi": "luonnoksen poisto", "sv": "kassering av utkast",
                    "en": "draft discarded"},
        "approve": {"fi": "hyväksyntä", "sv": "godkännande", "en": "approved"},
        "reject": {"fi": "hylkäys", "sv": "avvisning", "en": "rejected"},
        "return": {"fi": "palautus korjattavaksi", "sv": "returnering för rättelse",
                   "en": "returned for correction"},
        "undo": {"fi": "päätöksen kumoaminen", "sv": "beslutet ångrat", "en": "decision undone"},
        "record": {"fi": "tuonti tiedostosta", "sv": "import från fil",
                   "en": "recorded from a file"},
        "migrate": {"fi": "tila ennen tarkastuslokia", "sv": "status före granskningsloggen",
                    "en": "status before the review log"},
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
