"""Comparisons and lists printed for people, as tables that never cut a number, an id or a word.

The command line's `compare`, `compare --change` and the `list` commands
print here. On a terminal the layout follows its width: the whole matrix
when it fits, else one block per library with the principles as rows, else
one row per principle and round; a word too long for any layout folds
onto the next line rather than being cut with `…`. Written to a file or a
pipe, a table keeps its natural width: nothing is squeezed to 80 columns.

Every number is formatted for the language (decimal comma in Finnish and
Swedish) and explained in the footer: which visits are counted, what n,
± and "clear" mean, and the warnings that apply (too few visits, a
different scenario mix, changes that look clear by chance). The machine
formats (JSON, CSV) are written by `pilotkit.core.compare_files`, not here.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from pilotkit.core.compare import (
    MANY_CHANGES,
    SMALL_N,
    Adjust,
    Adjusted,
    Cell,
    Change,
    adjusted,
    chance,
    principles_in_order,
)
from pilotkit.core.entities import OVERALL
from pilotkit.core.explain import explain
from pilotkit.core.filters import Filters
from pilotkit.core.formatting import interval, number, plus_minus, signed
from pilotkit.core.labels import title_label

if TYPE_CHECKING:
    from rich.console import Console, RenderableType
    from rich.table import Table

    from pilotkit.core.framework import Framework

UNLIMITED = 100_000
"""The width a table may take when it is not written to a terminal."""

WORDS: dict[str, dict[str, str]] = {
    "group": {"fi": "ryhmä", "sv": "grupp", "en": "group"},
    "library": {"fi": "kirjasto", "sv": "bibliotek", "en": "library"},
    "scenario": {"fi": "skenaario", "sv": "scenario", "en": "scenario"},
    "channel": {"fi": "kanava", "sv": "kanal", "en": "channel"},
    "name": {"fi": "nimi", "sv": "namn", "en": "name"},
    "round": {"fi": "kierros", "sv": "omgång", "en": "round"},
    "principle": {"fi": "periaate", "sv": "princip", "en": "principle"},
    "mean": {"fi": "keskiarvo", "sv": "medelvärde", "en": "mean"},
    "interval": {"fi": "95 %:n väli", "sv": "95 %-intervall", "en": "95 % interval"},
    "change": {"fi": "muutos", "sv": "förändring", "en": "change"},
    "empty": {"fi": "Ei laskettavia käyntejä.", "sv": "Inga besök att räkna.",
              "en": "No visits to count."},
    "nothing": {"fi": "Ei rivejä.", "sv": "Inga rader.", "en": "Nothing to list."},
    # list columns
    "id": {"fi": "tunnus", "sv": "id", "en": "id"},
    "municipality": {"fi": "kunta", "sv": "kommun", "en": "municipality"},
    "label": {"fi": "nimike", "sv": "benämning", "en": "label"},
    "pilot": {"fi": "pilotti", "sv": "pilot", "en": "pilot"},
    "start": {"fi": "alkaa", "sv": "börjar", "en": "start"},
    "end": {"fi": "päättyy", "sv": "slutar", "en": "end"},
    "evaluator": {"fi": "arvioija", "sv": "utvärderare", "en": "evaluator"},
    "visited_at": {"fi": "käynnin aika", "sv": "besökstid", "en": "visited at"},
    "status": {"fi": "tila", "sv": "status", "en": "status"},
    "reason": {"fi": "syy", "sv": "orsak", "en": "reason"},
    "v": {"fi": "versio", "sv": "version", "en": "v"},
    "title": {"fi": "otsikko", "sv": "titel", "en": "title"},
    "items": {"fi": "kohtia", "sv": "punkter", "en": "items"},
    "principles": {"fi": "periaatteita", "sv": "principer", "en": "principles"},
    "staff_informed": {"fi": "henkilöstölle kerrottu", "sv": "personalen informerad",
                       "en": "staff informed"},
    "purpose": {"fi": "tarkoitus", "sv": "syfte", "en": "purpose"},
    "retain_until": {"fi": "säilytetään asti", "sv": "sparas till", "en": "kept until"},
    # plans
    "date": {"fi": "päivä", "sv": "dag", "en": "date"},
    "slot": {"fi": "aika", "sv": "tid", "en": "time"},
    "planned": {"fi": "suunniteltu", "sv": "planerade", "en": "planned"},
    "begun": {"fi": "kesken", "sv": "påbörjade", "en": "begun"},
    "submitted": {"fi": "lähetetty", "sv": "inskickade", "en": "submitted"},
    # plan mde
    "sd": {"fi": "keskihajonta", "sv": "standardavvikelse", "en": "sd"},
    "visits": {"fi": "käyntejä", "sv": "besök", "en": "visits"},
    "mde": {"fi": "pienin havaittava muutos", "sv": "minsta upptäckbara förändring",
            "en": "smallest detectable change"},
}


def word(key: str, lang: str) -> str:
    texts = WORDS.get(key)
    if texts is None:
        return key
    return texts.get(lang) or texts["en"]


@dataclass(frozen=True)
class Names:
    """What a person calls the ids in a table: library names, round labels, scenario titles."""

    groups: Mapping[str, str] = field(default_factory=dict)
    rounds: Mapping[str, str] = field(default_factory=dict)

    def group(self, group: str) -> str:
        return self.groups.get(group) or ""

    def round(self, round_id: str) -> str:
        label = self.rounds.get(round_id)
        return f"{label} ({round_id})" if label and label != round_id else round_id


def make_console(width: int | None) -> Console:
    """A console `width` columns wide; None (not a terminal): as wide as the table."""
    from rich.console import Console

    if width is None:
        return Console(width=UNLIMITED, soft_wrap=False)
    return Console(width=width)


def _table(*, title: str | None = None, lines: bool = False) -> Table:
    from rich import box
    from rich.table import Table

    return Table(title=title, title_justify="left", title_style="bold", box=box.SIMPLE_HEAD,
                 show_lines=lines, show_edge=False, pad_edge=False, collapse_padding=True)


def _column(table: Table, header: str, right: bool = False) -> None:
    table.add_column(header, justify="right" if right else "left", overflow="fold")


Layout = tuple[Callable[[], "RenderableType"], bool]
"""A way to lay a table out, and whether it reads well with long words wrapped at spaces."""


def print_first_fitting(console: Console, layouts: Sequence[Layout], width: int | None) -> None:
    """The first layout that fits the width (wrapped at spaces, where it allows that).

    Every column folds rather than cuts, so even the last resort loses nothing.
    """
    if width is None:
        console.print(layouts[0][0]())
        return
    options = console.options.update_width(UNLIMITED)  # rich clamps a measure to the width given
    renderable: RenderableType | None = None
    for make, may_wrap in layouts:
        renderable = make()
        measured = console.measure(renderable, options=options)
        if (measured.minimum if may_wrap else measured.maximum) <= width:
            break
    console.print(renderable)


def _principle_name(principle: str, framework: Framework, lang: str) -> str:
    if principle == OVERALL:
        return title_label("principle", OVERALL, lang)
    return framework.name(principle, lang)


# -- level: cells --------------------------------------------------------------------------------


def cell_text(cell: Cell | None, lang: str) -> str:
    """`72,5 ±8,9 n=18`; `too few visits to say (n=2)` when the interval spans more than 0–100."""
    if cell is None:
        return "–"
    if cell.too_few:
        return f"{explain('too_few', lang)} (n={cell.n})"
    text = number(cell.mean, lang)
    if cell.ci_low is not None and cell.ci_high is not None:
        text += " " + plus_minus(cell.ci_low, cell.ci_high, lang)
    return text + f" n={cell.n}" + ("*" if cell.n < SMALL_N else "")


def _footer(console: Console, lines: Sequence[str]) -> None:
    from rich.text import Text

    for line in lines:
        console.print(Text(line, style="dim" if line.startswith(" ") else ""))


def counted_lines(filters: Filters, lang: str) -> list[str]:
    statuses = filters.visit_statuses(counted=True)
    lines = [explain("counted_approved" if statuses == ("approved",) else "counted_all", lang)]
    if filters.same_scenarios:
        lines.append(explain("same_scenarios", lang))
    return lines


def print_cells(by: str, rounds: Sequence[str], cells: Sequence[Cell], framework: Framework,
                lang: str, names: Names, filters: Filters, width: int | None) -> None:
    console = make_console(width)
    if not cells:
        _footer(console, [word("empty", lang), *counted_lines(filters, lang)])
        return
    principles = principles_in_order(framework.ids, {c.principle for c in cells})
    index = {(c.group, c.round, c.principle): c for c in cells}
    groups = sorted({c.group for c in cells})
    headers = {p: _principle_name(p, framework, lang) for p in principles}

    def matrix() -> RenderableType:
        table = _table(title=f"{word(by, lang)} × {word('round', lang)}")
        _column(table, word(by, lang))
        if names.groups:
            _column(table, word("name", lang))
        _column(table, word("round", lang))
        for principle in principles:
            _column(table, headers[principle], right=True)
        for group in groups:
            for round_id in rounds:
                row = [index.get((group, round_id, p)) for p in principles]
                if any(row):
                    table.add_row(group, *([names.group(group)] if names.groups else []),
                                  names.round(round_id), *(cell_text(c, lang) for c in row))
        return table

    def blocks() -> RenderableType:
        from rich.console import Group

        tables = []
        for group in groups:
            present = [r for r in rounds if any((group, r, p) in index for p in principles)]
            table = _table(title=_heading(group, names))
            _column(table, word("principle", lang))
            for round_id in present:
                _column(table, names.round(round_id), right=True)
            for principle in principles:
                table.add_row(headers[principle],
                              *(cell_text(index.get((group, r, principle)), lang) for r in present))
            tables.append(table)
        return Group(*_spaced(tables))

    def long_form() -> RenderableType:
        from rich.console import Group

        tables = []
        for group in groups:
            table = _table(title=_heading(group, names))
            for key in ("principle", "round"):
                _column(table, word(key, lang))
            _column(table, word("mean", lang), right=True)
            for principle in principles:
                for round_id in rounds:
                    cell = index.get((group, round_id, principle))
                    if cell is not None:
                        table.add_row(headers[principle], names.round(round_id),
                                      cell_text(cell, lang))
            tables.append(table)
        return Group(*_spaced(tables))

    print_first_fitting(console, [(matrix, False), (blocks, True), (long_form, True)], width)
    lines = [*counted_lines(filters, lang), explain("mean", lang), explain("n", lang),
             explain("interval", lang)]
    if any(c.n < SMALL_N for c in cells):
        lines.append(explain("small", lang))
    if any(c.too_few for c in cells):
        lines.append(explain("too_few_note", lang))
    _footer(console, lines)


def _spaced(tables: Sequence[Table]) -> list[RenderableType]:
    """The blocks with an empty line after each, so each library's heading stands apart."""
    out: list[RenderableType] = []
    for table in tables:
        out += [table, ""]
    return out


def _heading(group: str, names: Names) -> str:
    name = names.group(group)
    return f"{group} · {name}" if name and name != group else group


# -- changes -------------------------------------------------------------------------------------


def change_mark(change: Change, adjusted_flag: Adjusted | None) -> str:
    """▲/▼ for a clear change (after adjustment, when adjusted); (▲)/(▼) clear only before it."""
    arrow = "▲" if change.delta > 0 else "▼"
    if adjusted_flag is None:
        return arrow if change.clear else ""
    if adjusted_flag.clear_adjusted:
        return arrow
    return f"({arrow})" if change.clear else ""


def change_text(change: Change | None, lang: str, adjusted_flag: Adjusted | None = None,
                with_n: bool = True) -> str:
    """`▲ +11,2 [+1,0; +21,4] n=18→27`; too few visits to say when the interval spans > 100."""
    if change is None:
        return "–"
    counts = f"n={change.n_from}→{change.n_to}"
    if change.too_few:
        return f"{explain('too_few', lang)} ({counts})"
    mark = change_mark(change, adjusted_flag)
    text = f"{mark} {signed(change.delta, lang)}" if mark else signed(change.delta, lang)
    if change.ci_low is not None and change.ci_high is not None:
        text += " " + interval(change.ci_low, change.ci_high, lang, with_sign=True)
    if with_n:
        text += f" {counts}" + ("*" if change.small else "")
    return text


def print_changes(changes: Sequence[Change], rounds: tuple[str, str], framework: Framework,
                  lang: str, names: Names, filters: Filters, width: int | None,
                  adjust: Adjust | None = None) -> None:
    console = make_console(width)
    if not changes:
        _footer(console, [word("empty", lang), *counted_lines(filters, lang)])
        return
    principles = principles_in_order(framework.ids, {c.principle for c in changes})
    flags: dict[tuple[str, str], Adjusted] = {}
    if adjust is not None:
        flags = {(c.group, c.principle): a
                 for c, a in zip(changes, adjusted(changes, adjust), strict=True)}
    index = {(c.group, c.principle): c for c in changes}
    groups = sorted({c.group for c in changes})
    mixed = {c.group for c in changes if c.mixed_scenarios}
    headers = {p: _principle_name(p, framework, lang) for p in principles}
    title = f"{names.round(rounds[0])} → {names.round(rounds[1])}"

    def group_label(group: str) -> str:
        return group + (" ≠" if group in mixed else "")

    def matrix() -> RenderableType:
        table = _table(title=title)
        _column(table, word("group", lang) if not names.groups else word("library", lang))
        if names.groups:
            _column(table, word("name", lang))
        for principle in principles:
            _column(table, headers[principle], right=True)
        for group in groups:
            table.add_row(group_label(group), *([names.group(group)] if names.groups else []),
                          *(change_text(index.get((group, p)), lang, flags.get((group, p)))
                            for p in principles))
        return table

    def blocks() -> RenderableType:
        from rich.console import Group

        tables = []
        for group in groups:
            heading = _heading(group, names) + (" ≠" if group in mixed else "")
            table = _table(title=heading)
            _column(table, word("principle", lang))
            _column(table, names.round(rounds[0]), right=True)
            _column(table, names.round(rounds[1]), right=True)
            _column(table, word("change", lang), right=True)
            _column(table, word("interval", lang), right=True)
            for principle in principles:
                change = index.get((group, principle))
                if change is None:
                    continue
                small = "*" if change.small else ""
                if change.too_few:
                    moved, bounds = change_text(change, lang), ""
                else:
                    mark = change_mark(change, flags.get((group, principle)))
                    moved = (f"{mark} " if mark else "") + signed(change.delta, lang) + small
                    bounds = ("" if change.ci_low is None or change.ci_high is None
                              else interval(change.ci_low, change.ci_high, lang, with_sign=True))
                table.add_row(headers[principle],
                              f"{number(change.mean_from, lang)} (n={change.n_from})",
                              f"{number(change.mean_to, lang)} (n={change.n_to})", moved, bounds)
            tables.append(table)
        return Group(*_spaced(tables))

    print_first_fitting(console, [(matrix, False), (blocks, True)], width)
    lines = [*counted_lines(filters, lang), explain("n", lang), explain("interval", lang)]
    counts = chance(changes)
    if adjust is not None:
        lines.append(explain("adjusted", lang, method=explain(adjust, lang),
                             tested=counts.tested))
    else:
        lines.append(explain("clear", lang))
    if any(c.small for c in changes):
        lines.append(explain("small", lang))
    if any(c.too_few for c in changes):
        lines.append(explain("too_few_note", lang))
    if mixed:
        lines.append(explain("mixed", lang) + " " + explain("mixed_hint_cli", lang))
    if counts.tested >= MANY_CHANGES:
        line = explain("chance", lang, tested=counts.tested, clear=counts.clear,
                       expected=number(counts.expected_by_chance, lang))
        if adjust is None:
            line += " " + explain("adjust_hint_cli", lang)
        lines.append(line)
    _footer(console, lines)


# -- lists ---------------------------------------------------------------------------------------


def print_rows(rows: Sequence[Mapping[str, Any]], columns: Sequence[str], lang: str,
               width: int | None) -> None:
    """A list as a table; where it does not fit the terminal, one block of `name: value` per row."""
    console = make_console(width)
    if not rows:
        console.print(word("nothing", lang))
        return

    def text(value: Any) -> str:
        return "" if value is None else str(value)

    def table() -> RenderableType:
        from rich.table import Table

        out = Table(box=None, pad_edge=False)
        for column in columns:
            out.add_column(word(column, lang), overflow="fold")
        for row in rows:
            out.add_row(*(text(row[c]) for c in columns))
        return out

    def records() -> RenderableType:
        from rich.console import Group
        from rich.table import Table

        blocks: list[RenderableType] = []
        for row in rows:
            grid = Table.grid(padding=(0, 1))
            grid.add_column(style="bold", overflow="fold")
            grid.add_column(overflow="fold")
            for column in columns:
                if row[column] not in (None, ""):
                    grid.add_row(word(column, lang), text(row[column]))
            blocks.append(grid)
            blocks.append("")
        return Group(*blocks[:-1])

    print_first_fitting(console, [(table, True), (records, True)], width)
