"""Standard output and error that never turn a finished command into a traceback.

Two things a Unix tool is expected to survive:

- A terminal whose encoding is not UTF-8 (`PYTHONIOENCODING=latin-1`, an old
  `LANG=C` console): a character it cannot show is written as a near
  equivalent (`...` for `…`, `x` for `×`, `a` for `ä` in ASCII) or `?`,
  never raised as an error.
- A reader that stops early (`pilotkit export answers --out - | head -1`):
  the process ends quietly on SIGPIPE, as `cat` or `grep` do, instead of
  reporting a broken pipe.

Exports written to a file are not affected: they are UTF-8 whatever the
terminal's encoding.
"""

from __future__ import annotations

import codecs
import signal
import sys
import unicodedata

ERRORS = "pilotkit-fallback"
"""The codec error handler that writes a near equivalent of a character the stream cannot encode."""

FALLBACKS = {
    "…": "...", "×": "x", "–": "-", "—": "-", "−": "-", "→": "->", "←": "<-", "↑": "^",
    "↓": "v", "‘": "'", "’": "'", "‚": "'", "“": '"', "”": '"', "„": '"', "«": '"', "»": '"',
    "•": "*", "·": ".", "≥": ">=", "≤": "<=", "≠": "!=", "±": "+/-", "€": "EUR", "✓": "v",
    "✔": "v", "✗": "x", "✘": "x", "█": "#", "▌": "|", "│": "|", "─": "-", "┼": "+",
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u200b": "",
}


def _substitute(char: str, encoding: str) -> str:
    candidate = FALLBACKS.get(char)
    if candidate is None:
        # a letter with a mark (ä, é, ñ) decomposes into the letter and the mark
        decomposed = unicodedata.normalize("NFKD", char)
        candidate = "".join(c for c in decomposed if not unicodedata.combining(c)) or "?"
    try:
        candidate.encode(encoding)
    except (UnicodeEncodeError, LookupError):
        return "?"
    return candidate


def fallback(error: UnicodeError) -> tuple[str, int]:
    """The `ERRORS` handler: near equivalents for the characters that cannot be encoded."""
    if not isinstance(error, UnicodeEncodeError):
        raise error
    text = error.object[error.start:error.end]
    return "".join(_substitute(char, error.encoding) for char in text), error.end


def tolerate_encoding() -> None:
    """Let sys.stdout and sys.stderr write near equivalents of what their encoding lacks."""
    codecs.register_error(ERRORS, fallback)
    for stream in (sys.stdout, sys.stderr):
        encoding = getattr(stream, "encoding", None)
        reconfigure = getattr(stream, "reconfigure", None)
        if not encoding or reconfigure is None:
            continue
        try:
            if codecs.lookup(encoding).name.startswith("utf"):
                continue  # encodes every character (but a lone surrogate, never printed)
        except LookupError:
            pass
        reconfigure(errors=ERRORS)


def closed_output() -> None:
    """Standard output or error was closed before the start (`pilotkit … >&-`): say so on
    whichever is open, and end with 1, as the commands that write nothing could not know."""
    import os

    from pilotkit.core.messages import Message, render
    from pilotkit.language import lang_in_argv, resolve_lang

    line = render("output_incomplete", resolve_lang(lang_in_argv(sys.argv[1:])),
                  reason=Message("os_closed"))
    if sys.stderr is not None:
        print(line, file=sys.stderr)
    elif sys.stdout is not None:
        print(line, file=sys.stdout)
    os._exit(1)


def unwind_on_terminate() -> None:
    """SIGTERM (a `kill`, a shutdown) ends a command as Ctrl-C does, by unwinding: an export's
    temporary file is removed and an open transaction rolled back, where the default action
    would leave the temporary file beside the target. The exit status stays 128 + 15."""
    def terminated(signum: int, _frame: object) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, terminated)


def quiet_broken_pipe() -> None:
    """End quietly, as Unix tools do, when the reader of standard output goes away.

    Python ignores SIGPIPE and raises BrokenPipeError instead, which surfaces
    as a traceback or an "Exception ignored" message while the interpreter
    shuts down. Restoring the default action ends the process at once; SQLite
    keeps every committed transaction and rolls back an unfinished one, as it
    does for any other killed process.
    """
    if hasattr(signal, "SIGPIPE"):  # not on Windows, where click reports the broken pipe
        signal.signal(signal.SIGPIPE, signal.SIG_DFL)


def terminal_width() -> int | None:
    """The terminal's width for a table; None when the output is a file or a pipe (no limit)."""
    import shutil

    return shutil.get_terminal_size().columns if sys.stdout.isatty() else None


def fill_to(text: str, width: int | None) -> str:
    """A line of prose wrapped between words to a terminal's width, not wherever it reaches
    the edge; as it is for a file or a pipe (`width` None)."""
    if not width:
        return text
    import textwrap

    return textwrap.fill(text, width - 1)
