"""The pilot's goals, indicators and next steps for the report of the rounds shown.

Several paragraphs of the lead's own words, so a text area rather than a
one-line field: ctrl+s saves, Escape leaves without saving (and says so when
something was typed, so no words are lost silently).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Label, Static, TextArea

from pilotkit.tui.i18n import t


class GoalsDialog(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+s", "save", "save", priority=True),
        Binding("escape", "cancel", show=False),
    ]

    def __init__(self, subject: str, text: str, save: Callable[[str], str | None]) -> None:
        super().__init__()
        self.subject = subject
        self.text = text
        self.save = save
        self._warned = False

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog goals-dialog"):
            yield Label(t("goals_title"), classes="dialog-title")
            yield Static(self.subject, id="dialog-subject", markup=False)
            yield Static(t("goals_hint"), id="goals-hint")
            yield TextArea(self.text, id="goals-text", soft_wrap=True, show_line_numbers=False)
            yield Static("", id="dialog-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(t("save"), variant="primary", id="save")
                yield Button(t("cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#goals-text", TextArea).focus()

    def typed(self) -> str:
        return self.query_one("#goals-text", TextArea).text

    def action_save(self) -> None:
        error = self.save(self.typed())
        if error:
            self.query_one("#dialog-error", Static).update(error)
        else:
            self.dismiss(True)

    def action_cancel(self) -> None:
        if self.typed() != self.text and not self._warned:
            self._warned = True  # a second Escape leaves: the words were not wanted
            self.query_one("#dialog-error", Static).update(t("goals_unsaved"))
            return
        self.dismiss(False)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(False)
