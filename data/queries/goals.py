"""Halving violence by 2030: baseline, target, glide path and status, for one series.

Pure functions on one city's (or country's) yearly series, so that the rule can be checked by
hand: docs/methods.md ("Halving violence by 2030: baseline, target and status") states it with
worked examples, and tests/unit/test_goals.py checks it against hand-computed cases and a
seeded simulation of cities whose true rate never changes.

The rule in short, for a reference year R (the network's, 2019 for Peace in Our Cities):
- baseline: the mean of the values of R-1, R and R+1 when all three exist; else the value of R;
  else the mean of R-1 and R+1 when both exist; else there is no baseline;
- target: half the baseline, in 2030;
- glide path: the baseline falling by the same percentage every year until it reaches the target,
  value(y) = baseline * 0.5 ** ((y - R) / (2030 - R));
- the judged value: the latest year with up to two consecutive years before it (pooled counts),
  with its exact 95% Poisson interval, or the source's own interval for values without a count;
- status: "data too old" when the latest year is more than `max_age` years before the current
  year; "on track" when the whole interval lies at or below the glide path, "off track" when it
  lies above, "too close to call" otherwise; "target reached" only when it lies below the target.
  No status without a baseline, with a zero baseline or one resting on fewer than 20 events,
  without a year after the baseline years, or without a count or interval to judge chance by.
"""

from __future__ import annotations

import math
import os
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import NamedTuple

import numpy as np
import pandas as pd

from data.queries.small_numbers import MIN_EVENTS, PER_100K, poisson_interval

GOAL_YEAR = 2030
TARGET_SHARE = 0.5
MAX_AGE = 3  # a latest value more years before the current year than this is too old to judge
POOLED_YEARS = 3  # the latest year and up to two before it are pooled for the judged value


def this_year() -> int:
    """The year statuses are judged in: today's, or OBSERVATORY_STATUS_YEAR's (to reproduce a
    review as it was judged, and to keep tests on fixed data from ageing)."""
    return int(os.environ.get("OBSERVATORY_STATUS_YEAR") or date.today().year)


class Status(StrEnum):
    ON_TRACK = "on-track"
    OFF_TRACK = "off-track"
    TOO_CLOSE = "too-close-to-call"  # the interval straddles the glide path
    TOO_OLD = "too-old"  # the latest value is too old to say where the city stands today
    NOT_ENOUGH_DATA = "not-enough-data"


# Statuses that judge the latest value against the glide path.
JUDGED = (Status.ON_TRACK, Status.OFF_TRACK, Status.TOO_CLOSE)


class Reason(StrEnum):
    """Why a series has no status."""

    NO_BASELINE = "no-baseline"  # no value in R, nor in both R-1 and R+1
    ZERO_BASELINE = "zero-baseline"  # half of zero is zero: no target to reach
    FEW_EVENTS = "few-events"  # fewer than 20 events in the baseline years together
    NO_LATER_YEAR = "no-later-year"  # nothing measured after the baseline years
    NO_INTERVAL = "no-interval"  # neither a count nor an interval: chance cannot be judged


class Point(NamedTuple):
    """One year of a series as the rule reads it (NaN where not known)."""

    value: float
    count: float = math.nan
    population: float = math.nan
    low: float = math.nan  # the source's own 95% interval (surveys)
    high: float = math.nan
    starts_break: bool = False  # not comparable with earlier years (flag `break`)


# One series: year -> Point, for the years with a value. Plain Python: a network's thousands of
# series are assessed in one pass without a DataFrame each (see progress.progress_of).
Points = dict[int, Point]


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
class Judged:
    """The value the status judges: the latest year's, pooled with up to two years before it."""

    years: tuple[int, ...]
    value: float  # pooled rate (events / population) or the latest value itself
    low: float  # 95% interval
    high: float
    events: float | None  # events in those years together; None for values without a count
    expected: float  # the glide path over the same years (mean of its yearly values)


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
    # None once the latest value is at or below the target, or the goal year has passed
    judged: Judged | None = None
    break_year: int | None = None  # a series break between the baseline and the latest year
    max_age: int = MAX_AGE
    latest_events: float | None = None  # the latest year's count, when it has one
    current_year: int = 0  # the year the age of the latest value was judged in

    @property
    def oldest_judged(self) -> int:
        """The earliest latest year that still gets a status."""
        return self.current_year - self.max_age

    @property
    def reached(self) -> bool:
        """The target is reached only when the whole interval lies at or below it."""
        return (
            self.status is Status.ON_TRACK
            and self.judged is not None
            and self.target is not None
            and self.judged.high <= self.target * (1 + 1e-12)
        )

    @property
    def rankable(self) -> bool:
        """A change since baseline that may be ranked: judged, and neither end resting on fewer
        than 20 events (a value that needs its interval is never ranked without it)."""
        return (
            self.status in JUDGED
            and self.change is not None
            and not (self.latest_events is not None and self.latest_events < MIN_EVENTS)
        )


def points(series: pd.DataFrame) -> Points:
    """`series` has `year`, `value` and maybe `count`, `population`, `low`, `high`, `flags`;
    rows without a value are left out."""
    has = series["value"].notna().to_numpy()
    years = series["year"].to_numpy()[has].astype(int)
    n = int(has.sum())

    def column(name: str) -> list[float]:
        if name not in series:
            return [math.nan] * n
        return series[name].to_numpy(dtype=float, na_value=np.nan)[has].tolist()

    flags = (
        series["flags"].fillna("").astype(str).to_numpy()[has].tolist()
        if "flags" in series
        else [""] * n
    )
    rows = zip(
        column("value"),
        column("count"),
        column("population"),
        column("low"),
        column("high"),
        ("break" in f.split(";") for f in flags),
    )
    found = {int(y): Point(*row) for y, row in zip(years.tolist(), rows)}
    return dict(sorted(found.items()))


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
    values = [have[y].value for y in years]
    counts = [have[y].count for y in years]
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


def _known(x: float) -> bool:
    return not math.isnan(x)


def judged_value(
    have: Points, baseline: Baseline, latest_year: int, goal_year: int = GOAL_YEAR
) -> Judged | None:
    """The latest value with its 95% interval, or None when neither a count nor an interval
    says how much chance could move it.

    With counts, the latest year is pooled with the years just before it (up to three in all)
    while each has a count and a population, follows the baseline years, and no series break
    separates them: three years' events give a narrower interval than one. The interval is the
    exact Poisson interval of the pooled count; the glide path is averaged over the same years."""
    latest = have[latest_year]

    def expected(years: tuple[int, ...]) -> float:
        return sum(glide_value(baseline, min(y, goal_year), goal_year) for y in years) / len(years)

    if _known(latest.count) and _known(latest.population):
        years = [latest_year]
        while len(years) < POOLED_YEARS:
            before = years[-1] - 1
            point = have.get(before)
            if (
                point is None
                or before <= max(baseline.years)
                or not (_known(point.count) and _known(point.population))
                or have[years[-1]].starts_break
            ):
                break
            years.append(before)
        pooled = tuple(sorted(years))
        events = sum(have[y].count for y in pooled)
        exposure = sum(have[y].population for y in pooled)
        low, high = poisson_interval(events)
        scale = PER_100K / exposure
        return Judged(
            pooled, events * scale, low * scale, high * scale, float(events), expected(pooled)
        )
    if _known(latest.low) and _known(latest.high):
        years1 = (latest_year,)
        return Judged(years1, latest.value, latest.low, latest.high, None, expected(years1))
    return None


def _break_between(have: Points, first: int, last: int) -> int | None:
    """The latest year after `first` up to `last` that starts a series break."""
    found = [y for y, p in have.items() if first < y <= last and p.starts_break]
    return max(found) if found else None


def assess(
    series: pd.DataFrame | Points,
    reference_year: int,
    goal_year: int = GOAL_YEAR,
    *,
    current_year: int | None = None,
    max_age: int = MAX_AGE,
) -> Progress:
    """Where one series stands against halving its baseline by `goal_year`.

    Use it only for indicators where lower is better; the caller knows which those are.
    `current_year` defaults to today's: a latest value more than `max_age` years older is
    "too old" whatever it says."""
    if reference_year >= goal_year:
        raise ValueError(f"reference year {reference_year} is not before {goal_year}")
    year_now = current_year if current_year is not None else this_year()
    have = series if isinstance(series, dict) else points(series)
    latest_year = max(have) if have else None
    latest = have[latest_year] if latest_year is not None else None
    latest_value = latest.value if latest is not None else None
    latest_events = latest.count if latest is not None and _known(latest.count) else None
    base = find_baseline(have, reference_year)
    target = base.value * TARGET_SHARE if base is not None else None

    def without_status(status: Status, reason: Reason | None) -> Progress:
        return Progress(
            reference_year,
            goal_year,
            status,
            reason,
            base,
            target,
            latest_year,
            latest_value,
            None,
            None,
            None,
            None,
            max_age=max_age,
            latest_events=latest_events,
            current_year=year_now,
        )

    if latest_year is not None and latest_year < year_now - max_age:
        return without_status(Status.TOO_OLD, None)
    if base is None:
        return without_status(Status.NOT_ENOUGH_DATA, Reason.NO_BASELINE)
    if base.value == 0:
        return without_status(Status.NOT_ENOUGH_DATA, Reason.ZERO_BASELINE)
    if base.few_events:
        return without_status(Status.NOT_ENOUGH_DATA, Reason.FEW_EVENTS)
    if latest_year is None or latest_value is None or latest_year <= max(base.years):
        return without_status(Status.NOT_ENOUGH_DATA, Reason.NO_LATER_YEAR)
    judged = judged_value(have, base, latest_year, goal_year)
    tolerance = 1 + 1e-12
    reason = None
    if judged is None:  # the point values still say how far it went, not whether by chance
        status, reason = Status.NOT_ENOUGH_DATA, Reason.NO_INTERVAL
    elif judged.high <= judged.expected * tolerance:
        status = Status.ON_TRACK
    elif judged.low > judged.expected * tolerance:
        status = Status.OFF_TRACK
    else:
        status = Status.TOO_CLOSE
    needed = None
    if latest_year < goal_year and latest_value > target:  # type: ignore[operator]
        needed = annual_change(latest_value, target, goal_year - latest_year)  # type: ignore[arg-type]
    return Progress(
        reference_year,
        goal_year,
        status,
        reason,
        base,
        target,
        latest_year,
        latest_value,
        glide_value(base, min(latest_year, goal_year), goal_year),
        latest_value / base.value - 1,
        annual_change(base.value, latest_value, latest_year - reference_year),
        needed,
        judged=judged,
        break_year=_break_between(have, min(base.years), latest_year),
        max_age=max_age,
        latest_events=latest_events,
        current_year=year_now,
    )
