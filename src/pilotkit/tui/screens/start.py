"""The first screen: drafts to resume (and visits returned for correction), and every other key."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult, SystemCommand
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from pilotkit.core.database import StoreError
from pilotkit.core.entities import Assignment
from pilotkit.core.formatting import date, date_time
from pilotkit.core.messages import localize
from pilotkit.core.store import DraftSummary
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.screens.list_dialogs import ListsChanged, add_library, add_round, merge_database
from pilotkit.tui.widgets.key_footer import KeyFooter

ACTIONS = (("ctrl+n", "new_visit", "new_visit"), ("e", "correct_draft", "correct_draft"),
           ("d", "discard_draft", "discard_draft"), ("c", "compare", "compare"),
           ("r", "review", "review_queue"), ("s", "plan_progress", "plan_progress"),
           ("l", "add_library", "add_library"),
           ("o", "add_round", "add_round"), ("g", "merge", "merge_from"),
           ("ctrl+p", "", "cmd_all"))
LEAD_ONLY = frozenset({"review", "plan_progress"})
"""Only a team lead's database has a review queue: an evaluator's start screen does not offer it."""
PLANNED_SHOWN = 3
"""The next planned visits: what the evaluator does next, not the whole plan (`plan show`)."""
MAX_DRAFTS_SHOWN = 50
"""An evaluator has a handful of drafts; a merged lead database may hold hundreds."""


class StartScreen(PilotkitScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        # the screen itself lists these keys; the footer need not repeat them
        Binding("ctrl+n", "new_visit", "k_new", show=False),
        Binding("c", "app.compare", "k_compare", show=False),
        Binding("r", "review", "k_review", show=False),
        Binding("s", "plan_progress", show=False),
        Binding("d", "discard_draft", show=False),
        Binding("e", "correct_draft", show=False),
        Binding("l", "add_library", show=False),
        Binding("o", "add_round", show=False),
        Binding("g", "merge", show=False),
        Binding("p", "scenario_problems", show=False),
    ]
    AUTO_FOCUS = "#drafts"
    HELP_TOPIC = "start"

    def __init__(self) -> None:
        super().__init__()
        self._drafts_shown = False
        self._planned: list[tuple[str, Assignment]] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="start"):
            yield Label(t("drafts"), classes="heading")
            # filled here rather than after mount: one layout and one paint fewer
            drafts = OptionList(*self._draft_options(), id="drafts")
            if _shown_drafts(drafts):
                drafts.set_reactive(OptionList.highlighted, 0)
            yield drafts
            # filled once the screen is up (`show_unfinished_counts`)
            elsewhere = Static("", id="drafts-elsewhere")
            elsewhere.display = False
            yield elsewhere
            # an evaluator's next visits from the lead's plan, merged in: made only when there
            # are any (a list never shown cost the first paint a tenth of its time)
            planned = self._planned_options()
            if planned:
                yield from self._planned_widgets(planned)
            yield Static("", id="scenario-problems", classes="warning")
            # the actions as keys, listed in plain text: the first screen stays light,
            # and the command palette (ctrl+p) offers every one of them too
            yield Static("\n".join(f"[b]{key:>6}[/b]  {t(label)}"
                                   for key, _, label in self.actions()), id="actions")
        yield KeyFooter()

    def actions(self) -> list[tuple[str, str, str]]:
        """The keys this database offers (the review queue in a lead's database only)."""
        return [a for a in ACTIONS if a[1] not in LEAD_ONLY or self.app.role == "lead"]

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return action not in LEAD_ONLY or self.app.role == "lead"

    def on_mount(self) -> None:
        # The list's second pass (titles, progress, the counts under it) comes with the
        # scenarios' background load (`refresh_drafts`); already loaded, only the counts wait,
        # until the screen is up: they read every unfinished visit (22 ms for a lead's 4,000).
        if self.app.settings.catalog_loaded:
            self.call_after_refresh(self.show_unfinished_counts)
            self.show_scenario_problems()
        planned = self.query_one_optional("#planned", OptionList)
        if (planned is not None and planned.option_count
                and not _shown_drafts(self.query_one("#drafts", OptionList))):
            planned.focus()  # nothing to resume: Enter starts the next (highlighted) one

    def show_scenario_problems(self) -> None:
        """Say when scenario files could not be used, instead of silently offering fewer."""
        from pilotkit.tui.screens.scenario_problems import problem_summary

        line = self.query_one("#scenario-problems", Static)
        summary = problem_summary(self.app.catalog)
        line.update(summary)
        line.display = bool(summary)

    def action_scenario_problems(self) -> None:
        from pilotkit.tui.screens.scenario_problems import ScenarioProblemsScreen

        catalog = self.app.catalog
        if not catalog.problems and not catalog.missing_dirs:
            self.notify(t("scenarios_all_fine"))
            return
        self.app.push_screen(ScenarioProblemsScreen())

    def on_screen_resume(self) -> None:
        if self.app.screen is self and self._drafts_shown:
            self.refresh_drafts()  # back from a visit: its answers changed the counts
            self.refresh_planned()  # and a planned visit begun is no longer ahead
        self._drafts_shown = True

    def on_lists_changed(self, _: ListsChanged) -> None:
        self.refresh_drafts()

    def refresh_drafts(self) -> None:
        options = self.query_one("#drafts", OptionList)
        highlighted = options.highlighted
        options.clear_options()
        options.add_options(self._draft_options())  # one layout pass
        self.show_unfinished_counts()
        shown = _shown_drafts(options)
        if shown:
            options.highlighted = min(highlighted or 0, shown - 1)

    def _draft_options(self) -> list[Option]:
        store = self.app.client.store
        # a merge brings in other laptops' unfinished visits (a lead's database holds every
        # evaluator's): they are finished there, so they are counted, not listed
        drafts: list[DraftSummary] = self.app.client.call(store.drafts, MAX_DRAFTS_SHOWN, True)
        if not drafts:
            return [Option(t("no_drafts"), disabled=True)]
        # titles and counts under skip logic once the scenarios have loaded in the
        # background (they need pydantic); until then the answers given, and no scenario
        # id where a person reads words
        progress = (self.app.client.call(store.draft_progress, [d.id for d in drafts])
                    if self.app.settings.catalog_loaded else {})
        rows = []
        for draft in drafts:
            title = self._title(draft.scenario)
            when = date_time(draft.visited_at, self.app.lang)
            counted = (t("answered_of", n=progress[draft.id][0], total=progress[draft.id][1])
                       if draft.id in progress else t("answers_n", n=draft.answered))
            line = " · ".join(part for part in (draft.library_name, title, when, counted)
                              if part)
            if draft.status == "returned":  # the lead's words say what to correct
                line = f"↩ {line}\n  {t('returned_for', reason=draft.reason or '')}"
            rows.append(Option(Text(line), id=draft.id))
        return rows

    def show_unfinished_counts(self) -> None:
        """Under the list, the other laptops' unfinished visits merged in here, and how many
        of this laptop's are not shown."""
        counts = self.app.client.call(self.app.client.store.unfinished_counts)
        merged = {status: n for (status, here), n in counts.items() if not here}
        line = self.query_one("#drafts-elsewhere", Static)
        line.update(t("drafts_elsewhere", drafts=merged.get("draft", 0),
                      returned=merged.get("returned", 0)) if merged else "")
        line.display = bool(merged)
        waiting = sum(n for (_, here), n in counts.items() if here) - MAX_DRAFTS_SHOWN
        if waiting > 0:  # the oldest, beyond those listed
            self.query_one("#drafts", OptionList).add_option(
                Option(t("more_drafts", n=waiting), disabled=True))

    def _title(self, scenario_id: str) -> str | None:
        """The scenario's title once the scenarios have loaded (in the background); its id if
        no scenario file has it; None before then, so that no id shows where words belong."""
        if not self.app.settings.catalog_loaded:
            return None
        loaded = self.app.catalog.get(scenario_id)
        return loaded.scenario.title.get(self.app.lang) if loaded else scenario_id

    @staticmethod
    def _planned_widgets(planned: list[Option]) -> list[Label | OptionList]:
        # the first highlighted: Tab to the list, then Enter, starts the next visit
        options = OptionList(*planned, id="planned")
        options.set_reactive(OptionList.highlighted, 0)
        return [Label(t("planned"), classes="heading", id="planned-heading"), options]

    def refresh_planned(self) -> None:
        planned = self._planned_options()
        options = self.query_one_optional("#planned", OptionList)
        if options is None:
            if planned:  # the first planned visits since the screen was made
                self.query_one("#start").mount_all(self._planned_widgets(planned),
                                                   after=self.query_one("#drafts"))
            return
        options.clear_options()
        options.add_options(planned)
        if planned:
            options.highlighted = 0
        options.display = self.query_one("#planned-heading", Label).display = bool(planned)

    def _planned_options(self) -> list[Option]:
        """The next planned visits: this laptop's evaluator's (the code of its latest visit),
        or everyone's with their codes when it has made none yet."""
        if self.app.role != "evaluator":
            return []
        store, lang = self.app.client.store, self.app.lang
        code = self.app.client.call(store.last_evaluator)
        today = self.app.clock().date().isoformat()
        self._planned = self.app.client.call(store.planned_ahead, today, code, PLANNED_SHOWN)
        if not self._planned:
            return []
        names = {lib.id: lib.name for lib in self.app.client.call(store.libraries)}
        rows = []
        for n, (_, a) in enumerate(self._planned):
            title = self._title(a.scenario)
            who = "" if code else f" · {a.evaluator}"
            where = " · ".join(part for part in (names.get(a.library, a.library), title) if part)
            rows.append(Option(Text(f"{date(a.date, lang)} {a.slot} · {where}{who}"),
                               id=f"planned-{n}"))
        return rows

    def action_new_visit(self) -> None:
        self.app.action_new_visit()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option_list.id == "drafts" and event.option.id:
            from pilotkit.tui.screens.visit import VisitScreen

            self.app.push_screen(VisitScreen(event.option.id))
        elif event.option_list.id == "planned" and event.option.id:
            from pilotkit.tui.screens.new_visit import NewVisitScreen

            # the form filled from the plan: the evaluator checks it and declares
            self.app.push_screen(NewVisitScreen(self._planned[int(event.option.id[8:])]))

    def action_review(self) -> None:
        self.app.action_review()

    def action_plan_progress(self) -> None:
        from pilotkit.tui.screens.plan_progress import PlanProgressScreen

        self.app.push_screen(PlanProgressScreen())

    def chosen_draft(self) -> DraftSummary | None:
        """The unfinished visit highlighted in the list; when there is none, says so (e and d
        are on the screen even when the list is empty, as on a lead's database)."""
        options = self.query_one("#drafts", OptionList)
        chosen = None
        if options.highlighted is not None:
            visit_id = options.get_option_at_index(options.highlighted).id
            drafts = self.app.client.call(self.app.client.store.drafts, MAX_DRAFTS_SHOWN)
            chosen = next((d for d in drafts if d.id == visit_id), None)
        if chosen is None:
            self.notify(t("no_draft_chosen"), severity="warning")
        return chosen

    def action_discard_draft(self) -> None:
        from pilotkit.tui.screens.dialogs import ConfirmDialog

        draft = self.chosen_draft()
        if draft is None:
            return
        if draft.status != "draft":
            self.notify(t("only_drafts"), severity="warning")
            return

        def discard(yes: bool | None) -> None:
            if not yes:
                return
            try:
                self.app.client.call(self.app.client.store.apply, [draft.id], "discard")
            except StoreError as e:
                self.notify(localize(e, self.app.lang), severity="error")
                return
            self.notify(t("discard_done"))
            self.refresh_drafts()

        self.app.push_screen(ConfirmDialog(t("discard_title"), self.describe(draft),
                                           t("k_discard"), destructive=True), discard)

    def action_correct_draft(self) -> None:
        from pilotkit.tui.screens.draft_details import DraftDetailsDialog

        draft = self.chosen_draft()
        if draft is None:
            return

        def corrected(saved: bool | None) -> None:
            if saved:
                self.notify(t("details_saved"))
                self.refresh_drafts()

        self.app.push_screen(DraftDetailsDialog(draft.id, self.describe(draft)), corrected)

    def describe(self, draft: DraftSummary) -> str:
        loaded = self.app.catalog.get(draft.scenario)
        title = loaded.scenario.title.get(self.app.lang) if loaded else draft.scenario
        return (f"{draft.library_name} · {title} · {date_time(draft.visited_at, self.app.lang)}"
                f" · {t('answers_n', n=draft.answered)}")

    def action_add_library(self) -> None:
        add_library(self)

    def action_add_round(self) -> None:
        add_round(self)

    def action_merge(self) -> None:
        merge_database(self)

    def system_commands(self) -> list[SystemCommand]:
        """The start screen's keys the app's own commands do not already offer (the new
        visit, the comparison and the review queue are the app's)."""
        return [SystemCommand(t(label), key, getattr(self, f"action_{action}"))
                for key, action, label in self.actions()
                if action in ("add_library", "add_round", "merge", "discard_draft",
                              "correct_draft", "plan_progress")]


def _shown_drafts(options: OptionList) -> int:
    """How many drafts the list offers (the notes after them cannot be chosen)."""
    return sum(1 for index in range(options.option_count)
               if not options.get_option_at_index(index).disabled)
