"""Seven principle scores as bars, each with its number: never colour alone."""

from __future__ import annotations

from collections.abc import Mapping

from rich.text import Text
from textual.widgets import Static

from pilotkit.core.entities import OVERALL
from pilotkit.core.framework import Framework
from pilotkit.tui.i18n import t

BAR_CELLS = 10


def bar(score: float | None, cells: int = BAR_CELLS) -> str:
    """`███████░░░` for 70; `··········` when there is no score."""
    if score is None:
        return "·" * cells
    filled = round(max(0.0, min(100.0, score)) / 100 * cells)
    return "█" * filled + "░" * (cells - filled)


def score_style(score: float | None) -> str:
    if score is None:
        return "dim"
    if score >= 75:
        return "green"
    if score >= 50:
        return "yellow"
    return "red"


class PrincipleBars(Static):
    """Bars for each principle and the overall score; update with `show()`."""

    DEFAULT_CSS = """
    PrincipleBars { width: auto; height: auto; padding: 0 1; }
    """

    def __init__(self, framework: Framework, lang: str, *, name_width: int | None = None,
                 bar_cells: int = BAR_CELLS, id: str | None = None) -> None:
        """`name_width` None: as wide as the longest name. A name longer than the width is
        never cut: it takes a line of its own above its bar."""
        super().__init__(id=id)
        self.framework = framework
        self.lang = lang
        names = [p.name.get(lang) for p in framework.principles] + [t("overall")]
        self.name_width = name_width or max(len(name) for name in names)
        self.bar_cells = bar_cells
        self.scores: dict[str, float | None] = {}

    def show(self, scores: Mapping[str, float | None]) -> None:
        self.scores = dict(scores)
        self.update(self.render_bars())

    def render_bars(self) -> Text:
        text = Text()
        text.append(t("principles") + "\n", style="bold")
        rows = [(p.id, p.name.get(self.lang)) for p in self.framework.principles]
        rows.append((OVERALL, t("overall")))
        for principle, name in rows:
            score = self.scores.get(principle)
            number = "  –" if score is None else f"{score:3.0f}"
            style = "bold" if principle == OVERALL else ""
            if len(name) > self.name_width:
                text.append(name + "\n", style=style)
                name = ""
            text.append(f"{name:<{self.name_width}} ", style=style)
            text.append(bar(score, self.bar_cells), style=score_style(score))
            text.append(f" {number}\n", style=style)
        text.rstrip()
        return text
