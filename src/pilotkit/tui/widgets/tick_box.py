"""A checkbox whose mark says ticked or not in characters, not by colour alone."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Checkbox


class TickBox(Checkbox):
    """Textual's checkbox always shows `X` and tells its state by colour; this one shows ✓
    when ticked and an empty box when not, so a monochrome terminal or a screen reader's
    text says it too."""

    @property
    def _button(self) -> Content:
        self.BUTTON_INNER = "✓" if self.value else " "
        return super()._button
