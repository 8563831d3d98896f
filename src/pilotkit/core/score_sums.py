"""Per-group running sums of the counted visit scores, so a comparison reads cells, not visits.

One row per library × round × status × scenario × channel × principle holds
the number of counted, scored visits, their mean, the sum of squared
deviations from that mean (M2), and the lowest and highest score. A
comparison pools the rows of each of its cells (Chan, Golub and LeVeque's
pairwise identity), which never subtracts two large sums of squares, so the
variance stays exact to rounding even for scores all near 100 with one
outlier; and a cell whose scores are all equal (lowest = highest) gets a
variance of exactly 0, as the two-pass computation gives.

The rows of every group a write transaction touched (an edit, a deletion,
the group a status change takes a visit out of) are recomputed from the
group's visits' scores, two passes, just before the commit (`Store` collects
the groups): exact whatever order the edits came in, with no drift from
subtracting floats. A bulk write's new visits (staged: `record`, `demo`,
merge's new visits) are instead added to their groups' rows: their sums are
gathered batch by batch as the rows are staged (`GroupSums`) and pooled into
the stored row with the same pairwise identity, so that each of ten
evaluators' files costs its own rows, not the whole database again. A visit
a status change moves into a group is added to it the same way (`add_visits`),
so approving a round's visits costs them, not every visit approved before. No index of the scores by group is
kept (schema step 13): every new visit landed in it at a random place. An
edit's group is read through its visits instead (`visits_by_group`, then each
visit's scores by key): about 13 ms for a group of 850 visits, where the
index took 3 ms. Every path sums in Python with `GroupSums`.

`item_sums` does the same per scenario version and checklist item (instead of
principle): the number of counted answers and the sum of their item scores,
from `answers.score`, so a report's weakest and most-moved items, and the
scenario versions it names, come from a few thousand rows instead of every
answer. Only means are shown there, so no M2. A visit is scored exactly when
one of its items is, so the versions with rows here are those of the scored
visits. `evaluator_visits` counts the scored visits per group and evaluator, so
a report can say how many evaluators there were without reading every visit;
a purge that replaces the codes refreshes the groups it reaches. Item and
evaluator counts are re-counted like the principle sums for every group a
change touched, and a bulk write's new visits are added to them likewise
(`add_staged`).
"""

from __future__ import annotations

import math
import sqlite3
from collections import defaultdict
from collections.abc import Collection, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from pilotkit.core.entities import COUNTED_STATUSES, OVERALL

GroupKey = tuple[str, str, str, str, str]
"""library_id, round_id, status, scenario_id, channel: the visit-level part of a sums row's key."""
KEY_COLUMNS = ("library_id", "round_id", "status", "scenario_id", "channel")

TABLE = """
CREATE TABLE score_sums (
    library_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    status TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    principle TEXT NOT NULL,
    n INTEGER NOT NULL,
    mean REAL NOT NULL,
    m2 REAL NOT NULL,
    low REAL NOT NULL,
    high REAL NOT NULL,
    PRIMARY KEY (library_id, round_id, status, scenario_id, channel, principle)
) WITHOUT ROWID
"""
ITEM_TABLE = """
CREATE TABLE item_sums (
    library_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    status TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    scenario_sha256 TEXT NOT NULL,
    item_id TEXT NOT NULL,
    n INTEGER NOT NULL,
    total REAL NOT NULL,
    PRIMARY KEY (library_id, round_id, status, scenario_id, channel, scenario_sha256, item_id)
) WITHOUT ROWID
"""
EVALUATOR_TABLE = """
CREATE TABLE evaluator_visits (
    library_id TEXT NOT NULL,
    round_id TEXT NOT NULL,
    status TEXT NOT NULL,
    scenario_id TEXT NOT NULL,
    channel TEXT NOT NULL,
    evaluator TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (library_id, round_id, status, scenario_id, channel, evaluator)
) WITHOUT ROWID
"""
VISIT_INDEX = ("CREATE INDEX visits_by_group ON visits"
               "(round_id, library_id, status, scenario_id, channel)")
"""A group's visits as one run of the index, for a refresh of its principle sums, item and
evaluator counts (it also answers whatever `visits_round_library`, its prefix, answered). Kept narrow: every
visit a bulk write adds lands in it at a random place, and a 64-character scenario digest
and visit id in each entry made it five times the size."""

_COUNTED = ", ".join(f"'{s}'" for s in COUNTED_STATUSES)
_COUNTED_SET = frozenset(COUNTED_STATUSES)
_SUMS_KEY = (*KEY_COLUMNS, "principle")


_ONE_GROUP = " AND " + " AND ".join(f"{c} = ?" for c in KEY_COLUMNS)
_V_KEY = ", ".join(f"v.{c}" for c in KEY_COLUMNS)
_SCORE_ROW = "s.visit_id, s.principle, s.score"
_GROUP_SCORES = (f"SELECT {_SCORE_ROW}, v.library_id, v.round_id, v.scenario_id, v.channel,"
                 f" v.status FROM visits v JOIN visit_scores s ON s.visit_id = v.id"
                 f" WHERE {' AND '.join(f'v.{c} = :{c}' for c in KEY_COLUMNS)}")
"""One group's score rows (as `GroupSums` reads them): its visits are one run of
`visits_by_group`, their scores a primary-key lookup each."""
_ALL_SCORES = (f"SELECT {_SCORE_ROW}, s.library_id, s.round_id, s.scenario_id, s.channel,"
               f" s.status FROM visit_scores s WHERE s.library_id IS NOT NULL")
_OVERALL_SCORED = f"s.principle = '{OVERALL}' AND s.score IS NOT NULL"


def _item_counts(visits: str, answers: str, join: str = "JOIN") -> str:
    """Item rows of the counted visits in table `visits` with their answers in `answers`."""
    return f"""
INSERT INTO item_sums
SELECT {_V_KEY}, v.scenario_sha256, a.item_id, count(*), total(a.score)
FROM {visits} v {join} {answers} a ON a.visit_id = v.id
WHERE v.status IN ({_COUNTED}) AND a.score IS NOT NULL {{where}}
GROUP BY {_V_KEY}, v.scenario_sha256, a.item_id
"""


def _evaluator_counts(visits: str, scored: str) -> str:
    """Evaluator rows of the counted visits in table `visits` that `scored` (an SQL condition
    on `v`) says have an overall score."""
    return f"""
INSERT INTO evaluator_visits
SELECT {_V_KEY}, v.evaluator, count(*)
FROM {visits} v
WHERE v.status IN ({_COUNTED}) {{where}} AND {scored}
GROUP BY {_V_KEY}, v.evaluator
"""


_ITEM_FILL = _item_counts("visits", "answers")
_EVALUATOR_SCORED = (f"EXISTS (SELECT 1 FROM visit_scores s WHERE s.visit_id = v.id"
                     f" AND {_OVERALL_SCORED})")
_EVALUATOR_FILL = _evaluator_counts("visits", _EVALUATOR_SCORED)
_ONE_VISIT_GROUP = " AND " + " AND ".join(f"v.{c} = ?" for c in KEY_COLUMNS)


def rebuild(conn: sqlite3.Connection) -> None:
    """Every row again, from `visit_scores` (a migration; a repair)."""
    conn.execute("DELETE FROM score_sums")
    sums = GroupSums()
    sums.gather(conn.execute(_ALL_SCORES))
    add(conn, sums)


def rebuild_items(conn: sqlite3.Connection) -> None:
    """Every item row again, from `answers.score` (a migration; a repair)."""
    conn.execute("DELETE FROM item_sums")
    conn.execute(_ITEM_FILL.format(where=""))


def rebuild_evaluators(conn: sqlite3.Connection) -> None:
    """Every evaluator row again, from the visits (a migration; a repair)."""
    conn.execute("DELETE FROM evaluator_visits")
    conn.execute(_EVALUATOR_FILL.format(where=""))


def refresh(conn: sqlite3.Connection, keys: Iterable[GroupKey], items: Iterable[GroupKey]
            ) -> None:
    """The principle sums of groups `keys`, and the item and evaluator counts of groups
    `items`, again from their scores as they are now in this transaction."""
    items = set(items)
    sums = GroupSums()
    for key in sorted(set(keys) | items):
        if key[2] not in _COUNTED_SET:  # a draft's or a returned visit's scores never count
            continue
        conn.execute("DELETE FROM score_sums WHERE " + _ONE_GROUP[5:], key)
        sums.gather(conn.execute(_GROUP_SCORES, dict(zip(KEY_COLUMNS, key, strict=True))))
        if key not in items:
            continue
        conn.execute("DELETE FROM item_sums WHERE " + _ONE_GROUP[5:], key)
        conn.execute(_ITEM_FILL.format(where=_ONE_VISIT_GROUP), key)
        conn.execute("DELETE FROM evaluator_visits WHERE " + _ONE_GROUP[5:], key)
        conn.execute(_EVALUATOR_FILL.format(where=_ONE_VISIT_GROUP), key)
    add(conn, sums)  # into rows deleted above: each group's sums as they are now


_ADDING_ITEMS = "ON CONFLICT DO UPDATE SET n = n + excluded.n, total = total + excluded.total"
_ADDING_EVALUATORS = "ON CONFLICT DO UPDATE SET n = n + excluded.n"
_STAGED_ITEMS = (_item_counts("temp.stage_visits", "temp.stage_answers").format(where="")
                 + _ADDING_ITEMS)
# the staged scores have no index: one uncorrelated list of them, not a lookup per visit
_STAGED_EVALUATORS = (_evaluator_counts(
    "temp.stage_visits",
    f"v.id IN (SELECT s.visit_id FROM temp.stage_visit_scores s WHERE {_OVERALL_SCORED})"
).format(where="") + _ADDING_EVALUATORS)

# the visits that joined a group, then each one's rows by key: CROSS JOIN keeps that order
# (the planner, knowing nothing of a new temporary table, would scan every score instead)
_JOINED = "temp.joined_visits"
_FROM_JOINED = f"{_JOINED} j CROSS JOIN visits"
_OF_JOINED = " AND v.id = j.id"
_JOINED_SCORES = (f"SELECT {_SCORE_ROW}, v.library_id, v.round_id, v.scenario_id, v.channel,"
                  f" v.status FROM {_FROM_JOINED} v CROSS JOIN visit_scores s"
                  f" ON s.visit_id = v.id WHERE v.id = j.id")
_JOINED_ITEMS = (_item_counts(_FROM_JOINED, "answers", "CROSS JOIN").format(where=_OF_JOINED)
                 + _ADDING_ITEMS)
_JOINED_EVALUATORS = (_evaluator_counts(_FROM_JOINED, _EVALUATOR_SCORED).format(where=_OF_JOINED)
                      + _ADDING_EVALUATORS)


# Chan, Golub and LeVeque's pairwise update, as `Sums.pooled` does it: no large sums of squares
# are subtracted. SQLite evaluates every right-hand side against the row as it was.
_ADD_SUMS = f"""
INSERT INTO score_sums ({", ".join(_SUMS_KEY)}, n, mean, m2, low, high)
VALUES ({", ".join("?" * (len(_SUMS_KEY) + 5))})
ON CONFLICT DO UPDATE SET
    n = n + excluded.n,
    mean = mean + (excluded.mean - mean) * excluded.n / (n + excluded.n),
    m2 = m2 + excluded.m2
         + (excluded.mean - mean) * (excluded.mean - mean) * n * excluded.n / (n + excluded.n),
    low = min(low, excluded.low),
    high = max(high, excluded.high)
"""


def add(conn: sqlite3.Connection, sums: GroupSums) -> None:
    """`sums` added to their groups' rows in `score_sums` (a group with no row gets one)."""
    conn.executemany(_ADD_SUMS, [(*key, p.n, p.mean, p.m2, p.low, p.high)
                                 for key, p in sorted(sums.groups.items())])


def add_staged(conn: sqlite3.Connection, sums: GroupSums) -> None:
    """The principle sums (`sums`, gathered as the rows were staged), item and evaluator
    counts of the visits in a staged write's tables, added to their groups' rows. Only new
    visits are staged (a replaced one is deleted from the main tables first, which marks its
    group for a full refresh at the commit, undoing any addition), so adding is exact for
    the counts; a mean, M2 or item total may then differ from a full re-sum in its last bits
    (float arithmetic in another order), far below the one decimal a mean is shown with,
    and the same database always gives the same figures."""
    add(conn, sums)
    conn.execute(_STAGED_ITEMS)
    conn.execute(_STAGED_EVALUATORS)


def add_visits(conn: sqlite3.Connection, visit_ids: Iterable[str],
               refreshed: Collection[GroupKey]) -> None:
    """Visits that have joined a group by a change of status alone, added to the sums,
    item and evaluator counts of the groups they are in now, as a bulk write's new visits
    are (`add_staged`, with the same last-bit caveat). A group in `refreshed` was summed
    again whole in this transaction, these visits included, and is passed over; so is a
    visit no longer there (deleted since) or in a group that does not count."""
    ids = [(visit_id,) for visit_id in visit_ids
           if (key := visit_key(conn, visit_id)) is not None
           and key[2] in _COUNTED_SET and key not in refreshed]
    if not ids:
        return
    conn.execute(f"CREATE TABLE {_JOINED} (id TEXT PRIMARY KEY) WITHOUT ROWID")
    try:
        conn.executemany(f"INSERT OR IGNORE INTO {_JOINED} VALUES (?)", ids)
        sums = GroupSums()
        sums.gather(conn.execute(_JOINED_SCORES))
        add(conn, sums)
        conn.execute(_JOINED_ITEMS)
        conn.execute(_JOINED_EVALUATORS)
    finally:
        conn.execute(f"DROP TABLE IF EXISTS {_JOINED}")


def visit_key(conn: sqlite3.Connection, visit_id: str) -> GroupKey | None:
    """The group a visit's scores are summed in, as its row says now; None for no such visit."""
    row = conn.execute(f"SELECT {', '.join(KEY_COLUMNS)} FROM visits WHERE id = ?",
                       [visit_id]).fetchone()
    return None if row is None else (row[0], row[1], row[2], row[3], row[4])


@dataclass(frozen=True, slots=True)
class Sums:
    """Count, mean, sum of squared deviations and range of some scores."""

    n: int
    mean: float
    m2: float
    low: float
    high: float

    @staticmethod
    def pooled(parts: Sequence[Sums]) -> Sums:
        """The parts as one sample (Chan et al.'s pairwise identity, in two exact sums).

        M2 = Σ M2ᵢ + Σ nᵢ (meanᵢ − mean)²: no large sums of squares are
        subtracted, and `math.fsum` keeps each sum exact to one rounding
        whatever the number of parts.
        """
        n = sum(p.n for p in parts)
        mean = math.fsum(p.n * p.mean for p in parts) / n
        m2 = math.fsum([*(p.m2 for p in parts),
                        *(p.n * (p.mean - mean) ** 2 for p in parts)])
        return Sums(n, mean, m2, min(p.low for p in parts), max(p.high for p in parts))

    @staticmethod
    def of(scores: Sequence[float]) -> Sums:
        """Some scores' sums, in two passes."""
        mean = math.fsum(scores) / len(scores)
        return Sums(len(scores), mean, math.fsum([(x - mean) ** 2 for x in scores]),
                    min(scores), max(scores))

    @property
    def var(self) -> float:
        """The sample variance; exactly 0 when every score is the same."""
        if self.n < 2 or self.low == self.high:
            return 0.0
        return max(self.m2 / (self.n - 1), 0.0)

    @property
    def centre(self) -> float:
        """The mean; exactly the common score when every score is the same."""
        return self.low if self.low == self.high else self.mean


SumsKey = tuple[str, str, str, str, str, str]
"""A `score_sums` row's key: the group's (`GroupKey`) and the principle."""


class GroupSums:
    """The principle sums, by group, of the counted scores of score rows passed through it
    (`SCORE_COLUMNS` order): up to `KEPT` scores at a time in two passes (`Sums.of`), pooled
    into those before (`Sums.pooled`). A bulk write gathers its staged rows here as they
    pass to SQLite; a refresh and a rebuild gather the rows they read.

    Summing in SQL instead meant sorting every score row by six text columns (2 s of a
    20,000-visit file, more than moving its rows), or, for one group, a temporary index
    of its scores (three times the time of reading them here).
    """

    KEPT = 65_536
    """Scores held before they are summed: memory stays flat, and a merge that stages one
    visit at a time still sums many at once."""

    def __init__(self) -> None:
        self._sums: dict[SumsKey, Sums] = {}
        self._pending: defaultdict[SumsKey, list[float]] = defaultdict(list)
        self._held = 0

    def noting(self, rows: Iterable[Sequence[Any]]) -> Iterator[Sequence[Any]]:
        """`rows` (score rows with their grouping columns, as `store.score_rows` builds them)
        passed on unchanged, their counted scores gathered here."""
        pending, counted, kept, held = self._pending, _COUNTED_SET, self.KEPT, self._held
        for row in rows:
            if row[7] in counted and row[2] is not None:
                pending[(row[3], row[4], row[7], row[5], row[6], row[1])].append(row[2])
                held += 1
                if held >= kept:  # within one call too: a rebuild passes every score at once
                    self._fold()
                    held = 0
            yield row
        self._held = held

    def gather(self, rows: Iterable[Sequence[Any]]) -> None:
        """The counted scores of `rows` gathered here."""
        for _ in self.noting(rows):
            pass

    def _fold(self) -> None:
        for key, scores in self._pending.items():
            part = Sums.of(scores)
            before = self._sums.get(key)
            self._sums[key] = part if before is None else Sums.pooled([before, part])
        self._pending.clear()
        self._held = 0

    @property
    def groups(self) -> dict[SumsKey, Sums]:
        """Every group's sums of the scores noted so far."""
        self._fold()
        return self._sums
