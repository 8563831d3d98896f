"""The end of a visit: scores, what is still missing, a comment, and submit.

Scores and missing items are those of the answers the store has committed, as
the visit (`core.visit.Visit`) it is handed says; the comment is written through
the writer it is handed and tracked like every answer, and a visit is submitted
only once nothing of it is unsaved.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pilotkit.core.database import StoreError
from pilotkit.core.entities import Status
from pilotkit.core.visit import Visit
from pilotkit.tui.i18n import t
from pilotkit.tui.pii import pii_warning
from pilotkit.tui.saving import SaveTracker, describe_error
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter
from pilotkit.tui.widgets.principle_bars import PrincipleBars

CLOSE = "__close__"
SUBMIT_WAIT_S = 5.0
"""How long submitting waits for writes still on their way before it refuses."""


class SummaryScreen(PilotkitScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "k_back"),
        Binding("ctrl+s", "submit", "k_submit"),
        Binding("ctrl+r", "retry", "k_retry", show=False),
        # from the comment up to the missing items; ahead of the scrolling container's own ↑
        Binding("up", "up", show=False, priority=True),
    ]
    HELP_TOPIC = "summary"

    def __init__(self, visit: Visit, reason: str | None, comment: str | None,
                 tracker: SaveTracker, write_comment: Callable[[str | None], object],
                 retry: Callable[[], object], known: Sequence[str] = ()) -> None:
        """`visit` as the store holds it (an answer whose write failed is still missing
        here); `reason` why it was returned, if it was; the comment is written through
        `write_comment` and tracked by `tracker`, whose failed writes `retry` tries again."""
        super().__init__()
        self.visit = visit
        self.reason = reason
        self.comment = comment
        self.tracker = tracker
        self.write_comment = write_comment
        self.retry = retry
        self.known = known
        """The visit's library, place and scenario words: not people's names."""

    def compose(self) -> ComposeResult:
        scenario = self.visit.scenario
        lang = self.app.lang
        missing = self.visit.missing_required()
        scores = self.visit.scores()
        unsaved = self.tracker.unsaved()
        status = self.visit.status
        yield Header()
        with VerticalScroll(id="summary"):
            yield Label(Text(f"{t('summary')}: {scenario.title.get(lang)} · "
                             f"{t('status')}: {t(f'status_{status}')}"), classes="heading")
            bars = PrincipleBars(self.app.catalog.framework, lang, id="summary-bars")
            yield bars
            bars.show(scores.as_dict())
            if missing:
                yield Label(t("missing_required"), classes="heading")
                yield OptionList(*[Option(f"! {item.text.get(lang)}", id=item.id)
                                   for item in missing], id="missing")
            if self.reason and status == "returned":
                yield Static(Text(t("returned_for", reason=self.reason)))
            yield Label(t("comment"))
            yield Input(self.comment or "", id="comment", disabled=not self.visit.editable)
            warning = pii_warning(self.comment or "", "field_comment", self.known)
            line = Static(warning or "", id="comment-warning", classes="warning", markup=False)
            line.display = warning is not None
            yield line
            yield Static(t("submit_unsaved", n=unsaved) if unsaved else "", id="summary-error",
                         classes="error")
            with Horizontal(classes="buttons"):
                if self.visit.editable:
                    yield Button(t("submit"), variant="primary", id="submit",
                                 disabled=bool(missing))
                elif self.visit.allows("reopen"):
                    yield Button(t("reopen"), id="reopen")
        yield KeyFooter()

    def on_mount(self) -> None:
        # what is typed on arriving is the comment: no key goes nowhere (the missing
        # items are a tab away, and a visit with missing items cannot be submitted)
        if self.visit.editable:
            self.query_one("#comment", Input).focus()
        elif self.query("#missing"):
            self.query_one("#missing", OptionList).focus()

    def action_up(self) -> None:
        """↑ in the comment goes to the missing items; elsewhere it moves or scrolls as ever."""
        focused = self.focused
        missing = next(iter(self.query("#missing").results(OptionList)), None)
        if isinstance(focused, OptionList):
            focused.action_cursor_up()
        elif isinstance(focused, Input) and missing is not None:
            missing.focus()
            if missing.highlighted is None:
                missing.highlighted = 0
        else:
            self.query_one("#summary", VerticalScroll).scroll_up()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.save_comment()
        self.dismiss(event.option.id)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        if event.input.id == "comment":
            event.stop()
            self.save_comment()

    def save_comment(self) -> None:
        """Save the comment if it changed (through the visit's writes), and warn about
        what looks like personal data in it, beneath it and as a notification."""
        comment = self.query_one("#comment", Input).value.strip()
        if not self.visit.editable or comment == (self.comment or ""):
            return
        self.comment = comment or None
        self.write_comment(self.comment)
        warning = pii_warning(comment, "field_comment", self.known)
        line = self.query_one("#comment-warning", Static)
        line.update(warning or "")
        line.display = warning is not None
        if warning:
            line.scroll_visible()
            self.notify(warning, severity="warning", timeout=10, markup=False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        elif event.button.id == "reopen":
            from pilotkit.tui.screens.dialogs import ConfirmDialog

            def confirmed(yes: bool | None) -> None:
                if yes and self.set_status("draft"):
                    self.dismiss(None)

            # a submitted visit leaves what is counted and the review queue: asked first
            self.app.push_screen(ConfirmDialog(t("reopen_title"), t("reopen_subject"),
                                               t("reopen")), confirmed)

    def set_status(self, status: Status) -> bool:
        try:
            self.app.client.call(self.app.client.store.set_status, self.visit.id, status)
        except (StoreError, sqlite3.Error) as e:
            self.query_one("#summary-error", Static).update(Text(describe_error(e)))
            return False
        return True

    def action_submit(self) -> None:
        if not self.visit.editable:
            return
        self.save_comment()
        tracker = self.tracker
        tracker.wait(SUBMIT_WAIT_S)
        if tracker.unsaved():
            # a submitted visit takes no more writes: what failed would be lost for good
            self.query_one("#summary-error", Static).update(
                t("submit_unsaved", n=tracker.unsaved()))
            return
        if self.set_status("submitted"):
            self.notify(t("submitted"))
            self.dismiss(CLOSE)

    def action_retry(self) -> None:
        self.retry()

    def action_back(self) -> None:
        self.save_comment()
        self.dismiss(None)

    def confirm_leave(self, proceed: Callable[[], object], stay: Callable[[], object],
                      quitting: bool = False) -> None:
        self.save_comment()  # quitting from here: the comment typed is saved like the rest
        proceed()
