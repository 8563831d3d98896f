"""The CSV dialects of every export: plain (UTF-8, `,`, `.`) and Excel in a Finnish locale.

Light on purpose (the standard library only): `pilotkit compare --format
csv` writes through it and must start without pydantic or rich. The Excel
dialect (UTF-8 with BOM, `;`, decimal comma, CRLF) opens correctly in Excel
set to a Finnish locale. In every dialect a text cell that a spreadsheet
would run as a formula is neutralised with a leading `'`; numbers we format
ourselves are not text.
"""

from __future__ import annotations

import csv
import io
import math
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import IO, Any

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(text: str) -> str:
    """Stop a spreadsheet from running a text cell as a formula (CWE-1236)."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


@dataclass(frozen=True)
class Dialect:
    excel: bool = False

    @property
    def encoding(self) -> str:
        return "utf-8-sig" if self.excel else "utf-8"

    def writer(self, out: IO[str]) -> Any:
        if self.excel:
            return csv.writer(out, delimiter=";", lineterminator="\r\n")
        return _PlainWriter(out)

    def cell(self, value: object) -> str:
        if value is None:
            return ""
        kind = type(value)
        if kind is str:
            return neutralise(value)  # type: ignore[arg-type]
        if kind is bool:
            return "true" if value else "false"
        if kind is int:
            return str(value)
        if isinstance(value, float):
            if not math.isfinite(value):
                return ""
            text = repr(value) if not value.is_integer() else str(int(value))
            if "e" in text:
                text = f"{value:.15f}".rstrip("0").rstrip(".")
            return text.replace(".", ",") if self.excel else text
        return neutralise(str(value))



class _PlainWriter:
    """`csv.writer` with `\\n` line ends that also quotes a field holding a bare CR.

    The csv module quotes a field only for the characters of its own line
    terminator; with `\\n` a CR went out unquoted, and a spreadsheet (or
    Python's csv reader) split the row there, so `ok\\r=1+2` became a row
    starting with a live formula. Rows with a CR are quoted by a writer whose
    terminator holds both characters; every other row takes the fast path.
    """

    def __init__(self, out: IO[str]) -> None:
        self._out = out
        self._fast = csv.writer(out, lineterminator="\n")
        self._buffer = io.StringIO()
        self._careful = csv.writer(self._buffer, lineterminator="\r\n")

    def writerow(self, row: Sequence[object]) -> None:
        if any(isinstance(cell, str) and "\r" in cell for cell in row):
            self._buffer.seek(0)
            self._buffer.truncate()
            self._careful.writerow(row)
            self._out.write(self._buffer.getvalue()[:-2] + "\n")
        else:
            self._fast.writerow(row)


def write_csv(out: IO[str], columns: Sequence[str], rows: Iterable[Sequence[object]],
              dialect: Dialect, progress: Callable[[], None] | None = None) -> int:
    writer = dialect.writer(out)
    writer.writerow([neutralise(c) for c in columns])
    count = 0
    cell = dialect.cell
    for row in rows:
        writer.writerow([cell(v) for v in row])
        count += 1
        if progress is not None and count % 1000 == 0:
            progress()
    return count

