"""Which visits a comparison or an export takes: one filter for both.

A comparison counts only submitted and approved visits (contract §3), an
export of answers or visits takes every status unless told otherwise
(contract §6); the same `Filters` says both, and `where(counted=...)` turns
it into SQL over a table aliased `v` (`visits`, or `visit_scores` and
`score_sums`, which keep copies of the grouping columns).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Literal

from pilotkit.core.entities import COUNTED_STATUSES, OVERALL

if TYPE_CHECKING:
    from pilotkit.core.store import Store

GroupBy = Literal["library", "scenario", "channel"]
GROUP_COLUMNS: dict[str, str] = {
    "library": "library_id", "scenario": "scenario_id", "channel": "channel",
}
"""The column each grouping reads; `visits` and `visit_scores` both have it."""
COUNTED = "counted"
"""`--status counted`: exactly the statuses a comparison counts."""


@dataclass(frozen=True)
class Filters:
    """Empty tuples mean no restriction.

    `approved_only` narrows to approved visits; `same_scenarios` keeps, per
    group, only the scenarios visited in every round compared (the rounds
    filtered, else every round with counted visits), so a change is not the
    effect of a different scenario mix.
    """

    rounds: tuple[str, ...] = ()
    libraries: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    scenarios: tuple[str, ...] = ()
    channels: tuple[str, ...] = ()
    approved_only: bool = False
    same_scenarios: bool = False

    def visit_statuses(self, counted: bool) -> tuple[str, ...] | None:
        """The statuses taken, in the order of `COUNTED_STATUSES` where counted; None for all."""
        chosen: tuple[str, ...] | None = self.statuses or None
        if counted:
            chosen = tuple(s for s in COUNTED_STATUSES if chosen is None or s in chosen)
        if self.approved_only:
            chosen = ("approved",) if chosen is None else tuple(s for s in chosen if s == "approved")
        return chosen

    def where(self, counted: bool = False, by: GroupBy = "library", alias: str = "v",
              id_column: str | None = "id") -> tuple[str, list[str]]:
        """An SQL condition and its parameters; `counted` for what a comparison counts.

        `id_column` names the visit's id in the table `alias` (`visit_id` in
        `visit_scores`); None for a table of groups with no visit id (`score_sums`).
        """
        clauses: list[str] = ["1"]
        params: list[str] = []
        statuses = self.visit_statuses(counted)
        plain = ((f"{alias}.round_id", self.rounds), (f"{alias}.library_id", self.libraries),
                 (f"{alias}.scenario_id", self.scenarios), (f"{alias}.channel", self.channels),
                 (f"{alias}.status", statuses or ()))
        if statuses == ():
            clauses.append("0")
        for column, values in plain:
            if values:
                clauses.append(f"{column} IN ({', '.join('?' * len(values))})")
                params.extend(values)
        if self.same_scenarios:
            shared, shared_params = self._shared_scenarios(by)
            pair = f"({{}}.{GROUP_COLUMNS[by]}, {{}}.scenario_id) IN ({shared})"
            if id_column is None:
                clauses.append(pair.format(alias, alias))
            else:  # by visit id: a covering index answers it, with no row of the table read
                clauses.append(f"{alias}.{id_column} IN (SELECT y.id FROM visits y"
                               f" WHERE {pair.format('y', 'y')})")
            params.extend(shared_params)
        return " AND ".join(clauses), params

    def _shared_scenarios(self, by: GroupBy) -> tuple[str, list[str]]:
        """(group, scenario) pairs with counted, scored visits in every round compared.

        Read from `score_sums`, which holds a group exactly when it has counted
        visits with an overall score, in a few rows per group rather than one a visit.
        """
        plain = Filters(self.rounds, self.libraries, self.statuses, self.scenarios,
                        self.channels, self.approved_only)
        inner, inner_params = plain.where(counted=True, alias="w", id_column=None)
        every, every_params = plain.where(counted=True, alias="x", id_column=None)
        column = GROUP_COLUMNS[by]
        sql = (f"SELECT w.{column}, w.scenario_id FROM score_sums w"
               f" WHERE {inner} AND w.principle = '{OVERALL}' GROUP BY 1, 2"
               f" HAVING count(DISTINCT w.round_id) ="
               f" (SELECT count(DISTINCT x.round_id) FROM score_sums x"
               f"  WHERE {every} AND x.principle = '{OVERALL}')")
        return sql, [*inner_params, *every_params]


def scored(alias: str) -> str:
    """SQL: the visit `alias` has a score (its overall score exists exactly when any does)."""
    return (f"EXISTS (SELECT 1 FROM visit_scores s_{alias} WHERE s_{alias}.visit_id = {alias}.id"
            f" AND s_{alias}.principle = 'overall' AND s_{alias}.score IS NOT NULL)")


NO_FILTERS = Filters()
"""Every visit (a comparison: every counted visit)."""


def parse_statuses(values: tuple[str, ...]) -> tuple[str, ...]:
    """`counted` among `--status` values stands for the statuses a comparison counts."""
    out: list[str] = []
    for value in values:
        for status in (COUNTED_STATUSES if value == COUNTED else (value,)):
            if status not in out:
                out.append(status)
    return tuple(out)


def status_counts(store: Store, filters: Filters) -> dict[str, int]:
    """How many visits of each status the filters take (what an export of visits holds)."""
    where, params = filters.where()
    with store.reading() as conn:
        return dict(conn.execute(f"SELECT v.status, count(*) FROM visits v WHERE {where}"
                                 f" GROUP BY 1 ORDER BY 1", params).fetchall())
