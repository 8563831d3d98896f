"""The arrow keys move between items even when the item panel has more than fits."""

from __future__ import annotations

from textual.containers import VerticalScroll
from textual.widgets import Static

from pilotkit.tui.app import PilotkitApp
from tests.tui.test_flow import settle, start_visit


async def test_down_moves_to_the_next_item_when_the_panel_scrolls(app: PilotkitApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        visit = await start_visit(pilot)
        await settle(pilot)
        assert visit.current == "greeted"
        # a long text (a long question, help or message) makes the panel scroll, and focused
        visit.query_one("#help", Static).update("\n".join(f"line {n}" for n in range(60)))
        panel = visit.query_one("#item-panel", VerticalScroll)
        panel.focus()
        await pilot.pause()
        assert panel.max_scroll_y > 0
        await pilot.press("down")
        await pilot.pause()
        assert visit.current == "wait_minutes"
        await pilot.press("up")
        await pilot.pause()
        assert visit.current == "greeted"
