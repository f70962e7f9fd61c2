"""Violence trends: one indicator over time for chosen cities, with the lines drawn around them
(national rates, a network's median, glide paths to 2030) and the interventions that ran.

`chart()` computes everything the trend chart draws as one long table (`lines`), so that
`/data/trends.csv` is exactly the chart: one row per series and year, where `plotted` is the
number drawn. docs/methods.md explains each column.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from functools import cached_property
from typing import Literal

import numpy as np
import pandas as pd
from pandas.api.indexers import BaseIndexer

from data.i18n import _
from data.queries.common import city_texts, current_members, observations, reporting_cities
from data.queries.goals import Point, Progress, Reason, find_baseline, glide_value
from data.queries.interventions import city_positions, records
from data.queries.progress import GoalNetwork, goal_for_network, pledges, progress_of
from data.queries.small_numbers import MIN_EVENTS, count_bounds, rate_bounds
from data.repository import Indicator, Repository
from data.state import ViewState, param

DEFAULT_CITY_COUNT = 5
# `?cities=-`: the reader cleared the cities (no city chosen), unlike no `cities` at all, which
# shows the default ones. "-" is no city id (ids are slugs of names).
NO_CITIES = ("-",)
INDEX_BASE = 100.0
Measure = Literal["rate", "count"]
Series = Literal["city", "national", "median", "glide-path"]

COLUMNS = [
    "city_id",
    "city",
    "country",
    "indicator",
    "year",
    "value",
    "count",
    "population",
    "source",
    "definition",
    "flags",
    "simulated",
    "source_id",
]
# A chart line's rows: an observation's columns (without its source id) and how it is drawn,
# with the 2030 status of its city (city and glide-path rows) and the latest year it judged.
LINE_COLUMNS = [
    "series",
    *COLUMNS[:-1],
    "unstable",
    "rolling_3y",
    "plotted",
    "low",
    "high",
    "status",
    "latest_year",
    "source_id",
]
SPAN_COLUMNS = ["intervention_id", "city_id", "city", "title", "start", "end", "open_end"]


@dataclass(frozen=True)
class TrendsState(ViewState):
    view = "trends"
    indicator: str = ""
    cities: tuple[str, ...] = ()
    start: int | None = param(None, name="from")
    end: int | None = param(None, name="to")
    measure: Measure = "rate"
    smooth: bool = False  # centred 3-year average instead of the yearly values
    index: bool = False  # each line divided by its own baseline, times 100
    log: bool = False
    national: bool = True
    network: str = ""  # whose median may be drawn and whose reference year sets the baseline
    median: bool = False
    goal: bool = True
    interventions: bool = True


def default_cities(repo: Repository, indicator: str) -> tuple[str, ...]:
    """Members of the first network with a goal year that report the indicator, largest first;
    otherwise the largest cities that report it."""
    reporting = pd.Index(sorted(reporting_cities(repo, indicator)))
    cities = repo.table("cities")
    goal = goal_for_network(repo, "")
    pool = reporting
    if goal is not None:
        members = reporting.intersection(current_members(repo, goal.network_id))
        if len(members):
            pool = members
    ranked = cities.loc[cities.index.intersection(pool)].sort_values("population", ascending=False)
    return tuple(ranked.index[:DEFAULT_CITY_COUNT])


def group_cities(repo: Repository, group: str, indicator: str) -> tuple[str, ...]:
    """The cities of a quick pick ("network:pioc", "region:lac") that report the indicator,
    largest first; () for an unknown group."""
    kind, _sep, key = group.partition(":")
    cities = repo.table("cities")
    if kind == "network" and key in repo.table("networks").index:
        pool = current_members(repo, key)
    elif kind == "region":
        pool = cities.index[cities["region"] == key]
    else:
        return ()
    reporting = reporting_cities(repo, indicator)
    chosen = cities.loc[[c for c in pool if c in reporting]]
    return tuple(chosen.sort_values("population", ascending=False).index)


def has_counts(indicator: Indicator | None) -> bool:
    return indicator is not None and indicator.per_100k


def resolve(repo: Repository, state: TrendsState) -> TrendsState:
    """Defaults filled in and unknown ids dropped: the state the page actually shows."""
    known_indicator = state.indicator in repo.table("indicators").index
    indicator = state.indicator if known_indicator else repo.default_indicator()
    known = repo.table("cities").index
    cities = tuple(c for c in state.cities if c in known) or default_cities(repo, indicator)
    if state.cities == NO_CITIES:
        cities = NO_CITIES
    network = state.network if state.network in repo.table("networks").index else ""
    if not network:
        goal = goal_for_network(repo, "")
        network = goal.network_id if goal else ""
    measure = state.measure if has_counts(repo.indicator(indicator)) else "rate"
    return state.replace(indicator=indicator, cities=cities, network=network, measure=measure)


def chosen(state: TrendsState) -> tuple[str, ...]:
    """The cities the reader chose: none after clearing them (NO_CITIES)."""
    return () if state.cities == NO_CITIES else state.cities


def for_controls(state: TrendsState) -> TrendsState:
    """The state as the controls show it: no city chosen is an empty city picker."""
    return state.replace(cities=chosen(state))


def year_problem(data: Chart) -> str | None:
    """What is wrong with the years asked for, in words naming the years that exist: reversed,
    or outside every year of the chosen cities' data. None when the range is fine."""
    state, years = data.state, data.value_years
    start, end = state.start, state.end
    if start is not None and end is not None and start > end:
        if years is None:
            return _("The years are reversed: from {start} to {end}.", start=start, end=end)
        return _(
            "The years are reversed: from {start} to {end}. Choose a first year before the "
            "last; these cities have data from {first} to {last}.",
            start=start,
            end=end,
            first=years[0],
            last=years[1],
        )
    if years is None or (start is None and end is None):
        return None
    first, last = years
    after, before = start is not None and start > last, end is not None and end < first
    if (after or before) and start is not None and end is not None:
        return _(
            "There are no values from {start} to {end}: these cities have data from {first} "
            "to {last}.",
            start=start,
            end=end,
            first=first,
            last=last,
        )
    if after:
        return _(
            "There are no values from {start} on: these cities have data from {first} to {last}.",
            start=start,
            first=first,
            last=last,
        )
    if before:
        return _(
            "There are no values up to {end}: these cities have data from {first} to {last}.",
            end=end,
            first=first,
            last=last,
        )
    return None


def series(repo: Repository, state: TrendsState) -> pd.DataFrame:
    """One row per city and year with a value, in the order the cities were chosen."""
    state = resolve(repo, state)
    rows = _observations(repo, state)
    return _within(rows, state)[COLUMNS].reset_index(drop=True)


def _observations(repo: Repository, state: TrendsState) -> pd.DataFrame:
    """The chosen cities' rows, every year (rolling averages and baselines reach outside the
    year range shown)."""
    rows = observations(repo, state.indicator, chosen(state))
    cities = repo.table("cities")
    sources = repo.table("sources")
    order = {c: i for i, c in enumerate(chosen(state))}
    at = np.lexsort((rows["year"].to_numpy(), rows["city_id"].map(order).to_numpy()))
    rows = rows.take(at).reset_index(drop=True)  # by city as chosen, then year
    return rows.assign(
        city=rows["city_id"].map(cities["name"]),
        country=rows["city_id"].map(cities["country"]),
        indicator=state.indicator,
        source=rows["source_id"].map(sources["title"]),
        definition=rows["source_id"].map(sources["definition"]),
    )


def _within(rows: pd.DataFrame, state: TrendsState) -> pd.DataFrame:
    if state.start is not None:
        rows = rows[rows["year"] >= state.start]
    if state.end is not None:
        rows = rows[rows["year"] <= state.end]
    return rows


def rolling_3y(by_year: pd.Series) -> pd.Series:
    """Centred 3-year mean: the mean of y-1, y and y+1, only where all three have a value."""
    if by_year.empty:
        return by_year.astype("float64")
    groups = np.zeros(len(by_year), dtype="int64")
    years = by_year.index.to_numpy(dtype="int64")
    rolled = _rolling_3y(groups, years, by_year.to_numpy(dtype="float64", na_value=np.nan))
    return pd.Series(rolled, index=by_year.index)


def _rolling_3y(groups: np.ndarray, years: np.ndarray, values: np.ndarray) -> np.ndarray:
    """`rolling_3y` of many series at once: rows sorted by series (`groups`, integer codes) and
    year, one row per series and year. Each series is spread over every year of its span (gaps
    as NaN) and rolled in one pass over windows cut at each series' ends, as a grouped, centred
    rolling mean cuts them (the same windows, so the same sums to the last bit): a groupby per
    chart cost more than the numbers."""
    if not len(values):
        return values.astype("float64")
    starts = np.flatnonzero(np.r_[True, groups[1:] != groups[:-1]])
    ends = np.r_[starts[1:], len(groups)]
    first, last = years[starts], years[ends - 1]
    spans = last - first + 1
    offsets = np.r_[0, np.cumsum(spans)[:-1]]
    series = np.repeat(np.arange(len(starts)), ends - starts)
    at = offsets[series] + years - first[series]
    grid = np.full(int(spans.sum()), np.nan)
    grid[at] = values
    position = np.arange(len(grid))
    low = np.repeat(offsets, spans)
    windows = _Windows(
        start=np.maximum(position - 1, low),
        end=np.minimum(position + 2, low + np.repeat(spans, spans)),
    )
    return pd.Series(grid).rolling(windows, min_periods=3).mean().to_numpy()[at]


class _Windows(BaseIndexer):
    """Windows given as arrays of starts and ends (pandas' public way to roll over them)."""

    def get_window_bounds(
        self,
        num_values: int = 0,
        min_periods: int | None = None,
        center: bool | None = None,
        closed: str | None = None,
        step: int | None = None,
    ) -> tuple[np.ndarray, np.ndarray]:
        return self.start, self.end


@dataclass(frozen=True)
class Chart:
    """Everything the trend chart shows, computed once for the chart, its table and its CSV."""

    state: TrendsState  # resolved
    indicator: Indicator
    lines: pd.DataFrame  # LINE_COLUMNS; `plotted` is the number drawn
    spans: pd.DataFrame  # SPAN_COLUMNS: interventions of the cities shown
    progress: dict[str, Progress]  # city_id -> progress toward the goal (lower-is-better only)
    goal: GoalNetwork | None
    pledged: frozenset[str]  # the cities shown that pledged the goal network's goal
    source_ids: tuple[str, ...]  # every source behind a number drawn, for the source line
    not_indexed: tuple[str, ...]  # names of lines without a baseline, left out when indexed
    # the first and last year with a value of the chosen cities, any year (None: no value)
    value_years: tuple[int, int] | None = None

    @cached_property  # read a dozen times per page
    def cities(self) -> pd.DataFrame:
        return self.lines[self.lines["series"] == "city"]

    @property
    def glide(self) -> bool:
        return bool((self.lines["series"] == "glide-path").any())


Columns = dict[str, np.ndarray]  # some lines' rows, column by column (LINE_COLUMNS)
TEXT = ("series", "city_id", "city", "country", "indicator", "source", "definition", "flags",
        "status", "source_id")  # fmt: skip


def _transform(
    part: Columns,
    state: TrendsState,
    reference_year: int | None,
    *,
    counts: bool,
    lines: np.ndarray,
) -> list[int]:
    """`plotted`, `low`, `high` and `rolling_3y` for lines of one kind at once, set in `part`:
    rows sorted by line (`lines`, integer codes from 0 in order) and year, one row per line
    and year. Returns the lines that have no baseline to index to (when indexed).

    The measure (rate or count) is smoothed when asked, then indexed to its line's own
    baseline. Every step is a whole-column operation: a frame per line cost more than the
    numbers."""
    years, value, count = part["year"], part["value"], part["count"]
    measure = count if state.measure == "count" else value
    nothing = np.full(len(years), np.nan)
    low, high = nothing, nothing
    if counts:
        low, high = (
            count_bounds(count)
            if state.measure == "count"
            else rate_bounds(count, part["population"])
        )
    plotted = _rolling_3y(lines, years, measure) if state.smooth else measure
    if state.smooth:
        low = high = nothing
    no_baseline: list[int] = []
    if state.index:
        scale = np.full(len(years), np.nan)
        starts = np.flatnonzero(np.r_[True, lines[1:] != lines[:-1]]) if len(lines) else []
        ends = np.r_[starts[1:], len(lines)] if len(lines) else []
        for start, end in zip(starts, ends):
            baseline = None
            if reference_year is not None:
                have = {
                    int(y): Point(float(v))
                    for y, v in zip(years[start:end], measure[start:end])
                    if not np.isnan(v)
                }
                baseline = find_baseline(dict(sorted(have.items())), reference_year)
            if baseline is None:
                no_baseline.append(int(lines[start]))
            elif baseline.value:
                scale[start:end] = INDEX_BASE / baseline.value
        plotted, low, high = plotted * scale, low * scale, high * scale
    part.update(plotted=plotted, low=low, high=high, rolling_3y=_rolling_3y(lines, years, value))
    return no_baseline


def _line_codes(keys: np.ndarray) -> np.ndarray:
    """Integer codes of contiguous lines, 0, 1, ... in order of appearance."""
    return pd.factorize(keys)[0].astype("int64")


def _text(column: pd.Series) -> np.ndarray:
    return column.to_numpy(dtype=object)


def _numbers(column: pd.Series) -> np.ndarray:
    return column.to_numpy(dtype="float64", na_value=np.nan)


def _filled(n: int, value: str | None) -> np.ndarray:
    out = np.empty(n, dtype=object)
    out[:] = value
    return out


def _city_lines(
    rows: pd.DataFrame,
    repo: Repository,
    state: TrendsState,
    reference_year: int | None,
    *,
    counts: bool,
) -> tuple[Columns, list[str]]:
    """The chosen cities' rows (`rows`, their observations), every year (rolling averages and
    baselines reach outside the year range shown), by city as chosen, then year: columns
    straight from the table, without a frame on the way."""
    city_ids = _text(rows["city_id"])
    order = {c: i for i, c in enumerate(chosen(state))}
    years = rows["year"].to_numpy(dtype="int64")
    rank = np.array([order[c] for c in city_ids], dtype="int64")
    at = np.lexsort((years, rank))
    names, countries = city_texts(repo, chosen(state), ("name", "country"))
    source_ids = _text(rows["source_id"])[at]
    titles, definitions = _source_texts(repo, source_ids)
    count = _numbers(rows["count"])[at]
    part: Columns = {
        "series": _filled(len(at), "city"),
        "city_id": city_ids[at],
        "city": names[rank[at]],
        "country": countries[rank[at]],
        "indicator": _filled(len(at), state.indicator),
        "year": years[at],
        "value": _numbers(rows["value"])[at],
        "count": count,
        "population": _numbers(rows["population"])[at],
        "source": titles,
        "definition": definitions,
        "flags": _text(rows["flags"])[at],
        "simulated": rows["simulated"].to_numpy(dtype=bool)[at],
        "unstable": np.less(count, MIN_EVENTS),  # as `unstable`: a known count under 20
        "source_id": source_ids,
    }
    lines = _line_codes(part["city_id"])
    no_baseline = _transform(part, state, reference_year, counts=counts, lines=lines)
    found = part["city"][np.searchsorted(lines, no_baseline)]
    return part, [str(n) for n in found]


def _source_texts(repo: Repository, source_ids: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each row's source title and definition (NaN for an unknown source, as a map gives)."""

    def compute() -> tuple[dict[str, int], np.ndarray, np.ndarray]:
        # per build, a few numbers and texts per source: looking a chart's few hundred rows up
        # in the table's text index cost more than the rest of the line
        sources = repo.table("sources")
        at = {str(s): i for i, s in enumerate(sources.index)}
        titles = np.append(_text(sources["title"]), np.nan)
        definitions = np.append(_text(sources["definition"]), np.nan)
        return at, titles, definitions

    positions, titles, definitions = repo.memo("source texts", compute)
    at = np.array([positions.get(s, -1) for s in source_ids.tolist()], dtype=np.intp)
    return titles[at], definitions[at]


def _national_rows(repo: Repository) -> dict[tuple[str, str], np.ndarray]:
    """Positions of each (indicator, country)'s national rows, sorted by year: per build."""

    def compute() -> dict[tuple[str, str], np.ndarray]:
        national = repo.table("national")
        years = national["year"].to_numpy()
        groups = national.groupby(["indicator_id", "country"], sort=False, observed=True).indices
        return {key: rows[np.argsort(years[rows], kind="stable")] for key, rows in groups.items()}

    return repo.memo("national rows", compute)


def _national_lines(
    repo: Repository, state: TrendsState, reference_year: int | None
) -> tuple[Columns | None, list[str]]:
    """Each shown city's country, once, in the order of its first city (national series
    carry values only: no counts, so no count view and no intervals)."""
    if not state.national or state.measure == "count":
        return None, []
    names = dict(zip(*city_texts(repo, chosen(state), ("country", "country_name"))))
    found = _national_rows(repo)
    wanted = [c for c in names if (state.indicator, c) in found]  # in the order of their first city
    if not wanted:
        return None, []
    positions = [found[(state.indicator, c)] for c in wanted]
    at = np.concatenate(positions)
    national = repo.table("national")

    def column(name: str, dtype: object = object) -> np.ndarray:
        # the few columns drawn, not a frame of them all
        return national[name].array.take(at).to_numpy(dtype=dtype)

    lines = np.repeat(np.arange(len(wanted)), [len(p) for p in positions])
    labels = [_("{country} (national)", country=names[c]) for c in wanted]
    source_ids = column("source_id")
    titles, definitions = _source_texts(repo, source_ids)
    n = len(lines)
    part: Columns = {
        "series": _filled(n, "national"),
        "city_id": _filled(n, ""),
        "city": np.array(labels, dtype=object)[lines],
        "country": column("country"),
        "indicator": _filled(n, state.indicator),
        "year": column("year", "int64"),
        "value": national["value"].array.take(at).to_numpy(dtype="float64", na_value=np.nan),
        "count": np.full(n, np.nan),
        "population": np.full(n, np.nan),
        "source": titles,
        "definition": definitions,
        "flags": column("flags"),
        "simulated": column("simulated", bool),
        "unstable": np.zeros(n, dtype=bool),
        "source_id": source_ids,
    }
    no_baseline = _transform(part, state, reference_year, counts=False, lines=lines)
    return part, [labels[i] for i in no_baseline]


def _median_line(
    repo: Repository, state: TrendsState, reference_year: int | None
) -> tuple[Columns | None, list[str], list[str]]:
    """The yearly median value of the network's current members that report the indicator."""
    if not state.median or state.measure == "count" or not state.network:
        return None, [], []
    members = current_members(repo, state.network)
    rows = observations(repo, state.indicator, members)
    if rows.empty:
        return None, [], []
    name = str(repo.table("networks").at[state.network, "name"])
    label = _("Median of {network}", network=name)
    grouped = rows.groupby("year")
    median = grouped["value"].median()
    n = len(median)
    part: Columns = {
        "series": _filled(n, "median"),
        "city_id": _filled(n, ""),
        "city": _filled(n, label),
        "country": _filled(n, ""),
        "indicator": _filled(n, state.indicator),
        "year": median.index.to_numpy(dtype="int64"),
        "value": median.to_numpy(dtype="float64", na_value=np.nan),
        "count": np.full(n, np.nan),
        "population": np.full(n, np.nan),
        "source": np.array(
            [
                _("{n} reporting members of {network}", n=k, network=name)
                for k in grouped["value"].count().to_numpy()
            ],
            dtype=object,
        ),
        "definition": _filled(n, None),
        "flags": _filled(n, ""),
        "simulated": grouped["simulated"].any().to_numpy(dtype=bool),
        "unstable": np.zeros(n, dtype=bool),
        "source_id": _filled(n, ""),
    }
    lines = np.zeros(n, dtype="int64")
    no_baseline = _transform(part, state, reference_year, counts=False, lines=lines)
    not_indexed = [label] if no_baseline else []
    return part, not_indexed, rows["source_id"].unique().tolist()


def _glide_lines(
    state: TrendsState, cities: Columns, progress: dict[str, Progress]
) -> Columns | None:
    """Glide paths of the cities whose progress can be judged (not from a zero or few-event
    baseline). Rates only: the goal is set on rates, not counts."""
    if not state.goal or state.measure == "count":
        return None
    ids = cities["city_id"]
    first = dict(zip(ids[::-1], zip(cities["city"][::-1], cities["country"][::-1])))
    simulated = dict(zip(zip(ids, cities["year"].tolist()), cities["simulated"]))
    columns: dict[str, list[object]] = {
        n: [] for n in ("city_id", "city", "country", "year", "value", "plotted", "simulated")
    }
    for city_id, p in progress.items():
        if p.baseline is None or p.reason in (Reason.ZERO_BASELINE, Reason.FEW_EVENTS):
            continue
        years = range(p.baseline.reference_year, p.goal_year + 1)  # as `glide_path` spans it
        path = [glide_value(p.baseline, y, p.goal_year) for y in years]
        scale = INDEX_BASE / p.baseline.value
        name, country = first[city_id]
        pooled = any(bool(simulated.get((city_id, y), False)) for y in p.baseline.years)
        n = len(path)
        columns["city_id"] += [city_id] * n
        columns["city"] += [name] * n
        columns["country"] += [country] * n
        columns["year"] += years
        columns["value"] += path
        columns["plotted"] += [v * scale for v in path] if state.index else path
        columns["simulated"] += [pooled] * n
    n = len(columns["city_id"])
    if not n:
        return None
    return {
        "series": _filled(n, "glide-path"),
        "city_id": np.array(columns["city_id"], dtype=object),
        "city": np.array(columns["city"], dtype=object),
        "country": np.array(columns["country"], dtype=object),
        "indicator": _filled(n, state.indicator),
        "year": np.array(columns["year"], dtype="int64"),
        "value": np.array(columns["value"], dtype="float64"),
        "count": np.full(n, np.nan),
        "population": np.full(n, np.nan),
        "source": _filled(n, ""),
        "definition": _filled(n, None),
        "flags": _filled(n, ""),
        "simulated": np.array(columns["simulated"], dtype=bool),
        "unstable": np.zeros(n, dtype=bool),
        "rolling_3y": np.full(n, np.nan),
        "plotted": np.array(columns["plotted"], dtype="float64"),
        "low": np.full(n, np.nan),
        "high": np.full(n, np.nan),
        "source_id": _filled(n, ""),
    }


def _lines_frame(
    parts: list[Columns | None], state: TrendsState, progress: dict[str, Progress]
) -> tuple[pd.DataFrame, Columns]:
    """The parts' rows within the years asked for, as one frame made once (a frame per part,
    reindexed and concatenated, cost more than the numbers); with each city's 2030 status and
    the latest year it judged on its own and its glide path's rows (empty for national and
    median lines, and where no goal applies). With the frame, its columns as arrays, which
    cost less to read than the frame's."""
    found = [p for p in parts if p is not None and len(p["year"])] or [_no_rows()]
    names = [c for c in LINE_COLUMNS if c not in ("status", "latest_year")]
    columns = {c: np.concatenate([p[c] for p in found]) for c in names}
    years = columns["year"]
    keep = np.ones(len(years), dtype=bool)
    if state.start is not None:
        keep &= years >= state.start
    if state.end is not None:
        keep &= years <= state.end
    if not keep.all():
        columns = {c: v[keep] for c, v in columns.items()}
    ids = columns["city_id"].tolist()
    mine = np.isin(columns["series"], ["city", "glide-path"]).tolist()
    status = {c: p.status.value for c, p in progress.items()}
    latest = {c: p.latest_year for c, p in progress.items()}
    columns["status"] = np.array(
        [status.get(c, "") if m else "" for c, m in zip(ids, mine)], dtype=object
    )
    out: dict[str, object] = {}
    for c in LINE_COLUMNS:
        if c == "latest_year":
            out[c] = pd.array([latest.get(i) if m else None for i, m in zip(ids, mine)], "Int64")
        elif c == "population":
            out[c] = pd.array(columns[c], dtype="Int64")
        elif c in TEXT:
            out[c] = pd.array(columns[c], dtype="str")
        else:
            out[c] = columns[c]
    return pd.DataFrame(out), columns


def _no_rows() -> Columns:
    """No line, with every column."""
    numbers = ("value", "count", "population", "rolling_3y", "plotted", "low", "high")
    types = {"year": "int64", "simulated": bool, "unstable": bool} | dict.fromkeys(numbers, float)
    return {c: np.empty(0, dtype=types.get(c, object)) for c in LINE_COLUMNS}


def spans(
    repo: Repository, city_ids: tuple[str, ...], first: int, last: int, today: date | None = None
) -> pd.DataFrame:
    """Interventions of these cities that overlap the years first..last (ongoing ones run to
    `today`), in the cities' order, then by start and id (as the timeline lists them)."""
    frame = records(repo, today)
    found = city_positions(repo, city_ids, today)

    def column(name: str) -> np.ndarray:  # the few columns the order needs, at these rows
        return frame[name].array.take(found).to_numpy()

    start, end = column("start"), column("end")
    overlap = (end >= np.datetime64(f"{first:04d}-01-01")) & (
        start < np.datetime64(f"{last + 1:04d}-01-01")
    )
    keep = np.flatnonzero(overlap)
    ids = frame["intervention_id"].array.take(found).to_numpy(dtype=object)
    by_id = keep[np.argsort(ids[keep], kind="stable")]
    order = {c: i for i, c in enumerate(city_ids)}
    city = frame["city_id"].array.take(found[by_id]).to_numpy(dtype=object)
    lane = np.array([order[c] for c in city], dtype=int)
    at = found[by_id[np.lexsort((start[by_id], lane))]]
    return frame[SPAN_COLUMNS].take(at).reset_index(drop=True)


def chart(repo: Repository, state: TrendsState, today: date | None = None) -> Chart:
    state = resolve(repo, state)
    indicator = repo.indicator(state.indicator)
    assert indicator is not None  # resolve() picks a known indicator
    goal = goal_for_network(repo, state.network)
    reference_year = goal.reference_year if goal else None
    counts = has_counts(indicator)
    rows = observations(repo, state.indicator, chosen(state))  # the chart's and progress's
    cities, not_indexed = _city_lines(rows, repo, state, reference_year, counts=counts)
    national, national_not_indexed = _national_lines(repo, state, reference_year)
    median, median_not_indexed, median_sources = _median_line(repo, state, reference_year)
    progress = progress_of(repo, state.indicator, chosen(state), goal, today, rows)
    glide = _glide_lines(state, cities, progress)
    lines, columns = _lines_frame([cities, national, median, glide], state, progress)
    known = [s for s in dict.fromkeys(columns["source_id"].tolist()) if isinstance(s, str)]
    source_ids = (*known, *median_sources)
    drawn = columns["year"][~np.isnan(columns["plotted"])]
    valued = cities["year"][~np.isnan(cities["value"])]  # every year, not only those shown
    if state.interventions and len(drawn):
        span_rows = spans(repo, chosen(state), int(drawn.min()), int(drawn.max()), today)
    else:
        span_rows = pd.DataFrame(columns=SPAN_COLUMNS)
    return Chart(
        state=state,
        indicator=indicator,
        lines=lines,
        spans=span_rows,
        progress=progress,
        goal=goal,
        pledged=frozenset(
            c for c in chosen(state) if goal is not None and pledges(repo, c, goal.network_id)
        ),
        source_ids=tuple(s for s in dict.fromkeys(source_ids) if s),
        not_indexed=tuple(not_indexed + national_not_indexed + median_not_indexed),
        value_years=(int(valued.min()), int(valued.max())) if len(valued) else None,
    )


CSV_COLUMNS = [
    *COLUMNS[:10],  # city_id, city, country, indicator, year, value, count, population, source,
    # definition
    "series",
    "plotted",
    "low",
    "high",
    "unstable",
    "rolling_3y",
    "flags",
    "simulated",
    "status",
    "latest_year",
]


def table(repo: Repository, state: TrendsState, today: date | None = None) -> pd.DataFrame:
    """The CSV behind the chart: one row per line and year. `value` is the measured (or
    reference) value; `plotted` is the number drawn after the display options (count, 3-year
    average, index); `low`/`high` the 95% interval drawn around unstable values."""
    return chart(repo, state, today).lines[CSV_COLUMNS]
