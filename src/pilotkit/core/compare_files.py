"""The compare table as JSON and CSV, written one way for every way out.

`pilotkit compare --format json|csv`, `pilotkit export scores` and the
terminal app's export of what its comparison shows all write through here,
so a cell or a change reads the same whichever door it left by. The JSON
shapes are fixed by contract §4 and carry full floats; a change also carries
`mixed_scenarios` and its Welch `p_value`, and, with an adjustment, `p_adjusted`
and `clear_adjusted` beside `clear` (which keeps its contract meaning).

Light on purpose: no pydantic and no rich, so `compare --format json` starts fast.
"""

from __future__ import annotations

import json
from collections.abc import Iterator, Sequence
from dataclasses import asdict, astuple, fields
from typing import IO, Any

from pilotkit.core.compare import Adjust, Cell, Change, adjusted
from pilotkit.core.csvdialect import Dialect, write_csv

CELL_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Cell))
CHANGE_COLUMNS: tuple[str, ...] = tuple(f.name for f in fields(Change))
ADJUSTED_COLUMNS: tuple[str, ...] = ("p_adjusted", "clear_adjusted")


def cells_document(by: str, rounds: Sequence[str], cells: Sequence[Cell]) -> dict[str, Any]:
    return {"by": by, "rounds": list(rounds), "cells": [asdict(c) for c in cells]}


def changes_document(from_round: str, to_round: str, changes: Sequence[Change],
                     adjust: Adjust | None = None) -> dict[str, Any]:
    rows = [asdict(c) for c in changes]
    document: dict[str, Any] = {"from": from_round, "to": to_round}
    if adjust is not None:
        document["adjust"] = adjust
        for row, extra in zip(rows, adjusted(changes, adjust), strict=True):
            row.update(p_adjusted=extra.p_adjusted, clear_adjusted=extra.clear_adjusted)
    document["changes"] = rows
    return document


def write_json(out: IO[str], document: dict[str, Any]) -> None:
    out.write(json.dumps(document, ensure_ascii=False, indent=2) + "\n")


def write_cells_csv(out: IO[str], cells: Sequence[Cell], dialect: Dialect) -> int:
    return write_csv(out, CELL_COLUMNS, (astuple(c) for c in cells), dialect)


def change_table(changes: Sequence[Change], adjust: Adjust | None = None
                 ) -> tuple[tuple[str, ...], Iterator[tuple[Any, ...]]]:
    """The columns of changes and their rows, with the adjusted p-value and clear flag
    when `adjust` names a correction: for the plain CSV and for a spreadsheet's."""
    if adjust is None:
        return CHANGE_COLUMNS, (astuple(c) for c in changes)
    return ((*CHANGE_COLUMNS, *ADJUSTED_COLUMNS),
            ((*astuple(c), a.p_adjusted, a.clear_adjusted)
             for c, a in zip(changes, adjusted(changes, adjust), strict=True)))


def write_changes_csv(out: IO[str], changes: Sequence[Change], dialect: Dialect,
                      adjust: Adjust | None = None) -> int:
    return write_csv(out, *change_table(changes, adjust), dialect)
