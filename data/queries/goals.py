"""Halving violence by 2030: baseline, target, glide path and status, for one series.

Pure functions on one city's (or country's) yearly series, so that the rule can be checked by
hand: docs/methods.md ("Halving violence by 2030: baseline, target and status") states it with
a worked example, and tests/unit/test_goals.py checks it against hand-computed cases.

The rule in short, for a reference year R (the network's, 2019 for Peace in Our Cities):
- baseline: the mean of the values of R-1, R and R+1 when all three exist; else the value of R;
  else the mean of R-1 and R+1 when both exist; else there is no baseline;
- target: half the baseline, in 2030;
- glide path: the baseline falling by the same percentage every year until it reaches the target,
  value(y) = baseline * 0.5 ** ((y - R) / (2030 - R));
- status: on track when the latest value is at or below the glide path in its year, off track
  when above; not enough data without a baseline, with a zero baseline, with a baseline resting
  on fewer than 10 events, or without a year after the baseline years.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

import numpy as np
import pandas as pd

from data.queries.small_numbers import MIN_EVENTS

GOAL_YEAR = 2030
TARGET_SHARE = 0.5


class Status(StrEnum):
    ON_TRACK = "on-track"
    OFF_TRACK = "off-track"
    NOT_ENOUGH_DATA = "not-enough-data"


class Reason(StrEnum):
    """Why a series has no status."""

    NO_BASELINE = "no-baseline"  # no value in R, nor in both R-1 and R+1
    ZERO_BASELINE = "zero-baseline"  # half of zero is zero: no target to reach
    FEW_EVENTS = "few-events"  # fewer than 10 events in the baseline years together
    NO_LATER_YEAR = "no-later-year"  # nothing measured after the baseline years


@dataclass(frozen=True)
class Baseline:
    reference_year: int
    years: tuple[int, ...]  # the years averaged
    value: float
    events: float | None  # events in those years together; None if a count is missing

    @property
    def few_events(self) -> bool:
        return self.events is not None and self.events < MIN_EVENTS


@dataclass(frozen=True)
class Progress:
    reference_year: int
    goal_year: int
    status: Status
    reason: Reason | None
    baseline: Baseline | None
    target: float | None  # TARGET_SHARE of the baseline, to reach by goal_year
    latest_year: int | None  # the last year with a value, whatever the status
    latest_value: float | None
    expected: float | None  # the glide path's value in latest_year
    change: float | None  # latest / baseline - 1
    achieved: float | None  # average annual change since R, compounded: -0.05 is -5% a year
    needed: float | None  # average annual change from latest_year to the target by goal_year;
    # None once the target is reached or the goal year has passed

    @property
    def reached(self) -> bool:
        return (
            self.target is not None
            and self.latest_value is not None
            and (self.latest_value <= self.target)
        )


# One series as the rule reads it: year -> (value, events), for the years with a value (events
# is NaN where the count is missing). Plain Python: a network's thousands of series are assessed
# in one pass without a DataFrame each (see progress.progress_of).
Points = dict[int, tuple[float, float]]


def points(series: pd.DataFrame) -> Points:
    """`series` has `year`, `value` and maybe `count`; rows without a value are left out."""
    has = series["value"].notna().to_numpy()
    years = series["year"].to_numpy()[has].astype(int)
    values = series["value"].to_numpy(dtype=float, na_value=np.nan)[has]
    counts = (
        series["count"].to_numpy(dtype=float, na_value=np.nan)[has]
        if "count" in series
        else np.full(len(values), np.nan)
    )
    order = np.argsort(years, kind="stable")
    return dict(zip(years[order].tolist(), zip(values[order].tolist(), counts[order].tolist())))


def find_baseline(series: pd.DataFrame | Points, reference_year: int) -> Baseline | None:
    have = series if isinstance(series, dict) else points(series)
    r = reference_year
    if {r - 1, r, r + 1} <= have.keys():
        years: tuple[int, ...] = (r - 1, r, r + 1)
    elif r in have:
        years = (r,)
    elif {r - 1, r + 1} <= have.keys():
        years = (r - 1, r + 1)
    else:
        return None
    values = [have[y][0] for y in years]
    counts = [have[y][1] for y in years]
    events = None if any(math.isnan(c) for c in counts) else float(sum(counts))
    return Baseline(r, years, sum(values) / len(values), events)


def glide_value(baseline: Baseline, year: float, goal_year: int = GOAL_YEAR) -> float:
    """The glide path: a constant percentage fall from the baseline in R to the target."""
    share = (year - baseline.reference_year) / (goal_year - baseline.reference_year)
    return baseline.value * TARGET_SHARE**share


def glide_path(
    baseline: Baseline, years: Iterable[int] | None = None, goal_year: int = GOAL_YEAR
) -> pd.Series:
    """The path's value for each year from R to the goal year (or for `years`)."""
    years = list(years) if years is not None else range(baseline.reference_year, goal_year + 1)
    return pd.Series({y: glide_value(baseline, y, goal_year) for y in years}, dtype="float64")


def annual_change(start: float, end: float, years: float) -> float:
    """The constant yearly change that takes `start` to `end` in `years`: -0.05 is -5% a year."""
    return (end / start) ** (1 / years) - 1


def assess(
    series: pd.DataFrame | Points, reference_year: int, goal_year: int = GOAL_YEAR
) -> Progress:
    """Where one series stands against halving its baseline by `goal_year`.

    Use it only for indicators where lower is better; the caller knows which those are."""
    if reference_year >= goal_year:
        raise ValueError(f"reference year {reference_year} is not before {goal_year}")
    have = series if isinstance(series, dict) else points(series)
    latest_year = max(have) if have else None
    latest_value = have[latest_year][0] if latest_year is not None else None
    base = find_baseline(have, reference_year)

    def without_status(reason: Reason) -> Progress:
        target = base.value * TARGET_SHARE if base is not None else None
        return Progress(
            reference_year,
            goal_year,
            Status.NOT_ENOUGH_DATA,
            reason,
            base,
            target,
            latest_year,
            latest_value,
            None,
            None,
            None,
            None,
        )

    if base is None:
        return without_status(Reason.NO_BASELINE)
    if base.value == 0:
        return without_status(Reason.ZERO_BASELINE)
    if base.few_events:
        return without_status(Reason.FEW_EVENTS)
    if latest_year is None or latest_value is None or latest_year <= max(base.years):
        return without_status(Reason.NO_LATER_YEAR)

    target = base.value * TARGET_SHARE
    expected = glide_value(base, min(latest_year, goal_year), goal_year)
    on_track = latest_value <= expected * (1 + 1e-12)
    needed = None
    if latest_year < goal_year and latest_value > target:
        needed = annual_change(latest_value, target, goal_year - latest_year)
    return Progress(
        reference_year,
        goal_year,
        Status.ON_TRACK if on_track else Status.OFF_TRACK,
        None,
        base,
        target,
        latest_year,
        latest_value,
        expected,
        latest_value / base.value - 1,
        annual_change(base.value, latest_value, latest_year - reference_year),
        needed,
    )
