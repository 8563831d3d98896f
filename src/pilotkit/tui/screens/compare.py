"""Team leads' comparisons: library × principle levels, changes between rounds, drill-down.

Every number comes from `pilotkit.core.compare`; this screen only lays them
out, colours them (always beside the number) and lets the keyboard move from
a cell to the visits and the checklist items behind it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.coordinate import Coordinate
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Header, Label, Select, Static

from pilotkit.core.compare import (
    SMALL_N,
    Cell,
    Change,
    Filters,
    cell_visits,
    compare_cells,
    compare_change,
    item_changes,
)
from pilotkit.core.entities import OVERALL
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter
from pilotkit.tui.widgets.principle_bars import score_style
from pilotkit.tui.widgets.search_select import SearchSelect

if TYPE_CHECKING:
    from pilotkit.tui.app import PilotkitApp

INTERVAL_SPAN = 50.0  # the change bars run from −50 to +50 points
BAR_WIDTH = 21


def interval_bar(low: float | None, high: float | None, delta: float) -> str:
    """`   ├───●──┤ │` on a −50..+50 scale, the zero line marked; ● is the change."""
    cells = [" "] * BAR_WIDTH
    def pos(v: float) -> int:
        clipped = max(-INTERVAL_SPAN, min(INTERVAL_SPAN, v))
        return round((clipped + INTERVAL_SPAN) / (2 * INTERVAL_SPAN) * (BAR_WIDTH - 1))
    if low is not None and high is not None:
        for i in range(pos(low), pos(high) + 1):
            cells[i] = "─"
        cells[pos(low)], cells[pos(high)] = "├", "┤"
    zero = pos(0.0)
    if cells[zero] == " ":
        cells[zero] = "│"
    cells[pos(delta)] = "●"
    return "".join(cells)


def _cell_text(cell: Cell | None) -> Text:
    if cell is None:
        return Text("–", style="dim")
    small = "*" if cell.n < SMALL_N else ""
    return Text(f"{cell.mean:5.1f} n{cell.n}{small}", style=score_style(cell.mean))


def _change_text(change: Change | None) -> Text:
    if change is None:
        return Text("–", style="dim")
    small = "*" if min(change.n_from, change.n_to) < SMALL_N else ""
    if change.clear:
        arrow = "▲" if change.delta > 0 else "▼"
        return Text(f"{arrow}{change.delta:+.1f}{small}",
                    style="bold green" if change.delta > 0 else "bold red")
    return Text(f" {change.delta:+.1f}{small}")


class CompareScreen(PilotkitScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "toggle_change", "k_toggle_change"),
        Binding("p", "profile", "k_profile"),
        Binding("f", "filters", "k_filters"),
        Binding("e", "export", "k_export"),
        Binding("escape", "back", "k_back"),
    ]


    def __init__(self) -> None:
        super().__init__()
        self.show_change = False
        self.rounds: list[str] = []
        self.cells: dict[tuple[str, str, str], Cell] = {}
        self.changes: dict[tuple[str, str], Change] = {}
        self.principles: list[str] = []
        # what the filter dialog chose; None means all (or, for rounds, none yet)
        self.choice: dict[str, str | None] = {"from-round": None, "to-round": None,
                                              "scenario": None, "channel": None,
                                              "persona": None}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="compare-filters")
        yield Label("", id="compare-title")
        yield DataTable(id="matrix", cursor_type="cell", zebra_stripes=True)
        yield Static("", id="compare-detail")
        yield KeyFooter()

    def on_mount(self) -> None:
        rounds = self.app.client.call(self.app.client.store.rounds)
        if len(rounds) >= 2:
            self.choice["from-round"], self.choice["to-round"] = rounds[-2].id, rounds[-1].id
        self.reload()
        self.query_one("#matrix", DataTable).focus()

    def filters(self, rounds: tuple[str, ...] = ()) -> Filters:
        scenario, channel, persona = (self.choice["scenario"], self.choice["channel"],
                                      self.choice["persona"])
        scenarios: tuple[str, ...] = (scenario,) if scenario else ()
        if persona:
            # a persona is who the evaluator plays: the scenarios written for it
            lang = self.app.lang
            played = tuple(f.scenario.id for f in self.app.catalog.scenarios.values()
                           if f.scenario.persona and f.scenario.persona.get(lang) == persona)
            scenarios = tuple(s for s in played if not scenarios or s in scenarios) or ("-",)
        return Filters(rounds=rounds, scenarios=scenarios,
                       channels=(channel,) if channel else ())

    def action_filters(self) -> None:
        def apply(choice: dict[str, str | None] | None) -> None:
            if choice is not None:
                self.choice = choice
                self.reload()

        self.app.push_screen(FilterDialog(self.choice), apply)

    def chosen_rounds(self) -> tuple[str, str] | None:
        start, end = self.choice["from-round"], self.choice["to-round"]
        if start and end and start != end:
            return start, end
        return None

    def reload(self) -> None:
        store = self.app.client.store
        framework = self.app.catalog.framework
        table = self.query_one("#matrix", DataTable)
        table.clear(columns=True)
        pair = self.chosen_rounds()
        if self.show_change and pair:
            changes = self.app.client.call(compare_change, store, pair[0], pair[1], "library",
                                           self.filters())
            self.changes = {(c.group, c.principle): c for c in changes}
            present = {c.principle for c in changes}
            title = f"{t('change_view')} · {pair[0]} → {pair[1]}"
        else:
            self.rounds, cells = self.app.client.call(compare_cells, store, "library",
                                                      self.filters())
            self.cells = {(c.group, c.round, c.principle): c for c in cells}
            present = {c.principle for c in cells}
            title = t("level_view")
        self.principles = [p for p in framework.ids if p in present] + (
            [OVERALL] if OVERALL in present else [])
        self.query_one("#compare-title", Label).update(f"{title} · {t('small_sample')}")
        shown = [f"{t(key)}: {self.choice[name] or t('all')}" for name, key in
                 (("scenario", "scenario"), ("channel", "channel"), ("persona", "persona"))]
        self.query_one("#compare-filters", Label).update(" · ".join(shown)[:78])
        table.add_column(t("library"), key="group")
        if not (self.show_change and pair):
            table.add_column(t("round"), key="round")
        for principle in self.principles:
            name = t("overall") if principle == OVERALL else framework.name(principle,
                                                                             self.app.lang)
            table.add_column(name[:11], key=principle)
        if self.show_change and pair:
            for group in sorted({g for g, _ in self.changes}):
                table.add_row(group, *(_change_text(self.changes.get((group, p)))
                                       for p in self.principles), key=group)
        else:
            for group in sorted({g for g, _, _ in self.cells}):
                for round_id in self.rounds:
                    row = [self.cells.get((group, round_id, p)) for p in self.principles]
                    if any(row):
                        table.add_row(group, round_id, *(_cell_text(c) for c in row),
                                      key=f"{group}|{round_id}")
        if table.row_count == 0:
            self.query_one("#compare-detail", Static).update(t("no_data"))

    def action_toggle_change(self) -> None:
        self.show_change = not self.show_change
        self.reload()

    def on_data_table_cell_highlighted(self, event: DataTable.CellHighlighted) -> None:
        self.show_detail(event.coordinate.row)

    def show_detail(self, row: int) -> None:
        detail = self.query_one("#compare-detail", Static)
        table = self.query_one("#matrix", DataTable)
        if not self.show_change or not self.chosen_rounds() or row >= table.row_count:
            detail.update("")
            return
        group = str(table.coordinate_to_cell_key(Coordinate(row, 0)).row_key.value)
        framework = self.app.catalog.framework
        lines = [f"[b]{group}[/b]   −50 {' ' * (BAR_WIDTH - 8)} +50"]
        for principle in self.principles:
            change = self.changes.get((group, principle))
            if change is None:
                continue
            name = t("overall") if principle == OVERALL else framework.name(principle,
                                                                             self.app.lang)
            bounds = ("" if change.ci_low is None or change.ci_high is None
                      else f"[{change.ci_low:+.1f}, {change.ci_high:+.1f}]")
            mark = " ▲▼"[0 if not change.clear else (1 if change.delta > 0 else 2)]
            lines.append(f"{name[:14]:<14} {interval_bar(change.ci_low, change.ci_high, change.delta)}"
                         f" {change.delta:+6.1f}{mark} {bounds}")
        detail.update("\n".join(lines))

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        column = str(event.cell_key.column_key.value)
        if column in ("group", "round"):
            return
        row_key = str(event.cell_key.row_key.value)
        group, _, round_id = row_key.partition("|")
        self.app.push_screen(CellScreen(self, group, round_id or None, column))

    def action_profile(self) -> None:
        table = self.query_one("#matrix", DataTable)
        if table.row_count == 0:
            return
        row_key = table.coordinate_to_cell_key(Coordinate(table.cursor_row, 0)).row_key.value
        group = str(row_key).partition("|")[0]
        self.app.push_screen(ProfileScreen(self, group))

    def action_export(self) -> None:
        from pilotkit.tui.screens.dialogs import FormDialog

        def save(values: dict[str, str]) -> str | None:
            return export_scores(self, values["path"])

        self.app.push_screen(FormDialog(t("export_to"), [("path", t("path"), "")], save,
                                        {"path": "pilotkit-scores.csv"}))

    def action_back(self) -> None:
        self.app.pop_screen()


def export_scores(screen: CompareScreen, path: str) -> str | None:
    """Write what the screen shows (level cells or changes) as Excel-ready CSV."""
    from dataclasses import astuple, fields

    from pilotkit.core.export import Dialect, write_csv
    from pilotkit.core.messages import localize
    from pilotkit.outfile import OutputRefused, output_file

    if not path.strip():
        return t("missing_field", field=t("path"))
    rows: list[Any]
    if screen.show_change and screen.chosen_rounds():
        rows = sorted(screen.changes.values(), key=lambda c: (c.group, c.principle))
        columns = [f.name for f in fields(Change)]
    else:
        rows = sorted(screen.cells.values(), key=lambda c: (c.group, c.round, c.principle))
        columns = [f.name for f in fields(Cell)]
    dialect = Dialect(excel=True)
    try:
        with output_file(path.strip(), dialect.encoding, [screen.app.client.store.path]) \
                as (out, _):
            write_csv(out, columns, (astuple(r) for r in rows), dialect)
    except OutputRefused as e:
        return localize(e, screen.app.lang)
    except OSError as e:
        return f"{path.strip()}: {e.strerror or e}"
    screen.notify(t("exported", path=path.strip()))
    return None


class CellScreen(PilotkitScreen[None]):
    """The visits behind a cell and, for a change, the checklist items that moved."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "k_back")]


    def __init__(self, parent: CompareScreen, group: str, round_id: str | None,
                 principle: str) -> None:
        super().__init__()
        self.parent_screen = parent
        self.group = group
        self.round_id = round_id
        self.principle = principle

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="cell"):
            yield Label("", id="cell-title", classes="heading")
            yield Label(t("cell_visits"), classes="heading")
            yield DataTable(id="cell-visits", cursor_type="row")
            yield Label(t("item_moves"), classes="heading", id="items-heading")
            yield DataTable(id="cell-items", cursor_type="row")
            yield Static("", id="cell-note")
        yield KeyFooter()

    def on_mount(self) -> None:
        store = self.app.client.store
        framework = self.app.catalog.framework
        name = t("overall") if self.principle == OVERALL else framework.name(self.principle,
                                                                              self.app.lang)
        pair = self.parent_screen.chosen_rounds()
        rounds = [self.round_id] if self.round_id else list(pair or ())
        self.query_one("#cell-title", Label).update(f"{self.group} · {' → '.join(rounds)} · {name}")
        visits = self.query_one("#cell-visits", DataTable)
        visits.add_columns(t("round"), t("scenario"), t("evaluator"), t("visited_at"),
                           t("status"), name[:12])
        filters = self.parent_screen.filters()
        for round_id in rounds:
            for v in self.app.client.call(cell_visits, store, "library", self.group, round_id,
                                          self.principle, filters):
                visits.add_row(round_id, v.scenario, v.evaluator, v.visited_at[:10],
                               t(f"status_{v.status}"),
                               Text(f"{v.score:5.1f}", style=score_style(v.score)))
        items = self.query_one("#cell-items", DataTable)
        if pair is None:
            items.display = False
            self.query_one("#items-heading", Label).display = False
            return
        comparison = self.app.client.call(item_changes, store, "library", self.group, pair[0],
                                          pair[1], self.principle, self.app.lang, filters)
        items.add_columns(t("scenario"), "item", pair[0], pair[1], "Δ")
        for change in comparison.items:
            items.add_row(change.scenario, change.text[:30],
                          f"{change.mean_from:5.1f} n{change.n_from}",
                          f"{change.mean_to:5.1f} n{change.n_to}",
                          Text(f"{change.delta:+.1f}", style=score_style(50 + change.delta)))
        if comparison.left_out:
            self.query_one("#cell-note", Static).update(t("left_out", n=comparison.left_out))

    def action_back(self) -> None:
        self.app.pop_screen()


class ProfileScreen(PilotkitScreen[None]):
    """One library's principle profile across every round: a bar per round, with numbers."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "k_back")]


    def __init__(self, parent: CompareScreen, group: str) -> None:
        super().__init__()
        self.parent_screen = parent
        self.group = group

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="profile"):
            yield Label(f"{self.group} · {t('profile')}", classes="heading")
            yield Static("", id="profile-chart")
        yield KeyFooter()

    def on_mount(self) -> None:
        from pilotkit.tui.widgets.principle_bars import bar

        store = self.app.client.store
        framework = self.app.catalog.framework
        rounds, cells = self.app.client.call(compare_cells, store, "library",
                                             self.parent_screen.filters())
        index = {(c.round, c.principle): c for c in cells if c.group == self.group}
        chart = Text()
        width = max((len(r) for r in rounds), default=4)
        for principle in [*framework.ids, OVERALL]:
            name = t("overall") if principle == OVERALL else framework.name(principle,
                                                                             self.app.lang)
            chart.append(f"{name}\n", style="bold")
            for round_id in rounds:
                cell = index.get((round_id, principle))
                if cell is None:
                    continue
                small = "*" if cell.n < SMALL_N else ""
                chart.append(f"  {round_id:<{width}} ")
                chart.append(bar(cell.mean, 30), style=score_style(cell.mean))
                chart.append(f" {cell.mean:5.1f}  n={cell.n}{small}\n")
        self.query_one("#profile-chart", Static).update(chart)

    def action_back(self) -> None:
        self.app.pop_screen()


class FilterDialog(ModalScreen[dict[str, "str | None"] | None]):
    """Rounds to compare and what to count: scenario, channel, persona."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, choice: dict[str, str | None]) -> None:
        super().__init__()
        self.choice = dict(choice)

    def compose(self) -> ComposeResult:
        app: PilotkitApp = self.app  # type: ignore[assignment]  # a modal, not a PilotkitScreen
        catalog, lang = app.catalog, app.lang
        rounds = app.client.call(app.client.store.rounds)
        round_options = [(r.label or r.id, r.id) for r in rounds]
        personas = sorted({f.scenario.persona.get(lang) for f in catalog.scenarios.values()
                           if f.scenario.persona})
        fields: list[tuple[str, str, list[tuple[str, str]]]] = [
            ("from-round", t("from_round"), round_options),
            ("to-round", t("to_round"), round_options),
            ("scenario", t("scenario"), [(f.scenario.title.get(lang), f.scenario.id)
                                         for f in catalog.scenarios.values()]),
            ("channel", t("channel"), [(c, c) for c in sorted(
                {f.scenario.channel for f in catalog.scenarios.values()})]),
            ("persona", t("persona"), [(p[:50], p) for p in personas]),
        ]
        with Vertical(classes="dialog"):
            for name, label, options in fields:
                yield Label(label)
                current = self.choice.get(name)
                preset = current if current in {v for _, v in options} else None
                yield SearchSelect[str](options, prompt=t("all"), id=f"filter-{name}",
                                        value=preset if preset is not None else Select.NULL)
            with Horizontal(classes="buttons"):
                yield Button(t("save"), variant="primary", id="apply")
                yield Button(t("cancel"), id="cancel")

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id != "apply":
            self.dismiss(None)
            return
        for name in self.choice:
            value = self.query_one(f"#filter-{name}", Select).value
            self.choice[name] = value if isinstance(value, str) else None
        self.dismiss(self.choice)

    def action_cancel(self) -> None:
        self.dismiss(None)
