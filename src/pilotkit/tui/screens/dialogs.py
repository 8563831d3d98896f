"""Small modal forms: a few labelled inputs, Save and Cancel.

The dialog does not know what it saves: `save` gets the values and returns
None on success or a one-line reason, which the dialog shows and stays open.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Static

from pilotkit.tui.i18n import t

Field = tuple[str, str, str]
"""(field id, label, placeholder)"""


class FormDialog(ModalScreen[bool]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", show=False)]

    def __init__(self, title: str, fields: Sequence[Field],
                 save: Callable[[dict[str, str]], str | None],
                 values: dict[str, str] | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.save = save
        self.values = values or {}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title")
            for field_id, label, placeholder in self.fields:
                yield Label(label)
                yield Input(self.values.get(field_id, ""), placeholder=placeholder,
                            id=f"field-{field_id}")
            yield Static("", id="dialog-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(t("save"), variant="primary", id="save")
                yield Button(t("cancel"), id="cancel")

    def _values(self) -> dict[str, str]:
        return {f: self.query_one(f"#field-{f}", Input).value.strip() for f, _, _ in self.fields}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._try_save()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self._try_save()
        else:
            self.dismiss(False)

    def _try_save(self) -> None:
        error = self.save(self._values())
        if error:
            self.query_one("#dialog-error", Static).update(error)
        else:
            self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
