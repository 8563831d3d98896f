"""The review queue of a team lead's database: each visit previewed, each decision confirmed.

The visit under the cursor is shown in full enough to decide on it (where,
what, when, who, its scores, comment and notes). Approving asks first;
rejecting and returning name the visit and need a reason; any decision can
be undone. `f` chooses what is listed: the visits to review or those returned,
rejected or approved, of one library, of one round (as the comparison's `f`).
Each list reads its visits a page at a time as the cursor nears its end (`QUEUE_PAGE`);
its heading counts them all and names what it is narrowed to.
The rules themselves are the core's (`visit.RULES`): this screen only asks.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.console import Group
from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Header, Label, OptionList, Static
from textual.widgets.option_list import Option

from pilotkit.core.database import StoreError
from pilotkit.core.entities import OVERALL, Status, VisitMeta
from pilotkit.core.formatting import date_time
from pilotkit.core.messages import localize
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    from pilotkit.core.store import OpenVisit
    from pilotkit.core.visit import Action

QUEUE_PAGE = 50
"""Visits the queue lists at first, newest first, and how many more it lists each time the
cursor comes within `QUEUE_NEAR_END` of the last one listed; the heading counts them all.
Listing all 140,000 submitted visits of a 200,000-visit database at once took 13 s to open
the screen and 20 s after each decision, and every option listed costs layout (200 cost
0.06 s more than 50); read as the lead scrolls, every visit is still reachable."""
QUEUE_NEAR_END = 5


class ReviewScreen(PilotkitScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("a", "decide('approve')", "k_approve"),
        Binding("r", "decide('reject')", "k_reject"),
        Binding("t", "decide('return')", "k_return"),
        Binding("u", "undo", "k_undo"),
        Binding("f", "filters", "k_filters"),
        Binding("escape", "back", "k_back"),
    ]
    # at 80 columns in Finnish and Swedish the five review keys matter more: quitting is one
    # Esc away, and ? / F1 still opens the help
    FOOTER_HIDES = frozenset({"ctrl+q", "question_mark", "f1"})

    HELP_TOPIC = "review"

    def __init__(self) -> None:
        super().__init__()
        self.choice: dict[str, str | None] = {"status": "submitted", "library": None,
                                              "round": None}
        """What the queue lists (`FilterDialog`): a status, and one library or round or all."""
        self.metas: dict[str, VisitMeta] = {}
        self.last_decided: str | None = None
        """The visit decided last on this screen: `u` undoes it when the cursor is elsewhere."""
        self.asked = False
        """A decision's dialog is open over this screen (`ask`)."""
        self.listed = QUEUE_PAGE
        """How many visits the queue lists (more as the cursor comes near the end)."""
        self.total = 0
        """How many visits of the status shown there are in all."""

    def compose(self) -> ComposeResult:
        yield Header()
        yield Label("", id="review-heading", classes="heading")
        yield OptionList(id="queue")
        with VerticalScroll(id="review-preview"):
            yield Static("", id="preview")
        yield KeyFooter()

    def on_mount(self) -> None:
        store = self.app.client.store
        libraries, rounds = self.app.client.call(lambda: (store.libraries(), store.rounds()))
        self.library_names = {lib.id: lib.name for lib in libraries}
        self.round_names = {r.id: r.label or r.id for r in rounds}
        self.query_one("#queue", OptionList).focus()

    def on_screen_resume(self) -> None:
        # the list is read when the screen is first shown (after `on_mount`) and whenever it
        # is shown again, except after a decision's dialog: `take` has shown the list as it
        # is then, and a dialog left with Esc changed nothing
        if self.asked:
            self.asked = False
            return
        self.reload()

    def ask(self, dialog: ModalScreen[Any], answered: Callable[[Any], None] | None = None
            ) -> None:
        """A decision's dialog, over this screen."""
        self.asked = True
        self.app.push_screen(dialog, answered)

    # -- the list and the preview ----------------------------------------------------------------

    @property
    def shown(self) -> Status:
        return cast(Status, self.choice["status"])

    def narrowed(self) -> tuple[tuple[Status], tuple[str, ...], tuple[str, ...]]:
        """The statuses, rounds and libraries listed (empty: all)."""
        library, round_id = self.choice["library"], self.choice["round"]
        return ((self.shown,), (round_id,) if round_id else (),
                (library,) if library else ())

    def reload(self, keep: str | None = None) -> None:
        queue = self.query_one("#queue", OptionList)
        highlighted = queue.highlighted or 0
        store, (shown, rounds, libraries) = self.app.client.store, self.narrowed()
        metas, self.total = self.app.client.call(
            lambda: (store.list_visits(shown, rounds, libraries, limit=self.listed),
                     store.count_visits(shown, rounds, libraries)))
        self.metas = {meta.id: meta for meta in metas}
        queue.clear_options()
        what = t(f"review_{self.shown}")
        heading = (t("review_showing", what=what, n=self.total) if self.total <= len(metas)
                   else t("review_showing_more", what=what, n=self.total, shown=len(metas)))
        only = [self.library_names.get(library, library) for library in libraries]
        only += [self.round_names.get(round_id, round_id) for round_id in rounds]
        if only:
            heading += "\n" + t("review_only", names=" · ".join(only))
        self.query_one("#review-heading", Label).update(Text(heading))
        if not metas:
            none = t(f"review_none_{self.shown}") if not only else t("review_none_here")
            queue.add_option(Option(none, disabled=True))
            self.show_preview(None)
            return
        queue.add_options([Option(Text(self.describe(meta)), id=meta.id) for meta in metas])
        ids = [meta.id for meta in metas]
        queue.highlighted = ids.index(keep) if keep in ids else min(highlighted, len(ids) - 1)
        self.show_preview(self.current())

    def describe(self, meta: VisitMeta) -> str:
        """The visit in one line a person recognises: where, what, when, who."""
        return " · ".join((self.library_names.get(meta.library, meta.library),
                           self.scenario_title(meta.scenario),
                           date_time(meta.visited_at, self.app.lang), meta.evaluator))

    def scenario_title(self, scenario_id: str) -> str:
        loaded = self.app.catalog.get(scenario_id)
        return loaded.scenario.title.get(self.app.lang) if loaded else scenario_id

    def current(self) -> str | None:
        queue = self.query_one("#queue", OptionList)
        if queue.highlighted is None or not self.metas:
            return None
        return queue.get_option_at_index(queue.highlighted).id

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if (len(self.metas) < self.total
                and event.option_index >= len(self.metas) - 1 - QUEUE_NEAR_END):
            self.listed = len(self.metas) + QUEUE_PAGE  # the next page, the cursor kept
            self.reload(keep=event.option.id)
            return
        self.show_preview(event.option.id)

    def show_preview(self, visit_id: str | None) -> None:
        preview = self.query_one("#preview", Static)
        if visit_id is None or visit_id not in self.metas:
            preview.update("")
            return
        opened: OpenVisit = self.app.client.call(self.app.client.store.open_visit, visit_id)
        preview.update(self.render_preview(opened))

    def render_preview(self, opened: OpenVisit) -> Group:
        meta, lang = opened.meta, self.app.lang
        lines = [
            Text.assemble((self.library_names.get(meta.library, meta.library), "bold"), " · ",
                          self.round_names.get(meta.round, meta.round)),
            Text(f"{opened.scenario.title.get(lang)} · {date_time(meta.visited_at, lang)}"
                 f" · {t(f'channel_{meta.channel}')}"),
            Text(f"{t('evaluator')}: {meta.evaluator} · {t('status')}: "
                 f"{t(f'status_{meta.status}')}"),
        ]
        if meta.status_reason:
            lines.append(Text(f"{t('reason')}: {meta.status_reason}"))
        scores = Table.grid(padding=(0, 1))
        for _ in range(2):
            scores.add_column()
            scores.add_column(justify="right")
        names = [(OVERALL, t("overall"))] + [
            (p.id, p.name.get(lang)) for p in self.app.catalog.framework.principles]
        cells: list[Text] = []
        for principle, name in names:
            score = opened.scores.get(principle)
            style = "bold" if principle == OVERALL else ""
            cells += [Text(name, style=style),
                      Text("–" if score is None else f"{score:.0f}", style=style)]
        for row in range(0, len(cells), 4):
            scores.add_row(*cells[row:row + 4])
        parts: list[Text | Table] = [*lines, Text(""), scores]
        if meta.comment or opened.notes:
            parts.append(Text(""))
        if meta.comment:
            parts.append(Text(f"{t('comment')}: {meta.comment}"))
        if opened.notes:
            parts.append(Text(t("notes"), style="bold"))
            for item in opened.scenario.items():
                if item.id in opened.notes:
                    parts.append(Text(f"· {item.text.get(lang)}: {opened.notes[item.id]}"))
        return Group(*parts)

    # -- decisions -------------------------------------------------------------------------------

    def refusal(self, visit_id: str, action: Action) -> str | None:
        """Why the role or the visit's status rules the action out (its reason is asked next)."""
        from pilotkit.core.labels import label
        from pilotkit.core.visit import DECIDED, action_refusal

        status = self.metas[visit_id].status
        refused = action_refusal(action, status, self.app.role, "(asked next)", visit_id[:8])
        if refused is None:
            return None
        if self.app.role == "lead" and action != "undo" and status in DECIDED:
            # the way on, not only the rule: the visit in view needs no id to be named
            return t("review_undo_first", status=label("status", status, self.app.lang))
        return localize(refused, self.app.lang)

    def action_decide(self, action: Action) -> None:
        visit_id = self.current()
        if visit_id is None:
            self.notify(t("review_nothing_chosen"), severity="warning")
            return
        refused = self.refusal(visit_id, action)
        if refused is not None:
            self.notify(refused, severity="warning")
            return
        subject = self.describe(self.metas[visit_id])
        if action == "approve":
            from pilotkit.tui.screens.dialogs import ConfirmDialog

            def confirmed(yes: bool | None) -> None:
                if yes:
                    self.take(visit_id, "approve", None)

            self.ask(ConfirmDialog(t("approve_title"), subject, t("k_approve")), confirmed)
            return
        from pilotkit.tui.screens.dialogs import FormDialog

        def save(values: dict[str, str]) -> str | None:
            if not values["reason"]:
                return t("missing_field", field=t(f"{action}_reason"))
            return self.take(visit_id, action, values["reason"])

        self.ask(FormDialog(t(f"{action}_title"), [("reason", t(f"{action}_reason"), "")], save,
                            subject=subject, button=t(f"k_{action}")))

    def take(self, visit_id: str, action: Action, reason: str | None) -> str | None:
        """Take the action, say so, and show the list as it now is; the refusal if refused."""
        subject = self.describe(self.metas[visit_id])
        try:
            self.app.client.call(self.app.client.store.apply, [visit_id], action, reason)
        except StoreError as e:
            return localize(e, self.app.lang)
        self.last_decided = None if action == "undo" else visit_id
        self.notify(t(f"{action}_done", visit=subject), timeout=8)
        self.reload(keep=visit_id)
        return None

    def action_undo(self) -> None:
        from pilotkit.tui.screens.dialogs import ConfirmDialog

        visit_id = self.current()
        if visit_id is None or self.metas[visit_id].status == "submitted":
            visit_id = self.last_decided
        if visit_id is None:
            self.notify(t("nothing_to_undo"), severity="warning")
            return
        meta = self.app.client.call(self.app.client.store.visit_meta, visit_id)
        self.metas.setdefault(visit_id, meta)
        if meta.status not in ("approved", "rejected", "returned"):
            self.notify(t("nothing_to_undo"), severity="warning")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                error = self.take(visit_id, "undo", None)
                if error:
                    self.notify(error, severity="error")

        self.ask(ConfirmDialog(
            t("undo_title", decision=t(f"status_{meta.status}")), self.describe(meta),
            t("k_undo")), confirmed)

    def action_filters(self) -> None:
        from pilotkit.tui.screens.filter_dialog import FilterDialog

        def apply(choice: dict[str, str | None] | None) -> None:
            if choice is not None and choice != self.choice:
                self.choice = choice
                self.listed = QUEUE_PAGE
                self.query_one("#queue", OptionList).highlighted = 0
                self.reload()

        # no decision is taken in it: left with Esc or saved, the list is read once (`apply`)
        self.ask(FilterDialog(self.choice), apply)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        if event.option.id:
            # read-only: a lead reviews a visit and decides on it; the evaluator who made it
            # corrects it (an edit here, merged back, would overwrite theirs)
            from pilotkit.tui.screens.visit_view import VisitViewScreen

            self.app.push_screen(VisitViewScreen(event.option.id))

    def action_back(self) -> None:
        self.app.pop_screen()
