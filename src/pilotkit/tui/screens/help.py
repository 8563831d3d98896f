"""Help pages: the evaluator's keys, the review queue's and the principles; or what a
comparison's numbers mean."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Label, Static

from pilotkit.core.explain import explain
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter

COMPARE_NUMBERS = ("which_visits", "mean", "n", "interval", "clear", "small")
COMPARE_WARNINGS = ("too_few_note", "mixed")


class HelpScreen(PilotkitScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "k_back")]

    def __init__(self, topic: str = "visit") -> None:
        super().__init__()
        self.topic = topic

    def compose(self) -> ComposeResult:
        yield Header()
        with VerticalScroll(id="help"):
            yield from (self.compare_help() if self.topic == "compare" else self.visit_help())
        yield KeyFooter()

    def visit_help(self) -> ComposeResult:
        lang = self.app.lang
        if self.topic in ("start", "review", "plan", "form", "summary", "view"):
            yield Label(t(f"help_{self.topic}"), classes="heading")
            yield Static(Text(t(f"help_{self.topic}_text")))
        if self.topic in ("plan", "form"):
            return  # no visit's keys yet, and no scores: what the screen's own text says
        if self.topic not in ("review", "view"):  # read, not filled: not the evaluator's keys
            yield Label(t("help_visit_keys"), classes="heading")
            yield Static(Text(t("help_text")))
            yield Label(t("help_marks"), classes="heading")
            yield Static(Text(t("help_marks_text")))
        yield Label(t("help_principles"), classes="heading")
        for principle in self.app.catalog.framework.principles:
            description = principle.description.get(lang) if principle.description else ""
            yield Static(Text.assemble((principle.name.get(lang), "bold"), "\n", description),
                         classes="principle")

    def compare_help(self) -> ComposeResult:
        lang = self.app.lang
        yield Label(t("help_compare_numbers"), classes="heading")
        for key in COMPARE_NUMBERS:
            yield Static(Text(explain(key, lang)))
        line = self.detectable_change()
        if line:
            yield Label(t("help_compare_mde_heading"), classes="heading")
            yield Static(Text(line))
        yield Label(t("help_compare_warnings"), classes="heading")
        for key in COMPARE_WARNINGS:
            yield Static(Text(explain(key, lang)))
        yield Static(Text(t("help_compare_many")))
        yield Label(t("help_keys"), classes="heading")
        yield Static(Text(t("help_compare_keys")))

    def detectable_change(self) -> str | None:
        """The MDE at the visits the compared rounds got (issue 20), when two are compared."""
        from pilotkit.core.formatting import number
        from pilotkit.tui.screens.compare import CompareScreen

        screen = next((s for s in reversed(self.app.screen_stack)
                       if isinstance(s, CompareScreen)), None)
        if screen is None:
            return None
        first, last = screen.choice["from-round"], screen.choice["to-round"]
        if not first or not last or first == last:
            return None
        from pilotkit.core.planning import achieved_mde

        found = self.app.client.call(achieved_mde, self.app.client.store,
                                     screen.filters((first, last)), first, last)
        if found is None:
            return t("help_compare_mde_none")
        labels = screen.round_labels
        return t("help_compare_mde", first=labels.get(first, first), last=labels.get(last, last),
                 mde=number(found.mde, self.app.lang), libraries=found.libraries,
                 before=found.visits_before, after=found.visits_after)

    def action_close(self) -> None:
        self.app.pop_screen()
