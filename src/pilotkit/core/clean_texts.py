"""Scenario texts the strict checks found clean, remembered so that they are not checked again.

Every command that loads the scenarios parses each file with the strict
pure-Python YAML parser and runs every rule across its items: about a
fifth of a second for the bundled fourteen, on every start. A file's
verdict depends only on its text, the framework it is checked against and
the code that checks it, so a clean verdict is kept under a digest of all
three (the code by the name, size and modification time of each core
module, so an edited checker never trusts an old verdict). A known-clean
text is then read with libyaml and validated by the models alone. Only
clean verdicts are kept: a file with problems is checked, and its problems
reported, every time. The record is one empty file per digest in the user's
cache directory; a cache that cannot be written is simply not used.
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

from pilotkit import __version__
from pilotkit.core.framework import Framework


@cache
def _code_digest() -> str:
    parts = [__version__]
    for module in sorted(Path(__file__).parent.glob("*.py")):
        info = module.stat()
        parts.append(f"{module.name}:{info.st_size}:{info.st_mtime_ns}")
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


class CleanTexts:
    def __init__(self, directory: Path) -> None:
        self.directory = directory

    def key(self, content: str, framework: Framework) -> str:
        digest = hashlib.sha256()
        for part in (_code_digest(), framework.model_dump_json(), content):
            digest.update(part.encode("utf-8", "surrogatepass"))
            digest.update(b"\0")
        return digest.hexdigest()

    def known(self, key: str) -> bool:
        return (self.directory / key).is_file()

    def remember(self, key: str) -> None:
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            (self.directory / key).touch()
        except OSError:
            pass  # a read-only home: every check is a full one, as before
