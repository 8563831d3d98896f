"""Student-t quantiles and the intervals of contract §3, without SciPy.

A team lead compares a handful of visits per library and round, so the
intervals must be honest for small n and for Welch's fractional degrees of
freedom, which no printed t table covers. The t distribution is computed
through the regularised incomplete beta function (continued fraction,
modified Lentz), or, past 10⁴ degrees of freedom where that loses digits,
Hill's normalising transformation to the normal. Its quantile comes from
safeguarded Newton steps started at Hill's approximation and converged to
~1e-13 relative, far past the 1e-6 the contract asks for.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from statistics import NormalDist

_CF_EPS = 1e-15
_CF_MAX_TERMS = 10_000
_TINY = 1e-300
_LOG_SQRT_PI = 0.5 * math.log(math.pi)
_LOG_HALF = math.log(0.5)
_LOG_FLOAT_MAX = math.log(1.7976931348623157e308)
_NEWTON_TOL = 1e-13
_MAX_STEPS = 200
_LARGE_DF = 1e4


def beta_fraction(a: float, b: float, x: float) -> float:
    """Continued fraction for I_x(a, b); converges fast for x < (a + 1) / (a + b + 2).

    I_x(a, b) is this times x^a·(1 − x)^b / (a·B(a, b)); evaluated by modified Lentz.
    """
    qab, qap, qam = a + b, a + 1.0, a - 1.0
    c = 1.0
    d = 1.0 - qab * x / qap
    d = 1.0 / (d if abs(d) > _TINY else _TINY)
    h = d
    for m in range(1, _CF_MAX_TERMS):
        m2 = 2 * m
        for aa in (m * (b - m) * x / ((qam + m2) * (a + m2)),
                   -(a + m) * (qab + m) * x / ((a + m2) * (qap + m2))):
            d = 1.0 + aa * d
            d = 1.0 / (d if abs(d) > _TINY else _TINY)
            c = 1.0 + aa / c
            c = c if abs(c) > _TINY else _TINY
            step = d * c
            h *= step
        if abs(step - 1.0) < _CF_EPS:
            break
    return h


def stirling_tail(z: float) -> float:
    """log Γ(z) − ((z − ½)·log z − z + ½·log 2π): the Stirling series, within 5e-17 for z >= 30."""
    z2 = z * z
    return (1.0 / 12.0 - (1.0 / 360.0 - (1.0 / 1260.0 - 1.0 / (1680.0 * z2)) / z2) / z2) / z


def _log_gamma_ratio(a: float) -> float:
    """log Γ(a + ½) − log Γ(a).

    For large a the two lgamma values are huge and nearly equal, so their difference
    would lose most of its digits; there the Stirling series is differenced term by term.
    """
    if a < 30.0:
        return math.lgamma(a + 0.5) - math.lgamma(a)
    return (0.5 * math.log(a) + (a * math.log1p(0.5 / a) - 0.5)
            + stirling_tail(a + 0.5) - stirling_tail(a))


def _log_density_at_zero(df: float) -> float:
    return _log_gamma_ratio(df / 2.0) - _LOG_SQRT_PI - 0.5 * math.log(df)


def _normal_tail_log(z: float) -> tuple[float, float]:
    """(Q, log Q) for the standard normal upper tail Q(z), z >= 0, keeping log Q past underflow."""
    w = z / math.sqrt(2.0)
    if w < 20.0:
        tail = 0.5 * math.erfc(w)
        return tail, math.log(tail)
    # erfc(w) = exp(−w²)/(w√π)·Σ (−1)^k (2k−1)!!/(2w²)^k; at w >= 20 eight terms reach 1e-17
    term, total, k = 1.0, 1.0, 1
    while abs(term) > 1e-17:
        term *= -(2 * k - 1) / (2.0 * w * w)
        total += term
        k += 1
    log_tail = _LOG_HALF - w * w - math.log(w) - _LOG_SQRT_PI + math.log(total)
    return math.exp(log_tail), log_tail


def _pieces(t: float, df: float) -> tuple[float, float, float, float]:
    """For t > 0: (P(0 < T < t), P(T > t), log P(T > t), log density at t).

    Both probabilities are needed without cancellation: the central one when the
    quantile is near 0, the tail (and its log) when it is far out.
    With s² = t²/df, x = 1/(1 + s²) and y = 1 − x,
    P(T > t) = I_x(df/2, ½)/2 and P(0 < T < t) = I_y(½, df/2)/2.
    """
    a, b = df / 2.0, 0.5
    s = t / math.sqrt(df)
    if s > 1e150:
        log_x = -2.0 * math.log(s)
        x, y, log_y = math.exp(log_x), 1.0, 0.0
    else:
        s2 = s * s
        log_x = -math.log1p(s2)
        x, y = 1.0 / (1.0 + s2), s2 / (1.0 + s2)
        log_y = 2.0 * math.log(s) + log_x
    log_density = _log_density_at_zero(df) + (df + 1.0) / 2.0 * log_x
    if df > _LARGE_DF:
        # With x within ~1/df of 1 the continued fraction loses about log10(df) digits
        # to cancellation. Hill's (1970, CACM Algorithm 395) normalising transformation
        # is accurate to ~1e-13 relative here instead.
        big_a = df - 0.5
        big_b = 48.0 * big_a * big_a
        w = -big_a * log_x
        z = ((((-0.4 * w - 3.3) * w - 24.0) * w - 85.5) / (0.8 * w * w + 100.0 + big_b)
             + w + 3.0) / big_b + 1.0
        z *= math.sqrt(w)
        tail, log_tail = _normal_tail_log(z)
        return 0.5 * math.erf(z / math.sqrt(2.0)), tail, log_tail, log_density
    log_front = _log_gamma_ratio(a) - _LOG_SQRT_PI + a * log_x + b * log_y
    if x < (a + 1.0) / (a + b + 2.0):
        log_tail = _LOG_HALF + log_front + math.log(beta_fraction(a, b, x)) - math.log(a)
        tail = math.exp(log_tail)
        return 0.5 - tail, tail, log_tail, log_density
    central = 0.5 * math.exp(log_front) * beta_fraction(b, a, y) / b
    tail = 0.5 - central
    return central, tail, math.log(tail), log_density


def _check_df(df: float) -> None:
    if not (df > 0.0 and math.isfinite(df)):
        raise ValueError(f"degrees of freedom must be positive and finite, got {df}")


def student_t_cdf(t: float, df: float) -> float:
    """P(T <= t) for Student's t with real df > 0."""
    _check_df(df)
    if math.isnan(t):
        return math.nan
    if t == 0.0:
        return 0.5
    if math.isinf(t):
        return 1.0 if t > 0.0 else 0.0
    central, tail, _, _ = _pieces(abs(t), df)
    return 0.5 + central if t > 0.0 else tail


def _hill_start(q: float, df: float) -> float | None:
    """Hill (1970), CACM Algorithm 396, in the form R's qt uses; for df >= 1 only."""
    two_sided = 2.0 * q
    a = 1.0 / (df - 0.5)
    b = 48.0 / (a * a)
    c = ((20700.0 * a / b - 98.0) * a - 16.0) * a + 96.36
    d = ((94.5 / (b + c) - 3.0) / b + 1.0) * math.sqrt(a * math.pi / 2.0) * df
    try:
        y = (d * two_sided) ** (2.0 / df)
        if (df < 2.1 and two_sided > 0.5) or y > 0.05 + a:
            x = NormalDist().inv_cdf(q)
            y = x * x
            if df < 5.0:
                c += 0.3 * (df - 4.5) * (x + 0.6)
            c = (((0.05 * d * x - 5.0) * x - 7.0) * x - 2.0) * x + b + c
            y = (((((0.4 * y + 6.3) * y + 36.0) * y + 94.5) / c - y - 3.0) / b + 1.0) * x
            y = math.expm1(a * y * y)
        else:
            y = ((1.0 / (((df + 6.0) / (df * y) - 0.089 * d - 0.822) * (df + 2.0) * 3.0)
                  + 0.5 / (df + 4.0)) * y - 1.0) * (df + 1.0) / (df + 2.0) + 1.0 / y
        start = math.sqrt(df * y)
    except (ArithmeticError, ValueError):
        return None
    return start if math.isfinite(start) and start > 0.0 else None


def _upper_quantile(q: float, df: float) -> float:
    """The t > 0 with P(T > t) = q, for 0 < q < ½.

    Newton's method works on C(t) = P(0 < T < t) when q is near ½ and on log P(T > t)
    against log t in the tails, where heavy tails make P(T > t) nearly flat in t. Every
    step keeps a bracket: C(t) <= f(0)·t gives a lower bound, and the tail of the
    density's power-law envelope c·(t²/df)^(−(df+1)/2), which lies above the density,
    gives an upper one. Steps that would leave the bracket are replaced by bisection.
    """
    log_f0 = _log_density_at_zero(df)
    low = (0.5 - q) / math.exp(log_f0) * (1.0 - 1e-9)
    log_high = (log_f0 + (df - 1.0) / 2.0 * math.log(df) - math.log(q)) / df
    if log_high >= _LOG_FLOAT_MAX:
        high = math.ldexp(1.0, 1023)
        if _pieces(high, df)[1] > q:
            return math.inf  # the quantile is beyond the largest float
    else:
        high = math.exp(log_high) * (1.0 + 1e-9)
    in_tail = q < 0.25
    start = _hill_start(q, df) if df >= 1.0 else None
    if start is None:
        start = high if in_tail else low
    t = min(max(start, low), high)
    log_q = math.log(q)
    for _ in range(_MAX_STEPS):
        central, _, log_tail, log_density = _pieces(t, df)
        if in_tail:
            miss = log_tail - log_q  # positive when t is too small
            log_step = miss * math.exp(log_tail - math.log(t) - log_density)
            candidate = t * math.exp(log_step) if log_step < _LOG_FLOAT_MAX else math.inf
        else:
            miss = (0.5 - q) - central
            candidate = t + miss / math.exp(log_density)
        if miss == 0.0:
            return t
        if miss > 0.0:
            low = t
        else:
            high = t
        if abs(candidate - t) <= _NEWTON_TOL * t:
            return candidate
        if not low < candidate < high:
            candidate = math.sqrt(low * high) if high > 4.0 * low else 0.5 * (low + high)
            if high - low <= _NEWTON_TOL * high:
                return candidate
        t = candidate
    return t  # pragma: no cover - Newton converges in a handful of steps


def t_quantile(p: float, df: float) -> float:
    """The t with P(T <= t) = p, for 0 < p < 1 and real df > 0."""
    if not 0.0 < p < 1.0:
        raise ValueError(f"p must be strictly between 0 and 1, got {p}")
    _check_df(df)
    if p == 0.5:
        return 0.0
    sign = 1.0 if p > 0.5 else -1.0
    q = 1.0 - p if p > 0.5 else p  # exact for p in [½, 1), so tails keep their digits
    if df == 1.0:
        return sign * (math.tan(math.pi * (0.5 - q)) if q > 0.25 else 1.0 / math.tan(math.pi * q))
    if df == 2.0:
        return sign * (1.0 - 2.0 * q) / math.sqrt(2.0 * q * (1.0 - q))
    return sign * _upper_quantile(q, df)


def _mean_var(values: Sequence[float]) -> tuple[float, float]:
    """Mean and sample variance; identical values give exactly their value and 0."""
    first = float(values[0])
    if all(v == first for v in values):
        return first, 0.0
    mean = math.fsum(values) / len(values)
    return mean, math.fsum((v - mean) ** 2 for v in values) / (len(values) - 1)


def _upper_level(level: float) -> float:
    if not 0.0 < level < 1.0:
        raise ValueError(f"level must be strictly between 0 and 1, got {level}")
    return 0.5 + level / 2.0


@dataclass(frozen=True, slots=True)
class CellStats:
    n: int
    mean: float | None
    sd: float | None
    ci_low: float | None
    ci_high: float | None


@dataclass(frozen=True, slots=True)
class Moments:
    """What the intervals need of a sample: its size, mean and sample variance."""

    n: int
    mean: float
    var: float


def moments(values: Sequence[float]) -> Moments:
    if not values:
        raise ValueError("no values")
    if len(values) == 1:
        return Moments(1, float(values[0]), 0.0)
    mean, var = _mean_var(values)
    return Moments(len(values), mean, var)


def cell_stats(values: Sequence[float], level: float = 0.95) -> CellStats:
    """Mean with a Student-t interval; no interval when n < 2; never clipped."""
    if not values:
        _upper_level(level)
        return CellStats(0, None, None, None, None)
    return cell_from_moments(moments(values), level)


def cell_from_moments(sample: Moments, level: float = 0.95) -> CellStats:
    upper = _upper_level(level)
    n, mean = sample.n, sample.mean
    if n == 1:
        return CellStats(1, mean, None, None, None)
    sd = math.sqrt(max(sample.var, 0.0))
    half = t_quantile(upper, n - 1) * sd / math.sqrt(n)
    return CellStats(n, mean, sd, mean - half, mean + half)


@dataclass(frozen=True, slots=True)
class ChangeStats:
    n_from: int
    n_to: int
    mean_from: float
    mean_to: float
    delta: float
    df: float | None
    ci_low: float | None
    ci_high: float | None
    clear: bool
    p_value: float | None = None
    """Welch's two-sided p-value: below 1 − level exactly when the interval excludes 0."""


def t_two_sided_p(t: float, df: float) -> float:
    """P(|T| >= |t|) for Student's t with real df > 0, from the tail itself (no 1 − cdf)."""
    _check_df(df)
    if math.isnan(t):
        return math.nan
    if t == 0.0:
        return 1.0
    if math.isinf(t):
        return 0.0
    return min(1.0, 2.0 * _pieces(abs(t), df)[1])


def change_stats(before: Sequence[float], after: Sequence[float],
                 level: float = 0.95) -> ChangeStats:
    """mean(after) − mean(before) with a Welch interval; `clear` when it excludes 0."""
    if not before or not after:
        raise ValueError("a change needs at least one value on each side")
    return change_from_moments(moments(before), moments(after), level)


def change_from_moments(before: Moments, after: Moments, level: float = 0.95) -> ChangeStats:
    upper = _upper_level(level)
    n1, m1, v1 = before.n, before.mean, max(before.var, 0.0)
    n2, m2, v2 = after.n, after.mean, max(after.var, 0.0)
    delta = m2 - m1
    if n1 < 2 or n2 < 2:
        return ChangeStats(n1, n2, m1, m2, delta, None, None, None, False)
    a, b = v1 / n1, v2 / n2
    if a + b == 0.0:
        # Welch's df is 0/0 here; with no spread on either side the change is exact.
        return ChangeStats(n1, n2, m1, m2, delta, None, delta, delta, delta != 0.0,
                           0.0 if delta != 0.0 else 1.0)
    df = (a + b) ** 2 / (a * a / (n1 - 1) + b * b / (n2 - 1))
    se = math.sqrt(a + b)
    half = t_quantile(upper, df) * se
    low, high = delta - half, delta + half
    return ChangeStats(n1, n2, m1, m2, delta, df, low, high, low > 0.0 or high < 0.0,
                       t_two_sided_p(delta / se, df))
