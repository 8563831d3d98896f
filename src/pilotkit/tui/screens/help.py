"""Every key, and what each of the seven principles means for a customer."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from rich.markup import escape
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Header, Label, Static

from pilotkit.tui.i18n import t
from pilotkit.tui.screens.base import PilotkitScreen
from pilotkit.tui.widgets.key_footer import KeyFooter

if TYPE_CHECKING:
    pass


class HelpScreen(PilotkitScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,q", "close", "k_back")]


    def compose(self) -> ComposeResult:
        lang = self.app.lang
        yield Header()
        with VerticalScroll(id="help"):
            yield Label(t("help_keys"), classes="heading")
            yield Static(escape(t("help_text")))
            yield Label(t("help_principles"), classes="heading")
            for principle in self.app.catalog.framework.principles:
                description = principle.description.get(lang) if principle.description else ""
                yield Static(f"[b]{escape(principle.name.get(lang))}[/b]\n{escape(description)}",
                             classes="principle")
        yield KeyFooter()

    def action_close(self) -> None:
        self.app.pop_screen()
