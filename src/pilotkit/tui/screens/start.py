"""The first screen (drafts to resume, and what to do next) and the new-visit form."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.message import Message
from textual.widgets import Button, Footer, Header, Input, Label, OptionList, Select, Static
from textual.widgets.option_list import Option

from pilotkit.core.entities import InvalidValue, check_datetime, check_evaluator
from pilotkit.core.langs import LANGS
from pilotkit.core.store import DraftSummary, StoreError
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.screens.dialogs import FormDialog

if TYPE_CHECKING:
    pass

LANG_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}
ACTIONS = (("ctrl+n", "new_visit", "new_visit"), ("c", "compare", "compare"),
           ("r", "review", "review_queue"), ("l", "add_library", "add_library"),
           ("o", "add_round", "add_round"), ("g", "merge", "merge_from"),
           ("ctrl+p", "", "cmd_all"))
MAX_DRAFTS_SHOWN = 50
"""An evaluator has a handful of drafts; a merged lead database may hold hundreds."""


class StartScreen(PilotkitScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+n", "new_visit", "k_new"),
        Binding("c", "app.compare", "k_compare"),
        Binding("r", "app.review", "k_review"),
        Binding("l", "add_library", show=False),
        Binding("o", "add_round", show=False),
        Binding("g", "merge", show=False),
    ]


    def __init__(self) -> None:
        super().__init__()
        self._drafts_shown = False

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="start"):
            yield Label(t("drafts"), classes="heading")
            yield OptionList(id="drafts")
            # the actions as keys, listed in plain text: the first screen stays light,
            # and the command palette (ctrl+p) offers every one of them too
            yield Static("\n".join(f"[b]{key:>6}[/b]  {t(label)}" for key, _, label in ACTIONS),
                         id="actions")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_drafts()
        self.query_one("#drafts", OptionList).focus()

    def on_screen_resume(self) -> None:
        if self.is_current and self._drafts_shown:
            self.refresh_drafts()  # back from a visit: its answers changed the counts
        self._drafts_shown = True

    def on_lists_changed(self, _: ListsChanged) -> None:
        self.refresh_drafts()

    def refresh_drafts(self) -> None:
        drafts: list[DraftSummary] = self.app.client.call(self.app.client.store.drafts)
        options = self.query_one("#drafts", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        # scenario titles once the catalog has loaded in the background; ids until then
        catalog = self.app.catalog if self.app.settings.catalog_loaded else None
        rows = []
        for draft in drafts[:MAX_DRAFTS_SHOWN]:
            loaded = catalog.get(draft.scenario) if catalog else None
            title = loaded.scenario.title.get(self.app.lang) if loaded else draft.scenario
            total = sum(1 for _ in loaded.scenario.items()) if loaded else "?"
            when = draft.visited_at.replace("T", " ")[:16]
            rows.append(Option(f"{draft.library_name} · {title} · {when} · "
                               f"{t('answered_of', n=draft.answered, total=total)}",
                               id=draft.id))
        if len(drafts) > MAX_DRAFTS_SHOWN:
            rows.append(Option(t("more_drafts", n=len(drafts) - MAX_DRAFTS_SHOWN), disabled=True))
        options.add_options(rows)  # one layout pass
        if drafts:
            options.highlighted = min(highlighted or 0, len(drafts) - 1)
        else:
            options.add_option(Option(t("no_drafts"), disabled=True))

    def action_new_visit(self) -> None:
        self.app.push_screen(NewVisitScreen())

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "drafts" and event.option.id:
            from pilotkit.tui.screens.visit import VisitScreen

            self.app.push_screen(VisitScreen(event.option.id))

    def action_add_library(self) -> None:
        add_library(self)

    def action_add_round(self) -> None:
        add_round(self)

    def action_merge(self) -> None:
        merge_database(self)

    def system_commands(self) -> list[SystemCommand]:
        return [SystemCommand(t(label), key, getattr(self, f"action_{action}"))
                for key, action, label in ACTIONS if action in ("add_library", "add_round", "merge")]


def merge_database(screen: PilotkitScreen[None]) -> None:
    """Ask for another laptop's database and merge it in, reporting the summary."""
    from pilotkit.core.merge import merge_database as merge

    app = screen.app

    def save(values: dict[str, str]) -> str | None:
        from pathlib import Path

        if not values["path"]:
            return t("missing_field", field=t("path"))
        try:
            summary = app.client.call(merge, app.client.store, Path(values["path"]).expanduser())
        except StoreError as e:
            return str(e)
        for conflict in summary.conflicts:
            app.notify(conflict, severity="warning", timeout=15)
        app.notify(summary.line(), timeout=10)
        return None

    app.push_screen(FormDialog(t("merge_from"), [("path", t("path"), "/media/usb/pilotkit.db")],
                               save), lambda saved: _announce(screen, saved))


class ListsChanged(Message):
    """Libraries or rounds were added: forms that offer them reload."""


def _announce(screen: PilotkitScreen[None], saved: bool | None) -> None:
    if saved:
        screen.post_message(ListsChanged())


def add_library(screen: PilotkitScreen[None]) -> None:
    app = screen.app

    def save(values: dict[str, str]) -> str | None:
        if not values["isil"] or not values["name"]:
            return t("missing_field", field=t("isil") if not values["isil"] else t("name"))
        try:
            app.client.call(app.client.store.add_library, values["isil"], values["name"])
        except (StoreError, InvalidValue) as e:
            return str(e)
        return None

    app.push_screen(FormDialog(t("add_library"),
                               [("isil", t("isil"), "FI-Lohja"), ("name", t("name"), "")], save),
                    lambda saved: _announce(screen, saved))


def add_round(screen: PilotkitScreen[None]) -> None:
    app = screen.app

    def save(values: dict[str, str]) -> str | None:
        if not values["id"]:
            return t("missing_field", field=t("round_id"))
        try:
            app.client.call(app.client.store.add_round, values["id"], values["label"] or None,
                            values["pilot"] or None)
        except (StoreError, InvalidValue) as e:
            return str(e)
        return None

    app.push_screen(FormDialog(t("add_round"),
                               [("id", t("round_id"), "2026-baseline"), ("label", t("label"), ""),
                                ("pilot", t("pilot"), "")], save),
                    lambda saved: _announce(screen, saved))


class NewVisitScreen(PilotkitScreen[None]):
    """Where, when and as whom: then the checklist opens."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start_visit", "start_visit"),
        Binding("escape", "back", "k_back"),
    ]


    def compose(self) -> ComposeResult:
        from pilotkit.core.scenarios import CHANNELS

        app = self.app
        lang = app.lang
        scenarios = sorted(app.catalog.scenarios.values(), key=lambda f: f.scenario.title.get(lang))
        yield Header()
        with VerticalScroll(id="new-visit-form"):
            with Grid(id="visit-form"):
                yield Label(t("library"))
                yield Select[str]([], prompt=t("select"), id="library")
                yield Label(t("round"))
                yield Select[str]([], prompt=t("select"), id="round")
                yield Label(t("scenario"))
                yield Select[str](
                    [(f.scenario.title.get(lang), f.scenario.id) for f in scenarios],
                    prompt=t("select"), id="scenario")
                yield Label(t("evaluator"))
                yield Input(placeholder="E07", id="evaluator", max_length=32)
                yield Label(t("channel"))
                yield Select[str]([(c, c) for c in CHANNELS], prompt=t("select"), id="channel")
                yield Label(t("language"))
                yield Select[str]([(LANG_NAMES[code], code) for code in LANGS],
                                  value=lang, allow_blank=False, id="language")
                yield Label(t("visited_at"))
                yield Input(app.clock().strftime("%Y-%m-%d %H:%M"), id="visited-at")
            yield Static("", id="scenario-info")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(t("start_visit"), variant="primary", id="start-visit")
                yield Button(t("add_library"), id="add-library")
                yield Button(t("add_round"), id="add-round")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_lists()
        if not self.app.catalog.scenarios:
            self.query_one("#form-error", Static).update(t("no_scenarios"))
        self.query_one("#library", Select).focus()

    def on_lists_changed(self, _: ListsChanged) -> None:
        self.refresh_lists()

    def refresh_lists(self) -> None:
        store = self.app.client.store
        libraries, rounds = self.app.client.call(lambda: (store.libraries(), store.rounds()))
        library = self.query_one("#library", Select)
        chosen_library = library.value
        library.set_options([(f"{lib.name} ({lib.id})", lib.id) for lib in libraries])
        if chosen_library in {lib.id for lib in libraries}:
            library.value = chosen_library
        round_select = self.query_one("#round", Select)
        chosen_round = round_select.value
        round_select.set_options([(r.label or r.id, r.id) for r in rounds])
        if chosen_round in {r.id for r in rounds}:
            round_select.value = chosen_round
        elif rounds:
            round_select.value = rounds[-1].id

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_start_visit(self) -> None:
        self.start_visit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in ("evaluator", "visited-at"):
            self.start_visit()

    def on_select_changed(self, event: Select.Changed) -> None:
        if event.select.id != "scenario" or not isinstance(event.value, str):
            return
        loaded = self.app.catalog.get(event.value)
        if loaded is None:
            return
        scenario, lang = loaded.scenario, self.app.lang
        self.query_one("#channel", Select).value = scenario.channel
        parts = []
        if scenario.persona:
            parts.append(f"[b]{t('persona')}:[/b] {scenario.persona.get(lang)}")
        if scenario.script:
            parts.append(f"[b]{t('script')}:[/b] {scenario.script.get(lang)}")
        self.query_one("#scenario-info", Static).update("\n".join(parts))

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "start-visit":
            self.start_visit()
        elif event.button.id == "add-library":
            add_library(self)
        elif event.button.id == "add-round":
            add_round(self)

    def start_visit(self) -> None:
        error = self.query_one("#form-error", Static)
        values: dict[str, str] = {}
        for field in ("library", "round", "scenario", "channel", "language"):
            value = self.query_one(f"#{field}", Select).value
            if not isinstance(value, str):
                error.update(t("missing_field", field=t(field)))
                return
            values[field] = value
        evaluator = self.query_one("#evaluator", Input).value.strip()
        visited = self.query_one("#visited-at", Input).value.strip().replace(" ", "T", 1)
        try:
            check_evaluator(evaluator)
            visited = check_datetime(visited)
        except InvalidValue as e:
            error.update(str(e))
            return
        loaded = self.app.catalog.get(values["scenario"])
        if loaded is None:
            error.update(t("no_scenarios"))
            return
        try:
            visit_id = self.app.client.call(
                self.app.client.store.start_visit, loaded, values["library"], values["round"],
                evaluator, visited, values["channel"], values["language"])
        except (StoreError, InvalidValue) as e:
            error.update(str(e))
            return
        from pilotkit.tui.screens.visit import VisitScreen

        # the form is done: the visit replaces it, and Back returns to the start screen
        self.app.switch_screen(VisitScreen(visit_id))
