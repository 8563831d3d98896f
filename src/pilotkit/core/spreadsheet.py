"""Exports laid out for a person's spreadsheet (`--excel`), not for a program.

The plain CSV and JSON exports keep stable machine headers, full floats and
ISO 8601 for scripts. With `--excel` the same rows are shown as a Finnish
(or Swedish, or English) lead would want them in Excel or LibreOffice:

- headers in the chosen language, principle columns under their names;
- a library-name column beside each ISIL code and a round-label column
  beside each round id;
- principle scores and intervals (0–100) rounded to one decimal, item
  scores (0–1) to two;
- times as `YYYY-MM-DD HH:MM`, which Excel and LibreOffice in a Finnish
  locale read as date-times (the `T` of ISO 8601 keeps them as text);
- statuses and channels in words.

The CSV dialect (BOM, `;`, decimal comma, CRLF) is `csvdialect.Dialect`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import astuple, dataclass, field
from typing import IO, TYPE_CHECKING

from pilotkit.core.entities import OVERALL
from pilotkit.core.formatting import spreadsheet_date_time
from pilotkit.core.labels import label, title_label

if TYPE_CHECKING:
    from pilotkit.core.csvdialect import Dialect
    from pilotkit.core.filters import Filters
    from pilotkit.core.visit_service import VisitService

HEADERS: dict[str, dict[str, str]] = {
    "visit_id": {"fi": "käynnin tunnus", "sv": "besökets id", "en": "visit id"},
    "library": {"fi": "kirjasto (ISIL)", "sv": "bibliotek (ISIL)", "en": "library (ISIL)"},
    "library_name": {"fi": "kirjaston nimi", "sv": "bibliotekets namn", "en": "library name"},
    "round": {"fi": "kierros", "sv": "omgång", "en": "round"},
    "round_label": {"fi": "kierroksen nimi", "sv": "omgångens namn", "en": "round label"},
    "scenario": {"fi": "skenaario", "sv": "scenario", "en": "scenario"},
    "scenario_version": {"fi": "skenaarion versio", "sv": "scenarioversion",
                         "en": "scenario version"},
    "evaluator": {"fi": "arvioija", "sv": "utvärderare", "en": "evaluator"},
    "channel": {"fi": "kanava", "sv": "kanal", "en": "channel"},
    "visited_at": {"fi": "käynnin aika", "sv": "besökstid", "en": "visited at"},
    "status": {"fi": "tila", "sv": "status", "en": "status"},
    "section": {"fi": "osio", "sv": "avsnitt", "en": "section"},
    "item_id": {"fi": "kohdan tunnus", "sv": "punktens id", "en": "item id"},
    "item_text": {"fi": "kohta", "sv": "punkt", "en": "item"},
    "answer": {"fi": "vastaus", "sv": "svar", "en": "answer"},
    "answer_label": {"fi": "vastaus sanoin", "sv": "svaret i ord", "en": "answer in words"},
    "score": {"fi": "pisteet (0–1)", "sv": "poäng (0–1)", "en": "score (0–1)"},
    "principles": {"fi": "periaatteet", "sv": "principer", "en": "principles"},
    "note": {"fi": "huomio", "sv": "anteckning", "en": "note"},
    "language": {"fi": "kieli", "sv": "språk", "en": "language"},
    "comment": {"fi": "kommentti", "sv": "kommentar", "en": "comment"},
    "no_personal_tie": {"fi": "ei henkilökohtaista sidettä", "sv": "ingen personlig anknytning",
                        "en": "no personal tie"},
    "principle": {"fi": "periaate", "sv": "princip", "en": "principle"},
    "principle_name": {"fi": "periaatteen nimi", "sv": "principens namn",
                       "en": "principle name"},
    "n": {"fi": "n (käyntejä)", "sv": "n (besök)", "en": "n (visits)"},
    "mean": {"fi": "keskiarvo", "sv": "medelvärde", "en": "mean"},
    "ci_low": {"fi": "95 %:n väli, alaraja", "sv": "95 %-intervall, nedre",
               "en": "95 % interval, low"},
    "ci_high": {"fi": "95 %:n väli, yläraja", "sv": "95 %-intervall, övre",
                "en": "95 % interval, high"},
    # a change between two rounds (`compare --change`), as the comparison's `e` writes it
    "n_from": {"fi": "n, ensimmäinen kierros", "sv": "n, första omgången",
               "en": "n, first round"},
    "n_to": {"fi": "n, jälkimmäinen kierros", "sv": "n, andra omgången", "en": "n, second round"},
    "mean_from": {"fi": "keskiarvo, ensimmäinen kierros", "sv": "medelvärde, första omgången",
                  "en": "mean, first round"},
    "mean_to": {"fi": "keskiarvo, jälkimmäinen kierros", "sv": "medelvärde, andra omgången",
                "en": "mean, second round"},
    "delta": {"fi": "muutos", "sv": "förändring", "en": "change"},
    "clear": {"fi": "selvä muutos", "sv": "tydlig förändring", "en": "clear change"},
    "mixed_scenarios": {"fi": "eri skenaariot kierroksilla", "sv": "olika scenarier i omgångarna",
                        "en": "different scenarios in the rounds"},
    "p_value": {"fi": "p-arvo", "sv": "p-värde", "en": "p-value"},
    "p_adjusted": {"fi": "p-arvo, korjattu", "sv": "p-värde, korrigerat", "en": "p-value, adjusted"},
    "clear_adjusted": {"fi": "selvä muutos korjattuna", "sv": "tydlig förändring korrigerat",
                       "en": "clear change, adjusted"},
}
GROUP_HEADERS = {"scenario": "scenario", "channel": "channel", "library": "library"}
SCORE_COLUMNS = frozenset({"mean", "ci_low", "ci_high", "mean_from", "mean_to", "delta"})
"""Columns on the 0–100 scale besides the principle columns: one decimal."""
YES_NO_COLUMNS = frozenset({"clear", "mixed_scenarios", "clear_adjusted"})
P_COLUMNS = frozenset({"p_value", "p_adjusted"})


def header(column: str, lang: str) -> str:
    texts = HEADERS.get(column)
    return (texts.get(lang) or texts["en"]) if texts else column


@dataclass(frozen=True)
class Names:
    libraries: Mapping[str, str] = field(default_factory=dict)
    rounds: Mapping[str, str] = field(default_factory=dict)
    principles: Mapping[str, str] = field(default_factory=dict)
    """Principle id → name in the export's language (overall included)."""

    @classmethod
    def of(cls, store: VisitService, principles: Mapping[str, str]) -> Names:
        """The store's library names and round labels, with `principles`."""
        return cls({lib.id: lib.name for lib in store.libraries()},
                   {r.id: r.label or "" for r in store.rounds()}, principles)


def _one_decimal(value: object) -> object:
    return round(value, 1) if isinstance(value, float) else value


def _two_decimals(value: object) -> object:
    return round(value, 2) if isinstance(value, float) else value


def _text(value: object) -> str:
    return "" if value is None else str(value)


class Sheet:
    """The columns of an export for a spreadsheet, and each row transformed to match."""

    def __init__(self, columns: Sequence[str], names: Names, lang: str,
                 group: str = "library") -> None:
        self.lang = lang
        self.names = names
        # (header, source column index, how to show the value)
        self.plan: list[tuple[str, int, str]] = []
        for index, column in enumerate(columns):
            kind = column
            if column == "group":
                kind = GROUP_HEADERS.get(group, "library")
            if column in names.principles:
                self.plan.append((names.principles[column], index, "score100"))
                continue
            self.plan.append((header(kind, lang), index, kind))
            if kind == "library":
                self.plan.append((header("library_name", lang), index, "library_name"))
            elif kind == "round":
                self.plan.append((header("round_label", lang), index, "round_label"))
            elif kind == "principle":
                self.plan.append((header("principle_name", lang), index, "principle_name"))

    @property
    def headers(self) -> list[str]:
        return [head for head, _, _ in self.plan]

    def cell(self, value: object, kind: str) -> object:
        if kind in SCORE_COLUMNS or kind == "score100":
            return _one_decimal(value)
        if kind == "score":
            return _two_decimals(value)
        if kind == "visited_at":
            return spreadsheet_date_time(_text(value)) if value else value
        if kind == "library_name":
            return self.names.libraries.get(_text(value), "")
        if kind == "round_label":
            return self.names.rounds.get(_text(value), "")
        if kind == "principle_name":
            return self.names.principles.get(_text(value), _text(value))
        if kind in P_COLUMNS:
            return round(value, 4) if isinstance(value, float) else value
        if kind in YES_NO_COLUMNS and value is not None:
            return label("answer", "yes" if value else "no", self.lang)
        if kind == "status" and value is not None:
            return label("status", _text(value), self.lang)
        if kind == "channel" and value is not None:
            return label("channel", _text(value), self.lang)
        return value

    def rows(self, rows: Iterable[Sequence[object]]) -> Iterator[list[object]]:
        plan = self.plan
        cell = self.cell
        for row in rows:
            yield [cell(row[index], kind) for _, index, kind in plan]


def principle_names(ids: Sequence[str], name_of: Mapping[str, str], lang: str) -> dict[str, str]:
    """Principle id → its name, and overall's word, for headers and the principle column."""
    out = {p: name_of.get(p, p) for p in ids}
    out[OVERALL] = title_label("principle", OVERALL, lang)
    return out


def write_sheet(out: IO[str], store: VisitService, kind: str, filters: Filters, lang: str,
                principles: Mapping[str, str], by: str, dialect: Dialect,
                progress: Callable[[], None] | None = None) -> int:
    """The `kind` export (answers, visits, scores) laid out for a spreadsheet, as CSV."""
    from pilotkit.core import export as exporting
    from pilotkit.core.compare import compare_cells
    from pilotkit.core.compare_files import CELL_COLUMNS
    from pilotkit.core.csvdialect import write_csv

    names = Names.of(store, principles)
    columns: Sequence[str]
    rows: Iterable[Sequence[object]]
    if kind == "answers":
        columns, rows = exporting.ANSWER_COLUMNS, exporting.answer_rows(store, filters, lang)
    elif kind == "visits":
        columns, rows = exporting.visit_columns(store), exporting.visit_rows(store, filters)
    else:
        _, cells = compare_cells(store, by, filters)  # type: ignore[arg-type]
        columns, rows = CELL_COLUMNS, (astuple(c) for c in cells)
    if kind == "scores" and by != "library":
        names = Names({}, names.rounds, principles)  # groups are scenarios or channels
    sheet = Sheet(columns, names, lang, group=by if kind == "scores" else "library")
    return write_csv(out, sheet.headers, sheet.rows(rows), dialect, progress)
