"""Violence trends: one indicator over time for chosen cities, with the lines drawn around them
(national rates, a network's median, glide paths to 2030) and the interventions that ran.

`chart()` computes everything the trend chart draws as one long table (`lines`), so that
`/data/trends.csv` is exactly the chart: one row per series and year, where `plotted` is the
number drawn. docs/methods.md explains each column.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from data.i18n import _
from data.queries.common import current_members, observations, reporting_cities
from data.queries.goals import Baseline, Progress, Reason, find_baseline, glide_path
from data.queries.interventions import InterventionsState, listing
from data.queries.progress import GoalNetwork, goal_for_network, pledges, progress_of
from data.queries.small_numbers import count_interval, rate_interval, unstable
from data.repository import Indicator, Repository
from data.state import ViewState, param

DEFAULT_CITY_COUNT = 5
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
    indicator = state.indicator if repo.indicator(state.indicator) else repo.default_indicator()
    known = repo.table("cities").index
    cities = tuple(c for c in state.cities if c in known) or default_cities(repo, indicator)
    network = state.network if state.network in repo.table("networks").index else ""
    if not network:
        goal = goal_for_network(repo, "")
        network = goal.network_id if goal else ""
    measure = state.measure if has_counts(repo.indicator(indicator)) else "rate"
    return state.replace(indicator=indicator, cities=cities, network=network, measure=measure)


def series(repo: Repository, state: TrendsState) -> pd.DataFrame:
    """One row per city and year with a value, in the order the cities were chosen."""
    state = resolve(repo, state)
    rows = _observations(repo, state)
    return _within(rows, state)[COLUMNS].reset_index(drop=True)


def _observations(repo: Repository, state: TrendsState) -> pd.DataFrame:
    """The chosen cities' rows, every year (rolling averages and baselines reach outside the
    year range shown)."""
    rows = observations(repo, state.indicator, state.cities)
    cities = repo.table("cities")
    sources = repo.table("sources")
    order = {c: i for i, c in enumerate(state.cities)}
    return (
        rows.assign(
            city=rows["city_id"].map(cities["name"]),
            country=rows["city_id"].map(cities["country"]),
            indicator=state.indicator,
            source=rows["source_id"].map(sources["title"]),
            definition=rows["source_id"].map(sources["definition"]),
            _order=rows["city_id"].map(order),
        )
        .sort_values(["_order", "year"])
        .drop(columns="_order")
        .reset_index(drop=True)
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
    years = pd.RangeIndex(int(by_year.index.min()), int(by_year.index.max()) + 1)
    full = by_year.astype("float64").reindex(years)
    return full.rolling(3, center=True, min_periods=3).mean().reindex(by_year.index)


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

    @property
    def cities(self) -> pd.DataFrame:
        return self.lines[self.lines["series"] == "city"]

    @property
    def glide(self) -> bool:
        return bool((self.lines["series"] == "glide-path").any())


def _transform(
    frame: pd.DataFrame, state: TrendsState, reference_year: int | None, *, counts: bool
) -> tuple[pd.DataFrame, Baseline | None]:
    """`plotted`, `low` and `high` for one line (rows of one series, one row per year).

    The measure (rate or count) is smoothed when asked, then indexed to its own baseline."""
    by_year = frame.set_index(frame["year"].astype(int))
    measure = by_year["count"] if state.measure == "count" else by_year["value"]
    measure = measure.astype("float64")
    if counts:
        low, high = (
            count_interval(by_year["count"])
            if state.measure == "count"
            else rate_interval(by_year["count"], by_year["population"])
        )
    else:
        low = high = pd.Series(float("nan"), index=by_year.index)
    plotted = rolling_3y(measure) if state.smooth else measure
    if state.smooth:
        low = high = pd.Series(float("nan"), index=by_year.index)
    baseline = None
    if state.index:
        if reference_year is not None:
            base_rows = pd.DataFrame({"year": by_year.index, "value": measure.to_numpy()})
            baseline = find_baseline(base_rows, reference_year)
        scale = INDEX_BASE / baseline.value if baseline and baseline.value else float("nan")
        plotted, low, high = plotted * scale, low * scale, high * scale
    out = frame.assign(
        plotted=plotted.to_numpy(),
        low=low.to_numpy(),
        high=high.to_numpy(),
        rolling_3y=rolling_3y(by_year["value"].astype("float64")).to_numpy(),
    )
    return out, baseline


def _city_lines(
    repo: Repository, state: TrendsState, reference_year: int | None
) -> tuple[pd.DataFrame, list[str]]:
    rows = _observations(repo, state)
    counts = has_counts(repo.indicator(state.indicator))
    parts, not_indexed = [], []
    for _city_id, frame in rows.groupby("city_id", sort=False):
        frame = frame.assign(series="city", unstable=unstable(frame["count"]).to_numpy())
        line, baseline = _transform(frame, state, reference_year, counts=counts)
        if state.index and baseline is None:
            not_indexed.append(str(frame["city"].iloc[0]))
        parts.append(line)
    return _concat(parts), not_indexed


def _national_lines(
    repo: Repository, state: TrendsState, reference_year: int | None
) -> tuple[pd.DataFrame, list[str]]:
    """Each shown city's country, once, in the order of its first city (national series
    carry values only: no counts, so no count view and no intervals)."""
    if not state.national or state.measure == "count":
        return _concat([]), []
    cities = repo.table("cities")
    countries = list(dict.fromkeys(cities.loc[list(state.cities), "country"]))
    national = repo.table("national")
    sources = repo.table("sources")
    names = dict(zip(cities["country"], cities["country_name"]))
    parts, not_indexed = [], []
    national = national[national["indicator_id"] == state.indicator]
    for country in countries:
        rows = national[national["country"] == country]
        if rows.empty:
            continue
        label = _("{country} (national)", country=names[country])
        frame = rows.sort_values("year").assign(
            series="national",
            city_id="",
            city=label,
            indicator=state.indicator,
            count=float("nan"),
            population=pd.NA,
            source=rows["source_id"].map(sources["title"]),
            definition=rows["source_id"].map(sources["definition"]),
            unstable=False,
        )
        line, baseline = _transform(frame, state, reference_year, counts=False)
        if state.index and baseline is None:
            not_indexed.append(label)
        parts.append(line)
    return _concat(parts), not_indexed


def _median_line(
    repo: Repository, state: TrendsState, reference_year: int | None
) -> tuple[pd.DataFrame, list[str], list[str]]:
    """The yearly median value of the network's current members that report the indicator."""
    if not state.median or state.measure == "count" or not state.network:
        return _concat([]), [], []
    members = current_members(repo, state.network)
    rows = observations(repo, state.indicator, members)
    if rows.empty:
        return _concat([]), [], []
    name = str(repo.table("networks").at[state.network, "name"])
    label = _("Median of {network}", network=name)
    grouped = rows.groupby("year")
    frame = pd.DataFrame(
        {
            "year": grouped["value"].median().index.astype(int),
            "value": grouped["value"].median().to_numpy(),
            "simulated": grouped["simulated"].any().to_numpy(),
        }
    ).assign(
        series="median",
        city_id="",
        city=label,
        country="",
        indicator=state.indicator,
        count=float("nan"),
        population=pd.NA,
        source="",
        flags="",
        unstable=False,
        source_id="",
    )
    frame["source"] = [
        _("{n} reporting members of {network}", n=n, network=name)
        for n in grouped["value"].count().to_numpy()
    ]
    line, baseline = _transform(frame, state, reference_year, counts=False)
    not_indexed = [label] if state.index and baseline is None else []
    return line, not_indexed, rows["source_id"].unique().tolist()


def _glide_lines(
    state: TrendsState, cities: pd.DataFrame, progress: dict[str, Progress]
) -> pd.DataFrame:
    """Glide paths of the cities whose progress can be judged (not from a zero or few-event
    baseline). Rates only: the goal is set on rates, not counts."""
    if not state.goal or state.measure == "count":
        return _concat([])
    parts = []
    for city_id, p in progress.items():
        if p.baseline is None or p.reason in (Reason.ZERO_BASELINE, Reason.FEW_EVENTS):
            continue
        path = glide_path(p.baseline, goal_year=p.goal_year)
        first = cities[cities["city_id"] == city_id].iloc[0]
        base_rows = cities[
            (cities["city_id"] == city_id) & cities["year"].isin(list(p.baseline.years))
        ]
        plotted = path * (INDEX_BASE / p.baseline.value) if state.index else path
        parts.append(
            pd.DataFrame(
                {
                    "series": "glide-path",
                    "city_id": city_id,
                    "city": first["city"],
                    "country": first["country"],
                    "indicator": state.indicator,
                    "year": path.index.astype(int),
                    "value": path.to_numpy(),
                    "count": float("nan"),
                    "population": pd.NA,
                    "source": "",
                    "flags": "",
                    "simulated": bool(base_rows["simulated"].any()),
                    "unstable": False,
                    "rolling_3y": float("nan"),
                    "plotted": plotted.to_numpy(),
                    "low": float("nan"),
                    "high": float("nan"),
                    "source_id": "",
                }
            )
        )
    return _concat(parts)


def _with_status(lines: pd.DataFrame, progress: dict[str, Progress]) -> pd.DataFrame:
    """Each city's 2030 status and the latest year it judged, on its own and its glide path's
    rows (empty for national and median lines, and where no goal applies)."""
    mine = lines["series"].isin(["city", "glide-path"])
    status = lines["city_id"].map({c: p.status.value for c, p in progress.items()})
    latest = lines["city_id"].map({c: p.latest_year for c, p in progress.items()})
    return lines.assign(
        status=status.where(mine, "").fillna("").astype(str),
        latest_year=latest.where(mine).astype("Int64"),
    )


def _concat(parts: list[pd.DataFrame]) -> pd.DataFrame:
    parts = [p for p in parts if not p.empty]
    if not parts:
        return pd.DataFrame({c: pd.Series(dtype="object") for c in LINE_COLUMNS})
    return pd.concat([p.reindex(columns=LINE_COLUMNS) for p in parts], ignore_index=True)


def spans(
    repo: Repository, city_ids: tuple[str, ...], first: int, last: int, today: date | None = None
) -> pd.DataFrame:
    """Interventions of these cities that overlap the years first..last (ongoing ones run to
    `today`), in the cities' order."""
    rows = listing(repo, InterventionsState(cities=city_ids), today=today)
    overlap = (rows["end"].dt.year >= first) & (rows["start"].dt.year <= last)
    order = {c: i for i, c in enumerate(city_ids)}
    rows = rows[overlap]
    rows = rows.assign(_order=rows["city_id"].map(order))
    return rows.sort_values(["_order", "start"])[SPAN_COLUMNS].reset_index(drop=True)


def chart(repo: Repository, state: TrendsState, today: date | None = None) -> Chart:
    state = resolve(repo, state)
    indicator = repo.indicator(state.indicator)
    assert indicator is not None  # resolve() picks a known indicator
    goal = goal_for_network(repo, state.network)
    reference_year = goal.reference_year if goal else None
    cities, not_indexed = _city_lines(repo, state, reference_year)
    national, national_not_indexed = _national_lines(repo, state, reference_year)
    median, median_not_indexed, median_sources = _median_line(repo, state, reference_year)
    progress = progress_of(repo, state.indicator, state.cities, goal, today)
    glide = _glide_lines(state, cities, progress)
    lines = _within(_concat([cities, national, median, glide]), state).reset_index(drop=True)
    lines = _with_status(lines, progress)
    lines = lines.astype({"year": "int64", "unstable": "bool", "simulated": "bool"})
    source_ids = (*lines["source_id"].dropna().unique().tolist(), *median_sources)
    drawn = lines[lines["plotted"].notna()]
    span_rows = pd.DataFrame(columns=SPAN_COLUMNS)
    if state.interventions and not drawn.empty:
        span_rows = spans(
            repo, state.cities, int(drawn["year"].min()), int(drawn["year"].max()), today
        )
    return Chart(
        state=state,
        indicator=indicator,
        lines=lines,
        spans=span_rows,
        progress=progress,
        goal=goal,
        pledged=frozenset(
            c for c in state.cities if goal is not None and pledges(repo, c, goal.network_id)
        ),
        source_ids=tuple(s for s in dict.fromkeys(source_ids) if s),
        not_indexed=tuple(not_indexed + national_not_indexed + median_not_indexed),
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
