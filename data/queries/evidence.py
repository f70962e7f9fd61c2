"""Before/after statistics for one series: means, segmented regression, difference in differences.

Pure functions on years and values (no repository, no Dash), so that the numbers a funder reads
can be checked on constructed series with a known break and on simulated series without one.

Counts are modelled as counts: a Poisson regression of the yearly events with the population as
offset, so that effects are relative changes in the rate and small cities are not judged as if
their rates were exact. Values without counts (survey shares, published rates) are modelled as
they are, by least squares. In both, the 95% intervals allow for autocorrelation (good and bad
years coming in runs): with fewer than 12 values on a side the lag-1 autocorrelation of a yearly
series cannot be estimated, so every interval is the widest one over autocorrelations from 0 to
0.8; with 12 or more it is estimated (bias-corrected) and allowed for. docs/methods.md ("Before
and after an intervention") explains why, and prints the seeded simulation that checks it.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cached_property

import numpy as np
import pandas as pd
from scipy.special import stdtrit

MIN_POINTS = 4  # on each side of the start: fewer, and no estimate is drawn
CONFIDENCE = 0.95
AUTOCORRELATION_WARNING = 0.3  # lag-1 correlation of residuals worth a warning (12+ a side)
FEW_FOR_AUTOCORRELATION = 12  # fewer values on a side: autocorrelation cannot be ruled out
ASSUMED_AUTOCORRELATION = 0.8  # the most the intervals allow for when it cannot be estimated
MAX_AUTOCORRELATION = 0.95
GRID_STEP = 0.1
PER_100K = 100_000


class NotEnoughData(ValueError):
    """The series cannot support the estimate; the message says why, in numbers."""

    def __init__(self, before: int, after: int, needed: int = MIN_POINTS) -> None:
        super().__init__(f"{before} points before and {after} after; {needed} needed on each side")
        self.before = before
        self.after = after
        self.needed = needed


@dataclass(frozen=True)
class Estimate:
    """A point estimate with its 95% interval. `relative`: a change in the rate as a share
    (-0.2 is 20% lower); otherwise a difference in the indicator's unit."""

    value: float
    low: float
    high: float
    relative: bool = False

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
    difference: Estimate | None = None  # after vs before, with its interval (None: too few)

    @property
    def change(self) -> float:
        return self.after - self.before


@dataclass(frozen=True)
class Segmented:
    """Interrupted time series: f(value) = a + b·t + level·after + slope·t·after, t = year -
    start, where f is the log of the rate (counts) or the value itself.

    `level` is the jump at the start year against the projected pre-trend, `slope` the change in
    yearly trend, `average` the gap between the fitted after-line and the projected pre-trend
    averaged over the years from the start (the headline: it leans less on extrapolating the
    pre-trend than the gap in the last year, `at_last`); for counts all are relative changes in
    the rate. `lines` holds, for every
    year of the window, the fitted line and the pre-trend projected over the after years with
    its 95% interval (the counterfactual the chart draws), in the indicator's unit."""

    pre_slope: Estimate
    level: Estimate
    slope: Estimate
    average: Estimate
    at_last: Estimate
    last_year: int
    n_before: int
    n_after: int
    residual_autocorrelation: float  # lag-1, of consecutive years' residuals, as measured
    allowed_autocorrelation: float  # the largest autocorrelation the intervals allow for
    counts: bool  # a count model (Poisson, population offset) rather than least squares
    lines: pd.DataFrame  # year, after, fitted, projected, projected_low, projected_high

    @property
    def autocorrelation_ruled_out(self) -> bool:
        """Enough values on both sides to estimate the autocorrelation rather than assume it."""
        return min(self.n_before, self.n_after) >= FEW_FOR_AUTOCORRELATION

    @property
    def claims_change(self) -> bool:
        """Whether the page may say the change is unlikely to be chance alone."""
        return self.average.excludes_zero


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


@dataclass(frozen=True)
class _Series:
    years: np.ndarray
    values: np.ndarray
    counts: np.ndarray | None  # events, when every year has a count and a population
    exposure: np.ndarray | None  # population / 100,000


def _clean(
    years: Sequence[int],
    values: Sequence[float],
    counts: Sequence[float] | None = None,
    populations: Sequence[float] | None = None,
) -> _Series:
    """Sorted, gaps dropped: a missing year is a gap, never an invented value. Counts are used
    only when every remaining year has one and a population (and some year has an event)."""
    y = np.asarray(years, dtype=float)
    v = np.asarray(values, dtype=float)
    k = np.asarray(counts, dtype=float) if counts is not None else np.full(len(y), np.nan)
    pop = (
        np.asarray(populations, dtype=float) if populations is not None else np.full(len(y), np.nan)
    )
    keep = ~np.isnan(v)
    order = np.argsort(y[keep], kind="stable")
    y, v, k, pop = (a[keep][order] for a in (y, v, k, pop))
    has_counts = len(y) > 0 and not np.isnan(k).any() and bool((pop > 0).all()) and k.sum() > 0
    return _Series(y, v, k if has_counts else None, pop / PER_100K if has_counts else None)


@dataclass(frozen=True)
class _Fit:
    """A fitted model with what its robust intervals need."""

    beta: np.ndarray
    design: np.ndarray
    weights: np.ndarray  # working weights: the fitted counts (Poisson) or ones
    residuals: np.ndarray  # Pearson residuals (Poisson) or plain ones
    years: np.ndarray
    counts: bool
    rho_max: float
    rho_measured: float

    @cached_property
    def covariances(self) -> list[tuple[np.ndarray, float]]:
        """(covariance of beta, degrees of freedom) for each autocorrelation allowed for."""
        x, w, r = self.design, self.weights, self.residuals
        n, p = x.shape
        root = np.sqrt(w)[:, None]
        xw = x * root
        bread = np.linalg.pinv(xw.T @ xw)
        hat = xw @ bread @ xw.T
        residual_maker = np.eye(n) - hat
        lags = np.abs(self.years[:, None] - self.years[None, :])
        out = []
        steps = max(1, round(self.rho_max / GRID_STEP))
        for rho in np.linspace(0.0, self.rho_max, steps + 1):
            corr = rho**lags
            pr = residual_maker @ corr
            trace = float(np.trace(pr))
            if trace <= 1e-12:
                continue
            scale = float(r @ r) / trace  # unbiased for the residuals' variance under rho
            df = trace**2 / float(np.trace(pr @ pr))
            meat = scale * (xw.T @ corr @ xw)
            out.append((bread @ meat @ bread, max(df, 1.0)))
        if not out:  # as many parameters as points: no residual left to measure anything by
            out.append((np.zeros((p, p)), 1.0))
        return out

    def estimate(self, weights: Sequence[float]) -> Estimate:
        """A linear combination of the coefficients with its widest 95% interval."""
        c = np.asarray(weights, dtype=float)
        value = float(c @ self.beta)
        half = max(_half_width(float(c @ v @ c), df) for v, df in self.covariances)
        if self.counts:
            return Estimate(
                math.expm1(value), math.expm1(value - half), math.expm1(value + half), True
            )
        return Estimate(value, value - half, value + half)

    def band(self, design: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
        """The linear predictor of each row of `design`, with its widest 95% interval, on the
        indicator's scale."""
        centre = design @ self.beta
        half = np.zeros(len(design))
        for v, df in self.covariances:
            variance = np.einsum("ij,jk,ik->i", design, v, design)
            quantile = float(stdtrit(df, 1 - (1 - CONFIDENCE) / 2))
            half = np.maximum(half, quantile * np.sqrt(np.clip(variance, 0, None)))
        if self.counts:
            return np.exp(centre), np.exp(centre - half), np.exp(centre + half)
        return centre, centre - half, centre + half


def _half_width(variance: float, df: float) -> float:
    return float(stdtrit(df, 1 - (1 - CONFIDENCE) / 2)) * math.sqrt(max(variance, 0.0))


def _poisson(x: np.ndarray, y: np.ndarray, exposure: np.ndarray) -> np.ndarray | None:
    """Poisson regression with log(exposure) as offset, by iteratively reweighted least squares;
    None when it does not converge (all events on one side, say)."""
    offset = np.log(exposure)
    beta = np.linalg.lstsq(x, np.log((y + 0.5) / exposure), rcond=None)[0]
    for _step in range(100):
        eta = np.clip(x @ beta + offset, -700, 700)
        mu = np.exp(eta)
        z = eta - offset + (y - mu) / mu
        xw = x * mu[:, None]
        new = np.linalg.lstsq(x.T @ xw, xw.T @ z, rcond=None)[0]
        if np.max(np.abs(new - beta)) < 1e-10:
            return new
        beta = new
    return None


def _lag1(years: np.ndarray, residuals: np.ndarray) -> float:
    """Lag-1 correlation of the residuals of consecutive years (gaps break the pairs)."""
    pairs = np.flatnonzero(np.diff(years) == 1)
    if len(pairs) < 2 or residuals.std() == 0:
        return 0.0
    a, b = residuals[pairs], residuals[pairs + 1]
    denominator = float(np.sum(residuals**2))
    return float(np.sum(a * b) / denominator) * len(residuals) / len(pairs)


def _fit(series: _Series, design: np.ndarray, n_smaller_side: int) -> _Fit:
    counts = series.counts is not None
    beta = None
    if counts:
        assert series.counts is not None and series.exposure is not None
        beta = _poisson(design, series.counts, series.exposure)
    if beta is not None:
        assert series.counts is not None and series.exposure is not None
        mu = np.exp(design @ beta) * series.exposure
        weights = mu
        residuals = (series.counts - mu) / np.sqrt(mu)
    else:
        counts = False
        beta = np.linalg.lstsq(design, series.values, rcond=None)[0]
        weights = np.ones(len(series.values))
        residuals = series.values - design @ beta
    measured = _lag1(series.years, residuals)
    if n_smaller_side < FEW_FOR_AUTOCORRELATION:
        rho_max = ASSUMED_AUTOCORRELATION
    else:  # the lag-1 estimate runs low in short series: Kendall's correction (1 + 3ρ) / n
        corrected = measured + (1 + 3 * measured) / len(residuals)
        rho_max = float(np.clip(corrected, 0.0, MAX_AUTOCORRELATION))
    return _Fit(beta, design, weights, residuals, series.years, counts, rho_max, measured)


def _split(years: np.ndarray, start: int) -> tuple[np.ndarray, np.ndarray]:
    return years < start, years >= start


def means(
    years: Sequence[int],
    values: Sequence[float],
    start: int,
    counts: Sequence[float] | None = None,
    populations: Sequence[float] | None = None,
) -> Means | None:
    """Plain means before and after `start`, and the change with its interval (relative, from
    the pooled rates, for counts); None when either side has no value."""
    s = _clean(years, values, counts, populations)
    before, after = _split(s.years, start)
    if not before.any() or not after.any():
        return None
    difference = None
    if before.sum() >= 2 and after.sum() >= 2:
        design = np.column_stack([np.ones_like(s.years), after.astype(float)])
        fit = _fit(s, design, int(min(before.sum(), after.sum())))
        difference = fit.estimate([0, 1])
    return Means(
        before=float(s.values[before].mean()),
        after=float(s.values[after].mean()),
        n_before=int(before.sum()),
        n_after=int(after.sum()),
        years_before=(int(s.years[before].min()), int(s.years[before].max())),
        years_after=(int(s.years[after].min()), int(s.years[after].max())),
        difference=difference,
    )


def segmented_regression(
    years: Sequence[int],
    values: Sequence[float],
    start: int,
    counts: Sequence[float] | None = None,
    populations: Sequence[float] | None = None,
) -> Segmented:
    """Level and slope change at `start`; the start year is the first year after. A count
    model when every year has a count and a population, least squares on the values otherwise.
    Raises `NotEnoughData` with fewer than `MIN_POINTS` values on either side."""
    s = _clean(years, values, counts, populations)
    before, after = _split(s.years, start)
    n_before, n_after = int(before.sum()), int(after.sum())
    if n_before < MIN_POINTS or n_after < MIN_POINTS:
        raise NotEnoughData(n_before, n_after)
    t = s.years - start
    post = after.astype(float)
    design = np.column_stack([np.ones_like(t), t, post, post * t])
    fit = _fit(s, design, min(n_before, n_after))
    last = float(t.max())
    mean_after = float(t[after].mean())
    fitted, _low, _high = fit.band(design)
    pre_design = np.column_stack([np.ones_like(t), t, np.zeros_like(t), np.zeros_like(t)])
    projected, projected_low, projected_high = fit.band(pre_design)
    lines = pd.DataFrame(
        {
            "year": s.years.astype(int),
            "after": after,
            "fitted": fitted,
            "projected": projected,
            "projected_low": projected_low,
            "projected_high": projected_high,
        }
    )
    return Segmented(
        pre_slope=fit.estimate([0, 1, 0, 0]),
        level=fit.estimate([0, 0, 1, 0]),
        slope=fit.estimate([0, 0, 0, 1]),
        average=fit.estimate([0, 0, 1, mean_after]),
        at_last=fit.estimate([0, 0, 1, last]),
        last_year=int(s.years.max()),
        n_before=n_before,
        n_after=n_after,
        residual_autocorrelation=fit.rho_measured,
        allowed_autocorrelation=fit.rho_max,
        counts=fit.counts,
        lines=lines,
    )


def difference_in_differences(
    years: Sequence[int],
    city: Sequence[float],
    comparison: Sequence[float],
    start: int,
) -> DifferenceInDifferences:
    """The city minus its comparison group, year by year; the estimate is how much that gap
    moved after `start`, from regressing the gap on an after-indicator, with the same
    autocorrelation-robust intervals."""
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
    smaller = min(n_before, n_after)
    series = _Series(y, gap, None, None)
    fit = _fit(series, np.column_stack([np.ones_like(y), after.astype(float)]), smaller)
    pre = _Series(y[before], gap[before], None, None)
    pre_fit = _fit(pre, np.column_stack([np.ones(n_before), y[before] - start]), smaller)
    return DifferenceInDifferences(
        estimate=fit.estimate([0, 1]),
        gap_before=float(gap[before].mean()),
        gap_after=float(gap[after].mean()),
        pre_gap_slope=pre_fit.estimate([0, 1]),
        n_before=n_before,
        n_after=n_after,
    )
