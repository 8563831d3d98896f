"""A team lead's view of a round's plan: planned visits against those begun and submitted,
per library or per evaluator, with what staff were told (issue 20)."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Header, Static

from pilotkit.core.entities import Round
from pilotkit.core.formatting import date
from pilotkit.core.visit_plan import progress_rows
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter


class PlanProgressScreen(PilotkitScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("v", "switch", "k_by"),
        Binding("n", "next_round", "k_next_round"),
        Binding("t", "round_ethics", "k_round_ethics"),
        Binding("escape", "back", "k_back"),
    ]
    # at 80 columns in Finnish the screen's own keys matter more: quitting is one Esc away,
    # and ? / F1 still opens the help
    FOOTER_HIDES = frozenset({"ctrl+q", "question_mark", "f1"})
    HELP_TOPIC = "plan"

    def __init__(self) -> None:
        super().__init__()
        self.planned: list[Round] = []
        self.index = 0
        self.by = "library"

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="progress-title", classes="heading")
        yield Static("", id="progress-ethics")
        yield DataTable(id="progress", cursor_type="row", zebra_stripes=True)
        yield KeyFooter()

    def on_mount(self) -> None:
        store = self.app.client.store
        rounds = self.app.client.call(store.rounds)
        self.planned = [r for r in rounds if self.app.client.call(store.has_plan, r.id)]
        self.index = len(self.planned) - 1  # the latest round with a plan
        self.draw()
        self.query_one("#progress", DataTable).focus()

    def draw(self) -> None:
        title = self.query_one("#progress-title", Static)
        ethics = self.query_one("#progress-ethics", Static)
        table = self.query_one("#progress", DataTable)
        table.clear(columns=True)
        if not self.planned:
            title.update(t("no_plans"))
            ethics.update("")
            return
        round_ = self.planned[self.index]
        store, lang = self.app.client.store, self.app.lang
        assignments, done, libraries = self.app.client.call(
            lambda: (store.plan(round_.id), store.done_in_round(round_.id), store.libraries()))
        title.update(Text(t(f"progress_title_{self.by}", round=round_.label or round_.id)))
        told = (t("staff_informed_on", day=date(round_.staff_informed, lang))
                if round_.staff_informed else t("staff_not_informed"))
        ethics.update(Text(f"{told} · {t('purpose_is', purpose=round_.purpose)}"
                           if round_.purpose else told))
        names = {lib.id: lib.name for lib in libraries}
        table.add_columns(t("library" if self.by == "library" else "evaluator"),
                          t("col_planned"), t("col_begun"), t("col_submitted"))
        for row in progress_rows(assignments, done, self.by):
            key = row[self.by]
            table.add_row(names.get(key, key) if self.by == "library" else key,
                          str(row["planned"]), str(row["begun"]), str(row["submitted"]))

    def action_switch(self) -> None:
        if not self.planned:
            self.notify(t("no_plans"))  # a key never seems to do nothing
            return
        self.by = "evaluator" if self.by == "library" else "library"
        self.draw()

    def action_next_round(self) -> None:
        if len(self.planned) < 2:
            self.notify(t("no_plans") if not self.planned else t(
                "one_plan_only", round=self.planned[0].label or self.planned[0].id))
            return
        self.index = (self.index + 1) % len(self.planned)
        self.draw()

    def action_round_ethics(self) -> None:
        """Record or correct what staff were told of the round shown."""
        from pilotkit.tui.screens.list_dialogs import edit_round_ethics

        if not self.planned:
            self.notify(t("no_plans"))
            return
        index = self.index

        def saved(round_: Round) -> None:
            self.planned[index] = round_
            self.draw()

        edit_round_ethics(self, self.planned[index], saved)

    def action_back(self) -> None:
        self.app.pop_screen()
