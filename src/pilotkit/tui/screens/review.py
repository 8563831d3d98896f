"""The review queue: submitted visits, approved or rejected (with a reason) by a team lead."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Label, OptionList
from textual.widgets.option_list import Option

from pilotkit.core.formatting import date_time
from pilotkit.core.store import StoreError
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.screens.dialogs import FormDialog
from pilotkit.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    pass


class ReviewScreen(PilotkitScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "approve", "k_approve"),
        Binding("r", "reject", "k_reject"),
        Binding("escape", "back", "k_back"),
    ]


    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="review"):
            yield Label(t("review_queue"), classes="heading")
            yield OptionList(id="queue")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.reload()
        self.query_one("#queue", OptionList).focus()

    def on_screen_resume(self) -> None:
        self.reload()

    def reload(self) -> None:
        queue = self.query_one("#queue", OptionList)
        highlighted = queue.highlighted or 0
        queue.clear_options()
        store = self.app.client.store
        metas = self.app.client.call(store.list_visits, ("submitted",))
        names = {lib.id: lib.name for lib in self.app.client.call(store.libraries)}
        labels = {r.id: r.label or r.id for r in self.app.client.call(store.rounds)}
        queue.add_options([
            Option(f"{names.get(meta.library, meta.library)} · {labels.get(meta.round, meta.round)}"
                   f" · {self._title(meta.scenario)} · {meta.evaluator} · "
                   f"{date_time(meta.visited_at, self.app.lang)}", id=meta.id)
            for meta in metas])
        if metas:
            queue.highlighted = min(highlighted, len(metas) - 1)
        else:
            queue.add_option(Option(t("nothing_to_review"), disabled=True))

    def _title(self, scenario_id: str) -> str:
        loaded = self.app.catalog.get(scenario_id)
        return loaded.scenario.title.get(self.app.lang) if loaded else scenario_id

    def _current(self) -> str | None:
        queue = self.query_one("#queue", OptionList)
        if queue.highlighted is None:
            return None
        return queue.get_option_at_index(queue.highlighted).id

    def action_approve(self) -> None:
        visit_id = self._current()
        if visit_id:
            try:
                self.app.client.call(self.app.client.store.set_status, visit_id, "approved")
            except StoreError as e:
                self.notify(str(e), severity="error")
            self.reload()

    def action_reject(self) -> None:
        visit_id = self._current()
        if not visit_id:
            return

        def save(values: dict[str, str]) -> str | None:
            if not values["reason"]:
                return t("missing_field", field=t("reason"))
            try:
                self.app.client.call(self.app.client.store.set_status, visit_id, "rejected",
                                     values["reason"])
            except StoreError as e:
                return str(e)
            return None

        self.app.push_screen(FormDialog(t("k_reject"), [("reason", t("reason"), "")], save))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            from pilotkit.tui.screens.visit import VisitScreen

            self.app.push_screen(VisitScreen(event.option.id))

    def action_back(self) -> None:
        self.app.pop_screen()
