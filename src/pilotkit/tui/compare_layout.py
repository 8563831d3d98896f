"""How a comparison is laid out: the cells' texts, the change bars, the column widths, and
what the comparison screen hands the screens that drill into it (`Shown`)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from rich.text import Text

from pilotkit.core.compare import (
    SMALL_N,
    Adjusted,
    Cell,
    Change,
    Filters,
)
from pilotkit.core.formatting import number, signed
from pilotkit.tui.widgets.principle_bars import score_style

if TYPE_CHECKING:
    pass

from collections.abc import Mapping

INTERVAL_SPAN = 50.0  # the change bars run from −50 to +50 points
BAR_WIDTH = 21
NAME_MIN = 14
"""The library column never gets narrower than this: a longer name wraps onto a second line."""
NAME_MAX = 40
SCROLLBAR = 2
AdjustChoice = Literal["holm", "bh"] | None


def interval_bar(low: float | None, high: float | None, delta: float) -> str:
    """`   ├───●──┤ │` on a −50..+50 scale, the zero line marked; ● is the change."""
    cells = [" "] * BAR_WIDTH
    def pos(v: float) -> int:
        clipped = max(-INTERVAL_SPAN, min(INTERVAL_SPAN, v))
        return round((clipped + INTERVAL_SPAN) / (2 * INTERVAL_SPAN) * (BAR_WIDTH - 1))
    if low is not None and high is not None:
        for i in range(pos(low), pos(high) + 1):
            cells[i] = "─"
        cells[pos(low)], cells[pos(high)] = "├", "┤"
    zero = pos(0.0)
    if cells[zero] == " ":
        cells[zero] = "│"
    cells[pos(delta)] = "●"
    return "".join(cells)


def short_names(names: Sequence[str], length: int = 3) -> list[str]:
    """The first `length` letters of each name, longer where two would read the same."""
    out = [n[:length] for n in names]
    k = length
    longest = max((len(n) for n in names), default=0)
    while len(set(out)) < len(out) and k < longest:
        k += 1
        repeated = {s for s in out if out.count(s) > 1}
        out = [n[:k] if o in repeated else o for n, o in zip(names, out, strict=True)]
    return out


def level_text(cell: Cell | None, lang: str, with_n: bool) -> Text:
    if cell is None:
        return Text("–", style="dim", justify="right")
    if cell.too_few:
        return Text(f"? n{cell.n}" if with_n else "?", style="dim", justify="right")
    small = "*" if cell.n < SMALL_N else ""
    text = number(cell.mean, lang) + small + (f" n{cell.n}" if with_n else "")
    return Text(text, style=score_style(cell.mean), justify="right")


def change_mark(change: Change, flag: Adjusted | None) -> str:
    """▲/▼ clear (after adjustment, when adjusting); △/▽ clear only before adjustment."""
    up = change.delta > 0
    if flag is None:
        return ("▲" if up else "▼") if change.clear else ""
    if flag.clear_adjusted:
        return "▲" if up else "▼"
    return ("△" if up else "▽") if change.clear else ""


def change_is_unknown(change: Change) -> bool:
    """No interval (fewer than two visits in a round) or one wider than the scale."""
    return change.ci_low is None or change.ci_high is None or change.too_few


def change_cell(change: Change | None, lang: str, flag: Adjusted | None, with_n: bool) -> Text:
    if change is None:
        return Text("–", style="dim", justify="right")
    counts = f" n{change.n_from}/{change.n_to}" if with_n else ""
    if change_is_unknown(change):
        return Text("?" + counts, style="dim", justify="right")
    mark = change_mark(change, flag)
    style = ""
    if mark in ("▲", "▼"):
        style = "bold green" if change.delta > 0 else "bold red"
    return Text(f"{mark}{signed(change.delta, lang)}{counts}", style=style, justify="right")


@dataclass(frozen=True)
class Layout:
    """Column widths for the matrix at the screen's width."""

    name_width: int
    cell_width: int
    with_n: bool
    full_headers: bool


def plan_layout(width: int, names: Sequence[str], headers: Sequence[str],
                shorts: Sequence[str], change: bool) -> Layout:
    """Everything in view at `width`: more detail (n, full headings) only where it fits."""
    longest_name = min(max((len(n) for n in names), default=NAME_MIN), NAME_MAX)
    base = 6                           # "▲+43,5" / "100,0*"
    with_n = 6 if change else 4        # " n18/27" / " n18"
    for show_n, full in ((True, True), (True, False), (False, True), (False, False)):
        cell = base + (with_n if show_n else 0)
        heads = headers if full else shorts
        columns = sum(max(cell, len(h)) + 1 for h in heads)
        if max(longest_name, NAME_MIN) + columns + SCROLLBAR <= width:
            return Layout(max(longest_name, NAME_MIN), cell, show_n, full)
    cell = base
    columns = sum(max(cell, len(h)) + 1 for h in shorts)
    return Layout(max(NAME_MIN, width - columns - SCROLLBAR), cell, False, False)




@dataclass(frozen=True)
class Shown:
    """What the comparison screen shows, handed to the screens that drill into it (they ask
    this, never the comparison screen itself)."""

    filters: Filters
    rounds: tuple[str, str] | None
    """The round pair of the change view, or None for one round's levels."""
    round_labels: Mapping[str, str]
    library_names: Mapping[str, str]
    principle_names: Mapping[str, str]
    narrowed: tuple[str, ...] = ()
    """What the comparison's visits are narrowed to, in its words (nothing for all)."""

    def round_label(self, round_id: str) -> str:
        return self.round_labels.get(round_id, round_id)

    def library_name(self, group: str) -> str:
        return self.library_names.get(group) or group

    def principle_name(self, principle: str) -> str:
        return self.principle_names.get(principle, principle)
