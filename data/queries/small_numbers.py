"""Small numbers: when a rate rests on so few events that chance alone moves it a lot.

A city of 80,000 with 2 homicides one year and 4 the next has "doubled" its homicide rate, yet
nothing may have changed. A count of k events has a relative standard error of 1/sqrt(k): 32%
at 10, 22% at 20. Like national statistics offices (the US National Center for Health Statistics
calls rates from fewer than 20 deaths unreliable), values resting on fewer than 20 events are
flagged as unstable; every count carries an exact (Garwood) 95% Poisson interval, scaled to the
rate. See docs/methods.md ("Small numbers").
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import gammaincinv

MIN_EVENTS = 20
CONFIDENCE = 0.95
PER_100K = 100_000


def unstable(count: pd.Series) -> pd.Series:
    """True where a count is known and under 20 events. The population does not enter: how
    much chance moves a rate depends on the events counted, not on how many people there are.

    Values without a count (surveys, rates reported as such) cannot be judged and are not
    flagged."""
    return (count.notna() & (count.astype("Float64") < MIN_EVENTS).fillna(False)).astype(bool)


def poisson_interval(k: float) -> tuple[float, float]:
    """The exact 95% interval of one Poisson count (see `count_interval`), without a Series:
    a network's every city is judged with it."""
    alpha = 1 - CONFIDENCE
    low = float(gammaincinv(k, alpha / 2)) if k > 0 else 0.0
    return low, float(gammaincinv(k + 1, 1 - alpha / 2))


def count_interval(count: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Exact 95% interval for a Poisson count k: chi2(2.5%, 2k)/2 to chi2(97.5%, 2k+2)/2.

    For k = 0 the lower end is 0 and the upper about 3.69. Missing counts give missing ends."""
    low, high = count_bounds(count.astype("float64").to_numpy())
    return pd.Series(low, index=count.index), pd.Series(high, index=count.index)


def count_bounds(k: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`count_interval` of an array of counts (float64, NaN where missing), as arrays: a
    chart's few hundred values, without a Series around them."""
    alpha = 1 - CONFIDENCE
    with np.errstate(invalid="ignore"):
        # chi2.ppf(q, 2k) / 2 is the inverse regularised gamma function: the same numbers,
        # without importing scipy.stats (a second and a half of every worker's start).
        low = np.where(k > 0, gammaincinv(np.maximum(k, 1e-300), alpha / 2), 0.0)
        high = gammaincinv(k + 1, 1 - alpha / 2)
    return np.where(np.isnan(k), np.nan, low), high


def rate_interval(count: pd.Series, population: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The count's interval per 100,000 inhabitants (population is taken as exact)."""
    low, high = count_interval(count)
    scale = PER_100K / population.astype("float64")
    return low * scale, high * scale


def rate_bounds(count: np.ndarray, population: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """`rate_interval` of arrays (float64, NaN where missing)."""
    low, high = count_bounds(count)
    scale = PER_100K / population
    return low * scale, high * scale
