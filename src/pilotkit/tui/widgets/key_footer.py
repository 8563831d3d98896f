"""Textual's footer, rebuilt at most once per refresh and in the user's language."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Footer
from textual.widgets._footer import FooterKey

from pilotkit.tui.i18n import t

TEXTUAL_KEY_LABELS = {"Dismiss menu": "k_close_menu"}
"""Labels of keys that Textual's own widgets show (here, an open Select), as message keys."""


class KeyFooter(Footer):
    """The stock footer rebuilds every key on each bindings change.

    A screen that mounts, takes focus and fills its lists fires several such
    changes before it first settles, and each rebuild restyles every key; the
    later ones change nothing the pending rebuild will not already show, and
    most change nothing the footer shows at all (a focus moving between
    widgets with the same keys): those are skipped.
    """

    _rebuild_pending = False
    _shown: tuple[object, ...] | None = None
    """The keys as last built: a rebuild to the same keys is skipped (2 ms each, five times
    on the way to the start screen's first paint)."""

    def __init__(self) -> None:
        # compact: at 80 columns the visit screen's keys and help fit only without padding
        super().__init__(compact=True)

    def bindings_changed(self, screen: Screen[object]) -> None:
        if self._rebuild_pending:
            return  # the rebuild already scheduled reads the bindings as they are then
        super().bindings_changed(screen)
        self._rebuild_pending = bool(screen.app.app_focus and self.is_attached
                                     and screen is self.screen)

    async def recompose(self) -> None:
        self._rebuild_pending = False
        if self._keys_shown() != self._shown:
            await super().recompose()

    def _keys_shown(self) -> tuple[object, ...]:
        """What `compose` builds the keys from: the screen's shown bindings, enabled or not."""
        if not self._bindings_ready or not self.is_attached:
            return ()
        return tuple((key, binding.action, binding.description, binding.group, enabled, tooltip)
                     for key, (_, binding, enabled, tooltip)
                     in self.screen.active_bindings.items()
                     if binding.show or key == self.app.COMMAND_PALETTE_BINDING)

    def compose(self) -> ComposeResult:
        self._shown = self._keys_shown()
        hidden: frozenset[str] = getattr(self.screen, "FOOTER_HIDES", frozenset())
        for widget in super().compose():
            if isinstance(widget, FooterKey):
                if widget.key in hidden:
                    continue
                if widget.description in TEXTUAL_KEY_LABELS:
                    widget.description = t(TEXTUAL_KEY_LABELS[widget.description])
            yield widget
