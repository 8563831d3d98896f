"""t quantiles against published tables, and the contract's interval rules by hand."""

from __future__ import annotations

import math

import pytest

from pilotkit.core.stats import cell_stats, change_stats, student_t_cdf, t_quantile

# two-sided 95 % critical values from printed Student-t tables
TABLE_975 = {1: 12.7062, 2: 4.3027, 3: 3.1824, 4: 2.7764, 5: 2.5706, 10: 2.2281, 20: 2.0860,
             30: 2.0423, 60: 2.0003, 120: 1.9799}


@pytest.mark.parametrize(("df", "expected"), sorted(TABLE_975.items()))
def test_table_values(df: int, expected: float) -> None:
    assert t_quantile(0.975, df) == pytest.approx(expected, abs=5e-5)


def test_other_levels_and_the_normal_limit() -> None:
    assert t_quantile(0.95, 10) == pytest.approx(1.8125, abs=5e-5)
    assert t_quantile(0.995, 5) == pytest.approx(4.0321, abs=5e-5)
    assert t_quantile(0.975, 1e7) == pytest.approx(1.959964, abs=1e-5)
    assert t_quantile(0.025, 10) == pytest.approx(-2.2281, abs=5e-5)


@pytest.mark.parametrize("p", [0.6, 0.9, 0.975, 0.999])
def test_closed_forms(p: float) -> None:
    assert t_quantile(p, 1) == pytest.approx(math.tan(math.pi * (p - 0.5)), rel=1e-9)
    assert t_quantile(p, 2) == pytest.approx((2 * p - 1) / math.sqrt(2 * p * (1 - p)), rel=1e-9)


def simpson_cdf(q: float, df: float, panels: int = 20_000) -> float:
    """P(T <= q) by integrating the density independently (Simpson's rule)."""
    log_c = math.lgamma((df + 1) / 2) - math.lgamma(df / 2) - 0.5 * math.log(df * math.pi)

    def pdf(x: float) -> float:
        return math.exp(log_c - (df + 1) / 2 * math.log1p(x * x / df))

    h = q / panels
    total = pdf(0) + pdf(q) + sum((4 if k % 2 else 2) * pdf(k * h) for k in range(1, panels))
    return 0.5 + total * h / 3


@pytest.mark.parametrize(("df", "lower", "upper"),
                         [(2.5, 3.1824, 4.3027), (7.3, 2.3060, 2.3646), (13.87, 2.1448, 2.1604)])
def test_fractional_df(df: float, lower: float, upper: float) -> None:
    q = t_quantile(0.975, df)
    assert simpson_cdf(q, df) == pytest.approx(0.975, abs=1e-7)
    # between its integer neighbours' table values (t(8) = 2.3060, t(7) = 2.3646 ...)
    assert lower < q < upper


def test_cdf_symmetry() -> None:
    assert student_t_cdf(0.0, 4.2) == 0.5
    for t in (0.3, 1.7, 5.0):
        assert student_t_cdf(-t, 6.5) == pytest.approx(1 - student_t_cdf(t, 6.5), abs=1e-14)


def test_cells_by_hand() -> None:
    assert cell_stats([]).n == 0
    one = cell_stats([80.0])
    assert (one.n, one.mean, one.ci_low, one.ci_high) == (1, 80.0, None, None)
    two = cell_stats([60.0, 80.0])
    # mean 70, sd sqrt(200), half-width 12.7062 * sqrt(200) / sqrt(2) = 127.062: not clipped
    assert two.mean == 70.0
    assert two.ci_low == pytest.approx(70 - 127.062, abs=1e-3)
    assert two.ci_high == pytest.approx(70 + 127.062, abs=1e-3)
    three = cell_stats([70.0, 80.0, 90.0])
    # sd 10, half-width 4.3027 * 10 / sqrt(3) = 24.8417
    assert three.ci_low == pytest.approx(80 - 24.8417, abs=1e-3)
    flat = cell_stats([72.5, 72.5, 72.5])
    assert (flat.sd, flat.ci_low, flat.ci_high) == (0.0, 72.5, 72.5)


def test_changes_by_hand() -> None:
    # before 60, 70, 80 (var 100); after 80, 90, 100, 110 (var 166.67)
    # se² = 100/3 + 166.67/4 = 75; df = 75² / ((100/3)²/2 + (166.67/4)²/3) = 4.9592
    change = change_stats([60, 70, 80], [80, 90, 100, 110])
    assert change.delta == 25.0
    assert change.df == pytest.approx(75**2 / ((100 / 3) ** 2 / 2 + (500 / 12) ** 2 / 3), rel=1e-9)
    # t(0.975, 4.9592) lies just above t(5) = 2.5706: half-width ≈ 2.5773 * sqrt(75) = 22.32
    assert change.ci_low == pytest.approx(25 - 22.32, abs=0.01)
    assert change.clear
    # one side with a single visit: no interval, never clear
    single = change_stats([50], [90, 95])
    assert (single.ci_low, single.ci_high, single.clear) == (None, None, False)
    # zero variance on both sides: the point interval
    point = change_stats([50, 50], [60, 60, 60])
    assert (point.ci_low, point.ci_high, point.clear) == (10.0, 10.0, True)
    assert not change_stats([50, 50], [50, 50]).clear
    # zero variance on one side: ordinary Welch, df = n_to - 1 = 1
    one_side = change_stats([50, 50, 50], [55, 65])
    assert one_side.df == pytest.approx(1.0)
    assert one_side.ci_low == pytest.approx(10 - 12.7062 * math.sqrt(50 / 2), abs=1e-3)
    assert not one_side.clear
