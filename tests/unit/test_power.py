"""Issue 20: the minimum detectable difference, against independent computations.

The module takes power from the noncentral F (the square of the noncentral
t). The checks here integrate instead: given the chi-square variable V of
the t's denominator, the statistic exceeds c exactly when a normal exceeds
c·√(V/df) − λ, so power is ∫ [Φ(λ − c√(v/df)) + Φ(−λ − c√(v/df))] χ²_df(v) dv,
by quadrature, then solved by bisection; and (b) Cohen's published table:
64 visits a group detect d = 0.5 with 80 % power at α = 0.05, two-sided
(Statistical Power Analysis, 2nd ed., Table 2.4.1).
"""

from __future__ import annotations

import math

import pytest
from scipy.integrate import quad
from scipy.stats import chi2, norm, t

from pilotkit.core.power import mde, power_at, visits_needed


def power_by_integration(delta: float, sd: float, n: int, alpha: float,
                         sd_to: float | None = None, n_to: int | None = None) -> float:
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


def mde_by_bisection(sd: float, n: int, alpha: float, power: float,
                     sd_to: float | None = None, n_to: int | None = None) -> float:
    low, high = 0.0, 20 * max(sd, sd_to or 0.0)
    for _ in range(36):  # 20·sd / 2³⁶: far below the 0.005 asked
        middle = (low + high) / 2
        if power_by_integration(middle, sd, n, alpha, sd_to, n_to) < power:
            low = middle
        else:
            high = middle
    return (low + high) / 2


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
