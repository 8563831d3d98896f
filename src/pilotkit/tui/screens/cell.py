"""The visits behind one comparison cell, and for a change the checklist items that moved."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Header, Label, Static

from pilotkit.core.compare import (
    cell_visits,
    item_changes,
)
from pilotkit.core.formatting import date_time, number, signed
from pilotkit.core.labels import label
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter
from pilotkit.tui.widgets.principle_bars import score_style

if TYPE_CHECKING:
    pass

from pilotkit.tui.compare_layout import SCROLLBAR, Shown
from pilotkit.tui.screens.visit_view import VisitViewScreen


class CellScreen(PilotkitScreen[None]):
    """The visits behind a cell, with their scores; for a change, the checklist items that moved."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "k_back")]
    FOOTER_HIDES = frozenset({"ctrl+q"})
    HELP_TOPIC = "compare"

    def __init__(self, shown: Shown, group: str, round_id: str | None, principle: str,
                 summary: str) -> None:
        """A level cell of `round_id`, or with None the change between `shown.rounds`;
        `summary` is the comparison's own sentence about it."""
        super().__init__()
        self.shown = shown
        self.group = group
        self.round_id = round_id
        self.principle = principle
        self.summary = summary

    def rounds(self) -> list[str]:
        return [self.round_id] if self.round_id else list(self.shown.rounds or ())

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="cell"):
            yield Static("", id="cell-title", classes="heading")
            yield Static("", id="cell-summary")
            for index, round_id in enumerate(self.rounds()):
                yield Label(Text(f"{t('cell_visits')} · {self.shown.round_label(round_id)}"),
                            classes="heading")
                yield DataTable(id=f"cell-visits-{index}", classes="cell-visits",
                                cursor_type="row")
            if self.round_id is None:
                yield Label(t("item_moves"), classes="heading", id="items-heading")
                yield DataTable(id="cell-items", cursor_type="row")
                yield Static("", id="cell-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        store = self.app.client.store
        lang = self.app.lang
        shown = self.shown
        name = shown.principle_name(self.principle)
        rounds = self.rounds()
        self.query_one("#cell-title", Static).update(Text(
            f"{shown.library_name(self.group)} ({self.group}) · {name}\n"
            + " → ".join(shown.round_label(r) for r in rounds)))
        self.query_one("#cell-summary", Static).update(Text(self.summary))
        filters = shown.filters
        titles = {f.scenario.id: f.scenario.title.get(lang)
                  for f in self.app.catalog.scenarios.values()}
        width = (self.size.width or self.app.size.width) - 2
        for index, round_id in enumerate(rounds):
            visits = self.query_one(f"#cell-visits-{index}", DataTable)
            found = self.app.client.call(cell_visits, store, "library", self.group, round_id,
                                         self.principle, filters)
            columns = [
                (t("score"), "score", [number(v.score, lang) for v in found]),
                (t("status"), "status", [label("status", v.status, lang) for v in found]),
                (t("visited_at"), "visited", [date_time(v.visited_at, lang) for v in found]),
                (t("evaluator_short"), "evaluator", [v.evaluator for v in found]),
            ]
            _add_columns(visits, columns, (t("scenario"), "scenario"), width, least=12)
            for v, score, status, when in zip(found, columns[0][2], columns[1][2],
                                               columns[2][2], strict=True):
                visits.add_row(Text(score, style=score_style(v.score), justify="right"),
                               status, when, v.evaluator,
                               Text(titles.get(v.scenario, v.scenario)), key=v.visit_id,
                               height=None)
        if self.round_id is None:
            self.fill_items(rounds)
        self.query_one(".cell-visits", DataTable).focus()

    def fill_items(self, rounds: list[str]) -> None:
        lang = self.app.lang
        items = self.query_one("#cell-items", DataTable)
        comparison = self.app.client.call(item_changes, self.app.client.store, "library",
                                          self.group, rounds[0], rounds[1], self.principle,
                                          lang, self.shown.filters)
        deltas = [signed(change.delta, lang) for change in comparison.items]
        befores = [f"{number(c.mean_from, lang)} n={c.n_from}" for c in comparison.items]
        afters = [f"{number(c.mean_to, lang)} n={c.n_to}" for c in comparison.items]
        _add_columns(items, [("Δ", "delta", deltas), (t("before"), "from", befores),
                             (t("after"), "to", afters)], (t("item"), "item"),
                     (self.size.width or self.app.size.width) - 2, least=20)
        for change, delta, before, after in zip(comparison.items, deltas, befores, afters,
                                                strict=True):
            items.add_row(Text(delta, style=score_style(50 + change.delta), justify="right"),
                          before, after, Text(change.text), height=None)
        notes = []
        if not comparison.items:
            notes.append(t("no_item_moved"))
        if comparison.unchanged:
            notes.append(t("unchanged_items", n=comparison.unchanged))
        if comparison.left_out:
            notes.append(t("left_out", n=comparison.left_out))
        self.query_one("#cell-note", Static).update(" ".join(notes))

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        if event.data_table.has_class("cell-visits") and event.row_key.value:
            self.app.push_screen(VisitViewScreen(str(event.row_key.value)))

    def action_back(self) -> None:
        self.app.pop_screen()


def _add_columns(table: DataTable[object], columns: list[tuple[str, str, list[str]]],
                 text: tuple[str, str], width: int, least: int) -> None:
    """Columns as wide as their widest value, then a text column that wraps in what is left:
    nothing runs off the screen or under a scrollbar, the screen's or the table's own (a
    table with more rows than it shows)."""
    used = 0
    for head, key, values in columns:
        column_width = max(len(head), *(len(v) for v in values), 1)
        table.add_column(head, key=key, width=column_width)
        used += column_width + 2
    table.add_column(text[0], key=text[1], width=max(least, width - used - 2 - 2 * SCROLLBAR))
