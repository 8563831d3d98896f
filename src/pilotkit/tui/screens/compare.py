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
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Label, Static

from pilotkit.core.compare import (
    MANY_CHANGES,
    Adjusted,
    Cell,
    Change,
    Filters,
    adjusted,
    chance,
    compare_cells,
    compare_change,
    principles_in_order,
)
from pilotkit.core.entities import OVERALL
from pilotkit.core.explain import explain
from pilotkit.core.formatting import interval, number, plus_minus, signed
from pilotkit.core.labels import label
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    pass

from pilotkit.tui.compare_export import export_scores
from pilotkit.tui.compare_layout import (
    AdjustChoice,
    Layout,
    Shown,
    change_cell,
    change_mark,
    interval_bar,
    level_text,
    plan_layout,
    short_names,
)
from pilotkit.tui.screens.cell import CellScreen
from pilotkit.tui.screens.filter_dialog import FilterDialog
from pilotkit.tui.screens.profile import ProfileScreen


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
        Binding("r", "report", "k_report", show=False),
        Binding("g", "goals", "k_goals", show=False),
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

    def shown(self) -> Shown:
        """What the screens drilling into this one are handed."""
        principles = [*self.app.catalog.framework.ids, OVERALL]
        return Shown(self.filters(), self.chosen_rounds() if self.show_change else None,
                     dict(self.round_labels), dict(self.library_names),
                     {p: self.principle_name(p) for p in principles},
                     narrowed=tuple(self.narrowed()))

    def round_label(self, round_id: str) -> str:
        return self.round_labels.get(round_id, round_id)

    def library_name(self, group: str) -> str:
        return self.library_names.get(group) or group

    def principle_name(self, principle: str) -> str:
        if principle == OVERALL:
            return t("overall")
        return self.app.catalog.framework.name(principle, self.app.lang)

    def counted_line(self) -> str:
        parts = [t("counted_approved") if self.approved_only else t("counted_all")]
        return " · ".join(parts + self.narrowing())

    def narrowed(self) -> list[str]:
        """What the visits counted are narrowed to, in words; nothing for all counted."""
        return self.narrowing() + ([t("narrowed_approved")] if self.approved_only else [])

    def narrowing(self) -> list[str]:
        """What the visits counted are narrowed to besides their status, in words."""
        lang = self.app.lang
        parts = []
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
        return parts

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
        self.query_one("#compare-filters", Static).update(Text(self.counted_line()))
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
            if counts.tested >= MANY_CHANGES and self.adjust:
                # the ▲▼ on screen are those clear after the correction: count those
                kept = sum(1 for flag in self.flags.values() if flag.clear_adjusted)
                marks.append(t("legend_chance_adjusted", tested=counts.tested, kept=kept,
                               clear=counts.clear))
            elif counts.tested >= MANY_CHANGES:
                marks.append(t("legend_chance", tested=counts.tested, clear=counts.clear,
                               expected=number(counts.expected_by_chance, lang)))
        else:
            marks = [t("legend_small"), t("legend_too_few")]
        text.append(" · ".join(marks))
        if not self.cells and not self.changes:
            # a scenario and a role of another scenario leave nothing: say what to change
            text = Text(t("no_data_narrowed") if self.narrowing() else t("no_data"))
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
        if self.show_change and self.chosen_rounds():
            self.notify(t("round_keys_in_change"))  # the pair is chosen in the filters
            return
        if not self.rounds:
            self.notify(t("no_data"), severity="warning")
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
        method = explain(self.adjust, self.app.lang) if self.adjust else t("adjust_none")
        shown = self.show_change and self.chosen_rounds()
        # the marks it changes are the change view's: from the levels it would go unseen
        self.notify(t("adjust_now" if shown else "adjust_now_in_change", method=method))

    def action_filters(self) -> None:
        def apply(choice: dict[str, str | None] | None) -> None:
            if choice is not None:
                self.choice = choice
                self.reload()
                if self.show_change and not self.chosen_rounds():  # the level view instead
                    self.notify(t("need_two_rounds"))

        self.app.push_screen(FilterDialog(self.choice), apply)

    def on_data_table_cell_selected(self, event: DataTable.CellSelected) -> None:
        column = str(event.cell_key.column_key.value)
        group = str(event.cell_key.row_key.value)
        if column == "group":
            self.app.push_screen(ProfileScreen(self.shown(), group))
            return
        if self.show_change and self.chosen_rounds():
            change = self.changes.get((group, column))
            round_id, summary = None, self.describe_change(change) if change else ""
        else:
            round_id = self.level_round
            cell = self.cells.get((group, round_id or "", column))
            summary = self.describe_cell(cell) if cell else ""
        self.app.push_screen(CellScreen(self.shown(), group, round_id, column, summary))

    def action_profile(self) -> None:
        where = self.current()
        if where is not None:
            self.app.push_screen(ProfileScreen(self.shown(), where[0]))

    def action_rename(self) -> None:
        from pilotkit.core.database import StoreError
        from pilotkit.core.messages import localize
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
                return localize(e, self.app.lang)
            self.reload()
            return None

        self.app.push_screen(FormDialog(t("rename_library", isil=group),
                                        [("name", t("name"), "")], save,
                                        {"name": self.library_name(group)}))

    def action_export(self) -> None:
        from pilotkit.tui.compare_export import ReplaceGuard
        from pilotkit.tui.screens.dialogs import FormDialog

        guard = ReplaceGuard()

        def save(values: dict[str, str]) -> str | None:
            from pilotkit.core.spreadsheet import principle_names

            asked = guard.refusal(values["path"])
            if asked:
                return asked

            showing_change = self.show_change and self.chosen_rounds() is not None
            framework, lang = self.app.catalog.framework, self.app.lang
            names = principle_names(framework.ids, {p: framework.name(p, lang)
                                                    for p in framework.ids}, lang)
            # the level view shows one round at a time ([ and ] step): that round is written
            level = [c for c in self.cells.values() if c.round == self.level_round]
            problem = self.app.client.call(
                export_scores, values["path"], self.app.client.store, lang, names,
                level, self.changes.values() if showing_change else None, self.adjust)
            if problem is None:
                counted = t("counted_approved") if self.approved_only else t("counted_all")
                self.notify(t("exported", path=values["path"].strip()) + "\n" + counted)
            return problem

        self.app.push_screen(FormDialog(t("export_to") + " · " + t("export_counts_note"),
                                        [("path", t("path"), "")], save,
                                        {"path": t("scores_file")}))

    def report_rounds(self) -> list[str]:
        """The rounds a report from here covers: the change's two, or the level's one."""
        pair = self.chosen_rounds()
        if self.show_change and pair:
            return list(pair)
        return [self.level_round] if self.level_round else []

    def action_goals(self) -> None:
        from pilotkit.core.database import StoreError
        from pilotkit.core.messages import localize
        from pilotkit.tui.screens.goals_dialog import GoalsDialog

        rounds = self.report_rounds()
        if not rounds:
            self.notify(t("no_data"), severity="warning")
            return
        store = self.app.client.store
        stored = self.app.client.call(store.report_goals, rounds[0], rounds[-1]) or ""

        def save(text: str) -> str | None:
            try:
                self.app.client.call(store.set_report_goals, rounds[0], rounds[-1], text)
            except StoreError as e:
                return localize(e, self.app.lang)
            self.notify(t("goals_saved"))
            return None

        subject = " → ".join(self.round_label(r) for r in dict.fromkeys(rounds))
        self.app.push_screen(GoalsDialog(subject, stored, save))

    def action_report(self) -> None:
        """The pilot's report for the rounds shown: the change's two, or the level's one."""
        from pilotkit.core.report import make_report
        from pilotkit.tui.compare_export import ReplaceGuard, write_file
        from pilotkit.tui.screens.dialogs import FormDialog

        rounds = self.report_rounds()
        if not rounds:
            self.notify(t("no_data"), severity="warning")
            return
        store, framework, lang = self.app.client.store, self.app.catalog.framework, self.app.lang

        guard = ReplaceGuard()

        def save(values: dict[str, str]) -> str | None:
            asked = guard.refusal(values["path"])
            if asked:
                return asked
            document = self.app.client.call(make_report, store, framework, rounds,
                                            self.filters(), lang)
            problem = write_file(values["path"], store.path, lang, "utf-8",
                                 lambda out: out.write(document))
            if problem is None:
                path = Path(values["path"].strip()).resolve()
                self.notify(t("report_written", path=str(path)), timeout=10)
                open_in_browser(path)
            return problem

        # a report of a narrowed comparison is narrowed too: said here, and in the report
        narrowed = self.narrowed()
        self.app.push_screen(FormDialog(
            t("report_to"), [("path", t("path"), "")], save, {"path": t("report_file")},
            subject=t("report_narrowed", what=" · ".join(narrowed)) if narrowed else None))

    def action_back(self) -> None:
        self.app.pop_screen()


def open_in_browser(path: Path) -> None:
    """Show the report where a graphical browser can: never a text browser in this terminal."""
    import os

    if not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return
    import webbrowser

    try:
        webbrowser.open_new_tab(path.as_uri())
    except webbrowser.Error:
        return


