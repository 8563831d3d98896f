"""The comparison as shown, written as CSV for a Finnish spreadsheet (the TUI's `e`), and the
pilot's report for the rounds shown (`r`)."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import astuple
from pathlib import Path
from typing import IO, TYPE_CHECKING

from pilotkit.core.compare import Cell, Change
from pilotkit.core.langs import Lang
from pilotkit.core.multiplicity import Method
from pilotkit.tui.i18n import t

if TYPE_CHECKING:
    from pilotkit.core.visit_service import VisitService


def export_scores(path: str, store: VisitService, lang: Lang, principles: Mapping[str, str],
                  cells: Iterable[Cell] | None, changes: Iterable[Change] | None,
                  adjust: Method | None) -> str | None:
    """Write the changes shown (or, without them, the level cells) for a person's
    spreadsheet, as `export scores --excel` does: headers in `lang`, names beside ids and
    principles (`principles`: id → name, overall's too), one decimal. None when written,
    else why not in one line (the database is never overwritten)."""
    from pilotkit.core import compare_files as files
    from pilotkit.core.csvdialect import Dialect, write_csv
    from pilotkit.core.spreadsheet import Names, Sheet

    dialect = Dialect(excel=True)
    names = Names.of(store, principles)

    def write(out: IO[str]) -> None:
        columns: Sequence[str]
        rows: Iterable[Sequence[object]]
        if changes is not None:
            columns, rows = files.change_table(
                sorted(changes, key=lambda c: (c.group, c.principle)), adjust)
        else:
            columns = files.CELL_COLUMNS
            rows = (astuple(c) for c in sorted(cells or (), key=lambda c: (
                c.group, c.round, c.principle)))
        sheet = Sheet(columns, names, lang)
        write_csv(out, sheet.headers, sheet.rows(rows), dialect)

    return write_file(path, store.path, lang, dialect.encoding, write)


def write_file(path: str, database: Path, lang: Lang, encoding: str,
               write: Callable[[IO[str]], object]) -> str | None:
    """Write a file whole (never over the database); None when written, else why not."""
    from pilotkit.core.messages import Message, localize, os_reason
    from pilotkit.outfile import OutputRefused, output_file

    if not path.strip():
        return t("missing_field", field=t("path"))
    try:
        with output_file(path.strip(), encoding, [database]) as (out, _):
            write(out)
    except OutputRefused as e:
        return localize(e, lang)
    except OSError as e:
        return localize(Message("export_not_written", path=path.strip(), reason=os_reason(e)),
                        lang)
    return None


class ReplaceGuard:
    """A dialog's path that already holds a file is written over only when it is entered a
    second time: the first Enter says so. An export or report never replaces a file unasked."""

    def __init__(self) -> None:
        self._asked: Path | None = None

    def refusal(self, path: str) -> str | None:
        """The line to show before replacing `path`, or None when it may be written."""
        target = Path(path.strip()).expanduser()
        if not path.strip() or not target.is_file() or target == self._asked:
            return None
        self._asked = target
        return t("file_exists", path=path.strip())

