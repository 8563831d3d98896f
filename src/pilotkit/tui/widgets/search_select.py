"""A Select that finds an option as soon as the user types, without opening it first."""

from __future__ import annotations

from typing import TypeVar

from textual import events
from textual.widgets import Select
from textual.widgets._select import SelectOverlay

T = TypeVar("T")

KEYS_LEFT_ALONE = frozenset(" ?")
"""Space opens the list (Textual's own key) and ? opens the help, as everywhere else."""


class SearchSelect(Select[T]):
    """Textual's Select searches by typing only once its list is open; an evaluator
    who sees the library field and types "Es" expects Espoo to come up."""

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
