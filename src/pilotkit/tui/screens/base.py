"""What every pilotkit screen shares: its key hints in the user's language."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, ClassVar, TypeVar

from textual.screen import Screen

from pilotkit.tui.i18n import localize_bindings

if TYPE_CHECKING:
    from pilotkit.tui.app import PilotkitApp

ResultT = TypeVar("ResultT")


class PilotkitScreen(Screen[ResultT]):
    """A screen whose binding descriptions are message keys, translated on creation."""

    app: PilotkitApp
    FOOTER_HIDES: ClassVar[frozenset[str]] = frozenset()
    """App keys this screen's footer leaves out to make room (they stay in the help)."""
    HELP_TOPIC: ClassVar[str] = "visit"
    """Which help page `?` opens here: "visit" (the evaluator's keys) or "compare"."""

    def __init__(self) -> None:
        super().__init__()
        localize_bindings(self)

    def confirm_leave(self, proceed: Callable[[], object], stay: Callable[[], object],
                      quitting: bool = False) -> None:
        """Call `proceed` once this screen may close (quitting asks every screen), else `stay`.

        A screen holding something not yet saved overrides this to wait or ask.
        """
        proceed()
