"""Cells and changes (contract §3) from the visit scores the store keeps.

Comparisons read the running sums of the visit scores (`score_sums.py`),
never the answers: a visit's principle scores were computed with the
scenario it was filled with when it last changed, so rounds filled with
different scenario versions still compare at the principle level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from typing import Literal

from pilotkit.core.entities import OVERALL
from pilotkit.core.filters import GROUP_COLUMNS as GROUP_COLUMNS
from pilotkit.core.filters import NO_FILTERS
from pilotkit.core.filters import Filters as Filters
from pilotkit.core.filters import GroupBy as GroupBy
from pilotkit.core.multiplicity import adjust
from pilotkit.core.score_sums import Sums
from pilotkit.core.stats import Moments, cell_from_moments, change_from_moments
from pilotkit.core.visit_service import VisitService

SMALL_N = 3
"""Cells and changes resting on fewer visits than this are flagged as small samples."""
SCALE_WIDTH = 100.0
"""Scores run from 0 to 100: an interval wider than that says nothing about the level."""
MANY_CHANGES = 5
"""From this many changes tested on, the tables say how many would look clear by chance alone."""
LEVEL = 0.05
"""Two-sided: a change is clear when its 95 % interval excludes zero (p < 0.05)."""
Adjust = Literal["holm", "bh"]


@dataclass(frozen=True, slots=True)
class Cell:
    group: str
    round: str
    principle: str
    n: int
    mean: float
    ci_low: float | None
    ci_high: float | None

    @property
    def too_few(self) -> bool:
        """The 95 % interval is wider than the whole 0–100 scale: too few visits to say."""
        return too_wide(self.ci_low, self.ci_high)


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
    mixed_scenarios: bool = False
    """The group's counted visits came from different sets of scenarios in the two rounds."""
    p_value: float | None = None
    """Welch's two-sided p-value; None when either round has fewer than two visits."""

    @property
    def too_few(self) -> bool:
        return too_wide(self.ci_low, self.ci_high)

    @property
    def small(self) -> bool:
        return min(self.n_from, self.n_to) < SMALL_N


def too_wide(low: float | None, high: float | None) -> bool:
    return low is not None and high is not None and high - low > SCALE_WIDTH


@dataclass(frozen=True, slots=True)
class Adjusted:
    """A change's p-value adjusted for the many changes shown beside it (`--adjust`)."""

    p_adjusted: float | None
    clear_adjusted: bool


def _where(store: VisitService, filters: Filters, by: GroupBy = "library",
           id_column: str | None = "id") -> tuple[str, list[str]]:
    if filters.libraries:  # ISILs in any case, as stored
        filters = replace(filters, libraries=tuple(store.library_ids(filters.libraries)))
    return filters.where(counted=True, by=by, id_column=id_column)


def _principle_order(store: VisitService) -> dict[str, int]:
    order = {p: i for i, p in enumerate(store.principle_ids)}
    order[OVERALL] = len(order) + 1
    return order


def principles_in_order(framework_ids: Sequence[str], present: Iterable[str]) -> list[str]:
    """The principles among `present`: the framework's order, then unknown ones sorted, overall last."""
    present = set(present)
    ordered = [p for p in framework_ids if p in present]
    extra = sorted(present - set(framework_ids) - {OVERALL})
    return [*ordered, *extra, *([OVERALL] if OVERALL in present else [])]


def round_order(store: VisitService) -> dict[str, int]:
    return {r.id: i for i, r in enumerate(store.rounds())}


def moments_by(store: VisitService, by: GroupBy, filters: Filters
               ) -> dict[tuple[str, str, str], Moments]:
    """(group, round, principle) → n, mean and sample variance of the counted visits' scores.

    From the running sums (`score_sums.py`): a few rows per cell, whatever the
    number of visits, combined pairwise so that the variance stays exact.
    """
    where, params = _where(store, filters, by, id_column=None)
    sql = (f"SELECT v.{GROUP_COLUMNS[by]}, v.round_id, v.principle, v.n, v.mean, v.m2, v.low,"
           f" v.high FROM score_sums v WHERE {where}")
    parts: dict[tuple[str, str, str], list[Sums]] = defaultdict(list)
    with store.reading() as conn:
        for group, round_id, principle, *row in conn.execute(sql, params):
            parts[(group, round_id, principle)].append(Sums(*row))
    pooled = {key: Sums.pooled(sums) for key, sums in parts.items()}
    return {key: Moments(s.n, s.centre, s.var) for key, s in pooled.items()}


def scenario_mix(store: VisitService, by: GroupBy, filters: Filters
                 ) -> dict[tuple[str, str], frozenset[str]]:
    """(group, round) → the ids of the scenarios of the visits counted there."""
    where, params = _where(store, filters, by, id_column=None)
    sql = (f"SELECT DISTINCT v.{GROUP_COLUMNS[by]}, v.round_id, v.scenario_id"
           f" FROM score_sums v WHERE {where} AND v.principle = '{OVERALL}'")
    mix: dict[tuple[str, str], set[str]] = defaultdict(set)
    with store.reading() as conn:
        for group, round_id, scenario in conn.execute(sql, params):
            mix[(group, round_id)].add(scenario)
    return {key: frozenset(value) for key, value in mix.items()}


def compare_cells(store: VisitService, by: GroupBy = "library",
                  filters: Filters = NO_FILTERS) -> tuple[list[str], list[Cell]]:
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


def compare_change(store: VisitService, from_round: str, to_round: str, by: GroupBy = "library",
                   filters: Filters = NO_FILTERS) -> list[Change]:
    """Changes for every group × principle with visits in both rounds."""
    both = replace(filters, rounds=(from_round, to_round))
    grouped = moments_by(store, by, both)
    mix = scenario_mix(store, by, both)
    principle_rank = _principle_order(store)
    changes = []
    pairs = {(group, principle) for group, _, principle in grouped}
    for group, principle in pairs:
        before = grouped.get((group, from_round, principle))
        after = grouped.get((group, to_round, principle))
        if not before or not after:
            continue
        stats = change_from_moments(before, after)
        mixed = mix.get((group, from_round), frozenset()) != mix.get((group, to_round),
                                                                     frozenset())
        changes.append(Change(group, principle, stats.n_from, stats.n_to, stats.mean_from,
                              stats.mean_to, stats.delta, stats.ci_low, stats.ci_high,
                              stats.clear, mixed, stats.p_value))
    changes.sort(key=lambda c: (c.group, principle_rank.get(c.principle, len(principle_rank)),
                                c.principle))
    return changes


def adjusted(changes: Sequence[Change], method: Adjust) -> list[Adjusted]:
    """Holm's or Benjamini–Hochberg's adjustment over the p-values of `changes`, in their order.

    The family is the changes given that have a p-value (both rounds with at
    least two visits); a change without one is never clear.
    """
    tested = [i for i, c in enumerate(changes) if c.p_value is not None]
    values = adjust([changes[i].p_value or 0.0 for i in tested], method)
    out = [Adjusted(None, False)] * len(changes)
    for i, p in zip(tested, values, strict=True):
        out[i] = Adjusted(p, p < LEVEL)
    return out


@dataclass(frozen=True, slots=True)
class Chance:
    """How many of the changes shown look clear, and how many would by chance alone."""

    tested: int
    clear: int

    @property
    def expected_by_chance(self) -> float:
        """If nothing had changed anywhere, 5 % of the changes tested would still look clear."""
        return self.tested * LEVEL


def chance(changes: Iterable[Change]) -> Chance:
    listed = [c for c in changes if c.p_value is not None]
    return Chance(len(listed), sum(1 for c in listed if c.clear))


@dataclass(frozen=True, slots=True)
class CellVisit:
    visit_id: str
    scenario: str
    evaluator: str
    visited_at: str
    status: str
    score: float


def cell_visits(store: VisitService, by: GroupBy, group: str, round_id: str, principle: str,
                filters: Filters = NO_FILTERS) -> list[CellVisit]:
    """The visits behind one cell, lowest score first."""
    where, params = _where(store, filters, by)
    sql = (f"SELECT v.id, v.scenario_id, v.evaluator, v.visited_at, v.status, s.score"
           f" FROM visit_scores s JOIN visits v ON v.id = s.visit_id"
           f" WHERE {where} AND v.{GROUP_COLUMNS[by]} = ? AND v.round_id = ? AND s.principle = ?"
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
    """The items whose mean moved (by at least 0.05, so by something shown), largest move first."""
    left_out: int
    """Items mapped to the principle that exist in only one round's scenario versions."""
    unchanged: int = 0
    """Items answered in both rounds whose mean did not move."""


def item_changes(store: VisitService, by: GroupBy, group: str, from_round: str, to_round: str,
                 principle: str, lang: str, filters: Filters = NO_FILTERS) -> ItemComparison:
    """Which checklist items moved between two rounds, for one group and principle.

    Scores are item scores × 100 of the counted, shown answers of items that
    map to the principle (all scored items for "overall"). Only items whose id
    exists in the scenario versions of both rounds are compared.
    """
    from pilotkit.core.answers import visible_item_ids
    from pilotkit.core.scoring import item_score

    where, params = _where(store, replace(filters, rounds=(from_round, to_round)), by)
    sql = (f"SELECT v.id, v.round_id, v.scenario_sha256, a.item_id, a.value"
           f" FROM visits v JOIN answers a ON a.visit_id = v.id"
           f" WHERE {where} AND v.{GROUP_COLUMNS[by]} = ? AND v.round_id IN (?, ?)"
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
    changes, left_out, unchanged = [], 0, 0
    for scenario_id, item_id in sorted(keys):
        in_both = (item_id in versions.get((from_round, scenario_id), set())
                   and item_id in versions.get((to_round, scenario_id), set()))
        before = scores.get((from_round, scenario_id, item_id), [])
        after = scores.get((to_round, scenario_id, item_id), [])
        if not in_both:
            left_out += 1
            continue
        if before and after:
            change = ItemChange(scenario_id, item_id, texts[(scenario_id, item_id)],
                                len(before), len(after), sum(before) / len(before),
                                sum(after) / len(after))
            if round(change.delta, 1) != 0.0:
                changes.append(change)
            else:
                unchanged += 1
    changes.sort(key=lambda c: (-abs(c.delta), c.scenario, c.item))
    return ItemComparison(changes, left_out, unchanged)
