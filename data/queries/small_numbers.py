"""Small numbers: when a rate rests on so few events that chance alone moves it a lot.

A city of 80,000 with 2 homicides one year and 4 the next has "doubled" its homicide rate, yet
nothing may have changed. Such values are flagged as unstable and carry an exact (Garwood)
95% Poisson interval on the count, scaled to the rate. See docs/methods.md.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from scipy.special import gammaincinv

MIN_EVENTS = 10
MIN_POPULATION = 100_000
CONFIDENCE = 0.95
PER_100K = 100_000


def unstable(count: pd.Series, population: pd.Series) -> pd.Series:
    """True where a count is known and is under 10 events or its population under 100,000.

    Values without a count (surveys, rates reported as such) cannot be judged and are not
    flagged."""
    known = count.notna()
    small = (count < MIN_EVENTS) | (population.astype("Float64") < MIN_POPULATION).fillna(False)
    return (known & small).astype(bool)


def count_interval(count: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Exact 95% interval for a Poisson count k: chi2(2.5%, 2k)/2 to chi2(97.5%, 2k+2)/2.

    For k = 0 the lower end is 0 and the upper about 3.69. Missing counts give missing ends."""
    k = count.astype("float64").to_numpy()
    alpha = 1 - CONFIDENCE
    with np.errstate(invalid="ignore"):
        # chi2.ppf(q, 2k) / 2 is the inverse regularised gamma function: the same numbers,
        # without importing scipy.stats (a second and a half of every worker's start).
        low = np.where(k > 0, gammaincinv(np.maximum(k, 1e-300), alpha / 2), 0.0)
        high = gammaincinv(k + 1, 1 - alpha / 2)
    low = np.where(np.isnan(k), np.nan, low)
    return pd.Series(low, index=count.index), pd.Series(high, index=count.index)


def rate_interval(count: pd.Series, population: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The count's interval per 100,000 inhabitants (population is taken as exact)."""
    low, high = count_interval(count)
    scale = PER_100K / population.astype("float64")
    return low * scale, high * scale
