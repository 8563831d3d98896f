"""The pilot report as a document: headings, paragraphs, tables and charts, in one language.

Built once from `ReportData`; `report_html.py` and `report_md.py` only lay
these blocks out, so the two formats can never say different things. Every
chart is followed by a table of the same numbers (its text alternative).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from pilotkit.core.compare import too_wide
from pilotkit.core.explain import explain
from pilotkit.core.formatting import date, interval, number, signed
from pilotkit.core.labels import label
from pilotkit.core.report_data import ReportData, Result
from pilotkit.core.report_text import text
from pilotkit.core.stats import CellStats


@dataclass(frozen=True)
class Heading:
    level: int
    text: str


@dataclass(frozen=True)
class Paragraph:
    text: str


@dataclass(frozen=True)
class Table:
    caption: str
    header: list[str]
    rows: list[list[str]]
    """The first cell of each row names it (a row header)."""


@dataclass(frozen=True)
class Point:
    mean: float
    low: float | None
    high: float | None


@dataclass(frozen=True)
class Chart:
    title: str
    description: str
    labels: list[str]
    before: list[Point | None]
    after: list[Point | None]
    legend: tuple[str, str]


Block = Heading | Paragraph | Table | Chart


@dataclass(frozen=True)
class Provenance:
    version: str
    database_id: str
    written: str


def build(data: ReportData, lang: str, principle_name: Callable[[str], str],
          provenance: Provenance, goals: str | None = None) -> list[Block]:
    """The report's blocks in reading order."""
    blocks: list[Block] = []
    last = data.rounds[-1]
    library_names = {lib.id: lib.name for lib in data.libraries}

    def round_name(index: int) -> str:
        r = data.rounds[index]
        return r.label or r.id

    blocks.append(Heading(1, text("title_change" if data.change else "title_status", lang)))
    # summary
    blocks.append(Heading(2, text("summary", lang)))
    counted = sum(data.visits.values())
    blocks.append(Paragraph(text("summary_change" if data.change else "summary_status", lang,
                                 first=round_name(0), last=round_name(-1), visits=counted,
                                 libraries=len(data.libraries))))
    narrowed = _narrowed(data, lang)
    if narrowed:  # a report made from a filtered comparison says so before any number
        blocks.append(Paragraph(text("narrowed", lang, parts="; ".join(narrowed))))
    if last.pilot:
        blocks.append(Paragraph(text("piloted", lang, pilot=last.pilot)))
    if data.change:
        for key, kept in (("better", _better), ("worse", _worse), ("unclear", _unclear)):
            moved = [principle_name(r.principle) for r in data.pooled if kept(r)]
            if moved:
                blocks.append(Paragraph(text(key, lang, names=", ".join(moved))))
    # the pilot and its goals
    blocks.append(Heading(2, text("goals", lang)))
    blocks.append(Table(text("rounds_caption", lang),
                        [text("round", lang), text("pilot", lang), text("dates", lang)],
                        [[r.label or r.id, r.pilot or "–", _dates(r.start, r.end, lang)]
                         for r in data.rounds]))
    blocks.extend(_goals(goals) if goals else [Paragraph(text("no_goals", lang))])
    # method
    blocks.append(Heading(2, text("method", lang)))
    blocks.append(Paragraph(text("method_visits", lang, evaluators=data.evaluators)))
    blocks.append(Paragraph(text("method_scoring", lang)))
    blocks.append(Table(text("scenarios_caption", lang),
                        [text("scenario", lang), text("version", lang)],
                        [[s.title, str(s.version)] for s in data.scenarios]))
    blocks.append(Table(text("visits_caption", lang),
                        [text("library", lang), *[r.label or r.id for r in data.rounds]],
                        [[lib.name, *[str(data.visits.get((lib.id, r.id), 0))
                                      for r in data.rounds]] for lib in data.libraries]))
    for key in ("which_visits", "mean", "interval", "clear"):
        blocks.append(Paragraph(explain(key, lang)))
    if data.change:
        blocks.append(Paragraph(text("mde_intro", lang)))
        blocks.append(Table(text("mde", lang), [text("principle", lang), text("mde", lang)],
                            [[principle_name(p), "–" if v is None else number(v, lang)]
                             for p, v in data.mde.items()]))
        if data.mixed:
            mixed = explain("mixed", lang).lstrip("≠ ")
            blocks.append(Paragraph(mixed[:1].upper() + mixed[1:] + " "
                                    + text("mixed_libraries", lang,
                                           names=", ".join(library_names[m]
                                                           for m in data.mixed))))
        blocks.append(Paragraph(text("many_caveat", lang)))
    blocks.append(Paragraph(text("suppressed_note", lang, n=data.suppressed, min=data.min_cell)))
    # results
    blocks.append(Heading(2, text("results", lang)))
    blocks.extend(_results(data, data.pooled, text("pooled_caption", lang), lang,
                           principle_name))
    for lib in data.libraries:
        blocks.append(Heading(3, lib.name))
        blocks.extend(_results(data, data.by_library[lib.id],
                               text("library_caption", lang, name=lib.name), lang,
                               principle_name))
    if data.moved:
        blocks.append(Table(text("moved_caption", lang),
                            [text("item", lang), text("before", lang), text("after", lang),
                             text("change", lang)],
                            [[m.text, f"{number(m.before, lang)} (n = {m.n_from})",
                              f"{number(m.after, lang)} (n = {m.n_to})",
                              signed(m.after - m.before, lang)] for m in data.moved]))
    # findings and next steps
    blocks.append(Heading(2, text("findings", lang)))
    blocks.append(Paragraph(text("weakest_intro", lang, min=data.min_cell)))
    for library, items in data.weakest.items():
        blocks.append(Table(library_names.get(library, library),
                            [text("item", lang), text("score", lang), text("answers", lang)],
                            [[i.text, number(i.mean, lang), str(i.n)] for i in items]))
    if not goals:
        blocks.append(Paragraph(text("next_steps_none", lang)))
    # provenance
    blocks.append(Heading(2, text("provenance", lang)))
    blocks.append(Paragraph(text(
        "provenance_line", lang, written=provenance.written, version=provenance.version,
        database=provenance.database_id,
        statuses=", ".join(label("status", s, lang) for s in data.statuses))))
    blocks.append(Table(text("scenarios_caption", lang),
                        [text("scenario", lang), text("version", lang), "SHA-256"],
                        [[s.id, str(s.version), s.sha256] for s in data.scenarios]))
    return blocks


def _narrowed(data: ReportData, lang: str) -> list[str]:
    """What the counted visits were narrowed to, in words (nothing for every visit)."""
    chosen = data.filters
    parts = []
    if chosen.scenarios:
        names = [s.title for s in data.scenarios] or list(chosen.scenarios)  # none counted: ids
        parts.append(_names("narrowed_scenario", "narrowed_scenarios", names, lang))
    if chosen.channels:
        parts.append(_names("narrowed_channel", "narrowed_channels",
                            [label("channel", c, lang) for c in chosen.channels], lang))
    if chosen.libraries:
        parts.append(text("narrowed_libraries", lang, n=len(data.libraries)))
    if chosen.same_scenarios:
        parts.append(text("narrowed_same", lang))
    if chosen.approved_only:
        parts.append(text("narrowed_approved", lang))
    return parts


def _names(one: str, many: str, names: list[str], lang: str) -> str:
    """The text `one` for one name, `many` for several, each name quoted."""
    quotes = "“”" if lang == "en" else "””"
    between = f"{quotes[1]}, {quotes[0]}"
    return text(one if len(names) == 1 else many, lang, names=between.join(names))


def _better(r: Result) -> bool:
    return r.change is not None and r.change.clear and r.change.delta > 0


def _worse(r: Result) -> bool:
    return r.change is not None and r.change.clear and r.change.delta < 0


def _unclear(r: Result) -> bool:
    return r.change is not None and not r.change.clear


def _dates(start: str | None, end: str | None, lang: str) -> str:
    if not start and not end:
        return "–"
    return f"{date(start, lang) if start else ''}–{date(end, lang) if end else ''}"


def _goals(goals: str) -> list[Block]:
    """The lead's own text: paragraphs, and `#` lines as subheadings (kept as plain text)."""
    blocks: list[Block] = []
    for part in (p.strip() for p in goals.replace("\r\n", "\n").split("\n\n")):
        if not part:
            continue
        if part.startswith("#"):
            heading, _, rest = part.partition("\n")
            blocks.append(Heading(3, heading.lstrip("#").strip()))
            if rest.strip():
                blocks.append(Paragraph(" ".join(rest.split())))
        else:
            blocks.append(Paragraph(" ".join(part.split())))
    return blocks


def _point(stats: CellStats | None) -> Point | None:
    if stats is None or stats.mean is None:
        return None
    return Point(stats.mean, stats.ci_low, stats.ci_high)


def _cell(point: Point | None, n: int | None, lang: str) -> str:
    if point is None:
        return "–"
    if too_wide(point.low, point.high):  # as everywhere: no number that says nothing
        return f"{explain('too_few', lang)} (n = {n})"
    shown = number(point.mean, lang)
    if point.low is not None and point.high is not None:
        shown += f" {interval(point.low, point.high, lang)}"
    return f"{shown} (n = {n})"


def _results(data: ReportData, results: list[Result], caption: str, lang: str,
             principle_name: Callable[[str], str]) -> list[Block]:
    left_out = text("left_out", lang, min=data.min_cell)
    protects = text("left_out_protects", lang)
    labels = [principle_name(r.principle) for r in results]
    before = [None if r.suppressed else _point(r.before) for r in results]
    after = [None if r.suppressed else _point(r.after) for r in results]
    if data.change:
        header = [text("principle", lang), text("before", lang), text("after", lang),
                  text("change", lang), text("clear_col", lang)]
    else:
        header = [text("principle", lang), text("score", lang)]
    rows = []
    for name, r, b, a in zip(labels, results, before, after, strict=True):
        if r.suppressed:
            rows.append([name, protects if r.protects else left_out,
                         *[""] * (len(header) - 2)])
            continue
        if not data.change:
            rows.append([name, _cell(b, r.before.n if r.before else None, lang)])
            continue
        change, clear = "–", "–"
        if r.change is not None:
            change = signed(r.change.delta, lang)
            if too_wide(r.change.ci_low, r.change.ci_high):
                change = explain("too_few", lang)
            elif r.change.ci_low is not None and r.change.ci_high is not None:
                change += f" {interval(r.change.ci_low, r.change.ci_high, lang, with_sign=True)}"
            clear = (text("yes_up", lang) if _better(r) else text("yes_down", lang)
                     if _worse(r) else text("no", lang))
        rows.append([name, _cell(b, r.before.n if r.before else None, lang),
                     _cell(a, r.after.n if r.after else None, lang), change, clear])
    legend = (text("before", lang), text("after", lang))
    chart = Chart(caption, text("chart_desc", lang), labels, before,
                  after if data.change else [None] * len(labels), legend)
    return [chart, Table(caption, header, rows)]
