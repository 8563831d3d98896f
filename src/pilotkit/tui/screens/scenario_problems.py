"""The scenario files the app could not use, line by line, as `scenarios check` prints them.

A scenario with a typo would otherwise just be missing from the new-visit
form; here the evaluator (or the author beside them) reads why.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Label, Static

from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from pilotkit.core.loader import Catalog


def problem_summary(catalog: Catalog) -> str:
    """One line for the start screen, or "" when every scenario file could be used."""
    parts = [t("scenario_dir_missing", path=path) for path in catalog.missing_dirs]
    files = {p.path for p in catalog.problems} - set(catalog.missing_dirs)
    if files:
        parts.append(t("scenario_files_broken", n=len(files)))
    return "\n".join(parts)


class ScenarioProblemsScreen(PilotkitScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "k_back")]

    def compose(self) -> ComposeResult:
        catalog = self.app.catalog
        yield Header()
        with VerticalScroll(id="help"):
            yield Label(t("scenario_problems_title"), classes="heading")
            yield Static(Text(t("scenario_problems_intro")))
            lines = [t("scenario_dir_missing_line", path=path) for path in catalog.missing_dirs]
            lines += [p.in_lang(self.app.lang) for p in catalog.problems
                      if p.path not in catalog.missing_dirs]
            yield Static(Text("\n".join(lines)), id="scenario-problem-lines")
        yield KeyFooter()

    def action_close(self) -> None:
        self.app.pop_screen()
