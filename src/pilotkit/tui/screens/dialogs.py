"""Small modal dialogs: a few labelled inputs with Save and Cancel, or a yes/no question.

A form does not know what it saves: `save` gets the values and returns None
on success or a one-line reason, which the dialog shows and stays open. Both
can name what they act on (`subject`): a person confirms a decision about a
visit they can see named.
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
                 values: dict[str, str] | None = None, subject: str | None = None,
                 button: str | None = None) -> None:
        super().__init__()
        self.title_text = title
        self.fields = list(fields)
        self.save = save
        self.values = values or {}
        self.subject = subject
        self.button = button
        """What the save button says, when "Save" would not say what happens."""

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            # wraps (a Label would cut a long title, such as a note's question, at the edge)
            yield Static(self.title_text, classes="dialog-title", markup=False)
            if self.subject:
                yield Static(self.subject, id="dialog-subject", markup=False)
            for field_id, label, placeholder in self.fields:
                yield Label(label)
                # compact (a line, not three): a round's five fields and their buttons fit
                # at 80x24, and the shade shows which field has focus
                yield Input(self.values.get(field_id, ""), placeholder=placeholder,
                            id=f"field-{field_id}", compact=True)
            yield Static("", id="dialog-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(self.button or t("save"), variant="primary", id="save")
                yield Button(t("cancel"), id="cancel")

    def _values(self) -> dict[str, str]:
        return {f: self.query_one(f"#field-{f}", Input).value.strip() for f, _, _ in self.fields}

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._try_save()

    def on_input_changed(self, event: Input.Changed) -> None:
        # the line judged what was there; left up, "Fill in: reason" stood beside a reason
        self.query_one("#dialog-error", Static).update("")

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


class LeaveDialog(ModalScreen[bool]):
    """Leaving a visit (or quitting) with answers not saved: stay and retry, or leave anyway.

    The answer is True to leave. Staying is what Enter and Esc do: losing
    answers takes a deliberate choice.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "stay", show=False),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(self, unsaved: int, quitting: bool = False) -> None:
        super().__init__()
        self.unsaved = unsaved
        self.quitting = quitting

    @staticmethod
    def texts(unsaved: int) -> tuple[str, str]:
        if unsaved == 1:
            return t("unsaved_one"), t("lost_one")
        return t("unsaved_many", n=unsaved), t("lost_many")

    def compose(self) -> ComposeResult:
        title, body = self.texts(self.unsaved)
        with Vertical(classes="dialog"):
            yield Label(title, classes="dialog-title", id="leave-title")
            yield Label(body, id="leave-body")
            with Horizontal(classes="buttons"):
                yield Button(t("stay_retry"), variant="primary", id="stay")
                yield Button(t("quit_anyway" if self.quitting else "leave_anyway"),
                             variant="error", id="leave")

    def on_mount(self) -> None:
        self.query_one("#stay", Button).focus()

    def show_count(self, unsaved: int) -> None:
        self.unsaved = unsaved
        title, body = self.texts(unsaved)
        self.query_one("#leave-title", Label).update(title)
        self.query_one("#leave-body", Label).update(body)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "leave")

    def action_stay(self) -> None:
        self.dismiss(False)


class ConfirmDialog(ModalScreen[bool]):
    """A question about one thing, named: Enter confirms (the button says what), Esc cancels.

    `destructive` for what cannot be undone (discarding a draft): Cancel has the focus, so
    a reflexive Enter keeps the thing; ← → or Tab reach the button that destroys it.
    """

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", show=False),
        Binding("left,right", "app.focus_next", show=False),
    ]

    def __init__(self, title: str, subject: str, confirm: str,
                 destructive: bool = False) -> None:
        super().__init__()
        self.title_text = title
        self.subject = subject
        self.confirm = confirm
        self.destructive = destructive

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.title_text, classes="dialog-title", markup=False)  # wraps
            yield Static(self.subject, id="dialog-subject", markup=False)
            with Horizontal(classes="buttons"):
                yield Button(self.confirm, variant="error" if self.destructive else "primary",
                             id="confirm")
                yield Button(t("cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#cancel" if self.destructive else "#confirm", Button).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss(event.button.id == "confirm")

    def action_cancel(self) -> None:
        self.dismiss(False)
