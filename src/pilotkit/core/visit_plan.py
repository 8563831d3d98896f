"""Who goes where and when in a round (`plan make`): a visit plan built to be analysable.

Evaluators differ in severity, so a plan decides what a comparison can tell
apart. The plan is built in three steps, each keeping what the one before
decided:

1. **Counts**: how many visits each evaluator makes to each library. A
   max-flow fills every library's N visits while each evaluator's total and
   each evaluator × library count stay as even as the numbers allow; it is
   run with tight capacities first and relaxed only as far as needed, so an
   unevenness appears only where conflicts or the lockout force it. Flow
   already sent from the source is never taken back, so an evaluator's
   total once reached stays reached. Then exchanges of two visits between
   evaluators, which keep every total, join the evaluator–library graph
   into one piece where they can (rater effects can only be separated from
   library effects on a connected graph).
2. **Scenarios**: each library's visits take the scenarios in turn, so
   every library sees each scenario within one visit of evenly.
3. **Days and slots**: each visit takes the working day and time slot that
   keeps its evaluator's days, its library's weekdays and times of day most
   evenly spread, never within the lockout of the evaluator's other visit
   to that library and never two visits of one evaluator in one slot.

Everything is deterministic for a given `seed`.
"""

from __future__ import annotations

import random
from collections import defaultdict, deque
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from pilotkit.core.entities import Assignment
from pilotkit.core.messages import Translatable

SLOTS = ("10-12", "12-14", "14-16", "16-18")
"""A visit's time of day: two-hour windows within every library's opening hours."""

MAX_PERIOD_DAYS = 366
"""A plan covers one round: at most a year of days."""

DEFAULT_LOCKOUT_DAYS = 30
"""The least rotation the mystery-shopping industry uses between visits to one place."""


class PlanError(Translatable, ValueError):
    """A request no plan can meet; its one line says which constraint."""


@dataclass(frozen=True)
class PlanRequest:
    round: str
    libraries: tuple[str, ...]
    scenarios: tuple[str, ...]
    evaluators: tuple[str, ...]
    visits_per_library: int
    first: date
    last: date
    lockout_days: int = DEFAULT_LOCKOUT_DAYS
    seed: int = 0
    conflicts: frozenset[tuple[str, str]] = frozenset()
    """(evaluator, library) pairs an evaluator has declared they must not visit."""
    paired: tuple[tuple[str, str, int], ...] = ()
    """(evaluator, library, visits) of the other round of the pair: matched where possible,
    so that each evaluator's severity weighs on a library alike in both rounds and cancels
    out of its change."""

    def allowed(self, evaluator: str, library: str) -> bool:
        return (evaluator, library) not in self.conflicts


@dataclass
class PlanShape:
    """What a plan gives, for the lead to judge it by (printed by `plan make`)."""

    visits: int
    per_library: dict[str, int]
    per_evaluator: dict[str, int]
    cells: dict[tuple[str, str], int]
    """(evaluator, library) → visits."""
    scenarios: dict[tuple[str, str], int]
    """(library, scenario) → visits."""
    pieces: int
    """Connected pieces of the evaluator–library graph (1 is what analysis needs)."""
    weekdays: dict[int, int] = field(default_factory=dict)
    slots: dict[str, int] = field(default_factory=dict)


def working_days(first: date, last: date) -> list[date]:
    """Monday to Friday from `first` to `last`, both included."""
    days, day = [], first
    while day <= last:
        if day.weekday() < 5:
            days.append(day)
        day += timedelta(days=1)
    return days


def most_visits_in_lockout(days: Sequence[date], lockout: int) -> int:
    """The most visits one evaluator can make to one library on `days`, `lockout` days apart.

    Taking the earliest day allowed each time gives the longest chain.
    """
    if not days:
        return 0
    if lockout <= 0:
        return len(days) * len(SLOTS)
    count, previous = 1, days[0]
    for day in days[1:]:
        if (day - previous).days >= lockout:
            count, previous = count + 1, day
    return count


def make_plan(request: PlanRequest) -> list[Assignment]:
    """Assignments for every visit of the request, or a `PlanError` naming what cannot be met."""
    if (request.last - request.first).days >= MAX_PERIOD_DAYS:
        raise PlanError.of("plan_period_too_long", first=request.first.isoformat(),
                           last=request.last.isoformat(), most=MAX_PERIOD_DAYS)
    days = working_days(request.first, request.last)
    if not days:
        raise PlanError.of("plan_no_days", first=request.first.isoformat(),
                           last=request.last.isoformat())
    rng = random.Random(request.seed)
    counts = _counts(request, days)
    _connect(request, counts, most_visits_in_lockout(days, request.lockout_days))
    visits = _scenarios(request, counts, rng)
    return _schedule(request, visits, days, rng)


def shape(assignments: Iterable[Assignment]) -> PlanShape:
    per_library: dict[str, int] = defaultdict(int)
    per_evaluator: dict[str, int] = defaultdict(int)
    cells: dict[tuple[str, str], int] = defaultdict(int)
    scenarios: dict[tuple[str, str], int] = defaultdict(int)
    weekdays: dict[int, int] = defaultdict(int)
    slots: dict[str, int] = defaultdict(int)
    total = 0
    for a in assignments:
        total += 1
        per_library[a.library] += 1
        per_evaluator[a.evaluator] += 1
        cells[a.evaluator, a.library] += 1
        scenarios[a.library, a.scenario] += 1
        weekdays[date.fromisoformat(a.date).weekday()] += 1
        slots[a.slot] += 1
    return PlanShape(total, dict(per_library), dict(per_evaluator), dict(cells),
                     dict(scenarios), pieces(cells), dict(weekdays), dict(slots))


def pieces(cells: dict[tuple[str, str], int]) -> int:
    """Connected pieces of the graph joining each evaluator to the libraries they visit."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def root(node: tuple[str, str]) -> tuple[str, str]:
        while parent.setdefault(node, node) != node:
            parent[node] = parent[parent[node]]
            node = parent[node]
        return node

    for (evaluator, library), n in cells.items():
        if n > 0:
            parent[root(("e", evaluator))] = root(("l", library))
    return len({root(node) for node in list(parent)})


# -- 1. counts ------------------------------------------------------------------------------------


class _Flow:
    """Dinic's max-flow on a small graph; capacities may be raised between runs."""

    def __init__(self, nodes: int) -> None:
        self.adjacent: list[list[int]] = [[] for _ in range(nodes)]
        self.to: list[int] = []
        self.room: list[int] = []

    def edge(self, a: int, b: int, capacity: int) -> int:
        self.adjacent[a].append(len(self.to))
        self.to.append(b)
        self.room.append(capacity)
        self.adjacent[b].append(len(self.to))
        self.to.append(a)
        self.room.append(0)
        return len(self.to) - 2

    def raise_to(self, edge: int, capacity: int) -> None:
        """Let `edge` carry up to `capacity` in all (its flow so far kept)."""
        carried = self.room[edge + 1]
        self.room[edge] = max(0, capacity - carried)

    def flow(self, edge: int) -> int:
        return self.room[edge + 1]

    def run(self, source: int, sink: int) -> int:
        total = 0
        while True:
            level = [-1] * len(self.adjacent)
            level[source] = 0
            queue = deque([source])
            while queue:
                node = queue.popleft()
                for e in self.adjacent[node]:
                    if self.room[e] and level[self.to[e]] < 0:
                        level[self.to[e]] = level[node] + 1
                        queue.append(self.to[e])
            if level[sink] < 0:
                return total
            next_edge = [0] * len(self.adjacent)
            while pushed := self._push(source, sink, 1 << 60, level, next_edge):
                total += pushed

    def _push(self, node: int, sink: int, limit: int, level: list[int],
              next_edge: list[int]) -> int:
        # iterative depth-first search for one augmenting path in the level graph
        path: list[int] = []
        while True:
            if node == sink:
                pushed = min([limit] + [self.room[e] for e in path])
                for e in path:
                    self.room[e] -= pushed
                    self.room[e ^ 1] += pushed
                return pushed
            edges = self.adjacent[node]
            while next_edge[node] < len(edges):
                e = edges[next_edge[node]]
                if self.room[e] and level[self.to[e]] == level[node] + 1:
                    break
                next_edge[node] += 1
            else:
                if not path:
                    return 0
                level[node] = -1  # a dead end: never tried again in this phase
                e = path.pop()
                node = self.to[e ^ 1]
                next_edge[node] += 1
                continue
            path.append(e)
            node = self.to[e]


def _counts(request: PlanRequest, days: Sequence[date]) -> dict[tuple[str, str], int]:
    libraries, evaluators, n = request.libraries, request.evaluators, request.visits_per_library
    most = most_visits_in_lockout(days, request.lockout_days)
    slots_each = len(days) * len(SLOTS)
    allowed = {lib: [e for e in evaluators if request.allowed(e, lib)] for lib in libraries}
    for lib in libraries:
        if not allowed[lib]:
            raise PlanError.of("plan_library_nobody", library=lib)
        reach = min(n, len(allowed[lib]) * most)
        if reach < n:
            raise PlanError.of("plan_library_short", library=lib, n=n, reach=reach,
                               evaluators=len(allowed[lib]), most=most,
                               lockout=request.lockout_days)
    able = [e for e in evaluators if any(e in allowed[lib] for lib in libraries)]
    total = n * len(libraries)
    if len(able) * slots_each < total:
        raise PlanError.of("plan_evaluators_short", total=total, evaluators=len(able),
                           slots=slots_each)
    graph = _Flow(2 + len(evaluators) + len(libraries))
    source, sink = 0, 1
    e_node = {e: 2 + i for i, e in enumerate(evaluators)}
    l_node = {lib: 2 + len(evaluators) + i for i, lib in enumerate(libraries)}
    share = total // len(able)
    tight = {(e, lib): min(most, -(-n // len(allowed[lib])))
             for lib in libraries for e in allowed[lib]}
    before = {(e, lib): count for e, lib, count in request.paired}
    paired = bool(before)
    by_evaluator = {e: graph.edge(source, e_node[e],
                                  min(share + 1 if paired else share, slots_each))
                    for e in able}
    cells = {cell: graph.edge(e_node[cell[0]], l_node[cell[1]],
                              min(most, before.get(cell, 0)) if paired else cap)
             for cell, cap in tight.items()}
    for lib in libraries:
        graph.edge(l_node[lib], sink, n)
    sent = 0
    if paired:  # first as the other round of the pair had it; then as evenly as it can
        sent = graph.run(source, sink)
        for cell, edge in cells.items():
            graph.raise_to(edge, tight[cell])
        for edge in by_evaluator.values():
            graph.raise_to(edge, min(share, slots_each))
    sent += graph.run(source, sink)
    if sent < total:  # the remainder: one visit more for as many evaluators as it takes
        for edge in by_evaluator.values():
            graph.raise_to(edge, min(share + 1, slots_each))
        sent += graph.run(source, sink)
    if sent < total:  # conflicts crowd some libraries: evaluators go there more often
        for edge in cells.values():
            graph.raise_to(edge, most)
        sent += graph.run(source, sink)
    if sent < total:  # and some evaluators make more visits than others
        for edge in by_evaluator.values():
            graph.raise_to(edge, slots_each)
        sent += graph.run(source, sink)
    if sent < total:
        got: dict[str, int] = defaultdict(int)
        for (_, lib), edge in cells.items():
            got[lib] += graph.flow(edge)
        short = next(lib for lib in libraries if got[lib] < n)
        raise PlanError.of("plan_library_short", library=short, n=n, reach=got[short],
                           evaluators=len(allowed[short]), most=most,
                           lockout=request.lockout_days)
    return {cell: graph.flow(edge) for cell, edge in cells.items() if graph.flow(edge)}


def _connect(request: PlanRequest, counts: dict[tuple[str, str], int], most: int) -> None:
    """Join the graph's pieces by exchanging visits; every total stays as it was.

    Evaluator a gives one visit to library x to evaluator b, and b gives one
    to y to a. Taken from a cell a piece does not need (one with two visits,
    or an edge on a cycle), the exchange joins the two pieces and splits none.
    """
    while pieces(counts) > 1:
        if not _one_exchange(request, counts, most):
            return  # as joined as conflicts and the numbers allow; `shape` says so


def _one_exchange(request: PlanRequest, counts: dict[tuple[str, str], int], most: int) -> bool:
    piece = _piece_of(counts)
    bridges = _bridges(counts)
    cells = sorted(counts)
    for a, x in cells:
        if counts[a, x] < 2 and (a, x) in bridges:
            continue  # its piece would fall apart
        for b, y in cells:
            if piece[("e", b)] == piece[("e", a)]:
                continue
            if not (request.allowed(b, x) and request.allowed(a, y)):
                continue
            if counts.get((b, x), 0) + 1 > most or counts.get((a, y), 0) + 1 > most:
                continue
            for cell, change in (((a, x), -1), ((b, y), -1), ((b, x), 1), ((a, y), 1)):
                counts[cell] = counts.get(cell, 0) + change
                if not counts[cell]:
                    del counts[cell]
            return True
    return False


def _neighbours(counts: dict[tuple[str, str], int]
                ) -> dict[tuple[str, str], list[tuple[str, str]]]:
    neighbours: dict[tuple[str, str], list[tuple[str, str]]] = defaultdict(list)
    for e, lib in counts:
        neighbours[("e", e)].append(("l", lib))
        neighbours[("l", lib)].append(("e", e))
    return neighbours


def _piece_of(counts: dict[tuple[str, str], int]) -> dict[tuple[str, str], int]:
    neighbours = _neighbours(counts)
    piece: dict[tuple[str, str], int] = {}
    label = 0
    for start in neighbours:
        if start in piece:
            continue
        label, stack = label + 1, [start]
        piece[start] = label
        while stack:
            for other in neighbours[stack.pop()]:
                if other not in piece:
                    piece[other] = label
                    stack.append(other)
    return piece


def _bridges(counts: dict[tuple[str, str], int]) -> set[tuple[str, str]]:
    """The cells whose removal would split their piece (Tarjan's low-link, without recursion)."""
    neighbours = _neighbours(counts)
    order: dict[tuple[str, str], int] = {}
    low: dict[tuple[str, str], int] = {}
    bridges: set[tuple[str, str]] = set()
    for start in neighbours:
        if start in order:
            continue
        order[start] = low[start] = len(order)
        stack: list[tuple[tuple[str, str], tuple[str, str] | None, int]] = [(start, None, 0)]
        while stack:
            node, parent, i = stack[-1]
            if i < len(neighbours[node]):
                stack[-1] = (node, parent, i + 1)
                other = neighbours[node][i]
                if other == parent:
                    continue  # one edge per cell: the way back is the same edge
                if other in order:
                    low[node] = min(low[node], order[other])
                else:
                    order[other] = low[other] = len(order)
                    stack.append((other, node, 0))
                continue
            stack.pop()
            if parent is not None:
                low[parent] = min(low[parent], low[node])
                if low[node] > order[parent]:
                    cell = (node[1], parent[1]) if node[0] == "e" else (parent[1], node[1])
                    bridges.add(cell)
    return bridges


# -- 2. scenarios ---------------------------------------------------------------------------------


def _scenarios(request: PlanRequest, counts: dict[tuple[str, str], int],
               rng: random.Random) -> list[tuple[str, str, str]]:
    """(evaluator, library, scenario) for every visit: scenarios in turn within each library,
    each library starting where the one before stopped (even over the whole round too)."""
    scenarios = list(request.scenarios)
    rng.shuffle(scenarios)
    visits: list[tuple[str, str, str]] = []
    turn = 0
    for lib in request.libraries:
        evaluators = [e for e in request.evaluators for _ in range(counts.get((e, lib), 0))]
        # one evaluator's visits to a library get different scenarios where they can
        order = sorted(range(len(evaluators)),
                       key=lambda i: (evaluators[:i].count(evaluators[i]), i))
        for k, i in enumerate(order):
            visits.append((evaluators[i], lib, scenarios[(turn + k) % len(scenarios)]))
        turn += len(evaluators)
    return visits


# -- 3. days and slots ----------------------------------------------------------------------------


def _schedule(request: PlanRequest, visits: list[tuple[str, str, str]], days: Sequence[date],
              rng: random.Random) -> list[Assignment]:
    lockout = request.lockout_days
    busy: set[tuple[str, int, int]] = set()                   # evaluator, day, slot
    evaluator_day: dict[tuple[str, int], int] = defaultdict(int)
    day_load: dict[int, int] = defaultdict(int)
    library_weekday: dict[tuple[str, int], int] = defaultdict(int)
    weekday_load: dict[int, int] = defaultdict(int)
    evaluator_weekday: dict[tuple[str, int], int] = defaultdict(int)
    library_slot: dict[tuple[str, int], int] = defaultdict(int)
    evaluator_slot: dict[tuple[str, int], int] = defaultdict(int)
    placed: dict[tuple[str, str], list[int]] = defaultdict(list)  # evaluator, library → days
    per_cell: dict[tuple[str, str], list[str]] = defaultdict(list)
    for evaluator, lib, scenario in visits:
        per_cell[evaluator, lib].append(scenario)
    load: dict[str, int] = defaultdict(int)
    for evaluator, lib in per_cell:
        load[evaluator] += len(per_cell[evaluator, lib])
    noise = {d: rng.random() for d in range(len(days))}
    # the cells with most visits first: their lockout leaves them the fewest days
    order = sorted(per_cell, key=lambda cell: (-len(per_cell[cell]), cell))
    assignments: list[Assignment] = []
    for evaluator, lib in order:
        scenarios = per_cell[evaluator, lib]
        latest = _latest_days(days, len(scenarios), lockout)
        earliest = 0
        for k, scenario in enumerate(scenarios):
            best: tuple[float, int, int] | None = None
            for d in range(earliest, latest[k] + 1):
                if any(abs((days[d] - days[o]).days) < lockout for o in placed[evaluator, lib]):
                    continue
                weekday = days[d].weekday()
                for s in range(len(SLOTS)):
                    if (evaluator, d, s) in busy:
                        continue
                    cost = (4.0 * evaluator_day[evaluator, d]
                            + 1.0 * (evaluator_day[evaluator, d - 1]
                                     + evaluator_day[evaluator, d + 1])
                            + 1.5 * day_load[d]
                            + 2.0 * library_weekday[lib, weekday]
                            + 1.0 * evaluator_weekday[evaluator, weekday]
                            + 0.5 * weekday_load[weekday]
                            + 2.0 * library_slot[lib, s]
                            + 1.0 * evaluator_slot[evaluator, s]
                            + noise[d] + 0.1 * s)
                    if best is None or cost < best[0]:
                        best = (cost, d, s)
            if best is None:
                raise PlanError.of("plan_no_slot", evaluator=evaluator, library=lib,
                                   lockout=lockout)
            _, d, s = best
            busy.add((evaluator, d, s))
            evaluator_day[evaluator, d] += 1
            day_load[d] += 1
            library_weekday[lib, days[d].weekday()] += 1
            evaluator_weekday[evaluator, days[d].weekday()] += 1
            weekday_load[days[d].weekday()] += 1
            library_slot[lib, s] += 1
            evaluator_slot[evaluator, s] += 1
            placed[evaluator, lib].append(d)
            # in time order within the lockout; without one, any day is still open
            earliest = _first_after(days, d, lockout) if lockout > 0 else 0
            assignments.append(Assignment(evaluator, lib, scenario, days[d].isoformat(),
                                          SLOTS[s]))
    assignments.sort(key=lambda a: (a.date, a.slot, a.evaluator, a.library))
    return assignments


def _first_after(days: Sequence[date], d: int, lockout: int) -> int:
    later = d + 1
    while later < len(days) and (days[later] - days[d]).days < lockout:
        later += 1
    return later


def _latest_days(days: Sequence[date], count: int, lockout: int) -> list[int]:
    """For the k-th of `count` visits, the latest day that still leaves room for the rest."""
    latest = [len(days) - 1] * count
    for k in range(count - 2, -1, -1):
        d = latest[k + 1]
        if lockout > 0:
            d -= 1
            while d > 0 and (days[latest[k + 1]] - days[d]).days < lockout:
                d -= 1
        latest[k] = max(d, 0)
    return latest


def progress_rows(assignments: Sequence[Assignment], done: Sequence[tuple[str, str, str, int]],
                  by: str) -> list[dict[str, Any]]:
    """Planned, begun (drafts and returned) and submitted visits per library or evaluator."""
    rows: dict[str, dict[str, Any]] = defaultdict(
        lambda: {"planned": 0, "begun": 0, "submitted": 0})
    for a in assignments:
        rows[a.library if by == "library" else a.evaluator]["planned"] += 1
    for library, evaluator, status, visits in done:
        key = library if by == "library" else evaluator
        rows[key]["begun" if status in ("draft", "returned") else "submitted"] += visits
    return [{by: key, **counts} for key, counts in sorted(rows.items())]
