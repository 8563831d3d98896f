"""Team leads' comparisons: library × principle levels, changes between rounds, drill-down.

Every number comes from `pilotkit.core.compare`; these screens lay them out
to fit the terminal (every principle and the overall score in view at
80×24, short headings with a legend when full names do not fit), say which
visits are counted, explain the highlighted number in words, warn where a
result could mislead (too few visits, a different scenario mix, changes
that look clear by chance), and let the keyboard move from a cell to the
visits and the checklist items behind it, and on to a visit itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, ClassVar, Literal

from rich.markup import escape
from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Button, DataTable, Header, Label, Select, Static

from pilotkit.core.compare import (
    MANY_CHANGES,
    SMALL_N,
    Adjusted,
    Cell,
    Change,
    Filters,
    adjusted,
    cell_visits,
    chance,
    compare_cells,
    compare_change,
    item_changes,
    principles_in_order,
)
from pilotkit.core.entities import OVERALL
from pilotkit.core.explain import explain
from pilotkit.core.formatting import date_time, interval, number, plus_minus, signed
from pilotkit.core.labels import label
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter
from pilotkit.tui.widgets.principle_bars import score_style
from pilotkit.tui.widgets.search_select import SearchSelect

if TYPE_CHECKING:
    from pilotkit.tui.app import PilotkitApp

INTERVAL_SPAN = 50.0  # the change bars run from −50 to +50 points
BAR_WIDTH = 21
NAME_MIN = 14
"""The library column never gets narrower than this: a longer name wraps onto a second line."""
NAME_MAX = 40
SCROLLBAR = 2
AdjustChoice = Literal["holm", "bh"] | None


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


def short_names(names: Sequence[str], length: int = 3) -> list[str]:
    """The first `length` letters of each name, longer where two would read the same."""
    out = [n[:length] for n in names]
    k = length
    longest = max((len(n) for n in names), default=0)
    while len(set(out)) < len(out) and k < longest:
        k += 1
        repeated = {s for s in out if out.count(s) > 1}
        out = [n[:k] if o in repeated else o for n, o in zip(names, out, strict=True)]
    return out


def level_text(cell: Cell | None, lang: str, with_n: bool) -> Text:
    if cell is None:
        return Text("–", style="dim", justify="right")
    if cell.too_few:
        return Text(f"? n{cell.n}" if with_n else "?", style="dim", justify="right")
    small = "*" if cell.n < SMALL_N else ""
    text = number(cell.mean, lang) + small + (f" n{cell.n}" if with_n else "")
    return Text(text, style=score_style(cell.mean), justify="right")


def change_mark(change: Change, flag: Adjusted | None) -> str:
    """▲/▼ clear (after adjustment, when adjusting); △/▽ clear only before adjustment."""
    up = change.delta > 0
    if flag is None:
        return ("▲" if up else "▼") if change.clear else ""
    if flag.clear_adjusted:
        return "▲" if up else "▼"
    return ("△" if up else "▽") if change.clear else ""


def change_is_unknown(change: Change) -> bool:
    """No interval (fewer than two visits in a round) or one wider than the scale."""
    return change.ci_low is None or change.ci_high is None or change.too_few


def change_cell(change: Change | None, lang: str, flag: Adjusted | None, with_n: bool) -> Text:
    if change is None:
        return Text("–", style="dim", justify="right")
    counts = f" n{change.n_from}/{change.n_to}" if with_n else ""
    if change_is_unknown(change):
        return Text("?" + counts, style="dim", justify="right")
    mark = change_mark(change, flag)
    style = ""
    if mark in ("▲", "▼"):
        style = "bold green" if change.delta > 0 else "bold red"
    return Text(f"{mark}{signed(change.delta, lang)}{counts}", style=style, justify="right")


@dataclass(frozen=True)
class Layout:
    """Column widths for the matrix at the screen's width."""

    name_width: int
    cell_width: int
    with_n: bool
    full_headers: bool


def plan_layout(width: int, names: Sequence[str], headers: Sequence[str],
                shorts: Sequence[str], change: bool) -> Layout:
    """Everything in view at `width`: more detail (n, full headings) only where it fits."""
    longest_name = min(max((len(n) for n in names), default=NAME_MIN), NAME_MAX)
    base = 6                           # "▲+43,5" / "100,0*"
    with_n = 6 if change else 4        # " n18/27" / " n18"
    for show_n, full in ((True, True), (True, False), (False, True), (False, False)):
        cell = base + (with_n if show_n else 0)
        heads = headers if full else shorts
        columns = sum(max(cell, len(h)) + 1 for h in heads)
        if max(longest_name, NAME_MIN) + columns + SCROLLBAR <= width:
            return Layout(max(longest_name, NAME_MIN), cell, show_n, full)
    cell = base
    columns = sum(max(cell, len(h)) + 1 for h in shorts)
    return Layout(max(NAME_MIN, width - columns - SCROLLBAR), cell, False, False)


class CompareScreen(PilotkitScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("d", "toggle_change", "k_toggle_change"),
        Binding("left_square_bracket", "round(-1)", "k_round_prev", show=False),
        Binding("right_square_bracket", "round(1)", "k_round"),
        Binding("a", "toggle_approved", "k_approved"),
        Binding("s", "toggle_same", "k_same", show=False),
        Binding("m", "cycle_adjust", "k_adjust", show=False),
        Binding("f", "filters", "k_filters"),
        Binding("p", "profile", "k_profile", show=False),
        Binding("e", "export", "k_export", show=False),
        Binding("n", "rename", "k_rename", show=False),
        Binding("escape", "back", "k_back"),
    ]
    # at 80 columns the footer holds the keys a lead needs first; ? lists every one
    FOOTER_HIDES = frozenset({"ctrl+q", "ctrl+p"})
    HELP_TOPIC = "compare"

    def __init__(self) -> None:
        super().__init__()
        self.show_change = False
        self.approved_only = False
        self.same_scenarios = False
        self.adjust: AdjustChoice = None
        self.rounds: list[str] = []
        self.level_round: str | None = None
        self.cells: dict[tuple[str, str, str], Cell] = {}
        self.changes: dict[tuple[str, str], Change] = {}
        self.flags: dict[tuple[str, str], Adjusted] = {}
        self.principles: list[str] = []
        self.library_names: dict[str, str] = {}
        self.round_labels: dict[str, str] = {}
        self._laid_out_for = 0
        # what the filter dialog chose; None means all (or, for rounds, none yet)
        self.choice: dict[str, str | None] = {"from-round": None, "to-round": None,
                                              "scenario": None, "channel": None,
                                              "persona": None}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="compare-title")
        yield Static("", id="compare-filters")
        yield DataTable(id="matrix", cursor_type="cell", zebra_stripes=True, cell_padding=0)
        yield Static("", id="compare-detail")
        yield Static("", id="compare-legend")
        yield KeyFooter()

    def on_mount(self) -> None:
        rounds = self.app.client.call(self.app.client.store.rounds)
        self.round_labels = {r.id: r.label or r.id for r in rounds}
        if len(rounds) >= 2:
            self.choice["from-round"], self.choice["to-round"] = rounds[-2].id, rounds[-1].id
        self.reload()
        self.query_one("#matrix", DataTable).focus()

    def on_resize(self, event: events.Resize) -> None:
        # the layout follows the width: rebuild when it changes, not on the first size
        if self.principles and event.size.width != self._laid_out_for:
            self.reload()

    # -- what counts ---------------------------------------------------------------------------

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
                       channels=(channel,) if channel else (),
                       approved_only=self.approved_only, same_scenarios=self.same_scenarios)

    def chosen_rounds(self) -> tuple[str, str] | None:
        start, end = self.choice["from-round"], self.choice["to-round"]
        if start and end and start != end:
            return start, end
        return None

    def round_label(self, round_id: str) -> str:
        return self.round_labels.get(round_id, round_id)

    def library_name(self, group: str) -> str:
        return self.library_names.get(group) or group

    def principle_name(self, principle: str) -> str:
        if principle == OVERALL:
            return t("overall")
        return self.app.catalog.framework.name(principle, self.app.lang)

    def counted_line(self) -> str:
        lang = self.app.lang
        parts = [t("counted_approved") if self.approved_only else t("counted_all")]
        if self.same_scenarios:
            parts.append(t("same_scenarios_on"))
        for name, key in (("scenario", "scenario"), ("channel", "channel"),
                          ("persona", "persona")):
            value = self.choice[name]
            if value:
                if name == "channel":
                    value = label("channel", value, lang)
                elif name == "scenario":
                    loaded = self.app.catalog.get(value)
                    value = loaded.scenario.title.get(lang) if loaded else value
                parts.append(f"{t(key)}: {value}")
        return " · ".join(parts)

    # -- the matrix ----------------------------------------------------------------------------

    def reload(self) -> None:
        store = self.app.client.store
        lang = self.app.lang
        self.library_names = {lib.id: lib.name
                              for lib in self.app.client.call(store.libraries)}
        table = self.query_one("#matrix", DataTable)
        pair = self.chosen_rounds()
        change_view = self.show_change and pair is not None
        if change_view:
            assert pair is not None
            changes = self.app.client.call(compare_change, store, pair[0], pair[1], "library",
                                           self.filters())
            self.changes = {(c.group, c.principle): c for c in changes}
            self.flags = ({} if self.adjust is None else
                          {(c.group, c.principle): a for c, a in
                           zip(changes, adjusted(changes, self.adjust), strict=True)})
            present = {c.principle for c in changes}
            groups = sorted({c.group for c in changes}, key=self.library_name)
            title = t("change_title", start=self.round_label(pair[0]),
                      end=self.round_label(pair[1]))
        else:
            self.rounds, cells = self.app.client.call(compare_cells, store, "library",
                                                      self.filters())
            self.cells = {(c.group, c.round, c.principle): c for c in cells}
            if self.level_round not in self.rounds:
                self.level_round = self.rounds[-1] if self.rounds else None
            shown = [c for c in cells if c.round == self.level_round]
            present = {c.principle for c in shown}
            groups = sorted({c.group for c in shown}, key=self.library_name)
            title = t("level_title", round=self.round_label(self.level_round or "–"))
            if len(self.rounds) > 1:
                title += " · " + t("round_keys")
        self.principles = principles_in_order(self.app.catalog.framework.ids, present)
        self.query_one("#compare-title", Label).update(title)
        self.query_one("#compare-filters", Static).update(escape(self.counted_line()))
        headers = [self.principle_name(p) for p in self.principles]
        shorts = short_names(headers)
        names = [self.library_name(g) + (" ≠" if change_view and self._mixed(g) else "")
                 for g in groups]
        self._laid_out_for = self.size.width or self.app.size.width
        layout = plan_layout(self._laid_out_for, names, headers, shorts, change_view)
        cursor = table.cursor_coordinate
        table.clear(columns=True)
        table.add_column(Text(t("library")), key="group", width=layout.name_width)
        for principle, head, short in zip(self.principles, headers, shorts, strict=True):
            shown_head = head if layout.full_headers else short
            table.add_column(Text(shown_head, justify="right"), key=principle,
                             width=max(layout.cell_width, len(shown_head)) + 1)
        for group, name in zip(groups, names, strict=True):
            if change_view:
                row = [change_cell(self.changes.get((group, p)), lang,
                                   self.flags.get((group, p)), layout.with_n)
                       for p in self.principles]
            else:
                row = [level_text(self.cells.get((group, self.level_round or "", p)), lang,
                                  layout.with_n) for p in self.principles]
            table.add_row(Text(name), *row, key=group, height=None)
        if table.row_count:
            # the first principle, not the library's name, on first showing
            table.move_cursor(row=min(cursor.row, table.row_count - 1),
                              column=min(max(cursor.column, 1), len(self.principles)))
        self.query_one("#compare-legend", Static).update(
            self.legend(headers, shorts, layout, change_view))
        self.show_detail()

    def _mixed(self, group: str) -> bool:
        return any(c.mixed_scenarios for (g, _), c in self.changes.items() if g == group)

    def legend(self, headers: Sequence[str], shorts: Sequence[str], layout: Layout,
               change_view: bool) -> Text:
        lang = self.app.lang
        text = Text()
        if not layout.full_headers:
            text.append(" · ".join(f"{s} {h}" for s, h in zip(shorts, headers, strict=True)),
                        style="dim")
            text.append("\n")
        if change_view:
            marks = [t("legend_adjusted", method=explain(self.adjust, lang))
                     if self.adjust else t("legend_clear")]
            if any(c.mixed_scenarios for c in self.changes.values()):
                marks.append(t("legend_mixed"))
            marks.append(t("legend_too_few"))
            counts = chance(self.changes.values())
            if counts.tested >= MANY_CHANGES:
                marks.append(t("legend_chance", tested=counts.tested, clear=counts.clear,
                               expected=number(counts.expected_by_chance, lang)))
        else:
            marks = [t("legend_small"), t("legend_too_few")]
        text.append(" · ".join(marks))
        if not self.cells and not self.changes:
            text = Text(t("no_data"))
        return text

    # -- the highlighted number, in words ------------------------------------------------------

    def on_data_table_cell_highlighted(self, _: DataTable.CellHighlighted) -> None:
        self.show_detail()

    def current(self) -> tuple[str, str] | None:
        """(group, principle) under the cursor; principle is "" on the library column."""
        table = self.query_one("#matrix", DataTable)
        if table.row_count == 0:
            return None
        key = table.coordinate_to_cell_key(table.cursor_coordinate)
        return str(key.row_key.value), str(key.column_key.value)

    def show_detail(self) -> None:
        detail = self.query_one("#compare-detail", Static)
        where = self.current()
        if where is None:
            detail.update(t("no_data") if not self.principles else "")
            return
        group, principle = where
        if principle == "group":
            detail.update(Text(f"{self.library_name(group)} ({group})\n" + t("detail_row")))
            return
        head = f"{self.principle_name(principle)} · {self.library_name(group)}"
        if self.show_change and self.chosen_rounds():
            change = self.changes.get((group, principle))
            detail.update(Text(head + "\n" + (self.describe_change(change) if change else "–")))
        else:
            cell = self.cells.get((group, self.level_round or "", principle))
            detail.update(Text(f"{head} · {self.round_label(self.level_round or '')}\n"
                               + (self.describe_cell(cell) if cell else "–")))

    def describe_cell(self, cell: Cell) -> str:
        lang = self.app.lang
        if cell.ci_low is None or cell.ci_high is None:
            return t("detail_one", mean=number(cell.mean, lang), n=cell.n)
        bounds = interval(cell.ci_low, cell.ci_high, lang)
        if cell.too_few:
            return t("detail_too_few", n=cell.n, interval=bounds)
        return t("detail_level", mean=number(cell.mean, lang),
                 pm=plus_minus(cell.ci_low, cell.ci_high, lang), interval=bounds, n=cell.n)

    def describe_change(self, change: Change) -> str:
        lang = self.app.lang
        means = (f"{number(change.mean_from, lang)} (n={change.n_from}) → "
                 f"{number(change.mean_to, lang)} (n={change.n_to})")
        mixed = " " + t("detail_mixed") if change.mixed_scenarios else ""
        if change.ci_low is None or change.ci_high is None:
            return f"{means} · {t('detail_no_interval')}{mixed}"
        bounds = interval(change.ci_low, change.ci_high, lang, with_sign=True)
        if change.too_few:
            return f"{means} · {t('detail_too_few_change', interval=bounds)}{mixed}"
        flag = self.flags.get((change.group, change.principle))
        mark = change_mark(change, flag)
        verdict = (t("verdict_clear") if mark in ("▲", "▼") else
                   t("verdict_only_alone") if mark in ("△", "▽") else t("verdict_unclear"))
        bar = interval_bar(change.ci_low, change.ci_high, change.delta)
        return (f"{means} · {signed(change.delta, lang)} {bounds} {bar} {verdict}{mixed}")

    # -- keys ----------------------------------------------------------------------------------

    def action_toggle_change(self) -> None:
        self.show_change = not self.show_change
        if self.show_change and not self.chosen_rounds():
            self.notify(t("need_two_rounds"))
        self.reload()

    def action_round(self, step: int) -> None:
        if self.show_change or not self.rounds:
            return
        index = self.rounds.index(self.level_round) if self.level_round in self.rounds else 0
        self.level_round = self.rounds[(index + step) % len(self.rounds)]
        self.reload()

    def action_toggle_approved(self) -> None:
        self.approved_only = not self.approved_only
        self.reload()

    def action_toggle_same(self) -> None:
        self.same_scenarios = not self.same_scenarios
        self.reload()

    def action_cycle_adjust(self) -> None:
        self.adjust = {None: "holm", "holm": "bh", "bh": None}[self.adjust]
        self.reload()

    def action_filters(self) -> None:
        def apply(choice: dict[str, str | None] | None) -> None:
            if choice is not None:
                self.choice = choice
                self.reload()

        self.app.push_screen(FilterDialog(self.choice), apply)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        column = str(event.cell_key.column_key.value)
        group = str(event.cell_key.row_key.value)
        if column == "group":
            self.app.push_screen(ProfileScreen(self, group))
            return
        round_id = None if (self.show_change and self.chosen_rounds()) else self.level_round
        self.app.push_screen(CellScreen(self, group, round_id, column))

    def action_profile(self) -> None:
        where = self.current()
        if where is not None:
            self.app.push_screen(ProfileScreen(self, where[0]))

    def action_rename(self) -> None:
        from pilotkit.core.database import StoreError
        from pilotkit.tui.screens.dialogs import FormDialog

        where = self.current()
        if where is None:
            return
        group = where[0]

        def save(values: dict[str, str]) -> str | None:
            if not values["name"]:
                return t("missing_field", field=t("name"))
            try:
                self.app.client.call(self.app.client.store.rename_library, group,
                                     values["name"])
            except StoreError as e:
                return str(e)
            self.reload()
            return None

        self.app.push_screen(FormDialog(t("rename_library", isil=group),
                                        [("name", t("name"), "")], save,
                                        {"name": self.library_name(group)}))

    def action_export(self) -> None:
        from pilotkit.tui.screens.dialogs import FormDialog

        def save(values: dict[str, str]) -> str | None:
            return export_scores(self, values["path"])

        self.app.push_screen(FormDialog(t("export_to") + " · " + t("export_counts_note"),
                                        [("path", t("path"), "")], save,
                                        {"path": "pilotkit-scores.csv"}))

    def action_back(self) -> None:
        self.app.pop_screen()


def export_scores(screen: CompareScreen, path: str) -> str | None:
    """Write what the screen shows (level cells or changes) as CSV for a Finnish spreadsheet."""
    from pilotkit.core import compare_files as files
    from pilotkit.core.csvdialect import Dialect
    from pilotkit.core.messages import localize
    from pilotkit.outfile import OutputRefused, output_file

    if not path.strip():
        return t("missing_field", field=t("path"))
    dialect = Dialect(excel=True)
    try:
        with output_file(path.strip(), dialect.encoding, [screen.app.client.store.path]) \
                as (out, _):
            if screen.show_change and screen.chosen_rounds():
                changes = sorted(screen.changes.values(), key=lambda c: (c.group, c.principle))
                files.write_changes_csv(out, changes, dialect, screen.adjust)
            else:
                cells = sorted(screen.cells.values(), key=lambda c: (c.group, c.round,
                                                                     c.principle))
                files.write_cells_csv(out, cells, dialect)
    except OutputRefused as e:
        return localize(e, screen.app.lang)
    except OSError as e:
        return f"{path.strip()}: {e.strerror or e}"
    counted = t("counted_approved") if screen.approved_only else t("counted_all")
    screen.notify(t("exported", path=path.strip()) + "\n" + counted)
    return None


class CellScreen(PilotkitScreen[None]):
    """The visits behind a cell, with their scores; for a change, the checklist items that moved."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "k_back")]
    FOOTER_HIDES = frozenset({"ctrl+q"})
    HELP_TOPIC = "compare"

    def __init__(self, parent: CompareScreen, group: str, round_id: str | None,
                 principle: str) -> None:
        super().__init__()
        self.parent_screen = parent
        self.group = group
        self.round_id = round_id
        self.principle = principle

    def rounds(self) -> list[str]:
        pair = self.parent_screen.chosen_rounds()
        return [self.round_id] if self.round_id else list(pair or ())

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="cell"):
            yield Static("", id="cell-title", classes="heading")
            yield Static("", id="cell-summary")
            for index, round_id in enumerate(self.rounds()):
                yield Label(f"{t('cell_visits')} · {self.parent_screen.round_label(round_id)}",
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
        parent = self.parent_screen
        name = parent.principle_name(self.principle)
        rounds = self.rounds()
        self.query_one("#cell-title", Static).update(Text(
            f"{parent.library_name(self.group)} ({self.group}) · {name}\n"
            + " → ".join(parent.round_label(r) for r in rounds)))
        if self.round_id is not None:
            cell = parent.cells.get((self.group, self.round_id, self.principle))
            summary = parent.describe_cell(cell) if cell else ""
        else:
            change = parent.changes.get((self.group, self.principle))
            summary = parent.describe_change(change) if change else ""
        self.query_one("#cell-summary", Static).update(Text(summary))
        filters = parent.filters()
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
            used = 0
            for head, key, values in columns:
                column_width = max(len(head), *(len(v) for v in values), 1)
                visits.add_column(head, key=key, width=column_width)
                used += column_width + 2
            # the scenario takes what is left, wrapping: nothing runs off the screen
            visits.add_column(t("scenario"), key="scenario",
                              width=max(12, width - used - 2 - SCROLLBAR))
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
                                          lang, self.parent_screen.filters())
        width = self.size.width or self.app.size.width
        text_width = max(20, width - 6 - 2 * 12 - 6)
        items.add_column("Δ", key="delta")
        items.add_column(t("before"), key="from")
        items.add_column(t("after"), key="to")
        items.add_column(t("item"), key="item", width=text_width)
        for change in comparison.items:
            items.add_row(Text(signed(change.delta, lang), style=score_style(50 + change.delta),
                               justify="right"),
                          f"{number(change.mean_from, lang)} n={change.n_from}",
                          f"{number(change.mean_to, lang)} n={change.n_to}",
                          Text(change.text), height=None)
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


class VisitViewScreen(PilotkitScreen[None]):
    """One visit, read-only: what was asked, what was answered, notes and the comment."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "k_back")]
    FOOTER_HIDES = frozenset({"ctrl+q"})
    HELP_TOPIC = "compare"

    def __init__(self, visit_id: str) -> None:
        super().__init__()
        self.visit_id = visit_id

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="visit-view"):
            yield Static("", id="visit-view-head")
            yield Static("", id="visit-view-scores")
            yield Static("", id="visit-view-answers")
            yield Static("", id="visit-view-log")
        yield KeyFooter()

    def on_mount(self) -> None:
        from pilotkit.core.answer_text import answer_text
        from pilotkit.core.visit import Visit

        lang = self.app.lang
        store = self.app.client.store
        visit = self.app.client.call(store.open_visit, self.visit_id)
        meta = visit.meta
        libraries = {lib.id: lib.name for lib in self.app.client.call(store.libraries)}
        rounds = {r.id: r.label or r.id for r in self.app.client.call(store.rounds)}
        head = Text()
        head.append(f"{visit.scenario.title.get(lang)}\n", style="bold")
        rows = [(t("library"), f"{libraries.get(meta.library, meta.library)} ({meta.library})"),
                (t("round"), rounds.get(meta.round, meta.round)),
                (t("visited_at"), date_time(meta.visited_at, lang)),
                (t("channel"), label("channel", meta.channel, lang)),
                (t("evaluator"), meta.evaluator),
                (t("status"), label("status", meta.status, lang)
                 + (f" · {meta.status_reason}" if meta.status_reason else ""))]
        width = max(len(name) for name, _ in rows)
        for name, value in rows:
            head.append(f"{name:<{width}} ", style="bold")
            head.append(f"{value}\n")
        head.append(t("read_only"), style="dim")
        self.query_one("#visit-view-head", Static).update(head)
        from rich.table import Table

        framework = self.app.catalog.framework
        # two principles a line, each name beside its score
        scores = Table.grid(padding=(0, 1))
        for _ in range(2):
            scores.add_column()
            scores.add_column(justify="right")
        pairs: list[Text] = []
        for principle in [*framework.ids, OVERALL]:
            score = visit.scores.get(principle)
            name = t("overall") if principle == OVERALL else framework.name(principle, lang)
            pairs.append(Text(name, style="bold" if principle == OVERALL else ""))
            pairs.append(Text(number(score, lang) if score is not None else "–",
                              style=score_style(score)))
        for start in range(0, len(pairs), 4):
            scores.add_row(*pairs[start:start + 4])
        self.query_one("#visit-view-scores", Static).update(scores)
        shown = {item.id for item in Visit(visit.scenario, meta.status, framework.ids,
                                            visit.answers).shown()}
        answers = Text()
        for section in visit.scenario.sections:
            answers.append(f"\n{section.title.get(lang)}\n", style="bold underline")
            for item in section.items:
                if item.id not in shown:
                    continue
                answers.append(f"{item.text.get(lang)}\n")
                text = answer_text(item, visit.answers.get(item.id), lang)
                answers.append(f"  → {text if text is not None else t('unanswered')}\n",
                               style="bold" if text is not None else "dim italic")
                note = visit.notes.get(item.id)
                if note:
                    answers.append(f"  {t('note')}: {note}\n", style="italic")
        if meta.comment:
            answers.append(f"\n{t('comment')}\n", style="bold underline")
            answers.append(meta.comment + "\n")
        self.query_one("#visit-view-answers", Static).update(answers)
        log = review_log(self.app, self.visit_id)
        if log:
            self.query_one("#visit-view-log", Static).update(
                Text(t("review_log") + "\n", style="bold underline") + Text("\n".join(log)))

    def action_back(self) -> None:
        self.app.pop_screen()


def review_log(app: PilotkitApp, visit_id: str) -> list[str]:
    """The visit's review log, one line per status change, oldest first, in the app's language."""
    from pilotkit.core.reviewlog import describe

    store = app.client.store
    history, here = app.client.call(lambda: (store.history(visit_id), store.database_id))
    return [describe(entry, counts, here, app.lang) for entry, counts in history]


class ProfileScreen(PilotkitScreen[None]):
    """One library's principle profile across every round: a bar per round, with numbers."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "k_back")]
    FOOTER_HIDES = frozenset({"ctrl+q"})
    HELP_TOPIC = "compare"

    def __init__(self, parent: CompareScreen, group: str) -> None:
        super().__init__()
        self.parent_screen = parent
        self.group = group

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="profile"):
            yield Label(f"{self.parent_screen.library_name(self.group)} ({self.group}) · "
                        f"{t('profile')}", classes="heading")
            yield Static("", id="profile-chart")
        yield KeyFooter()

    def on_mount(self) -> None:
        from pilotkit.tui.widgets.principle_bars import bar

        store = self.app.client.store
        lang = self.app.lang
        parent = self.parent_screen
        rounds, cells = self.app.client.call(compare_cells, store, "library", parent.filters())
        index = {(c.round, c.principle): c for c in cells if c.group == self.group}
        labels = {r: parent.round_label(r) for r in rounds}
        width = (self.size.width or self.app.size.width) - 4
        label_width = min(max((len(v) for v in labels.values()), default=4), width // 2)
        bar_width = max(10, width - label_width - 18)
        chart = Text()
        principles = principles_in_order(self.app.catalog.framework.ids,
                                         {p for _, p in index})
        for principle in principles:
            chart.append(f"{parent.principle_name(principle)}\n", style="bold")
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
            ("channel", t("channel"), [(label("channel", c, lang), c) for c in sorted(
                {f.scenario.channel for f in catalog.scenarios.values()})]),
            ("persona", t("persona"), [(p[:50], p) for p in personas]),
        ]
        with Vertical(classes="dialog"):
            # one line a field, as in the new-visit form: the whole dialog fits 80×24
            with Grid(id="filter-grid"):
                for name, text, options in fields:
                    yield Label(text)
                    current = self.choice.get(name)
                    preset = current if current in {v for _, v in options} else None
                    yield SearchSelect[str](options, prompt=t("all"), id=f"filter-{name}",
                                            value=preset if preset is not None else Select.NULL,
                                            compact=True)
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
