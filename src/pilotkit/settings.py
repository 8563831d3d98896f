"""What every way into pilotkit shares: its settings (language, database, scenario folders).

No click here: plain `pilotkit` starts the terminal app without importing the
command-line parser (see `launch.py`).
"""

from __future__ import annotations

import threading
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from pilotkit.core.langs import Lang
from pilotkit.language import resolve_lang
from pilotkit.paths import scenario_dirs

if TYPE_CHECKING:
    from pilotkit.core.framework import Framework
    from pilotkit.core.loader import Catalog


@dataclass
class Settings:
    """What the options of `pilotkit` itself decide for every subcommand."""

    db_option: str | None
    scenario_dirs: list[Path]
    lang: Lang
    _catalog: Catalog | None = field(default=None, repr=False)
    _lock: threading.Lock = field(default_factory=threading.Lock, repr=False)
    _framework: Framework | None = field(default=None, repr=False)

    def catalog(self) -> Catalog:
        """The scenarios and framework, loaded once on first use, from any thread.

        Loading imports pydantic and validates every scenario file, so the
        terminal app does it in the background while its first screen is up.
        """
        with self._lock:
            if self._catalog is None:
                from pilotkit.core.clean_texts import CleanTexts
                from pilotkit.core.loader import load_catalog
                from pilotkit.paths import clean_texts_dir

                self._catalog = load_catalog(self.scenario_dirs, CleanTexts(clean_texts_dir()))
            return self._catalog

    @property
    def catalog_loaded(self) -> bool:
        return self._catalog is not None

    def framework(self) -> Framework:
        """The principles alone, without loading any scenario (enough for comparisons)."""
        if self._catalog is not None:
            return self._catalog.framework
        if self._framework is None:
            from pilotkit.core.framework_file import framework_for

            self._framework = framework_for([d for d in self.scenario_dirs if d.is_dir()], [])
        return self._framework

    def principle_ids(self) -> tuple[str, ...]:
        """Without a team's framework.yaml these are the default seven, known without parsing."""
        from pilotkit.core.entities import DEFAULT_PRINCIPLE_IDS, FRAMEWORK_FILE

        if self._catalog is None and self._framework is None and not any(
                (d / FRAMEWORK_FILE).is_file() for d in self.scenario_dirs):
            return DEFAULT_PRINCIPLE_IDS
        return self.framework().ids

    @classmethod
    def from_options(cls, db_option: str | None = None, scenario_options: Sequence[Path] = (),
                     lang: str | None = None) -> Settings:
        """From `pilotkit`'s own options; what is not given comes from the environment."""
        settings = cls(db_option, scenario_dirs(scenario_options), resolve_lang(lang))
        from pilotkit.exits import set_message_language

        set_message_language(settings.lang)
        return settings
