"""Exports (contract §6): answers, visits and scores, streamed row by row.

Rows come from database cursors and go straight to the writer, so memory
stays flat however many visits there are. The Excel dialect (UTF-8 with BOM,
`;`, decimal comma, CRLF) opens correctly in Excel set to a Finnish locale.
In every dialect a text cell that a spreadsheet would run as a formula is
neutralised with a leading `'`; numbers we format ourselves are not text.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from itertools import groupby
from operator import itemgetter
from typing import IO, TYPE_CHECKING, Any, Literal

from pilotkit.core.csvdialect import FORMULA_STARTS as FORMULA_STARTS
from pilotkit.core.csvdialect import Dialect as Dialect
from pilotkit.core.csvdialect import neutralise as neutralise
from pilotkit.core.csvdialect import write_csv as write_csv
from pilotkit.core.entities import OVERALL
from pilotkit.core.filters import NO_FILTERS, Filters
from pilotkit.core.item_facts import NA, Answer, ItemFacts, in_lang
from pilotkit.core.labels import label
from pilotkit.core.visit_service import VisitService

if TYPE_CHECKING:
    from pilotkit.core.compare import GroupBy

Kind = Literal["answers", "visits", "scores"]

ExportFilters = Filters
"""The one filter of comparisons and exports (`pilotkit.core.filters`), by its old name here."""


VISIT_COLUMNS = ["visit_id", "library", "round", "scenario", "scenario_version", "evaluator",
                 "channel", "visited_at", "status"]
ANSWER_COLUMNS = [*VISIT_COLUMNS, "section", "item_id", "item_text", "answer", "answer_label",
                  "score", "principles", "note"]


class _ScenarioCache:
    """Per stored scenario text, the item columns that do not change between visits."""

    def __init__(self, store: VisitService, lang: str) -> None:
        self.store = store
        self.lang = lang
        self._infos: dict[str, list[_ItemInfo]] = {}

    def get(self, sha256: str) -> list[_ItemInfo]:
        cached = self._infos.get(sha256)
        if cached is None:
            cached = self._infos[sha256] = [
                _ItemInfo(item, in_lang(item.section, self.lang), in_lang(item.text, self.lang),
                          item.weights())
                for item in self.store.item_facts(sha256)]
        return cached


@dataclass(frozen=True)
class _ItemInfo:
    item: ItemFacts
    section: str
    text: str
    principles: str


def _answer_label(item: ItemFacts, value: Answer | None, lang: str) -> str | None:
    if value is None:
        return None
    if isinstance(value, str) and (value == NA or (item.type == "yesno"
                                                   and value in ("yes", "no"))):
        return label("answer", value, lang)
    if item.type == "choice":
        option = item.options.get(str(value))
        return in_lang(option, lang) if option else None
    if item.unit is not None:
        return in_lang(item.unit, lang)
    return None


def _answer_cells(item: ItemFacts, value: Answer | None, score: float | None,
                  lang: str) -> tuple[Answer | None, str | None, float | None]:
    """An answer's value, label and score columns."""
    return value, _answer_label(item, value, lang), score


Scores = dict[str, float]
"""Item id → the item's stored score (`answers.score`): exactly `item_score` for an item
shown under skip logic and scored (an item is scored when it maps to a principle), so the
export need not work out skip logic again; absent for a hidden or unscored answer."""


AnswerRow = tuple[str, str, Answer | None, str | None, float | None]
"""An `answers` row as the exports read it: visit id, item id, value, note, score."""

NO_ANSWER: AnswerRow = ("", "", None, None, None)


def _visit_answer_rows(store: VisitService, filters: ExportFilters
                       ) -> Iterator[tuple[tuple[Any, ...], dict[str, AnswerRow]]]:
    """Each visit's row with its answer rows by item id, streamed in visit id order.

    Two ordered scans merged here: SQLite's nested join of visits × answers
    takes about 2.5 times as long for the same rows.
    """
    where, params = filters.where()
    visits_sql = (f"SELECT v.id, v.library_id, v.round_id, v.scenario_id, v.scenario_version,"
                  f" v.evaluator, v.channel, v.visited_at, v.status, v.scenario_sha256,"
                  f" v.language, v.comment, v.no_tie FROM visits v WHERE {where} ORDER BY v.id")
    # every visit's answers need no list of the visits to look each one up in
    within = ("" if filters == NO_FILTERS else
              f" WHERE a.visit_id IN (SELECT v.id FROM visits v WHERE {where})")
    answers_sql = (f"SELECT a.visit_id, a.item_id, a.value, a.note, a.score FROM answers a"
                   f"{within} ORDER BY a.visit_id, a.item_id")
    with store.reading() as conn:
        # grouped in C: a Python loop over every answer row cost a fifth of the export
        groups = groupby(conn.execute(answers_sql, params if within else []), itemgetter(0))
        pending = next(groups, None)
        for head in conn.execute(visits_sql, params):
            # answers of no visit (a file edited with its foreign keys off) are passed over;
            # SQLite orders text before any blob, so only text is compared
            while (pending is not None and type(pending[0]) is str and type(head[0]) is str
                   and pending[0] < head[0]):
                pending = next(groups, None)
            if pending is not None and pending[0] == head[0]:
                rows = {row[1]: row for row in pending[1]}
                pending = next(groups, None)
            else:
                rows = {}
            yield head, rows


def _visits_with_answers(store: VisitService, filters: ExportFilters
                         ) -> Iterator[tuple[tuple[Any, ...], dict[str, Answer], dict[str, str],
                                             Scores]]:
    """Each visit's row with its answers, notes and item scores, streamed in visit id order."""
    for head, rows in _visit_answer_rows(store, filters):
        yield (head, {i: r[2] for i, r in rows.items() if r[2] is not None},
               {i: r[3] for i, r in rows.items() if r[3]},
               {i: r[4] for i, r in rows.items() if r[4] is not None})


def answer_rows(store: VisitService, filters: ExportFilters, lang: str) -> Iterator[list[object]]:
    """One row per visit × item of the scenario the visit was filled with."""
    cache = _ScenarioCache(store, lang)
    for head, answers, notes, scores in _visits_with_answers(store, filters):
        infos = cache.get(head[9])
        base = list(head[:9])
        for info in infos:
            item = info.item
            yield [*base, info.section, item.id, info.text,
                   *_answer_cells(item, answers.get(item.id), scores.get(item.id), lang),
                   info.principles, notes.get(item.id)]


class CsvPieces:
    """Cells joined into a piece of a CSV line exactly as `csv.writer` joins a whole row.

    Quoting is per cell, so pieces joined with the delimiter make the very
    line the writer would have made; the pieces that repeat (a visit's
    columns, an item's, an answer's value, label and score) are made once.
    """

    def __init__(self, dialect: Dialect) -> None:
        self._buffer = io.StringIO()
        self.delimiter = ";" if dialect.excel else ","
        # the pieces' own terminator holds CR and LF so that a field with either is
        # quoted in every dialect; the line's real terminator is added by the caller
        self._writer = csv.writer(self._buffer, delimiter=self.delimiter, lineterminator="\r\n")
        self.terminator = "\r\n" if dialect.excel else "\n"

    def __call__(self, cells: Sequence[str]) -> str:
        if len(cells) == 1:
            return self.one(cells[0])
        return self._written(cells)

    def one(self, text: str) -> str:
        """One cell: the text itself unless the writer would quote it (a third of the time
        of a visit's line went to the writer for ids and times that never need quotes)."""
        if not text:
            return ""  # alone, the writer would quote it ("") to tell it from an empty line
        if self.delimiter in text or '"' in text or "\r" in text or "\n" in text:
            return self._written([text])
        return text

    def _written(self, cells: Sequence[str]) -> str:
        self._buffer.seek(0)
        self._buffer.truncate()
        self._writer.writerow(cells)
        return self._buffer.getvalue()[:-2]


ANSWER_PIECES_KEPT = 4096
"""Per item, formatted answers kept for reuse; free text rarely repeats, so the cache is capped."""


def write_answers_csv(out: IO[str], store: VisitService, filters: ExportFilters, lang: str,
                      dialect: Dialect, progress: Callable[[], None] | None = None) -> int:
    """The answers export as CSV; the same bytes as `write_csv` over `answer_rows`, faster."""
    cell = dialect.cell
    piece = CsvPieces(dialect)
    d, end = piece.delimiter, piece.terminator
    out.write(piece([neutralise(c) for c in ANSWER_COLUMNS]) + end)
    cache = _ScenarioCache(store, lang)
    # per scenario text: each item with its id, its formatted pieces, and the rest of a line
    # after the visit's columns for each answer so far (item, answer, principles; and with
    # the line's end where there is no note)
    Tails = dict[tuple[Answer | None, float | None], tuple[str, str]]
    item_pieces: dict[str, list[tuple[str, ItemFacts, str, str, Tails]]] = {}
    # a visit's columns repeat from visit to visit (library, round, scenario, evaluator …),
    # all but its id and time: each value is formatted once
    repeated: dict[object, str] = {}

    def head_piece(value: object) -> str:
        made = repeated.get(value)
        if made is None:
            made = piece.one(cell(value))
            if len(repeated) < ANSWER_PIECES_KEPT:
                repeated[value] = made
        return made

    count = 0
    for head, rows in _visit_answer_rows(store, filters):
        items = item_pieces.get(head[9])
        if items is None:
            items = [(info.item.id, info.item,
                      d + piece([cell(info.section), cell(info.item.id), cell(info.text)]) + d,
                      d + piece.one(cell(info.principles)) + d, {})
                     for info in cache.get(head[9])]
            item_pieces[head[9]] = items
        visit = d.join([piece.one(cell(head[0])), *map(head_piece, head[1:7]),
                        piece.one(cell(head[7])), head_piece(head[8])])
        tails = []
        for item_id, item, item_piece, principles_piece, answered in items:
            _, _, value, note, score = rows.get(item_id, NO_ANSWER)
            # 1 and 1.0 share a key; both are written "1", with the same label and score
            made = answered.get((value, score))
            if made is None:
                middle = (item_piece
                          + piece([cell(c) for c in _answer_cells(item, value, score, lang)])
                          + principles_piece)
                made = (middle, middle + end)
                if len(answered) < ANSWER_PIECES_KEPT:
                    answered[(value, score)] = made
            tails.append(made[1] if not note else made[0] + piece.one(cell(note)) + end)
        # every line starts with the visit's columns: one join makes the visit's lines (none
        # for a scenario without items)
        if tails:
            out.write(visit + visit.join(tails))
        if progress is not None and (count + len(tails)) // 1000 > count // 1000:
            progress()
        count += len(tails)
    return count


def visit_rows(store: VisitService, filters: ExportFilters,
               principles: Sequence[str] | None = None) -> Iterator[list[object]]:
    """One row per visit with a score column for each of `principles` (`visit_principles`)."""
    where, params = filters.where()
    if principles is None:
        principles = visit_principles(store, filters)
    sql = (f"SELECT v.id, v.library_id, v.round_id, v.scenario_id, v.scenario_version,"
           f" v.evaluator, v.channel, v.visited_at, v.status, v.language, v.comment,"
           f" v.no_tie, s.principle, s.score"
           f" FROM visits v LEFT JOIN visit_scores s ON s.visit_id = v.id"
           f" WHERE {where} ORDER BY v.id")
    with store.reading() as conn:
        current: list[object] | None = None
        scores: dict[str, float] = {}
        for row in conn.execute(sql, params):
            if current is None or row[0] != current[0]:
                if current is not None:
                    yield [*current, *(scores.get(p) for p in principles)]
                current, scores = list(row[:12]), {}
                if current[11] is not None:  # the declaration: true, false, or not asked
                    current[11] = bool(current[11])
            if row[12] is not None:
                scores[row[12]] = row[13]
        if current is not None:
            yield [*current, *(scores.get(p) for p in principles)]


def visit_principles(store: VisitService, filters: ExportFilters | None = None) -> list[str]:
    """The score columns of the visits export: the framework's principles in its order, then
    any other principle an exported visit has a score for (a framework that has dropped a
    principle must not hide stored scores), sorted, and the overall score last."""
    where, params = (filters or ExportFilters()).where()
    with store.reading() as conn:
        stored = {row[0] for row in conn.execute(
            f"SELECT DISTINCT principle FROM visit_scores WHERE visit_id IN"
            f" (SELECT v.id FROM visits v WHERE {where})", params)}
    framework = list(store.principle_ids)
    others = sorted(stored - {*framework, OVERALL})
    return [*framework, *others, OVERALL]


def visit_columns(store: VisitService, filters: ExportFilters | None = None,
                  principles: Sequence[str] | None = None) -> list[str]:
    if principles is None:
        principles = visit_principles(store, filters)
    return [*VISIT_COLUMNS, "language", "comment", "no_personal_tie", *principles]


def write_json_rows(out: IO[str], columns: Sequence[str],
                    rows: Iterable[Sequence[object]]) -> int:
    """A JSON array of objects, written one object at a time."""
    out.write("[")
    count = 0
    for row in rows:
        out.write(",\n" if count else "\n")
        out.write(json.dumps(dict(zip(columns, row, strict=True)), ensure_ascii=False))
        count += 1
    out.write("\n]\n" if count else "]\n")
    return count


def write_visits_json(out: IO[str], store: VisitService, filters: ExportFilters) -> int:
    """The interchange format (contract §5), streamed visit by visit."""
    from pilotkit.core.interchange import FORMAT, visit_to_json

    out.write(f'{{"format": "{FORMAT}", "visits": [')
    count = 0
    for head, answers, notes, _ in _visits_with_answers(store, filters):
        meta = {"id": head[0], "library": head[1], "round": head[2], "scenario": head[3],
                "scenario_version": head[4], "evaluator": head[5], "channel": head[6],
                "visited_at": head[7], "status": head[8], "language": head[10],
                "comment": head[11], "no_personal_tie": head[12]}
        out.write(",\n" if count else "\n")
        out.write(json.dumps(visit_to_json(meta, answers, notes), ensure_ascii=False))
        count += 1
    out.write("\n]}\n")
    return count


SCORE_COLUMNS = ["group", "round", "principle", "n", "mean", "ci_low", "ci_high"]


def score_rows(store: VisitService, by: GroupBy, filters: Filters) -> list[list[object]]:
    """The compare cells as rows (there are few: no need to stream)."""
    from pilotkit.core.compare import compare_cells

    _, cells = compare_cells(store, by, filters)
    return [[c.group, c.round, c.principle, c.n, c.mean, c.ci_low, c.ci_high] for c in cells]
