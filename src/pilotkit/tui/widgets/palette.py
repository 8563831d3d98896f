"""Textual's command palette, speaking the user's language."""

from __future__ import annotations

from rich.align import Align
from rich.text import Text
from textual.command import CommandList, CommandPalette
from textual.widgets.option_list import Option

from pilotkit.tui.i18n import t


class Palette(CommandPalette):
    """The stock palette writes its prompt and its "No matches found" in English."""

    def __init__(self) -> None:
        super().__init__(placeholder=t("palette_search"), id="--command-palette")

    def _start_no_matches_countdown(self, search_value: str) -> None:
        # Textual 8's own method with the one string translated: the text is inline there
        self._stop_no_matches_countdown()

        def show_no_matches() -> None:
            if search_value:
                self.query_one(CommandList).add_option(Option(
                    Align.center(Text(t("palette_no_matches"), style="not bold")),
                    disabled=True, id=self._NO_MATCHES))
                self._list_visible = True
            else:
                self._list_visible = False  # discovery mode: an empty list is not news

        self._no_matches_timer = self.set_timer(self._NO_MATCHES_COUNTDOWN, show_no_matches)
