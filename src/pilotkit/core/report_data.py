"""What a pilot report says, as numbers: gathered once from the comparison, then rendered.

The report compares two rounds (or shows one): every principle and overall,
all libraries pooled and per library, with the same intervals and changes as
`compare` (the pooled figures are the same statistics over the pooled
visits). Small cells are suppressed here (`suppression.py`), so no renderer
can print what must not be printed. Free text (notes, comments, text
answers) and evaluator codes are never read.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from pilotkit.core.compare import moments_by, principles_in_order, scenario_mix
from pilotkit.core.entities import OVERALL, Library, Round
from pilotkit.core.filters import Filters
from pilotkit.core.stats import (
    CellStats,
    ChangeStats,
    Moments,
    cell_from_moments,
    change_from_moments,
)
from pilotkit.core.suppression import suppress
from pilotkit.core.visit_service import VisitService

POWER = 0.8
"""The minimum detectable difference is the true change found four times out of five."""
WEAKEST_SHOWN = 3
MOVED_SHOWN = 5


@dataclass(frozen=True, slots=True)
class Result:
    """One principle of one group (a library, or all of them pooled)."""

    principle: str
    before: CellStats | None
    after: CellStats | None
    change: ChangeStats | None
    suppressed: bool = False
    """Too few visits in a cell, or hidden so that a total cannot reveal such a cell."""
    protects: bool = False
    """Left out only so that the totals cannot give a small cell away."""


@dataclass(frozen=True, slots=True)
class WeakItem:
    scenario: str
    text: str
    n: int
    mean: float


@dataclass(frozen=True, slots=True)
class MovedItem:
    text: str
    n_from: int
    n_to: int
    before: float
    after: float


@dataclass(frozen=True, slots=True)
class ScenarioUsed:
    id: str
    version: int
    sha256: str
    title: str


@dataclass
class ReportData:
    rounds: list[Round]
    """The baseline and the round after the pilot; one round for a status report."""
    libraries: list[Library]
    principles: list[str]
    pooled: list[Result]
    by_library: dict[str, list[Result]]
    visits: dict[tuple[str, str], int]
    """(library, round) → visits counted."""
    evaluators: int
    scenarios: list[ScenarioUsed]
    statuses: tuple[str, ...]
    min_cell: int
    suppressed: int
    """Per-library rows left out: too small, or hiding a small one from the totals."""
    mixed: list[str] = field(default_factory=list)
    """Libraries whose counted visits came from different scenarios in the two rounds."""
    mde: dict[str, float | None] = field(default_factory=dict)
    """Principle → the smallest true change the achieved (pooled) visits would detect."""
    weakest: dict[str, list[WeakItem]] = field(default_factory=dict)
    """Library → its lowest-scoring items in the last round (never a person)."""
    moved: list[MovedItem] = field(default_factory=list)
    """The items whose score over all libraries moved most between the rounds."""
    filters: Filters = field(default_factory=Filters)
    """What the visits counted were narrowed to (the report says so, near its top)."""

    @property
    def change(self) -> bool:
        return len(self.rounds) == 2


def pooled(parts: Sequence[Moments]) -> Moments | None:
    """The moments of the union of samples: the same mean and variance as the pooled values."""
    n = sum(p.n for p in parts)
    if n == 0:
        return None
    mean = sum(p.n * p.mean for p in parts) / n
    if n < 2:
        return Moments(n, mean, 0.0)
    squares = sum((p.n - 1) * p.var + p.n * (p.mean - mean) ** 2 for p in parts)
    return Moments(n, mean, max(squares / (n - 1), 0.0))


def minimum_detectable(before: Moments | None, after: Moments | None,
                       alpha: float = 0.05, power: float = POWER) -> float | None:
    """The true change detected with `power` by a two-sided Welch test at these n and spreads.

    Exact (`power.mde`: the noncentral t through its square); None with fewer
    than two visits on a side.
    """
    from pilotkit.core.power import mde

    if before is None or after is None or before.n < 2 or after.n < 2:
        return None
    return mde(math.sqrt(before.var), before.n, alpha, power, math.sqrt(after.var), after.n)


def _result(principle: str, before: Moments | None, after: Moments | None) -> Result:
    change = change_from_moments(before, after) if before and after else None
    return Result(principle,
                  cell_from_moments(before) if before else None,
                  cell_from_moments(after) if after else None, change)


def gather(store: VisitService, rounds: Sequence[str], filters: Filters, lang: str,
           min_cell: int = 3) -> ReportData:
    """Everything the report shows for `rounds` (baseline first), within `filters`."""
    chosen = replace(filters, rounds=tuple(rounds))
    cells = moments_by(store, "library", chosen)
    known_rounds = {r.id: r for r in store.rounds()}
    names = {lib.id: lib for lib in store.libraries()}
    library_ids = sorted({group for group, _, _ in cells})
    principles = principles_in_order(store.principle_ids, {p for _, _, p in cells})
    first, last = rounds[0], rounds[-1]

    def side(library: str, round_id: str, principle: str) -> Moments | None:
        return cells.get((library, round_id, principle))

    hidden = suppress({key: m.n for key, m in cells.items()}, min_cell)
    by_library: dict[str, list[Result]] = {}
    for library in library_ids:
        rows = []
        for principle in principles:
            result = _result(principle, side(library, first, principle),
                             side(library, last, principle) if len(rounds) == 2 else None)
            if (library, principle) in hidden.rows:
                result = Result(principle, None, None, None, suppressed=True,
                                protects=(library, principle) in hidden.secondary)
            rows.append(result)
        by_library[library] = rows

    pooled_rows: list[Result] = []
    mde: dict[str, float | None] = {}
    for principle in principles:
        before = pooled([m for (_, r, p), m in cells.items() if r == first and p == principle])
        after = (pooled([m for (_, r, p), m in cells.items() if r == last and p == principle])
                 if len(rounds) == 2 else None)
        if principle in hidden.totals:
            pooled_rows.append(Result(principle, None, None, None, suppressed=True))
            mde[principle] = None
            continue
        pooled_rows.append(_result(principle, before, after))
        mde[principle] = minimum_detectable(before, after) if len(rounds) == 2 else None

    used = _scenarios(store, chosen, lang)
    found = _item_scores(store, chosen, used, lang)
    mix = scenario_mix(store, "library", chosen) if len(rounds) == 2 else {}
    mixed = [lib for lib in library_ids
             if (lib, first) in mix and (lib, last) in mix and mix[(lib, first)] != mix[(lib, last)]]
    return ReportData(
        rounds=[known_rounds.get(r, Round(r)) for r in rounds],
        libraries=[names.get(lib, Library(lib, lib)) for lib in library_ids],
        principles=principles,
        pooled=pooled_rows,
        by_library=by_library,
        visits={(lib, r): m.n for (lib, r, p), m in cells.items() if p == OVERALL},
        evaluators=_evaluators(store, chosen),
        scenarios=used,
        statuses=chosen.visit_statuses(counted=True) or (),
        min_cell=min_cell,
        suppressed=len(hidden.rows),
        mixed=mixed,
        mde=mde,
        weakest=_weakest(found, last, min_cell),
        moved=_moved(found, first, last, min_cell) if len(rounds) == 2 else [],
        filters=chosen,
    )


def _evaluators(store: VisitService, filters: Filters) -> int:
    """How many evaluators made the visits counted: a count, never their codes."""
    where, params = filters.where(counted=True, alias="s", id_column=None)
    with store.reading() as conn:
        row = conn.execute(f"SELECT count(DISTINCT s.evaluator) FROM evaluator_visits s"
                           f" WHERE {where}", params).fetchone()
    return int(row[0])


def _scenarios(store: VisitService, filters: Filters, lang: str) -> list[ScenarioUsed]:
    """The scenario versions of the counted, scored visits (`item_sums` has exactly those)."""
    where, params = filters.where(counted=True, alias="s", id_column=None)
    with store.reading() as conn:
        rows = conn.execute(f"SELECT DISTINCT s.scenario_sha256 FROM item_sums s WHERE {where}",
                            params).fetchall()
    used = []
    for (sha256,) in rows:
        scenario = store.stored_scenario(sha256)
        used.append(ScenarioUsed(scenario.id, scenario.version, sha256,
                                 scenario.title.get(lang)))
    return sorted(used, key=lambda s: (s.id, s.version, s.sha256))


@dataclass
class ItemScores:
    """Item scores × 100 summed and counted per (round, library, scenario, item)."""

    sums: dict[tuple[str, str, str, str], float]
    counts: dict[tuple[str, str, str, str], int]
    texts: dict[tuple[str, str], str]


def _item_scores(store: VisitService, filters: Filters, used: Sequence[ScenarioUsed],
                 lang: str) -> ItemScores:
    """The counted answers' item scores, from the running sums (`score_sums.py`): only items
    shown and mapped to a principle were scored. An item reads as in the newest version used."""
    where, params = filters.where(counted=True, alias="s", id_column=None)
    found = ItemScores(defaultdict(float), defaultdict(int), {})
    with store.reading() as conn:
        rows = conn.execute(
            "SELECT s.round_id, s.library_id, s.scenario_id, s.item_id, sum(s.n), total(s.total)"
            f" FROM item_sums s WHERE {where} GROUP BY 1, 2, 3, 4", params).fetchall()
    for round_id, library, scenario_id, item_id, n, total in rows:
        found.sums[(round_id, library, scenario_id, item_id)] = 100.0 * total
        found.counts[(round_id, library, scenario_id, item_id)] = n
    for version in sorted(used, key=lambda s: (s.id, s.version)):
        for item in store.stored_scenario(version.sha256).items():
            found.texts[(version.id, item.id)] = item.text.get(lang)
    return found


def _weakest(found: ItemScores, last: str, min_cell: int) -> dict[str, list[WeakItem]]:
    """Per library, the items with the lowest mean score in the round, from min_cell answers on."""
    weakest: dict[str, list[WeakItem]] = defaultdict(list)
    for (round_id, library, scenario_id, item_id), count in found.counts.items():
        if round_id == last and count >= min_cell:
            mean = found.sums[(round_id, library, scenario_id, item_id)] / count
            weakest[library].append(WeakItem(scenario_id, found.texts[(scenario_id, item_id)],
                                             count, mean))
    # the mean rounded far below what is shown: sums added in another order sort the same
    return {library: sorted(items, key=lambda i: (round(i.mean, 9), i.scenario, i.text)
                            )[:WEAKEST_SHOWN]
            for library, items in sorted(weakest.items())}


def _moved(found: ItemScores, first: str, last: str, min_cell: int) -> list[MovedItem]:
    """The items whose mean over all libraries moved most between the rounds."""
    sums: dict[tuple[str, str, str], float] = defaultdict(float)
    counts: dict[tuple[str, str, str], int] = defaultdict(int)
    for (round_id, library, scenario_id, item_id), count in found.counts.items():
        sums[(round_id, scenario_id, item_id)] += found.sums[
            (round_id, library, scenario_id, item_id)]
        counts[(round_id, scenario_id, item_id)] += count
    moved = []
    for (round_id, scenario_id, item_id), n_from in counts.items():
        n_to = counts.get((last, scenario_id, item_id), 0)
        if round_id != first or min(n_from, n_to) < min_cell:
            continue
        before = sums[(first, scenario_id, item_id)] / n_from
        after = sums[(last, scenario_id, item_id)] / n_to
        if abs(after - before) >= 0.05:  # a move that shows at one decimal
            moved.append(MovedItem(found.texts[(scenario_id, item_id)], n_from, n_to, before,
                                   after))
    # rounded far below what is shown: sums added in another order sort the same
    moved.sort(key=lambda m: (round(-abs(m.after - m.before), 9), m.text))
    return moved[:MOVED_SHOWN]
