"""The end of a visit: scores, what is still missing, a comment, and submit."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Header, Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from pilotkit.core.answers import missing_required
from pilotkit.core.entities import Status
from pilotkit.core.scoring import visit_scores
from pilotkit.core.store import MissingRequired, StoreError
from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter
from pilotkit.tui.widgets.principle_bars import PrincipleBars

if TYPE_CHECKING:
    from pilotkit.tui.screens.visit import VisitScreen

CLOSE = "__close__"


class SummaryScreen(PilotkitScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "k_back"),
        Binding("ctrl+s", "submit", "k_submit"),
    ]


    def __init__(self, visit: VisitScreen) -> None:
        super().__init__()
        self.visit = visit

    def compose(self) -> ComposeResult:
        opened = self.visit.opened
        assert opened is not None
        scenario = self.visit.scenario
        lang = self.app.lang
        missing = missing_required(scenario, self.visit.answers)
        scores = visit_scores(scenario, self.visit.answers, self.app.catalog.framework.ids)
        status = opened.meta.status
        yield Header()
        with VerticalScroll(id="summary"):
            yield Label(f"{t('summary')}: {escape(scenario.title.get(lang))} · "
                        f"{t('status')}: {t(f'status_{status}')}", classes="heading")
            bars = PrincipleBars(self.app.catalog.framework, lang, name_width=24, id="summary-bars")
            yield bars
            bars.show(scores.as_dict())
            if missing:
                yield Label(t("missing_required"), classes="heading")
                yield OptionList(*[Option(f"! {item.text.get(lang)}", id=item.id)
                                   for item in missing], id="missing")
            yield Label(t("comment"))
            yield Input(opened.meta.comment or "", id="comment", disabled=status != "draft")
            yield Static("", id="summary-error", classes="error")
            with Horizontal(classes="buttons"):
                if status == "draft":
                    yield Button(t("submit"), variant="primary", id="submit",
                                 disabled=bool(missing))
                elif status in ("submitted", "rejected"):
                    yield Button(t("reopen"), id="reopen")
        yield KeyFooter()

    def on_mount(self) -> None:
        missing = self.query("#missing")
        if missing:
            missing.first().focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.save_comment()
        self.dismiss(event.option.id)

    def save_comment(self) -> None:
        opened = self.visit.opened
        assert opened is not None
        comment = self.query_one("#comment", Input).value.strip()
        if opened.meta.status == "draft" and comment != (opened.meta.comment or ""):
            self.app.client.call(self.app.client.store.set_comment, self.visit.visit_id,
                                 comment or None)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        if event.button.id == "submit":
            self.action_submit()
        elif event.button.id == "reopen":
            self.set_status("draft")
            self.dismiss(None)

    def set_status(self, status: Status) -> bool:
        try:
            self.app.client.call(self.app.client.store.set_status, self.visit.visit_id, status)
        except (MissingRequired, StoreError) as e:
            self.query_one("#summary-error", Static).update(str(e))
            return False
        return True

    def action_submit(self) -> None:
        opened = self.visit.opened
        assert opened is not None
        if opened.meta.status != "draft":
            return
        self.save_comment()
        if self.set_status("submitted"):
            self.notify(t("submitted"))
            self.dismiss(CLOSE)

    def action_back(self) -> None:
        self.save_comment()
        self.dismiss(None)
