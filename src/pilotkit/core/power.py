"""How large a change a round pair can detect, before anyone visits (contract §8, `plan mde`).

The minimum detectable difference (MDE) is the smallest true change in score
points that a two-sided Welch test at level `alpha` detects with probability
`power`, with `n` visits per library in each round and the same standard
deviation in both. Under the alternative the Welch statistic follows a
noncentral t with the Welch–Satterthwaite degrees of freedom (2(n − 1) for
equal n and sd) and noncentrality δ / (sd·√(2/n)); power is the mass of that
distribution beyond ±t(1 − α/2), computed as the upper tail of its square.
The MDE is the δ where power reaches the target, found by bracketing and
bisection; power rises monotonically in δ, so the root is unique.

SciPy's special functions supply the noncentral F (statsmodels has no Welch
power). Only `scipy.special` is imported (a third of a second; `scipy.stats`
and `scipy.optimize` would take two), and only here, so no other command
pays for it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

ALPHA = 0.05
POWER = 0.8
MAX_VISITS = 100_000
"""`--detect`: more visits per library and round than this is reported as out of reach."""


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


def power_at(delta: float, sd: float, visits: int, alpha: float = ALPHA,
             sd_to: float | None = None, visits_to: int | None = None) -> float:
    """The probability that the two-sided Welch test calls a true change `delta` clear.

    |T| > c for T noncentral t(df, λ) is T² > c², and T² is noncentral F(1, df, λ²):
    one upper tail, where SciPy's noncentral t gives NaN for a far lower tail
    (df 398, λ 10).
    """
    from scipy.special import fdtri, ncfdtr

    n_to = visits if visits_to is None else visits_to
    s_to = sd if sd_to is None else sd_to
    df = welch_df(sd, visits, s_to, n_to)
    shift = delta / math.sqrt(sd * sd / visits + s_to * s_to / n_to)
    critical = float(fdtri(1.0, df, 1.0 - alpha))
    return 1.0 - float(ncfdtr(1.0, df, shift * shift, critical))


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

    def short(delta: float) -> float:
        return power_at(delta, sd, visits, alpha, s_to, n_to) - power

    low, high = 0.0, max(sd, s_to)
    while short(high) < 0:
        low, high = high, high * 2
    while high - low > 1e-9 * high:  # power rises with the change: bisection cannot miss
        middle = (low + high) / 2
        if short(middle) < 0:
            low = middle
        else:
            high = middle
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
