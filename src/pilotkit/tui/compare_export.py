"""The comparison as shown, written as CSV for a Finnish spreadsheet (the TUI's `e`), and the
pilot's report for the rounds shown (`r`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import IO

from pilotkit.core.compare import Cell, Change
from pilotkit.core.langs import Lang
from pilotkit.core.multiplicity import Method
from pilotkit.tui.i18n import t


def export_scores(path: str, database: Path, lang: Lang, cells: Iterable[Cell] | None,
                  changes: Iterable[Change] | None, adjust: Method | None) -> str | None:
    """Write the changes shown (or, without them, the level cells) as CSV in the spreadsheet
    dialect; None when written, else why not in one line (`database` is never overwritten)."""
    from pilotkit.core import compare_files as files
    from pilotkit.core.csvdialect import Dialect

    dialect = Dialect(excel=True)

    def write(out: IO[str]) -> None:
        if changes is not None:
            files.write_changes_csv(out, sorted(changes, key=lambda c: (c.group, c.principle)),
                                    dialect, adjust)
        else:
            files.write_cells_csv(out, sorted(cells or (), key=lambda c: (
                c.group, c.round, c.principle)), dialect)

    return write_file(path, database, lang, dialect.encoding, write)


def write_file(path: str, database: Path, lang: Lang, encoding: str,
               write: Callable[[IO[str]], object]) -> str | None:
    """Write a file whole (never over the database); None when written, else why not."""
    from pilotkit.core.messages import localize
    from pilotkit.outfile import OutputRefused, output_file

    if not path.strip():
        return t("missing_field", field=t("path"))
    try:
        with output_file(path.strip(), encoding, [database]) as (out, _):
            write(out)
    except OutputRefused as e:
        return localize(e, lang)
    except OSError as e:
        return f"{path.strip()}: {e.strerror or e}"
    return None
