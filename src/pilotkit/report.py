"""Comparison results printed for people (rich tables) and for programs (JSON, CSV).

The JSON shapes are fixed by contract §4 and carry full floats; tables round
to one decimal, say n in every cell, flag small samples and mark a change
only when its interval excludes zero.
"""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Sequence
from dataclasses import asdict
from typing import TYPE_CHECKING, Any

from pilotkit.core.compare import SMALL_N, Cell, Change, principles_in_order
from pilotkit.core.entities import OVERALL
from pilotkit.core.labels import title_label

if TYPE_CHECKING:
    from rich.text import Text

    from pilotkit.core.principles import Framework

LABELS = {
    "small": {"fi": "* pieni otos (n < 3): suuntaa antava",
              "sv": "* litet urval (n < 3): endast riktgivande",
              "en": "* small sample (n < 3): indicative only"},
    "clear": {"fi": "▲/▼ selvä muutos: 95 %:n väli ei sisällä nollaa",
              "sv": "▲/▼ tydlig förändring: 95 %-intervallet innehåller inte noll",
              "en": "▲/▼ clear change: the 95 % interval excludes zero"},
    "group": {"fi": "ryhmä", "sv": "grupp", "en": "group"},
    "round": {"fi": "kierros", "sv": "omgång", "en": "round"},
    "empty": {"fi": "Ei laskettavia käyntejä.", "sv": "Inga besök att räkna.",
              "en": "No visits to count."},
}


def _label(key: str, lang: str) -> str:
    return LABELS[key].get(lang, LABELS[key]["en"])


def _header(principle: str, framework: Framework, lang: str) -> str:
    if principle == OVERALL:
        return title_label("principle", OVERALL, lang)
    return framework.name(principle, lang)


def _write_csv(rows: Sequence[dict[str, Any]], columns: Sequence[str]) -> None:
    writer = csv.writer(sys.stdout, lineterminator="\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(["" if row[c] is None else _csv_value(row[c]) for c in columns])


def _csv_value(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def print_cells(by: str, rounds: list[str], cells: list[Cell], fmt: str,
                framework: Framework | None, lang: str) -> None:
    """`framework` (for principle names) is needed for the table only."""
    if fmt == "json":
        print(json.dumps({"by": by, "rounds": rounds, "cells": [asdict(c) for c in cells]},
                         ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        _write_csv([asdict(c) for c in cells],
                   ["group", "round", "principle", "n", "mean", "ci_low", "ci_high"])
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    assert framework is not None, "the table names the principles"
    if not cells:
        console.print(_label("empty", lang))
        return
    principles = principles_in_order(framework.ids, {c.principle for c in cells})
    table = Table(title=f"{by} × {_label('round', lang)}", show_lines=True)
    table.add_column(_label("group", lang), no_wrap=True)
    table.add_column(_label("round", lang))
    for principle in principles:
        table.add_column(_header(principle, framework, lang), justify="right")
    index = {(c.group, c.round, c.principle): c for c in cells}
    groups = sorted({c.group for c in cells})
    for group in groups:
        for round_id in rounds:
            row = [index.get((group, round_id, p)) for p in principles]
            if not any(row):
                continue
            table.add_row(group, round_id, *(_cell_text(c) for c in row))
    console.print(table)
    if any(c.n < SMALL_N for c in cells):
        console.print(_label("small", lang))


def _cell_text(cell: Cell | None) -> Text:
    from rich.text import Text

    if cell is None:
        return Text("–", style="dim")
    text = Text(f"{cell.mean:.1f}", style="bold")
    if cell.ci_low is not None and cell.ci_high is not None:
        text.append(f"\n±{(cell.ci_high - cell.ci_low) / 2:.1f}")
    text.append(f"\nn={cell.n}" + ("*" if cell.n < SMALL_N else ""))
    return text


def print_changes(changes: list[Change], rounds: tuple[str, str], fmt: str,
                  framework: Framework | None, lang: str) -> None:
    if fmt == "json":
        print(json.dumps({"from": rounds[0], "to": rounds[1],
                          "changes": [asdict(c) for c in changes]}, ensure_ascii=False, indent=2))
        return
    if fmt == "csv":
        _write_csv([asdict(c) for c in changes],
                   ["group", "principle", "n_from", "n_to", "mean_from", "mean_to", "delta",
                    "ci_low", "ci_high", "clear"])
        return
    from rich.console import Console
    from rich.table import Table

    console = Console()
    assert framework is not None, "the table names the principles"
    if not changes:
        console.print(_label("empty", lang))
        return
    principles = principles_in_order(framework.ids, {c.principle for c in changes})
    table = Table(title=f"{rounds[0]} → {rounds[1]}", show_lines=True)
    table.add_column(_label("group", lang), no_wrap=True)
    for principle in principles:
        table.add_column(_header(principle, framework, lang), justify="right")
    index = {(c.group, c.principle): c for c in changes}
    for group in sorted({c.group for c in changes}):
        table.add_row(group, *(_change_text(index.get((group, p))) for p in principles))
    console.print(table)
    console.print(_label("clear", lang))
    if any(min(c.n_from, c.n_to) < SMALL_N for c in changes):
        console.print(_label("small", lang))


def _change_text(change: Change | None) -> Text:
    from rich.text import Text

    if change is None:
        return Text("–", style="dim")
    arrow = ("▲ " if change.delta > 0 else "▼ ") if change.clear else ""
    style = ("bold green" if change.delta > 0 else "bold red") if change.clear else ""
    text = Text(f"{arrow}{change.delta:+.1f}", style=style)
    if change.ci_low is not None and change.ci_high is not None:
        text.append(f"\n[{change.ci_low:+.1f}, {change.ci_high:+.1f}]")
    small = "*" if min(change.n_from, change.n_to) < SMALL_N else ""
    text.append(f"\nn={change.n_from}→{change.n_to}{small}")
    return text
