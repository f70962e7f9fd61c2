"""Before/after statistics for one series: means, segmented regression, difference in differences.

Pure functions on years and values (no repository, no Dash), so that the numbers a funder reads
can be checked on constructed series with a known break. The method, and why ordinary least
squares with classical standard errors was chosen over autocorrelation-robust ones for series
this short, is written up in docs/methods.md ("Before and after an intervention").
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

if TYPE_CHECKING:
    from statsmodels.regression.linear_model import RegressionResults

MIN_POINTS = 4  # on each side of the start: fewer, and no estimate is drawn
CONFIDENCE = 0.95
AUTOCORRELATION_WARNING = 0.3  # lag-1 correlation of residuals above which intervals are too narrow


class NotEnoughData(ValueError):
    """The series cannot support the estimate; the message says why, in numbers."""

    def __init__(self, before: int, after: int, needed: int = MIN_POINTS) -> None:
        super().__init__(f"{before} points before and {after} after; {needed} needed on each side")
        self.before = before
        self.after = after
        self.needed = needed


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its 95% interval."""

    value: float
    low: float
    high: float

    @property
    def excludes_zero(self) -> bool:
        return self.low > 0 or self.high < 0


@dataclass(frozen=True)
class Means:
    before: float
    after: float
    n_before: int
    n_after: int
    years_before: tuple[int, int]
    years_after: tuple[int, int]

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class Segmented:
    """Interrupted time series: value = a + b·t + level·after + slope·t·after, t = year - start.

    `level` is the jump at the start year against the projected pre-trend, `slope` the change in
    yearly slope, `at_last` the gap between the fitted after-line and the projected pre-trend in
    the last year. `lines` holds, for every year of the window, the fitted line and the pre-trend
    projected over the after years with its 95% interval (the counterfactual the chart draws).
    """

    pre_slope: Estimate
    level: Estimate
    slope: Estimate
    at_last: Estimate
    last_year: int
    n_before: int
    n_after: int
    residual_autocorrelation: float
    lines: pd.DataFrame  # year, fitted, projected, projected_low, projected_high


@dataclass(frozen=True)
class DifferenceInDifferences:
    """Change in the gap between the city and its comparison group, after minus before."""

    estimate: Estimate
    gap_before: float
    gap_after: float
    pre_gap_slope: Estimate  # a clear drift in the gap before the start breaks the method
    n_before: int
    n_after: int

    @property
    def parallel_before(self) -> bool:
        return not self.pre_gap_slope.excludes_zero


def _split(years: np.ndarray, start: int) -> tuple[np.ndarray, np.ndarray]:
    return years < start, years >= start


def _clean(years: Sequence[int], values: Sequence[float]) -> tuple[np.ndarray, np.ndarray]:
    """Sorted, gaps dropped: a missing year is a gap, never an invented value."""
    frame = pd.DataFrame({"year": np.asarray(years, dtype=float), "value": values}).dropna()
    frame = frame.sort_values("year")
    return frame["year"].to_numpy(dtype=float), frame["value"].to_numpy(dtype=float)


def _estimate(result: RegressionResults, weights: list[float]) -> Estimate:
    test = result.t_test(np.asarray([weights], dtype=float))
    low, high = np.asarray(test.conf_int(alpha=1 - CONFIDENCE)).ravel()
    return Estimate(float(np.asarray(test.effect).ravel()[0]), float(low), float(high))


def means(years: Sequence[int], values: Sequence[float], start: int) -> Means | None:
    """Plain means before and after `start`; None when either side has no value."""
    y, v = _clean(years, values)
    before, after = _split(y, start)
    if not before.any() or not after.any():
        return None
    return Means(
        before=float(v[before].mean()),
        after=float(v[after].mean()),
        n_before=int(before.sum()),
        n_after=int(after.sum()),
        years_before=(int(y[before].min()), int(y[before].max())),
        years_after=(int(y[after].min()), int(y[after].max())),
    )


def segmented_regression(years: Sequence[int], values: Sequence[float], start: int) -> Segmented:
    """Level and slope change at `start` by ordinary least squares; the start year is the first
    year after. Raises `NotEnoughData` with fewer than `MIN_POINTS` values on either side."""
    y, v = _clean(years, values)
    before, after = _split(y, start)
    n_before, n_after = int(before.sum()), int(after.sum())
    if n_before < MIN_POINTS or n_after < MIN_POINTS:
        raise NotEnoughData(n_before, n_after)
    t = y - start
    post = after.astype(float)
    design = np.column_stack([np.ones_like(t), t, post, post * t])
    from statsmodels.api import OLS  # loaded on first use: it takes a second to import

    result = OLS(v, design).fit()
    last = float(t.max())
    residuals = np.asarray(result.resid)
    autocorrelation = (
        float(np.corrcoef(residuals[:-1], residuals[1:])[0, 1])
        if len(residuals) > 2 and residuals.std() > 0
        else 0.0
    )
    pre_design = np.column_stack([np.ones_like(t), t, np.zeros_like(t), np.zeros_like(t)])
    projected = result.get_prediction(pre_design).summary_frame(alpha=1 - CONFIDENCE)
    lines = pd.DataFrame(
        {
            "year": y.astype(int),
            "after": after,
            "fitted": np.asarray(result.fittedvalues),
            "projected": projected["mean"].to_numpy(),
            "projected_low": projected["mean_ci_lower"].to_numpy(),
            "projected_high": projected["mean_ci_upper"].to_numpy(),
        }
    )
    return Segmented(
        pre_slope=_estimate(result, [0, 1, 0, 0]),
        level=_estimate(result, [0, 0, 1, 0]),
        slope=_estimate(result, [0, 0, 0, 1]),
        at_last=_estimate(result, [0, 0, 1, last]),
        last_year=int(y.max()),
        n_before=n_before,
        n_after=n_after,
        residual_autocorrelation=0.0 if np.isnan(autocorrelation) else autocorrelation,
        lines=lines,
    )


def difference_in_differences(
    years: Sequence[int],
    city: Sequence[float],
    comparison: Sequence[float],
    start: int,
) -> DifferenceInDifferences:
    """The city minus its comparison group, year by year; the estimate is how much that gap
    moved after `start`, with a t interval from regressing the gap on an after-indicator."""
    frame = pd.DataFrame(
        {"year": np.asarray(years, dtype=float), "city": city, "comparison": comparison}
    ).dropna()
    frame = frame.sort_values("year")
    y = frame["year"].to_numpy(dtype=float)
    gap = (frame["city"] - frame["comparison"]).to_numpy(dtype=float)
    before, after = _split(y, start)
    n_before, n_after = int(before.sum()), int(after.sum())
    if n_before < MIN_POINTS or n_after < MIN_POINTS:
        raise NotEnoughData(n_before, n_after)
    design = np.column_stack([np.ones_like(y), after.astype(float)])
    from statsmodels.api import OLS

    result = OLS(gap, design).fit()
    pre = OLS(gap[before], np.column_stack([np.ones(n_before), y[before] - start])).fit()
    return DifferenceInDifferences(
        estimate=_estimate(result, [0, 1]),
        gap_before=float(gap[before].mean()),
        gap_after=float(gap[after].mean()),
        pre_gap_slope=_estimate(pre, [0, 1]),
        n_before=n_before,
        n_after=n_after,
    )
