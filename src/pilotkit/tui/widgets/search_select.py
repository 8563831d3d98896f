"""A Select that finds an option as soon as the user types, without opening it first."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, Self, TypeVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.widgets import Select
from textual.widgets._option_list import OptionListContent
from textual.widgets._select import SelectCurrent, SelectOverlay

T = TypeVar("T")

KEYS_LEFT_ALONE = frozenset(" ?")
"""Space opens the list (Textual's own key) and ? opens the help, as everywhere else."""


class SearchSelect(Select[T]):
    """Textual's Select searches by typing only once its list is open; an evaluator
    who sees the library field and types "Es" expects Espoo to come up."""

    def __init__(self, *args: Any, divided: bool = False, **kwargs: Any) -> None:
        """`divided`: a line between options, for options that wrap over several lines
        and would otherwise read as one."""
        super().__init__(*args, **kwargs)
        self._divided = divided

    def compose(self) -> ComposeResult:
        # Textual's own, with a list whose search passes over the prompt line
        yield SelectCurrent(self.prompt)
        yield _OptionsOverlay(type_to_search=self._type_to_search,
                              prompt_first=self._allow_blank,
                              divided=self._divided).data_bind(compact=Select.compact)

    async def _on_key(self, event: events.Key) -> None:
        character = event.character
        # has_focus, not expanded: keys typed fast still reach the Select itself after its
        # list has opened, until the list's own focus (queued by focus()) takes effect
        if (not self.has_focus or character is None or not event.is_printable
                or character in KEYS_LEFT_ALONE):
            return
        event.stop()
        event.prevent_default()
        if not self.expanded:
            self.action_show_overlay()
        # the open list does the searching; queued after its focus, which empties its query
        self.app.call_later(self.query_one(SelectOverlay).post_message,
                            events.Key(event.key, character))


class _OptionsOverlay(SelectOverlay):
    """The open list, searched by typing; its blank first line ("Valitse") is not an option.

    Textual's search finds the earliest substring match and takes the first line on
    a tie, so "Va" stopped at "Valitse" instead of going on to Vantaa.
    """

    def __init__(self, type_to_search: bool, prompt_first: bool, divided: bool) -> None:
        self._divided = divided  # before OptionList's own __init__ adds options
        super().__init__(type_to_search=type_to_search)
        self._first_searched = 1 if prompt_first else 0

    def add_options(self, new_options: Iterable[OptionListContent]) -> Self:
        if self._divided:
            # None is OptionList's divider; it takes no index, so the Select's values still
            # match the options one to one
            new_options = [item for option in new_options for item in (None, option)][1:]
        return super().add_options(new_options)

    def _find_search_match(self, query: str) -> int | None:
        query = query.lower()
        best: int | None = None
        best_at = 0
        for index in range(self._first_searched, self.option_count):
            prompt = self.get_option_at_index(index).prompt
            text = prompt.plain if isinstance(prompt, Text) else str(prompt)
            at = text.lower().find(query)
            if at != -1 and (best is None or at < best_at):
                best, best_at = index, at
        return best
