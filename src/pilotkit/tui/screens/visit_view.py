"""One visit, read-only, reached from a comparison cell or the review queue: its answers,
scores and review log."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Static

from pilotkit.core.entities import OVERALL
from pilotkit.core.formatting import date_time, number
from pilotkit.core.labels import label
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter
from pilotkit.tui.widgets.principle_bars import score_style

if TYPE_CHECKING:
    from pilotkit.tui.app import PilotkitApp



class VisitViewScreen(PilotkitScreen[None]):
    """One visit, read-only: what was asked, what was answered, notes and the comment."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "k_back")]
    FOOTER_HIDES = frozenset({"ctrl+q"})
    HELP_TOPIC = "view"  # opened from the review queue as often as from a comparison

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


