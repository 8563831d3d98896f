"""How large a change a round pair can detect, before anyone visits (contract §8, `plan mde`).

The minimum detectable difference (MDE) is the smallest true change in score
points that a two-sided Welch test at level `alpha` detects with probability
`power`, with `n` visits per library in each round and the same standard
deviation in both. Under the alternative the Welch statistic follows a
noncentral t with the Welch–Satterthwaite degrees of freedom ν (2(n − 1) for
equal n and sd) and noncentrality λ = δ / (sd·√(2/n)); power is the mass of
that distribution beyond ±c, c = t(1 − α/2, ν). The MDE is the δ where power
reaches the target; power rises monotonically in δ, so the root is unique,
and regula falsi keeps it bracketed.

The noncentral t is computed here by hand rather than by SciPy: importing
`scipy.special` alone takes about 0.27 s, more than all of `pilotkit report`
may, and `stats.py` already computes the central t the same way (incomplete
beta by continued fraction; its t quantile gives c). The method is the exact
Poisson mixture of Lenth's AS 243 (Applied Statistics 38, 1989). Between
the two tails its terms odd in λ cancel, which leaves the mixture of the
square T², a noncentral F(1, ν):

    P(|T| <= c) = Σ_j e^(−μ)·μ^j / j! · I_x(j + ½, ν/2),   μ = λ²/2, x = c²/(c² + ν).

It is summed the way Benton and Krishnamoorthy (Comput. Stat. Data Anal. 43,
2003) sum such mixtures: from the Poisson mode, where the weights are
largest, outwards both ways. Each incomplete beta follows from its neighbour
by I_x(a + 1, b) = I_x(a, b) − g(a), g(a) = x^a·(1 − x)^b / (a·B(a, b)), and
each g from the last by one factor, so a term costs O(1); a side stops when
its Poisson mass left, times a bound on its incomplete betas, is below 1e-17.
At most about 9√μ terms each way: a power costs ~0.3 ms at λ = 60, ~4 ms at λ = 1000.

Only the incomplete beta at the mode is evaluated outright. For x <= ½
(ν >= c²: past a dozen degrees of freedom at the usual levels) it is the
series Σ_m g(a + m), whose terms are all positive, so nothing cancels even at
ν = 10⁶ (the continued fraction keeps only ~12 digits there). At such ν,
log Γ(a + ν/2) − log Γ(ν/2) in g would lose six digits as the difference of
two lgamma values near 6·10⁶; past 30 the Stirling series is differenced
term by term instead, as `stats.py` does for its ratio, and likewise the
log of the Poisson weight at a large mode. For x > ½ (few degrees of
freedom) it is `stats.py`'s continued fraction. Against SciPy's noncentral F
(Boost) power agrees within 2e-13 for ν from 1 to 10⁶ and λ up to 60, and
the MDE within its 1e-9 bracket (tests/unit/test_power.py).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from statistics import NormalDist
from typing import NamedTuple

from pilotkit.core.stats import beta_fraction, stirling_tail, t_quantile

ALPHA = 0.05
POWER = 0.8
MAX_VISITS = 100_000
"""`--detect`: more visits per library and round than this is reported as out of reach."""

_EPS = 1e-17
"""Mass a truncated sum may leave out: far below the doubles' own rounding of power."""
_SERIES_MAX_X = 0.5
"""The beta series converges at least as fast as 2^−m past its peak, which is within c²/2 terms."""
_STIRLING_MIN = 30.0


@dataclass(frozen=True, slots=True)
class Detectable:
    sd: float
    visits: int
    mde: float


def welch_df(sd: float, visits: int, sd_to: float | None = None,
             visits_to: int | None = None) -> float:
    """Welch–Satterthwaite degrees of freedom; the second sample like the first unless given."""
    a = sd * sd / visits
    n_to = visits if visits_to is None else visits_to
    b = (sd if sd_to is None else sd_to) ** 2 / n_to
    return (a + b) ** 2 / (a * a / (visits - 1) + b * b / (n_to - 1))


def _log_gamma_rise(z: float, h: float) -> float:
    """log Γ(z + h) − log Γ(z), for z > 0 and z + h > 0, without cancelling digits at large z."""
    if min(z, z + h) < _STIRLING_MIN:
        return math.lgamma(z + h) - math.lgamma(z)
    # (z + h − ½)·log(z + h) − (z − ½)·log z − h, rearranged so no two large terms meet
    return ((z - 0.5) * math.log1p(h / z) + h * (math.log(z + h) - 1.0)
            + stirling_tail(z + h) - stirling_tail(z))


def _log_beta_scale(a: float, b: float) -> float:
    """log Γ(a + b) − log Γ(a + 1) − log Γ(b) = −log(a·B(a, b)).

    log Γ(a + b) nearly cancels against the lgamma of the larger of a and b, so the
    two are taken together as one rise.
    """
    if b >= a:
        return _log_gamma_rise(b, a) - math.lgamma(a + 1.0)
    return _log_gamma_rise(a + 1.0, b - 1.0) - math.lgamma(b)


def _log_poisson_mode(mu: float, mode: int) -> float:
    """log(e^(−μ)·μ^k / k!) at k = ⌊μ⌋; at large μ its three terms, each ~μ·log μ, nearly cancel."""
    if mode < _STIRLING_MIN:
        return -mu + (mode * math.log(mu) - math.lgamma(mode + 1.0) if mode else 0.0)
    # log k! by Stirling's series: what is left is k·log(1 + d/k) − d for d = μ − k in [0, 1)
    gap = mu - mode
    return (mode * math.log1p(gap / mode) - gap - 0.5 * math.log(2.0 * math.pi * mode)
            - stirling_tail(mode))


class _Beta(NamedTuple):
    """The incomplete betas' common argument: I_x(a, b) for b = ν/2 and several a."""

    x: float
    y: float  # 1 − x, computed directly: at large ν, x is tiny and y holds the digits
    log_x: float
    log_y: float
    b: float

    def step(self, a: float) -> float:
        """g(a) = I_x(a, b) − I_x(a + 1, b) = x^a·y^b·Γ(a + b) / (Γ(a + 1)·Γ(b))."""
        return math.exp(a * self.log_x + self.b * self.log_y + _log_beta_scale(a, self.b))

    def regularized(self, a: float, step: float) -> float:
        """I_x(a, b), given its `step` g(a)."""
        if self.x <= _SERIES_MAX_X:
            return step * self._series(a)
        if self.x < (a + 1.0) / (a + self.b + 2.0):
            return step * beta_fraction(a, self.b, self.x)
        return 1.0 - step * a / self.b * beta_fraction(self.b, a, self.y)

    def _series(self, a: float) -> float:
        """Σ_m g(a + m) / g(a): I_x(a, b) is the sum of its steps g(a), g(a + 1), …."""
        total, term, m = 1.0, 1.0, 0
        while True:
            m += 1
            factor = (a + self.b + m - 1.0) * self.x / (a + m)
            term *= factor
            total += term
            # past the peak the factors approach x <= ½ monotonically: a geometric bound
            ratio = max(factor, self.x)
            if ratio < 1.0 and term * ratio / (1.0 - ratio) <= _EPS * total:
                return total


class _Term(NamedTuple):
    """One term of the Poisson mixture: index j, weight, I_x(j + ½, b) and its step g."""

    j: int
    weight: float
    beta: float
    step: float


def _mode_term(mu: float, beta: _Beta) -> _Term:
    mode = math.floor(mu)
    step = beta.step(mode + 0.5)
    return _Term(mode, math.exp(_log_poisson_mode(mu, mode)), beta.regularized(mode + 0.5, step),
                 step)


def _below_mode(mu: float, beta: _Beta, start: _Term) -> float:
    """Σ over j < mode; going down, I_x(a − 1, b) = I_x(a, b) + g(a − 1): no cancellation."""
    j, weight, value, step = start
    total = 0.0
    while j > 0:
        a = j + 0.5
        step *= a / (beta.x * (a - 1.0 + beta.b))
        value += step
        weight *= j / mu
        j -= 1
        total += weight * min(value, 1.0)
        # below the mode each weight is at most j/μ of the last; each beta is at most 1
        if weight * j / (mu - j) < _EPS:
            break
    return total


def _above_mode(mu: float, beta: _Beta, start: _Term) -> float:
    """Σ over j > mode; the betas fall as j rises, so the one at hand bounds the rest."""
    j, weight, value, step = start
    total = 0.0
    while True:
        a = j + 0.5
        value -= step
        step *= beta.x * (a + beta.b) / (a + 1.0)
        j += 1
        weight *= mu / j
        if value <= 0.0:
            return total
        total += weight * value
        ratio = mu / (j + 1)  # < 1 past the mode: the weights left shrink geometrically
        if weight * ratio / (1.0 - ratio) * value < _EPS:
            return total


def _inside(shift: float, df: float, critical: float) -> float:
    """P(−c <= T <= c) for T noncentral t(df, shift): the Poisson mixture of noncentral F(1, df)."""
    c2 = critical * critical
    beta = _Beta(c2 / (c2 + df), df / (c2 + df), -math.log1p(df / c2), -math.log1p(c2 / df),
                 df / 2.0)
    mu = shift * shift / 2.0
    start = _mode_term(mu, beta)
    return (start.weight * start.beta + _below_mode(mu, beta, start)
            + _above_mode(mu, beta, start))


def _power(shift: float, df: float, critical: float) -> float:
    if critical == 0.0:
        return 1.0  # α = 1: every outcome is called clear
    return min(1.0, max(0.0, 1.0 - _inside(shift, df, critical)))


def _critical(df: float, alpha: float) -> float:
    return t_quantile(1.0 - alpha / 2.0, df)


def power_at(delta: float, sd: float, visits: int, alpha: float = ALPHA,
             sd_to: float | None = None, visits_to: int | None = None) -> float:
    """The probability that the two-sided Welch test calls a true change `delta` clear.

    That is P(|T| > c) for T noncentral t(ν, λ), taken as 1 − P(|T| <= c): the
    mass inside is what the mixture sums without cancellation.
    """
    n_to = visits if visits_to is None else visits_to
    s_to = sd if sd_to is None else sd_to
    df = welch_df(sd, visits, s_to, n_to)
    shift = delta / math.sqrt(sd * sd / visits + s_to * s_to / n_to)
    return _power(shift, df, _critical(df, alpha))


def mde(sd: float, visits: int, alpha: float = ALPHA, power: float = POWER,
        sd_to: float | None = None, visits_to: int | None = None) -> float:
    """The smallest true change detected with `power` (score points; 0 when sd is 0).

    The second round is like the first unless its sd and visits are given (a
    report's MDE at the visits it got).
    """
    n_to = visits if visits_to is None else visits_to
    s_to = sd if sd_to is None else sd_to
    if min(visits, n_to) < 2:
        raise ValueError("a Welch test needs at least two visits a round")
    if sd == 0.0 and s_to == 0.0:
        return 0.0
    df = welch_df(sd, visits, s_to, n_to)
    error = math.sqrt(sd * sd / visits + s_to * s_to / n_to)
    critical = _critical(df, alpha)  # the same for every change tried: found once

    def short(delta: float) -> float:
        return _power(delta / error, df, critical) - power

    normal = NormalDist()
    # the change a z test would need: the t test needs more, so this starts a close bracket
    guess = (normal.inv_cdf(1.0 - alpha / 2.0) + normal.inv_cdf(power)) * error
    return _first_enough(short, max(guess, 1e-6 * error))


def _first_enough(short: Callable[[float], float], guess: float) -> float:
    """The change where `short`, rising, crosses 0, to 1e-9 relative; 0 if it starts at or above.

    Regula falsi with the Illinois rule (halve the value kept twice at one end), so both
    ends close in superlinearly — about ten power evaluations where bisection took forty —
    and what is returned is the bracket's upper end: it always reaches the power asked.
    """
    low, short_low = 0.0, short(0.0)
    if short_low >= 0.0:
        return 0.0  # the test's own false alarms already reach the power asked
    high, short_high = guess, short(guess)
    while short_high < 0.0:
        low, short_low = high, short_high
        high *= 2.0
        short_high = short(high)
    kept = 0  # the end the last step left in place: -1 low, 1 high
    while high - low > 1e-9 * high:
        middle = high - short_high * (high - low) / (short_high - short_low)
        if not low < middle < high:  # rounding at the ends: fall back to halving
            middle = (low + high) / 2.0
        value = short(middle)
        if value < 0.0:
            low, short_low = middle, value
            short_high = short_high / 2.0 if kept == 1 else short_high
            kept = 1
        else:
            high, short_high = middle, value
            short_low = short_low / 2.0 if kept == -1 else short_low
            kept = -1
    return high


def visits_needed(detect: float, sd: float, alpha: float = ALPHA, power: float = POWER
                  ) -> Detectable | None:
    """The fewest visits per library and round whose MDE is at most `detect`; None past
    `MAX_VISITS`."""
    if sd == 0.0:
        return Detectable(sd, 2, 0.0)
    low, high = 2, 2
    while mde(sd, high, alpha, power) > detect:
        low, high = high + 1, high * 2
        if high > MAX_VISITS:
            return None
    while low < high:  # the MDE falls as visits rise: the first n that is enough
        middle = (low + high) // 2
        if mde(sd, middle, alpha, power) <= detect:
            high = middle
        else:
            low = middle + 1
    return Detectable(sd, high, mde(sd, high, alpha, power))
