"""Issue 20: a visit plan keeps its constraints over random requests (property tests).

Every property is checked from the assignments alone, against limits the
test works out itself (the lockout's reach by dynamic programming, not by
the plan maker's greedy chain).
"""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta
from itertools import pairwise

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from pilotkit.core.entities import Assignment
from pilotkit.core.visit_plan import SLOTS, PlanError, PlanRequest, make_plan, pieces


def weekdays(first: date, last: date) -> list[date]:
    return [first + timedelta(days=k) for k in range((last - first).days + 1)
            if (first + timedelta(days=k)).weekday() < 5]


def most_in_lockout(days: list[date], lockout: int) -> int:
    """The longest run of days at least `lockout` apart, by dynamic programming."""
    if lockout <= 0:
        return len(days) * len(SLOTS)
    best: list[int] = []
    for i, day in enumerate(days):
        best.append(1 + max((best[j] for j in range(i) if (day - days[j]).days >= lockout),
                            default=0))
    return max(best, default=0)


def hall_holds(request: PlanRequest, most: int, slots_each: int) -> bool:
    libraries = request.libraries
    for mask in range(1, 1 << len(libraries)):
        chosen = [lib for i, lib in enumerate(libraries) if mask >> i & 1]
        supply = sum(min(slots_each, most * sum(request.allowed(e, lib) for lib in chosen))
                     for e in request.evaluators)
        if request.visits_per_library * len(chosen) > supply:
            return False
    return True


@st.composite
def requests(draw: st.DrawFn) -> PlanRequest:
    libraries = tuple(f"FI-L{i}" for i in range(draw(st.integers(1, 7))))
    scenarios = tuple(f"s{i}" for i in range(draw(st.integers(1, 4))))
    evaluators = tuple(f"E{i:02}" for i in range(draw(st.integers(1, 6))))
    first = date(2027, 3, 1) + timedelta(days=draw(st.integers(0, 6)))
    last = first + timedelta(days=draw(st.integers(0, 80)))
    pairs = [(e, lib) for e in evaluators for lib in libraries]
    conflicts = frozenset(draw(st.lists(st.sampled_from(pairs), max_size=len(pairs) // 3))
                          if draw(st.booleans()) else [])
    return PlanRequest("R", libraries, scenarios, evaluators, draw(st.integers(1, 7)), first,
                       last, draw(st.sampled_from([0, 7, 14, 30, 45])),
                       draw(st.integers(0, 3)), conflicts)


def check(request: PlanRequest, plan: list[Assignment]) -> None:
    days = set(weekdays(request.first, request.last))
    n = request.visits_per_library
    # every library gets exactly its N visits, nobody goes where they declared a conflict
    assert Counter(a.library for a in plan) == {lib: n for lib in request.libraries}
    assert not [a for a in plan if (a.evaluator, a.library) in request.conflicts]
    assert {a.evaluator for a in plan} <= set(request.evaluators)
    assert {a.scenario for a in plan} <= set(request.scenarios)
    # on working days of the period, in known slots, one visit per evaluator per slot
    assert all(date.fromisoformat(a.date) in days and a.slot in SLOTS for a in plan)
    assert len({(a.evaluator, a.date, a.slot) for a in plan}) == len(plan)
    # the lockout: one evaluator's visits to one library are at least D days apart
    by_cell: dict[tuple[str, str], list[date]] = {}
    for a in plan:
        by_cell.setdefault((a.evaluator, a.library), []).append(date.fromisoformat(a.date))
    for visits in by_cell.values():
        visits.sort()
        assert all((later - earlier).days >= request.lockout_days
                   for earlier, later in pairwise(visits))
    # scenarios within one visit of even in every library
    for lib in request.libraries:
        counts = Counter(a.scenario for a in plan if a.library == lib)
        shares = [counts.get(s, 0) for s in request.scenarios]
        assert max(shares) - min(shares) <= 1, (lib, counts)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(requests())
def test_a_plan_keeps_every_constraint_or_names_the_one_it_cannot(request: PlanRequest) -> None:
    days = weekdays(request.first, request.last)
    most = most_in_lockout(days, request.lockout_days)
    total = request.visits_per_library * len(request.libraries)
    try:
        plan = make_plan(request)
    except PlanError as e:
        assert "\n" not in str(e)
        # refused only when the numbers truly do not allow it: no weekday, or some set of
        # libraries needs more visits than the evaluators allowed there can make (Hall's
        # condition for the transportation problem, checked over every set)
        if e.key == "plan_no_slot":
            # days and slots, not counts: only where some evaluator must visit a library as
            # often as the lockout allows at all, so its days are (nearly) forced and such
            # chains may meet in one day's slots (one evaluator, five libraries, three
            # visits each 1 March – 30 April: every chain is 1.3., 31.3. and 30.4.)
            allowed = {lib: sum(request.allowed(e, lib) for e in request.evaluators)
                       for lib in request.libraries}
            assert any(request.visits_per_library > n * (most - 1)
                       for n in allowed.values()), e
            return
        assert e.key in ("plan_no_days", "plan_library_short", "plan_evaluators_short",
                         "plan_library_nobody"), e.key
        assert not days or not hall_holds(request, most, len(days) * len(SLOTS)), e
        return
    check(request, plan)
    if request.conflicts:
        return
    # with nobody excluded: each evaluator's total within one visit of even, and no
    # evaluator in one library more often than an even share allows
    if most >= -(-request.visits_per_library // len(request.evaluators)):
        totals = Counter(a.evaluator for a in plan)
        shares = [totals.get(e, 0) for e in request.evaluators]
        assert max(shares) - min(shares) <= 1, totals
        cells = Counter((a.evaluator, a.library) for a in plan)
        assert max(cells.values()) <= -(-request.visits_per_library
                                         // len(request.evaluators)), cells
    # and one connected graph whenever there are visits enough to join everyone
    if total >= len(request.evaluators) + len(request.libraries) - 1:
        assert pieces(Counter((a.evaluator, a.library) for a in plan)) == 1


def test_a_round_robin_by_hand_is_what_an_even_plan_looks_like() -> None:
    # 2 libraries × 4 visits, 2 evaluators, 2 scenarios: worked out by hand, each evaluator
    # visits each library twice, each library sees each scenario twice
    request = PlanRequest("R", ("FI-A", "FI-B"), ("s1", "s2"), ("E1", "E2"), 4,
                          date(2027, 3, 1), date(2027, 5, 31), 14)
    plan = make_plan(request)
    assert Counter((a.evaluator, a.library) for a in plan) == {
        ("E1", "FI-A"): 2, ("E1", "FI-B"): 2, ("E2", "FI-A"): 2, ("E2", "FI-B"): 2}
    assert Counter((a.library, a.scenario) for a in plan) == {
        ("FI-A", "s1"): 2, ("FI-A", "s2"): 2, ("FI-B", "s1"): 2, ("FI-B", "s2"): 2}
    assert make_plan(request) == plan                      # the same seed, the same plan


def test_disjoint_blocks_are_joined_by_an_exchange() -> None:
    # 4 evaluators, 4 libraries × 2 visits: the tight flow may pair them off in two blocks
    # ({E0,E1} × {L0,L1} and {E2,E3} × {L2,L3}); 8 visits ≥ 4 + 4 − 1 can join all
    for seed in range(6):
        request = PlanRequest("R", tuple(f"FI-L{i}" for i in range(4)), ("s",),
                              tuple(f"E{i}" for i in range(4)), 2, date(2027, 3, 1),
                              date(2027, 4, 30), 30, seed)
        plan = make_plan(request)
        assert pieces(Counter((a.evaluator, a.library) for a in plan)) == 1


def test_a_library_everyone_must_avoid_is_named() -> None:
    request = PlanRequest("R", ("FI-A", "FI-B"), ("s",), ("E1", "E2"), 2, date(2027, 3, 1),
                          date(2027, 3, 31), 30,
                          conflicts=frozenset({("E1", "FI-B"), ("E2", "FI-B")}))
    try:
        make_plan(request)
    except PlanError as e:
        assert str(e) == ("nobody may go to library FI-B: every evaluator has declared a "
                          "conflict there (add an evaluator)")
    else:
        raise AssertionError("a plan where nobody may go")


def test_a_lockout_longer_than_the_period_allows_one_visit_per_evaluator() -> None:
    request = PlanRequest("R", ("FI-A",), ("s",), ("E1", "E2"), 3, date(2027, 3, 1),
                          date(2027, 3, 19), 30)
    try:
        make_plan(request)
    except PlanError as e:
        assert e.params["reach"] == 2 and e.params["most"] == 1
    else:
        raise AssertionError("three visits from two evaluators, once each")


def test_a_period_longer_than_a_year_is_refused_in_one_line() -> None:
    # found by a new user: --to 9999-12-31 overflowed the calendar
    request = PlanRequest("R", ("FI-A",), ("s",), ("E1",), 1, date(2026, 5, 4),
                          date(9999, 12, 31))
    try:
        make_plan(request)
    except PlanError as e:
        assert str(e) == ("2026-05-04 to 9999-12-31 is too long: a plan covers one round, "
                          "at most 366 days")
    else:
        raise AssertionError("an 8,000-year plan")


def test_weekdays_are_spread_over_the_plan() -> None:
    # found by a new user: 2 evaluators × 6 libraries × 2 visits put 6 of 12 on Fridays
    request = PlanRequest("R", tuple(f"FI-L{i}" for i in range(6)), ("s1", "s2"),
                          ("E01", "E02"), 2, date(2027, 3, 1), date(2027, 4, 30), 30)
    weekdays = Counter(date.fromisoformat(a.date).weekday() for a in make_plan(request))
    assert max(weekdays.values()) - min(weekdays.get(d, 0) for d in range(5)) <= 1, weekdays
