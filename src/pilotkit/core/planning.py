"""Planning a round: how many visits can show a change (`plan mde`), from a spread seen or given.

The spread that matters for a library's before/after change is the spread
of visit scores *within* a library and round; the differences between
libraries do not enter a library's own comparison. So the spread observed
in a round is the pooled within-library standard deviation,
√(Σ (nᵢ − 1)·sᵢ² / Σ (nᵢ − 1)), over the libraries with at least two
counted visits there.
"""

from __future__ import annotations

import math
import statistics
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from pilotkit.core.compare import moments_by, principles_in_order
from pilotkit.core.entities import OVERALL
from pilotkit.core.filters import Filters
from pilotkit.core.visit_service import VisitService


def observed_spread(store: VisitService, round_id: str) -> dict[str, float]:
    """principle → pooled within-library sd of the counted scores in `round_id`."""
    squares: dict[str, float] = defaultdict(float)
    freedom: dict[str, int] = defaultdict(int)
    for (_, _, principle), cell in moments_by(store, "library",
                                               Filters(rounds=(round_id,))).items():
        if cell.n >= 2:
            squares[principle] += (cell.n - 1) * cell.var
            freedom[principle] += cell.n - 1
    order = principles_in_order(store.principle_ids, freedom)
    return {p: math.sqrt(squares[p] / freedom[p]) for p in order}


def mde_rows(spreads: dict[str | None, float], visits: Sequence[int] = (),
             detect: float | None = None, alpha: float = 0.05, power: float = 0.8
             ) -> list[dict[str, Any]]:
    """Contract §8's rows: per principle (None: the sd given) and number of visits, the MDE;
    with `detect`, the visits needed per library and round (None where out of reach)."""
    from pilotkit.core.power import mde, visits_needed

    rows: list[dict[str, Any]] = []
    for principle, sd in spreads.items():
        if detect is None:
            rows += [{"principle": principle, "sd": sd, "visits": n,
                      "mde": mde(sd, n, alpha, power)} for n in visits]
        else:
            needed = visits_needed(detect, sd, alpha, power)
            rows.append({"principle": principle, "sd": sd,
                         "visits": None if needed is None else needed.visits,
                         "mde": None if needed is None else needed.mde})
    return rows


@dataclass(frozen=True)
class AchievedMde:
    """The change a round pair could detect in a typical library, at the visits it got."""

    mde: float
    """Median over the libraries of the smallest change detected with 80 % power (5 % level)."""
    visits_before: int
    visits_after: int
    """Median visits per library in each round."""
    libraries: int


def achieved_mde(store: VisitService, filters: Filters, first: str, last: str,
                 principle: str = OVERALL) -> AchievedMde | None:
    """What the comparison help says: the MDE at the achieved n and spreads, library by
    library (each with its own visits and spreads in both rounds), as its median; None
    when no library has two counted visits in both rounds."""
    from pilotkit.core.power import mde

    cells = moments_by(store, "library", filters)
    libraries = {group for (group, _, p) in cells if p == principle}
    found = []
    for library in libraries:
        before, after = cells.get((library, first, principle)), cells.get((library, last,
                                                                           principle))
        if before is None or after is None or before.n < 2 or after.n < 2:
            continue
        found.append((mde(math.sqrt(before.var), before.n, 0.05, 0.8, math.sqrt(after.var),
                          after.n), before.n, after.n))
    if not found:
        return None
    return AchievedMde(statistics.median(v for v, _, _ in found),
                       round(statistics.median(b for _, b, _ in found)),
                       round(statistics.median(a for _, _, a in found)), len(found))
