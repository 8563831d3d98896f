"""Issue 20: the minimum detectable difference, against independent computations.

The module sums the noncentral t's Poisson mixture by hand. The checks here
(a) integrate instead: given the chi-square variable V of the t's
denominator, the statistic exceeds c exactly when a normal exceeds
c·√(V/df) − λ, so power is ∫ [Φ(λ − c√(v/df)) + Φ(−λ − c√(v/df))] χ²_df(v) dv,
by quadrature, then solved by bisection; (b) take Cohen's published table:
64 visits a group detect d = 0.5 with 80 % power at α = 0.05, two-sided
(Statistical Power Analysis, 2nd ed., Table 2.4.1); and (c) hold power and
the MDE to SciPy's noncentral F (Boost's implementation, code independent of
ours), to 1e-9 and 1e-7, across the degrees of freedom from 2 to 10⁶.

SciPy is only a test dependency: each check that needs it skips without it.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import pytest

from pilotkit.core.power import mde, power_at, visits_needed, welch_df


def power_by_integration(delta: float, sd: float, n: int, alpha: float,
                         sd_to: float | None = None, n_to: int | None = None) -> float:
    pytest.importorskip("scipy")
    from scipy.integrate import quad
    from scipy.stats import chi2, norm, t

    s2, m = (sd if sd_to is None else sd_to), (n if n_to is None else n_to)
    a, b = sd * sd / n, s2 * s2 / m
    df = (a + b) ** 2 / (a * a / (n - 1) + b * b / (m - 1))  # Welch–Satterthwaite, by hand
    shift = delta / math.sqrt(a + b)
    c = float(t.ppf(1 - alpha / 2, df))

    def given(v: float) -> float:
        edge = c * math.sqrt(v / df)
        return float((norm.cdf(shift - edge) + norm.cdf(-shift - edge)) * chi2.pdf(v, df))

    # over the chi-square's mass (all but 1e-14 of it): an infinite range misses its peak
    low, high = float(chi2.ppf(1e-15, df)), float(chi2.isf(1e-15, df))
    value, _ = quad(given, low, high, points=[float(df)], epsabs=1e-13, epsrel=1e-11,
                    limit=400)
    return float(value)


def smallest_detected(power_of: Callable[[float], float], power: float, start: float,
                      rel: float) -> float:
    """The change where `power_of` reaches `power`: doubled from `start` until it does, then
    halved to `rel` of itself (the test's own root finder, independent of `power.mde`)."""
    low, high = 0.0, start
    while power_of(high) < power:
        low, high = high, 2.0 * high
    while high - low > rel * high:
        middle = (low + high) / 2.0
        if power_of(middle) < power:
            low = middle
        else:
            high = middle
    return (low + high) / 2.0


def mde_by_bisection(sd: float, n: int, alpha: float, power: float,
                     sd_to: float | None = None, n_to: int | None = None) -> float:
    """To 1e-9 of itself: far below the 0.005 asked."""
    return smallest_detected(lambda delta: power_by_integration(delta, sd, n, alpha, sd_to, n_to),
                             power, 20 * max(sd, sd_to or 0.0), 1e-9)


@pytest.mark.parametrize(("sd", "visits", "alpha", "power"), [
    (20.0, 5, 0.05, 0.8),
    *(pytest.param(sd, n, a, p, marks=pytest.mark.slow)  # quadrature: about 2 s each
      for sd, n in ((20.0, 2), (5.0, 3), (33.3, 10), (20.0, 20), (12.0, 200))
      for a, p in ((0.05, 0.8), (0.01, 0.9), (0.1, 0.5))),
])
def test_mde_agrees_with_the_noncentral_f_to_a_hundredth_of_a_point(
        sd: float, visits: int, alpha: float, power: float) -> None:
    assert mde(sd, visits, alpha, power) == pytest.approx(
        mde_by_bisection(sd, visits, alpha, power), abs=0.005)


@pytest.mark.parametrize(("sd", "n", "sd_to", "n_to"), [
    (20.0, 4, 12.0, 9),
    pytest.param(8.0, 12, 25.0, 3, marks=pytest.mark.slow),
    pytest.param(30.0, 2, 30.0, 40, marks=pytest.mark.slow)])
def test_unequal_visits_and_spreads_agree_too(sd: float, n: int, sd_to: float,
                                              n_to: int) -> None:
    """A report's MDE at the visits a pilot got: the rounds seldom match."""
    assert mde(sd, n, 0.05, 0.8, sd_to, n_to) == pytest.approx(
        mde_by_bisection(sd, n, 0.05, 0.8, sd_to, n_to), abs=0.005)


def test_cohens_table_64_visits_detect_half_a_standard_deviation() -> None:
    assert power_at(10.0, 20.0, 64) == pytest.approx(0.80, abs=0.005)
    needed = visits_needed(10.0, 20.0)
    assert needed is not None and needed.visits == 64 and needed.mde <= 10.0
    assert mde(20.0, 63) > 10.0  # one fewer is not enough


def test_the_needed_visits_are_the_fewest_that_reach_the_change() -> None:
    for detect in (5.0, 12.5, 30.0):
        needed = visits_needed(detect, 18.0)
        assert needed is not None
        assert mde(18.0, needed.visits) <= detect
        assert needed.visits == 2 or mde(18.0, needed.visits - 1) > detect


def test_no_spread_detects_any_change_and_a_tiny_change_is_out_of_reach() -> None:
    assert mde(0.0, 3) == 0.0
    assert visits_needed(0.001, 30.0) is None
    with pytest.raises(ValueError):
        mde(10.0, 1)


def scipy_power(delta: float, sd: float, n: int, alpha: float, sd_to: float, n_to: int) -> float:
    """The test's power as the SciPy code this module replaced computed it: 1 − F_ncf(c²).

    `ncfdtr` answers NaN in a few far tails (λ = 40 at 57.3 df, or past 10⁴ df at 1 %);
    there the distribution's own upper tail, `ncf.sf`, answers instead.
    """
    pytest.importorskip("scipy.special")
    from scipy.special import fdtri, ncfdtr

    a, b = sd * sd / n, sd_to * sd_to / n_to
    df = (a + b) ** 2 / (a * a / (n - 1) + b * b / (n_to - 1))
    shift = delta / math.sqrt(a + b)
    critical = float(fdtri(1.0, df, 1.0 - alpha))
    power = 1.0 - float(ncfdtr(1.0, df, shift * shift, critical))
    if math.isnan(power):
        from scipy.stats import ncf

        power = float(ncf.sf(critical, 1.0, df, shift * shift))
    assert not math.isnan(power)
    return power


def scipy_mde(sd: float, n: int, alpha: float, power: float, sd_to: float, n_to: int) -> float:
    """Bisection on `scipy_power` to 1e-13 relative: far inside the 1e-7 the checks ask."""
    return smallest_detected(lambda delta: scipy_power(delta, sd, n, alpha, sd_to, n_to),
                             power, max(sd, sd_to), 1e-13)


def rounds_with_df(df: float) -> tuple[float, int, float, int]:
    """(sd, n, sd_to, n_to) whose Welch df is `df`, which may be fractional.

    With n visits in both rounds the df runs from n − 1 (one round without spread) to
    2(n − 1) (equal spreads) as the variance ratio r = (sd_to/sd)² rises from 0 to 1:
    (n − 1)(1 + r)²/(1 + r²) = df, solved for r.
    """
    n = math.ceil(df / 2.0) + 1
    excess = df / (n - 1) - 1.0  # in [0, 1]
    ratio = (1.0 - math.sqrt(1.0 - excess * excess)) / excess if excess > 0.0 else 0.0
    return 10.0, n, 10.0 * math.sqrt(ratio), n


SCIPY_DFS = (2.0, 2.5, 3.0, 5.0, 9.7, 20.0, 57.3, 100.0, 1000.0, 9999.0, 10001.0, 1e5, 4e5, 1e6)
SHIFTS = (0.0, 0.1, 0.5, 1.0, 2.0, 2.8, 3.0, 5.0, 10.0, 20.0, 40.0, 60.0)


@pytest.mark.parametrize("alpha", [0.05, 0.01])
@pytest.mark.parametrize("df", SCIPY_DFS)
def test_power_agrees_with_scipys_noncentral_f_to_1e_9(df: float, alpha: float) -> None:
    sd, n, sd_to, n_to = rounds_with_df(df)
    assert welch_df(sd, n, sd_to, n_to) == pytest.approx(df, rel=1e-12)
    error = math.sqrt(sd * sd / n + sd_to * sd_to / n_to)
    for shift in SHIFTS:
        delta = shift * error
        assert power_at(delta, sd, n, alpha, sd_to, n_to) == pytest.approx(
            scipy_power(delta, sd, n, alpha, sd_to, n_to), rel=0.0, abs=1e-9), shift


def test_power_is_alpha_without_a_change_and_symmetric_in_its_sign() -> None:
    for sd, n, sd_to, n_to in (rounds_with_df(2.7), rounds_with_df(4e5)):
        for alpha in (0.05, 0.01):
            assert power_at(0.0, sd, n, alpha, sd_to, n_to) == pytest.approx(alpha, abs=1e-12)
        assert power_at(-3.0, sd, n, 0.05, sd_to, n_to) == power_at(3.0, sd, n, 0.05, sd_to, n_to)


@pytest.mark.parametrize(("sd", "visits", "sd_to", "visits_to"), [
    *((sd, n, sd, n) for sd in (0.5, 20.0) for n in (2, 3, 5, 10, 64, 1000, 20_000, 200_000)),
    (20.0, 4, 12.0, 9), (8.0, 12, 25.0, 3), (30.0, 2, 30.0, 40), (5.0, 2, 50.0, 200_000),
    (50.0, 200_000, 5.0, 2), (10.0, 100_000, 12.0, 200_000), (1.0, 2, 1000.0, 3)])
def test_mde_agrees_with_scipys_to_1e_7(sd: float, visits: int, sd_to: float,
                                        visits_to: int) -> None:
    for alpha, power in ((0.05, 0.8), (0.01, 0.9), (0.1, 0.5)):
        assert mde(sd, visits, alpha, power, sd_to, visits_to) == pytest.approx(
            scipy_mde(sd, visits, alpha, power, sd_to, visits_to), rel=1e-7), (alpha, power)


def test_the_mde_reaches_the_power_asked_and_no_less_change_does() -> None:
    for sd, n, sd_to, n_to in ((20.0, 5, 20.0, 5), (8.0, 12, 25.0, 3), (10.0, 100_000, 12.0, 2)):
        found = mde(sd, n, 0.05, 0.8, sd_to, n_to)
        assert power_at(found, sd, n, 0.05, sd_to, n_to) >= 0.8
        assert power_at(found * (1 - 1e-8), sd, n, 0.05, sd_to, n_to) < 0.8


def test_a_power_the_false_alarms_already_reach_needs_no_change() -> None:
    assert mde(20.0, 5, 0.05, 0.05) == 0.0
    assert mde(20.0, 5, 0.2, 0.1) == 0.0
