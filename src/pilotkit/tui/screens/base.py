"""What every pilotkit screen shares: its key hints in the user's language."""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeVar

from textual.screen import Screen

from pilotkit.tui.i18n import localize_bindings

if TYPE_CHECKING:
    from pilotkit.tui.app import PilotkitApp

ResultT = TypeVar("ResultT")


class PilotkitScreen(Screen[ResultT]):
    """A screen whose binding descriptions are message keys, translated on creation."""

    app: PilotkitApp

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)
