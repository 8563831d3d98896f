"""Tests for pilotkit.core.stats against values worked out independently of it.

Expected numbers come from printed t tables, closed forms, hand arithmetic, or a
Simpson-rule integration of the t density written here, never from the module.
"""

from __future__ import annotations

import math
from statistics import NormalDist

import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st

from pilotkit.core.stats import (
    CellStats,
    cell_stats,
    change_stats,
    student_t_cdf,
    t_quantile,
)

# Two-sided 95 % critical values, t(0.975, df), as printed in standard tables.
T975 = {1: 12.7062, 2: 4.3027, 3: 3.1824, 4: 2.7764, 5: 2.5706, 7: 2.3646, 8: 2.3060,
        10: 2.2281, 13: 2.1604, 14: 2.1448, 20: 2.0860, 30: 2.0423, 60: 2.0003, 120: 1.9799}
TABLE_TOL = 5e-5  # the tables are rounded to 4 decimals

# t(0.975, 1) = tan(0.475π) = cot(π/40) and t(0.975, 2) = 0.95 / sqrt(2·0.975·0.025)
T975_DF1 = 1.0 / math.tan(math.pi / 40.0)
T975_DF2 = 0.95 / math.sqrt(2.0 * 0.975 * 0.025)


def simpson_cdf(t: float, df: float, panels: int = 2000) -> float:
    """P(T <= t) by composite Simpson over the density on [0, t], plus ½."""
    log_c = math.lgamma((df + 1.0) / 2.0) - math.lgamma(df / 2.0) - 0.5 * math.log(df * math.pi)

    def density(u: float) -> float:
        return math.exp(log_c - (df + 1.0) / 2.0 * math.log1p(u * u / df))

    h = t / panels
    odd = math.fsum(density((2 * i - 1) * h) for i in range(1, panels // 2 + 1))
    even = math.fsum(density(2 * i * h) for i in range(1, panels // 2))
    return 0.5 + h / 3.0 * (density(0.0) + 4.0 * odd + 2.0 * even + density(t))


def reference_quantile(p: float, df: float, low: float, high: float) -> float:
    """Bisection on simpson_cdf inside a bracket taken from table values."""
    assert simpson_cdf(low, df) < p < simpson_cdf(high, df)
    for _ in range(60):
        mid = 0.5 * (low + high)
        if simpson_cdf(mid, df) < p:
            low = mid
        else:
            high = mid
    return 0.5 * (low + high)


# --- t quantile --------------------------------------------------------------------------

@pytest.mark.parametrize(("df", "expected"), sorted(T975.items()))
def test_t975_matches_the_printed_table(df: int, expected: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=TABLE_TOL)
    assert t_quantile(0.025, df) == pytest.approx(-expected, abs=TABLE_TOL)


@pytest.mark.parametrize(("p", "df", "expected"), [(0.95, 10, 1.8125), (0.995, 5, 4.0321)])
def test_other_table_values(p: float, df: int, expected: float) -> None:
    assert t_quantile(p, df) == pytest.approx(expected, abs=TABLE_TOL)


def test_large_df_approaches_the_normal() -> None:
    assert t_quantile(0.975, 1_000_000) == pytest.approx(1.95996, abs=1e-5)
    normal = NormalDist().inv_cdf(0.975)
    assert normal < t_quantile(0.975, 10_000) < t_quantile(0.975, 1_000) < T975[120]


@pytest.mark.parametrize("df", [1e5, 1e8, 1e12])
@pytest.mark.parametrize("p", [0.6, 0.975, 0.999999])
def test_large_df_matches_cornish_fisher(df: float, p: float) -> None:
    # Abramowitz & Stegun 26.7.5; the next term is O(z¹¹/df⁵), far below the tolerance here
    z = NormalDist().inv_cdf(p)
    g1 = (z**3 + z) / 4
    g2 = (5 * z**5 + 16 * z**3 + 3 * z) / 96
    g3 = (3 * z**7 + 19 * z**5 + 17 * z**3 - 15 * z) / 384
    g4 = (79 * z**9 + 776 * z**7 + 1482 * z**5 - 1920 * z**3 - 945 * z) / 92160
    expected = z + g1 / df + g2 / df**2 + g3 / df**3 + g4 / df**4
    assert t_quantile(p, df) == pytest.approx(expected, rel=1e-10)


CLOSED_FORM_PS = [1e-6, 0.001, 0.025, 0.1, 0.3, 0.5, 0.7, 0.9, 0.975, 0.999, 1 - 1e-6]


@pytest.mark.parametrize("p", CLOSED_FORM_PS)
def test_closed_forms_for_one_and_two_df(p: float) -> None:
    assert t_quantile(p, 1) == pytest.approx(math.tan(math.pi * (p - 0.5)), rel=1e-9, abs=1e-12)
    expected_2 = (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    assert t_quantile(p, 2) == pytest.approx(expected_2, rel=1e-9, abs=1e-12)


@pytest.mark.parametrize("p", CLOSED_FORM_PS)
@pytest.mark.parametrize("offset", [-1e-9, 1e-9])
def test_general_solver_agrees_with_closed_forms_next_to_them(p: float, offset: float) -> None:
    # df = 1 ± 1e-9 and 2 ± 1e-9 go through the iterative solver, not the shortcuts
    assert t_quantile(p, 1 + offset) == pytest.approx(math.tan(math.pi * (p - 0.5)),
                                                      rel=1e-6, abs=1e-12)
    expected_2 = (2 * p - 1) / math.sqrt(2 * p * (1 - p))
    assert t_quantile(p, 2 + offset) == pytest.approx(expected_2, rel=1e-6, abs=1e-12)


@pytest.mark.parametrize("t", [-100.0, -4.3, -1.0, -0.2, 0.0, 0.5, 1.0, 3.0, 12.7, 1e4])
def test_cdf_closed_forms_for_one_and_two_df(t: float) -> None:
    assert student_t_cdf(t, 1) == pytest.approx(0.5 + math.atan(t) / math.pi, abs=1e-13)
    assert student_t_cdf(t, 2) == pytest.approx(0.5 + t / (2 * math.sqrt(2 + t * t)), abs=1e-13)


@pytest.mark.parametrize(("df", "below", "above"), [(2.5, 2, 3), (7.3, 7, 8), (13.87, 13, 14)])
def test_fractional_df_by_independent_integration(df: float, below: int, above: int) -> None:
    q = t_quantile(0.975, df)
    assert simpson_cdf(q, df) == pytest.approx(0.975, abs=1e-7)
    assert T975[above] < q < T975[below]


@pytest.mark.parametrize("df", [0.7, 2.5, 7.3, 13.87, 250.0])
@pytest.mark.parametrize("t", [0.05, 0.9, 2.0, 4.5])
def test_cdf_matches_independent_integration(df: float, t: float) -> None:
    assert student_t_cdf(t, df) == pytest.approx(simpson_cdf(t, df), abs=1e-10)


@pytest.mark.parametrize("df", [0.3, 1.0, 2.0, 4.96, 30.0, 1e6])
@pytest.mark.parametrize("t", [0.001, 0.7, 2.5, 40.0])
def test_cdf_is_symmetric(df: float, t: float) -> None:
    assert student_t_cdf(0.0, df) == 0.5
    assert student_t_cdf(-t, df) == pytest.approx(1.0 - student_t_cdf(t, df), abs=1e-15)
    assert 0.0 <= student_t_cdf(-t, df) < 0.5 < student_t_cdf(t, df) <= 1.0


def test_quantile_keeps_its_digits_in_the_tails_and_near_the_centre() -> None:
    q = t_quantile(1e-12, 3.5)
    assert student_t_cdf(q, 3.5) == pytest.approx(1e-12, rel=1e-9)
    # near p = ½ the cdf is ½ + f(0)·t to first order
    f0 = math.exp(math.lgamma(2.5) - math.lgamma(2.0) - 0.5 * math.log(4.0 * math.pi))
    assert t_quantile(0.5 + 1e-12, 4.0) == pytest.approx(1e-12 / f0, rel=1e-6)
    assert t_quantile(0.5, 4.0) == 0.0
    # the 1e-300 quantile with df = 0.05 lies far beyond the largest float
    assert t_quantile(1e-300, 0.05) == -math.inf


@pytest.mark.parametrize(("p", "df"), [(0.0, 3.0), (1.0, 3.0), (-0.1, 3.0), (math.nan, 3.0),
                                       (0.5, 0.0), (0.5, -2.0), (0.5, math.nan), (0.5, math.inf)])
def test_quantile_rejects_bad_arguments(p: float, df: float) -> None:
    with pytest.raises(ValueError):
        t_quantile(p, df)


@pytest.mark.parametrize("df", [0.0, -1.0, math.nan])
def test_cdf_rejects_bad_df(df: float) -> None:
    with pytest.raises(ValueError):
        student_t_cdf(1.0, df)


@settings(max_examples=300, deadline=None)
@given(df=st.floats(min_value=0.5, max_value=500.0),
       p=st.floats(min_value=0.5, max_value=0.9999))
def test_cdf_inverts_quantile(df: float, p: float) -> None:
    assert abs(student_t_cdf(t_quantile(p, df), df) - p) <= 1e-9


@settings(max_examples=300, deadline=None)
@given(df=st.floats(min_value=0.5, max_value=500.0),
       p=st.floats(min_value=0.5, max_value=0.9999),
       gap=st.floats(min_value=1e-9, max_value=0.4999))
def test_quantile_increases_with_p(df: float, p: float, gap: float) -> None:
    assume(p + gap < 1.0)
    assert t_quantile(p, df) < t_quantile(p + gap, df)


# --- cells --------------------------------------------------------------------------------

def test_cell_without_values() -> None:
    assert cell_stats([]) == CellStats(0, None, None, None, None)


def test_cell_with_one_value_has_no_interval() -> None:
    assert cell_stats([80]) == CellStats(1, 80.0, None, None, None)


def test_cell_of_two_is_wide_and_not_clipped() -> None:
    stats = cell_stats([60, 80])
    assert (stats.n, stats.mean) == (2, 70.0)
    assert stats.sd == pytest.approx(math.sqrt(200.0), rel=1e-12)  # (10² + 10²) / 1
    half = T975_DF1 * math.sqrt(200.0) / math.sqrt(2.0)  # = 10 · 12.7062 = 127.062
    assert stats.ci_low == pytest.approx(70.0 - half, abs=1e-9)
    assert stats.ci_high == pytest.approx(70.0 + half, abs=1e-9)
    assert stats.ci_low == pytest.approx(-57.062, abs=1e-3)
    assert stats.ci_high == pytest.approx(197.062, abs=1e-3)


def test_cell_of_three() -> None:
    stats = cell_stats([70, 80, 90])
    assert (stats.n, stats.mean) == (3, 80.0)
    assert stats.sd == pytest.approx(10.0, rel=1e-12)  # (10² + 0 + 10²) / 2 = 100
    half = T975_DF2 * 10.0 / math.sqrt(3.0)  # 4.3027 · 10 / √3 = 24.841
    assert half == pytest.approx(24.841, abs=1e-3)
    assert stats.ci_low == pytest.approx(80.0 - half, abs=1e-9)
    assert stats.ci_high == pytest.approx(80.0 + half, abs=1e-9)


def test_cell_level_is_used() -> None:
    stats = cell_stats([70, 80, 90], level=0.90)
    half = (0.9 / math.sqrt(2 * 0.95 * 0.05)) * 10.0 / math.sqrt(3.0)  # t(0.95, 2) = 2.92
    assert stats.ci_high == pytest.approx(80.0 + half, abs=1e-9)


@pytest.mark.parametrize("values", [[72.5] * 3, [0.1] * 7, [1e-300] * 2, [33.3] * 11])
def test_cell_without_spread_is_an_exact_point(values: list[float]) -> None:
    stats = cell_stats(values)
    assert stats.mean == values[0]
    assert stats.sd == 0.0
    assert stats.ci_low == values[0]
    assert stats.ci_high == values[0]


def test_cell_rejects_bad_level() -> None:
    with pytest.raises(ValueError):
        cell_stats([1.0, 2.0], level=1.0)


# --- changes ------------------------------------------------------------------------------

def test_welch_change_worked_by_hand() -> None:
    before, after = [60, 70, 80], [80, 90, 100, 110]
    # means 70 and 95; variances 200/2 = 100 and (15² + 5² + 5² + 15²)/3 = 500/3
    se2 = 100 / 3 + (500 / 3) / 4
    assert se2 == pytest.approx(75.0)
    df = 75**2 / ((100 / 3) ** 2 / 2 + ((500 / 3) / 4) ** 2 / 3)  # 5625 / (30625/27) = 243/49
    assert df == pytest.approx(243 / 49)
    t = reference_quantile(0.975, df, T975[5], T975[4])
    stats = change_stats(before, after)
    assert (stats.n_from, stats.n_to, stats.mean_from, stats.mean_to) == (3, 4, 70.0, 95.0)
    assert stats.delta == 25.0
    assert stats.df == pytest.approx(243 / 49, rel=1e-12)
    assert stats.ci_low == pytest.approx(25 - t * math.sqrt(75), abs=1e-6)
    assert stats.ci_high == pytest.approx(25 + t * math.sqrt(75), abs=1e-6)
    # t(0.975, 4.9592) = 2.57696 from an independent high-precision computation
    assert stats.ci_low == pytest.approx(2.6829, abs=1e-3)
    assert stats.ci_high == pytest.approx(47.3171, abs=1e-3)
    assert stats.clear


@pytest.mark.parametrize(("before", "after"), [([70], [80, 90]), ([70, 90], [85]), ([1], [2])])
def test_change_with_a_single_visit_has_no_interval(before: list[float],
                                                    after: list[float]) -> None:
    stats = change_stats(before, after)
    assert stats.delta == pytest.approx(sum(after) / len(after) - sum(before) / len(before))
    assert (stats.df, stats.ci_low, stats.ci_high, stats.clear) == (None, None, None, False)


def test_change_without_spread_on_either_side_is_exact() -> None:
    stats = change_stats([50, 50], [60, 60, 60])
    assert (stats.delta, stats.ci_low, stats.ci_high, stats.clear) == (10.0, 10.0, 10.0, True)
    flat = change_stats([50, 50], [50, 50, 50])
    assert (flat.delta, flat.ci_low, flat.ci_high, flat.clear) == (0.0, 0.0, 0.0, False)


@pytest.mark.parametrize(("before", "after", "delta"),
                         [([50, 50, 50], [55, 65], 10.0), ([55, 65], [50, 50, 50], -10.0)])
def test_change_with_spread_on_one_side_is_ordinary_welch(before: list[float],
                                                          after: list[float],
                                                          delta: float) -> None:
    # se² = 0/3 + 50/2 = 25; df = 25² / (0 + 25²/1) = 1, so t = cot(π/40) = 12.7062
    stats = change_stats(before, after)
    assert stats.df == pytest.approx(1.0, rel=1e-12)
    half = T975_DF1 * 5.0  # 63.531
    assert stats.delta == delta
    assert stats.ci_low == pytest.approx(delta - half, abs=1e-9)
    assert stats.ci_high == pytest.approx(delta + half, abs=1e-9)
    assert not stats.clear


def test_unequal_variances_interval_excluding_zero_is_clear() -> None:
    before, after = [40, 42, 44, 46], [60, 80, 100, 70, 90]
    # means 43 and 80; variances 20/3 and 1000/4 = 250
    a, b = (20 / 3) / 4, 250 / 5
    df = (a + b) ** 2 / (a**2 / 3 + b**2 / 4)  # ≈ 4.27
    t = reference_quantile(0.975, df, T975[5], T975[4])
    half = t * math.sqrt(a + b)
    stats = change_stats(before, after)
    assert stats.delta == pytest.approx(37.0)
    assert stats.df == pytest.approx(df, rel=1e-12)
    assert stats.ci_low == pytest.approx(37.0 - half, abs=1e-6)
    assert stats.ci_high == pytest.approx(37.0 + half, abs=1e-6)
    assert stats.ci_low is not None
    assert stats.ci_low > 0
    assert stats.clear


def test_unequal_variances_interval_including_zero_is_not_clear() -> None:
    before, after = [50, 70, 90], [60, 62]
    # means 70 and 61; variances 400 and 2
    a, b = 400 / 3, 2 / 2
    df = (a + b) ** 2 / (a**2 / 2 + b**2 / 1)  # ≈ 2.03
    t = reference_quantile(0.975, df, T975[3], T975[2])
    half = t * math.sqrt(a + b)
    stats = change_stats(before, after)
    assert stats.delta == pytest.approx(-9.0)
    assert stats.ci_low == pytest.approx(-9.0 - half, abs=1e-6)
    assert stats.ci_high == pytest.approx(-9.0 + half, abs=1e-6)
    assert stats.ci_low is not None and stats.ci_high is not None
    assert stats.ci_low < 0 < stats.ci_high
    assert not stats.clear


@pytest.mark.parametrize(("before", "after"), [([], [1.0]), ([1.0], []), ([], [])])
def test_change_needs_values_on_both_sides(before: list[float], after: list[float]) -> None:
    with pytest.raises(ValueError):
        change_stats(before, after)
