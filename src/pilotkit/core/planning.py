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
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

from pilotkit.core.compare import moments_by, principles_in_order
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
