"""An output file that appears whole or not at all, with progress on a terminal."""

from __future__ import annotations

import io
import os
import sys
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO


@contextmanager
def output_file(target: str, encoding: str) -> Iterator[tuple[IO[str], Callable[[], None]]]:
    """Yield a text stream for `target` ("-" is standard output) and a progress tick.

    A file is written beside its target and renamed into place only when the
    export has finished, so an error or an interrupt never leaves half a file.
    """
    progress = _Spinner() if sys.stderr.isatty() else None
    tick = progress.tick if progress else (lambda: None)
    try:
        if target == "-":
            stream = io.TextIOWrapper(sys.stdout.buffer, encoding=encoding, newline="",
                                      write_through=False)
            try:
                yield stream, tick
            finally:
                stream.flush()
                stream.detach()
            return
        path = Path(target)
        fd, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent or Path("."))
        try:
            with os.fdopen(fd, "w", encoding=encoding, newline="") as stream:
                yield stream, tick
            os.replace(temp, path)
        except BaseException:
            Path(temp).unlink(missing_ok=True)
            raise
    finally:
        if progress:
            progress.done()


class _Spinner:
    """Rows written so far, on stderr, for exports long enough to wonder about."""

    def __init__(self) -> None:
        self.thousands = 0

    def tick(self) -> None:
        self.thousands += 1
        sys.stderr.write(f"\r{self.thousands * 1000:,} rows…")
        sys.stderr.flush()

    def done(self) -> None:
        if self.thousands:
            sys.stderr.write("\n")
