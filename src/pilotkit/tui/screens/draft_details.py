"""Correcting where, when and how a visit still being filled took place.

An evaluator who picked the wrong library or round, or typed the time wrong,
corrects it here instead of starting over; the store allows it only while
the visit is a draft or returned for correction.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Grid, Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, Select, Static

from pilotkit.core.database import StoreError
from pilotkit.core.entities import InvalidValue, read_datetime
from pilotkit.core.formatting import date_time
from pilotkit.core.messages import localize
from pilotkit.tui.i18n import t
from pilotkit.tui.widgets.search_select import SearchSelect

if TYPE_CHECKING:
    from pilotkit.tui.app import PilotkitApp


class DraftDetailsDialog(ModalScreen[bool]):
    app: PilotkitApp
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", show=False),
        Binding("ctrl+s", "save", show=False),
    ]

    def __init__(self, visit_id: str, subject: str) -> None:
        super().__init__()
        self.visit_id = visit_id
        self.subject = subject
        self.stored_time = ""

    def compose(self) -> ComposeResult:
        from pilotkit.core.entities import CHANNELS

        store = self.app.client.store
        libraries, rounds, meta = self.app.client.call(
            lambda: (store.libraries(), store.rounds(), store.visit_meta(self.visit_id)))
        self.stored_time = meta.visited_at
        with Vertical(classes="dialog"):
            yield Label(t("correct_title"), classes="dialog-title")
            yield Static(self.subject, id="dialog-subject", markup=False)
            with Grid(id="details-form"):
                yield Label(t("library"))
                yield SearchSelect[str]([(f"{lib.name} ({lib.id})", lib.id) for lib in libraries],
                                        value=meta.library, allow_blank=False,
                                        id="details-library", compact=True)
                yield Label(t("round"))
                yield SearchSelect[str]([(r.label or r.id, r.id) for r in rounds],
                                        value=meta.round, allow_blank=False, id="details-round",
                                        compact=True)
                yield Label(t("channel"))
                yield SearchSelect[str]([(t(f"channel_{c}"), c) for c in CHANNELS],
                                        value=meta.channel, allow_blank=False,
                                        id="details-channel", compact=True)
                yield Label(t("visited_at"))
                yield Input(date_time(meta.visited_at, self.app.lang), id="details-visited-at",
                            compact=True)
            yield Static("", id="dialog-error", classes="error")
            with Horizontal(classes="buttons"):
                yield Button(t("save"), variant="primary", id="save")
                yield Button(t("cancel"), id="cancel")

    def on_mount(self) -> None:
        self.query_one("#details-library", Select).focus()

    def on_button_pressed(self, event: Button.Pressed) -> None:
        event.stop()
        if event.button.id == "save":
            self.action_save()
        else:
            self.dismiss(False)

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        library, round_id, channel = (str(self.query_one(f"#details-{f}", Select).value)
                                      for f in ("library", "round", "channel"))
        typed = self.query_one("#details-visited-at", Input).value
        try:
            # an untouched field keeps the stored time whole (its seconds and UTC offset)
            visited = (self.stored_time if typed == date_time(self.stored_time, self.app.lang)
                       else read_datetime(typed))
            self.app.client.call(self.app.client.store.correct_draft, self.visit_id, library,
                                 round_id, channel, visited)
        except (StoreError, InvalidValue) as e:
            self.query_one("#dialog-error", Static).update(localize(e, self.app.lang))
            return
        self.dismiss(True)

    def action_cancel(self) -> None:
        self.dismiss(False)
