"""One library's principle profile across every round."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Label, Static

from pilotkit.core.compare import (
    SMALL_N,
    compare_cells,
    principles_in_order,
)
from pilotkit.core.formatting import number
from pilotkit.tui.compare_layout import Shown
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter
from pilotkit.tui.widgets.principle_bars import score_style

if TYPE_CHECKING:
    pass



class ProfileScreen(PilotkitScreen[None]):
    """One library's principle profile across every round: a bar per round, with numbers."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "k_back")]
    FOOTER_HIDES = frozenset({"ctrl+q"})
    HELP_TOPIC = "compare"

    def __init__(self, shown: Shown, group: str) -> None:
        super().__init__()
        self.shown = shown
        self.group = group

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="profile"):
            yield Label(Text(f"{self.shown.library_name(self.group)} ({self.group}) · "
                             f"{t('profile')}"), classes="heading", id="profile-title")
            # the comparison's filters hold here too: said, as on the comparison
            if self.shown.narrowed:
                yield Static(Text(t("shown_narrowed", what=" · ".join(self.shown.narrowed))),
                             id="profile-narrowed")
            yield Static("", id="profile-chart")
        yield KeyFooter()

    def on_mount(self) -> None:
        from pilotkit.tui.widgets.principle_bars import bar

        store = self.app.client.store
        lang = self.app.lang
        shown = self.shown
        rounds, cells = self.app.client.call(compare_cells, store, "library", shown.filters)
        index = {(c.round, c.principle): c for c in cells if c.group == self.group}
        labels = {r: shown.round_label(r) for r in rounds}
        width = (self.size.width or self.app.size.width) - 4
        label_width = min(max((len(v) for v in labels.values()), default=4), width // 2)
        bar_width = max(10, width - label_width - 18)
        chart = Text()
        principles = principles_in_order(self.app.catalog.framework.ids,
                                         {p for _, p in index})
        for principle in principles:
            chart.append(f"{shown.principle_name(principle)}\n", style="bold")
            for round_id in rounds:
                cell = index.get((round_id, principle))
                if cell is None:
                    continue
                name = labels[round_id]
                if len(name) > label_width:
                    chart.append(f"  {name}\n")
                    name = ""
                chart.append(f"  {name:<{label_width}} ")
                chart.append(bar(cell.mean, bar_width), style=score_style(cell.mean))
                if cell.too_few:
                    chart.append(f"  ? n={cell.n}\n", style="dim")
                else:
                    small = "*" if cell.n < SMALL_N else ""
                    chart.append(f" {number(cell.mean, lang):>5}  n={cell.n}{small}\n")
        chart.append("\n" + " · ".join([t("legend_small"), t("legend_too_few")]), style="dim")
        self.query_one("#profile-chart", Static).update(chart)

    def action_back(self) -> None:
        self.app.pop_screen()


