"""The new-visit form: where, when and as whom, with the scenario's persona and script."""

from __future__ import annotations

from contextlib import suppress
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Header, Input, Label, Select, Static
from textual.widgets.select import InvalidSelectValueError

from pilotkit.core.database import StoreError
from pilotkit.core.entities import (
    Assignment,
    InvalidValue,
    Round,
    check_evaluator,
    read_datetime,
)
from pilotkit.core.formatting import date, date_time
from pilotkit.core.langs import LANGS
from pilotkit.core.messages import localize
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.screens.list_dialogs import (
    ListsChanged,
    add_library,
    add_round,
    edit_round_ethics,
)
from pilotkit.tui.widgets.key_footer import KeyFooter
from pilotkit.tui.widgets.search_select import SearchSelect
from pilotkit.tui.widgets.tick_box import TickBox

LANG_NAMES = {"fi": "suomi", "sv": "svenska", "en": "English"}


class NewVisitScreen(PilotkitScreen[None]):
    """Where, when and as whom: then the checklist opens."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "start_visit", "start_visit"),
        Binding("escape", "back", "k_back"),
    ]
    HELP_TOPIC = "form"


    problem_field: str | None = None
    """The field the problem shown under the form is about."""

    def __init__(self, planned: tuple[str, Assignment] | None = None) -> None:
        """`planned`: (round, assignment) of a planned visit to fill the form from."""
        super().__init__()
        self.planned = planned
        self.informed: dict[str, str | None] = {}
        """Round → the day staff were told (None: not recorded)."""
        self.purposes: dict[str, str | None] = {}
        """Round → why it is evaluated and how its results are used."""
        self.acknowledged: set[str] = set()
        """Rounds whose missing staff notice the evaluator has acknowledged on this form."""
        self._opened_with: tuple[object, ...] = ()
        """The form as it opened (prefilled): Esc leaves at once while it is unchanged."""
        self._leave_warned = False

    def compose(self) -> ComposeResult:
        from pilotkit.core.entities import CHANNELS

        app = self.app
        lang = app.lang
        scenarios = sorted(app.catalog.scenarios.values(), key=lambda f: f.scenario.title.get(lang))
        yield Header()
        with VerticalScroll(id="new-visit-form"):
            with Grid(id="visit-form"):
                yield Label(t("library"))
                yield SearchSelect[str]([], prompt=t("select"), id="library", compact=True)
                yield Label(t("round"))
                yield SearchSelect[str]([], prompt=t("select"), id="round", compact=True)
                yield Label(t("scenario"))
                yield SearchSelect[str](
                    [(f.scenario.title.get(lang), f.scenario.id) for f in scenarios],
                    prompt=t("select"), id="scenario", compact=True)
                yield Label(t("evaluator"))
                yield Input(placeholder=t("evaluator_example"), id="evaluator", max_length=32,
                            compact=True)
                yield Label(t("channel"))
                yield SearchSelect[str]([(t(f"channel_{c}"), c) for c in CHANNELS],
                                        prompt=t("select"),
                                        id="channel", compact=True)
                yield Label(t("language"))
                yield SearchSelect[str]([(LANG_NAMES[code], code) for code in LANGS],
                                        value=lang, allow_blank=False, id="language",
                                        compact=True)
                yield Label(t("visited_at"))
                yield Input(date_time(app.clock().isoformat(timespec="minutes"), lang),
                            id="visited-at", compact=True)
            yield TickBox(t("no_tie_declaration"), id="no-tie", compact=True)
            yield Static("", id="round-info", markup=False)
            yield Static("", id="scenario-info")
            yield Static("", id="form-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(t("start_visit"), variant="primary", id="start-visit")
                yield Button(t("add_library"), id="add-library")
                yield Button(t("add_round"), id="add-round")
        yield KeyFooter()

    def on_mount(self) -> None:
        self.refresh_lists()
        if self.app.role == "evaluator":  # a lead's database holds everyone's codes
            last = self.app.client.call(self.app.client.store.last_evaluator)
            if last:
                self.query_one("#evaluator", Input).value = last
        if not self.app.catalog.scenarios:
            self.show_problem(t("no_scenarios"))
        self.query_one("#library", Select).focus()
        if self.planned is not None:
            self.fill_from_plan(*self.planned)
        self._opened_with = self.filled()

    def fill_from_plan(self, round_id: str, planned: Assignment) -> None:
        """Where, when, what and who as the plan says; the declaration is the evaluator's own."""
        for field, value in (("library", planned.library), ("round", round_id),
                             ("scenario", planned.scenario)):
            with suppress(InvalidSelectValueError):  # a scenario this laptop lacks: left blank
                self.query_one(f"#{field}", Select).value = value
        self.query_one("#evaluator", Input).value = planned.evaluator
        start = planned.slot.split("-")[0].zfill(2)
        self.query_one("#visited-at", Input).value = date_time(
            f"{planned.date}T{start}:00", self.app.lang)
        self.query_one("#no-tie", TickBox).focus()

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
        elif len(libraries) == 1:
            library.value = libraries[0].id  # an evaluator's laptop often knows one library
        self.informed = {r.id: r.staff_informed for r in rounds}
        self.purposes = {r.id: r.purpose for r in rounds}
        self.round_labels = {r.id: r.label or r.id for r in rounds}
        round_select = self.query_one("#round", Select)
        chosen_round = round_select.value
        round_select.set_options([(r.label or r.id, r.id) for r in rounds])
        if chosen_round in {r.id for r in rounds}:
            round_select.value = chosen_round
        elif rounds:
            round_select.value = rounds[-1].id

    def filled(self) -> tuple[object, ...]:
        """What the form holds now, to tell a form filled in from one just opened."""
        return (*(self.query_one(f"#{f}", Select).value
                  for f in ("library", "round", "scenario", "channel", "language")),
                self.query_one("#evaluator", Input).value,
                self.query_one("#visited-at", Input).value,
                self.query_one("#no-tie", TickBox).value)

    def action_back(self) -> None:
        # what was filled in is lost on leaving (nothing is stored before the visit starts):
        # the first Esc says so, a second leaves
        if self.filled() != self._opened_with and not self._leave_warned:
            self._leave_warned = True
            self.show_problem(t("form_not_saved"))
            return
        self.app.pop_screen()

    def action_start_visit(self) -> None:
        self.start_visit()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id in ("evaluator", "visited-at"):
            self.start_visit()

    def show_problem(self, text: str, field: str | None = None) -> None:
        self.problem_field = field
        self.query_one("#form-error", Static).update(text)

    def on_input_changed(self, event: Input.Changed) -> None:
        self.forget_problem(event.input.id)

    def on_checkbox_changed(self, event: Checkbox.Changed) -> None:
        self.forget_problem(event.checkbox.id)

    def forget_problem(self, field: str | None) -> None:
        """A problem named by a field goes once that field changes: nothing stale stays."""
        if field is not None and field == self.problem_field:
            self.show_problem("")

    def on_select_changed(self, event: Select.Changed) -> None:
        self.forget_problem(event.select.id)
        if event.select.id == "round":
            self.show_round_ethics(event.value if isinstance(event.value, str) else None)
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
        values: dict[str, str] = {}
        for field in ("library", "round", "scenario", "channel", "language"):
            value = self.query_one(f"#{field}", Select).value
            if not isinstance(value, str):
                self.show_problem(t("missing_field", field=t(field)), field)
                return
            values[field] = value
        evaluator = self.query_one("#evaluator", Input).value.strip()
        visited = self.query_one("#visited-at", Input).value
        try:
            check_evaluator(evaluator)
        except InvalidValue as e:
            self.show_problem(localize(e, self.app.lang), "evaluator")
            return
        try:
            visited = read_datetime(visited)
        except InvalidValue as e:
            self.show_problem(localize(e, self.app.lang), "visited-at")
            return
        conflicts = self.app.client.call(self.app.client.store.conflicts, evaluator)
        if (evaluator, values["library"]) in conflicts:
            self.show_problem(t("conflict_declared", evaluator=evaluator), "library")
            return
        declaration = self.query_one("#no-tie", TickBox)
        if not declaration.value:
            self.show_problem(t("no_tie_needed"), "no-tie")
            declaration.focus()  # a space ticks it
            return
        loaded = self.app.catalog.get(values["scenario"])
        if loaded is None:
            self.show_problem(t("no_scenarios"))
            return
        round_id = values["round"]
        if not self.informed.get(round_id) and round_id not in self.acknowledged:
            self.ask_to_go_on(round_id)
            return
        try:
            visit_id = self.app.client.call(
                self.app.client.store.start_visit, loaded, values["library"], values["round"],
                evaluator, visited, values["channel"], values["language"], True)
        except (StoreError, InvalidValue) as e:
            self.show_problem(localize(e, self.app.lang))
            return
        from pilotkit.tui.screens.visit import VisitScreen

        # the form is done: the visit replaces it, and Back returns to the start screen
        self.app.switch_screen(VisitScreen(visit_id))

    def show_round_ethics(self, round_id: str | None) -> None:
        """What staff were told of the round and why it is evaluated, as the lead recorded."""
        line = ""
        if round_id is not None:
            day, purpose = self.informed.get(round_id), self.purposes.get(round_id)
            line = (t("staff_informed_on", day=date(day, self.app.lang)) if day
                    else t("round_not_told"))
            if purpose:
                line += " · " + t("purpose_is", purpose=purpose)
        self.query_one("#round-info", Static).update(line)

    def ask_to_go_on(self, round_id: str) -> None:
        """Staff were not (recorded as) told of the round: the evaluator reads why it matters
        and goes on; a lead, who records it, gives the day and goes on."""
        if self.app.role == "lead":
            def recorded(round_: Round) -> None:
                self.informed[round_.id] = round_.staff_informed
                self.purposes[round_.id] = round_.purpose
                self.show_round_ethics(round_.id)
                self.start_visit()

            edit_round_ethics(
                self, self.app.client.call(self.app.client.store.round, round_id), recorded,
                title=t("ethics_title", round=self.round_labels.get(round_id, round_id)),
                subject=t("ethics_subject_lead"), button=t("save_and_go_on"), day_needed=True)
            return
        from pilotkit.tui.screens.dialogs import ConfirmDialog

        def answered(go_on: bool | None) -> None:
            if go_on:
                self.acknowledged = {*self.acknowledged, round_id}
                self.start_visit()

        self.app.push_screen(ConfirmDialog(
            t("ethics_title", round=self.round_labels.get(round_id, round_id)),
            t("ethics_subject"), t("ethics_go_on")), answered)
