"""Cells and changes (contract §3) from the visit scores the store keeps.

Comparisons read `visit_scores`, never the answers: a visit's principle
scores were computed with the scenario it was filled with when it last
changed, so rounds filled with different scenario versions still compare at
the principle level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Literal

from pilotkit.core.entities import COUNTED_STATUSES, OVERALL
from pilotkit.core.stats import Moments, cell_from_moments, change_from_moments
from pilotkit.core.store import Store

GroupBy = Literal["library", "scenario", "channel"]
SMALL_N = 3
"""Cells and changes resting on fewer visits than this are flagged as small samples."""
GROUP_COLUMNS: dict[str, str] = {
    "library": "v.library_id", "scenario": "v.scenario_id", "channel": "v.channel",
}
"""Grouping columns, named by the alias `v`: `visits`, or `visit_scores`, which keeps copies."""


@dataclass(frozen=True, slots=True)
class Cell:
    group: str
    round: str
    principle: str
    n: int
    mean: float
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True, slots=True)
class Change:
    group: str
    principle: str
    n_from: int
    n_to: int
    mean_from: float
    mean_to: float
    delta: float
    ci_low: float | None
    ci_high: float | None
    clear: bool


@dataclass(frozen=True)
class Filters:
    """Which visits count; empty tuples mean no restriction."""

    rounds: tuple[str, ...] = ()
    libraries: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    approved_only: bool = False


def _where(store: Store, filters: Filters) -> tuple[str, list[str]]:
    statuses = ("approved",) if filters.approved_only else COUNTED_STATUSES
    clauses = [f"v.status IN ({', '.join('?' * len(statuses))})"]
    params: list[str] = list(statuses)
    libraries = store.library_ids(filters.libraries)  # ISILs in any case, as stored
    for column, values in (("v.round_id", filters.rounds), ("v.library_id", libraries),
                           ("v.scenario_id", filters.scenarios), ("v.channel", filters.channels)):
        if values:
            clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
            params.extend(values)
    return " AND ".join(clauses), params


def _principle_order(store: Store) -> dict[str, int]:
    order = {p: i for i, p in enumerate(store.principle_ids)}
    order[OVERALL] = len(order) + 1
    return order


def principles_in_order(framework_ids: Sequence[str], present: Iterable[str]) -> list[str]:
    """The principles among `present`: the framework's order, then unknown ones sorted, overall last."""
    present = set(present)
    ordered = [p for p in framework_ids if p in present]
    extra = sorted(present - set(framework_ids) - {OVERALL})
    return [*ordered, *extra, *([OVERALL] if OVERALL in present else [])]


def round_order(store: Store) -> dict[str, int]:
    return {r.id: i for i, r in enumerate(store.rounds())}


def moments_by(store: Store, by: GroupBy, filters: Filters
               ) -> dict[tuple[str, str, str], Moments]:
    """(group, round, principle) → n, mean and sample variance of the counted visits' scores.

    One scan of `visit_scores`, which carries each visit's grouping columns,
    aggregated inside SQLite. The variance comes from squared deviations from
    the cell's midpoint of the score range, which keeps cancellation
    negligible for scores in [0, 100]; a cell whose scores are all equal gets
    a variance of exactly 0.
    """
    where, params = _where(store, filters)
    sql = (f"SELECT {GROUP_COLUMNS[by]}, v.round_id, v.principle, count(*), avg(v.score),"
           f" min(v.score), max(v.score), sum((v.score - 50.0) * (v.score - 50.0))"
           f" FROM visit_scores v WHERE {where} AND v.score IS NOT NULL"
           f" GROUP BY 1, 2, 3")
    out: dict[tuple[str, str, str], Moments] = {}
    with store.reading() as conn:
        for group, round_id, principle, n, mean, low, high, squares in conn.execute(sql, params):
            if low == high or n < 2:
                out[(group, round_id, principle)] = Moments(n, float(low), 0.0)
            else:
                var = (squares - n * (mean - 50.0) ** 2) / (n - 1)
                out[(group, round_id, principle)] = Moments(n, mean, max(var, 0.0))
    return out


def compare_cells(store: Store, by: GroupBy = "library",
                  filters: Filters = Filters()) -> tuple[list[str], list[Cell]]:
    """The rounds compared (in round order) and one cell per group × round × principle."""
    grouped = moments_by(store, by, filters)
    rounds_seen = {key[1] for key in grouped}
    order = round_order(store)
    rounds = sorted(rounds_seen, key=lambda r: (order.get(r, len(order)), r))
    principle_rank = _principle_order(store)
    cells = []
    for (group, round_id, principle), sample in grouped.items():
        stats = cell_from_moments(sample)
        assert stats.mean is not None  # every key has at least one visit
        cells.append(Cell(group, round_id, principle, stats.n, stats.mean,
                          stats.ci_low, stats.ci_high))
    cells.sort(key=lambda c: (c.group, rounds.index(c.round),
                              principle_rank.get(c.principle, len(principle_rank)), c.principle))
    return rounds, cells


def compare_change(store: Store, from_round: str, to_round: str, by: GroupBy = "library",
                   filters: Filters = Filters()) -> list[Change]:
    """Changes for every group × principle with visits in both rounds."""
    both = Filters(rounds=(from_round, to_round), libraries=filters.libraries,
                   scenarios=filters.scenarios, channels=filters.channels,
                   approved_only=filters.approved_only)
    grouped = moments_by(store, by, both)
    principle_rank = _principle_order(store)
    changes = []
    pairs = {(group, principle) for group, _, principle in grouped}
    for group, principle in pairs:
        before = grouped.get((group, from_round, principle))
        after = grouped.get((group, to_round, principle))
        if not before or not after:
            continue
        stats = change_from_moments(before, after)
        changes.append(Change(group, principle, stats.n_from, stats.n_to, stats.mean_from,
                              stats.mean_to, stats.delta, stats.ci_low, stats.ci_high,
                              stats.clear))
    changes.sort(key=lambda c: (c.group, principle_rank.get(c.principle, len(principle_rank)),
                                c.principle))
    return changes


def check_rounds(store: Store, rounds: Sequence[str]) -> list[str]:
    """Round ids that the database does not have."""
    known = {r.id for r in store.rounds()}
    return [r for r in rounds if r not in known]


@dataclass(frozen=True, slots=True)
class CellVisit:
    visit_id: str
    scenario: str
    evaluator: str
    visited_at: str
    status: str
    score: float


def cell_visits(store: Store, by: GroupBy, group: str, round_id: str, principle: str,
                filters: Filters = Filters()) -> list[CellVisit]:
    """The visits behind one cell, lowest score first."""
    where, params = _where(store, filters)
    sql = (f"SELECT v.id, v.scenario_id, v.evaluator, v.visited_at, v.status, s.score"
           f" FROM visit_scores s JOIN visits v ON v.id = s.visit_id"
           f" WHERE {where} AND {GROUP_COLUMNS[by]} = ? AND v.round_id = ? AND s.principle = ?"
           f" AND s.score IS NOT NULL ORDER BY s.score, v.visited_utc")
    with store.reading() as conn:
        rows = conn.execute(sql, [*params, group, round_id, principle]).fetchall()
    return [CellVisit(*row) for row in rows]


@dataclass(frozen=True, slots=True)
class ItemChange:
    scenario: str
    item: str
    text: str
    n_from: int
    n_to: int
    mean_from: float
    mean_to: float

    @property
    def delta(self) -> float:
        return self.mean_to - self.mean_from


@dataclass(frozen=True)
class ItemComparison:
    items: list[ItemChange]
    left_out: int
    """Items mapped to the principle that exist in only one round's scenario versions."""


def item_changes(store: Store, by: GroupBy, group: str, from_round: str, to_round: str,
                 principle: str, lang: str, filters: Filters = Filters()) -> ItemComparison:
    """Which checklist items moved between two rounds, for one group and principle.

    Scores are item scores × 100 of the counted, shown answers of items that
    map to the principle (all scored items for "overall"). Only items whose id
    exists in the scenario versions of both rounds are compared.
    """
    from pilotkit.core.answers import visible_item_ids
    from pilotkit.core.scoring import item_score

    where, params = _where(store, filters)
    sql = (f"SELECT v.id, v.round_id, v.scenario_sha256, a.item_id, a.value"
           f" FROM visits v JOIN answers a ON a.visit_id = v.id"
           f" WHERE {where} AND {GROUP_COLUMNS[by]} = ? AND v.round_id IN (?, ?)"
           f" AND a.value IS NOT NULL ORDER BY v.id")
    with store.reading() as conn:
        rows = conn.execute(sql, [*params, group, from_round, to_round]).fetchall()
    by_visit: dict[str, tuple[str, str, dict[str, object]]] = {}
    for visit_id, round_id, sha256, item_id, value in rows:
        by_visit.setdefault(visit_id, (round_id, sha256, {}))[2][item_id] = value
    scores: dict[tuple[str, str, str], list[float]] = defaultdict(list)
    versions: dict[tuple[str, str], set[str]] = defaultdict(set)
    texts: dict[tuple[str, str], str] = {}
    for round_id, sha256, answers in by_visit.values():
        scenario = store.stored_scenario(sha256)
        versions[(round_id, scenario.id)] |= {i.id for i in scenario.items()}
        shown = visible_item_ids(scenario, answers)  # type: ignore[arg-type]
        for item in scenario.items():
            if item.id not in shown or not item.principles:
                continue
            if principle != OVERALL and principle not in item.principles:
                continue
            score = item_score(item, answers.get(item.id))  # type: ignore[arg-type]
            if score is not None:
                scores[(round_id, scenario.id, item.id)].append(100.0 * score)
                texts[(scenario.id, item.id)] = item.text.get(lang)
    keys = {(s, i) for (_, s, i) in scores}
    changes, left_out = [], 0
    for scenario_id, item_id in sorted(keys):
        in_both = (item_id in versions.get((from_round, scenario_id), set())
                   and item_id in versions.get((to_round, scenario_id), set()))
        before = scores.get((from_round, scenario_id, item_id), [])
        after = scores.get((to_round, scenario_id, item_id), [])
        if not in_both:
            left_out += 1
            continue
        if before and after:
            changes.append(ItemChange(scenario_id, item_id, texts[(scenario_id, item_id)],
                                      len(before), len(after), sum(before) / len(before),
                                      sum(after) / len(after)))
    changes.sort(key=lambda c: c.delta)
    return ItemComparison(changes, left_out)
