"""The league table: cities ranked by one indicator in one year, filtered by country, region,
network, population band and 2030 status.

Only values that can carry a rank are ranked. A rate resting on fewer than 20 events moves by
chance alone by a third or more (see `small_numbers`): it is listed with its interval but not
given a place, and so are cities without a value that year (gaps stay gaps). The 2030 status
beside each city is the one the trends and city pages show (`progress.progress_of`), judged on
the city's latest data, not on the ranked year. docs/methods.md ("The ranking") has the rule.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import numpy as np
import pandas as pd

from data.geo import REGIONS
from data.i18n import _
from data.queries.common import current_members, observations, reporting_cities
from data.queries.progress import goal_for_network, pledging_members, progress_of
from data.queries.small_numbers import rate_interval, unstable
from data.repository import Repository
from data.state import QueryError, QueryProblem, ViewState

NotRanked = Literal["", "few-events", "no-value"]
FEW_EVENTS: NotRanked = "few-events"  # fewer than 20 events: its place would be chance
NO_VALUE: NotRanked = "no-value"  # no value in the year
StatusFilter = Literal[
    "", "on-track", "off-track", "too-close-to-call", "too-old", "not-enough-data"
]  # goals.Status's values (a test holds them equal)
# Rows the page's table and chart show at most; the CSV has every row.
SHOWN = 30

COLUMNS = [
    "rank",
    "rank_best",
    "rank_worst",
    "not_ranked",
    "city_id",
    "city",
    "country",
    "country_name",
    "region",
    "population",
    "indicator",
    "year",
    "value",
    "low",
    "high",
    "count",
    "unstable",
    "status",
    "status_year",
    "pledged",
    "source",
    "simulated",
    "source_id",
]


@dataclass(frozen=True)
class RankingState(ViewState):
    view = "ranking"
    indicator: str = ""
    year: int | None = None  # None: the indicator's latest year
    country: str = ""  # ISO3
    region: str = ""
    network: str = ""
    min_population: int | None = None
    max_population: int | None = None
    status: StatusFilter = ""  # only cities with this 2030 status


def latest_year(repo: Repository, indicator: str) -> int | None:
    years = observations(repo, indicator, reporting_cities(repo, indicator))["year"]
    return int(years.max()) if len(years) else None


def _known(repo: Repository) -> dict[str, set[str]]:
    cities = repo.table("cities")
    return {
        "indicator": set(repo.table("indicators").index),
        "country": set(cities["country"]),
        "region": set(REGIONS) & set(cities["region"]),
        "network": set(repo.table("networks").index),
    }


def unknown(repo: Repository, state: RankingState) -> list[QueryProblem]:
    """Filters naming what the data does not hold (a country without cities, say): the page
    says it ignored them, the CSV refuses them."""
    return [
        QueryProblem(field, _("'{value}' is not in the data.", value=getattr(state, field)))
        for field, values in _known(repo).items()
        if getattr(state, field) and getattr(state, field) not in values
    ]


def resolve(repo: Repository, state: RankingState) -> RankingState:
    """Defaults filled in and unknown values dropped: the state the page shows."""
    cleared = {p.parameter: "" for p in unknown(repo, state)}
    state = state.replace(**cleared)
    indicator = state.indicator or repo.default_indicator()
    year = state.year if state.year is not None else latest_year(repo, indicator)
    return state.replace(indicator=indicator, year=year)


def candidates(repo: Repository, state: RankingState) -> pd.DataFrame:
    """The cities the filters other than population and status keep, with their row of the
    year in `obs_` columns (empty where they have none)."""
    cities = repo.table("cities")
    keep = pd.Series(True, index=cities.index)
    if state.country:
        keep &= cities["country"] == state.country
    if state.region:
        keep &= cities["region"] == state.region
    if state.network:
        keep &= cities.index.isin(current_members(repo, state.network))
    # cities that never report the indicator are not part of its table
    keep &= cities.index.isin(list(reporting_cities(repo, state.indicator)))
    chosen = cities[keep]
    rows = observations(repo, state.indicator, chosen.index)
    rows = rows[(rows["year"] == state.year) & rows["value"].notna()].set_index("city_id")
    return chosen.join(rows.drop(columns=["indicator_id"], errors="ignore").add_prefix("obs_"))


def ranking_frame(repo: Repository, state: RankingState, today: date | None = None) -> pd.DataFrame:
    """One row per city, ranked first (highest value first, ties share a place), then the
    unranked: unstable values, then cities without a value that year."""
    problems = unknown(repo, state)
    if problems:
        raise QueryError(problems)
    state = resolve(repo, state)
    info = repo.indicator(state.indicator)
    assert info is not None
    found = candidates(repo, state)
    # the population of the ranked year where the row gives it, else the city's
    population = (
        found["obs_population"]
        .where(found["obs_population"].notna(), found["population"])
        .astype("float64")
    )
    keep = pd.Series(True, index=found.index)
    if state.min_population is not None:
        keep &= population >= state.min_population
    if state.max_population is not None:
        keep &= population <= state.max_population
    found, population = found[keep], population[keep]
    count = found["obs_count"].astype("float64")
    if info.per_100k:
        low, high = rate_interval(count, population)
    else:
        nothing = pd.Series(np.nan, index=found.index)
        low = found.get("obs_low", nothing).astype("float64")  # a survey's own interval
        high = found.get("obs_high", nothing).astype("float64")
    shaky = unstable(found["obs_count"])
    has_value = found["obs_value"].notna()
    not_ranked = pd.Series("", index=found.index).where(has_value, NO_VALUE)
    not_ranked = not_ranked.where(~(has_value & shaky), FEW_EVENTS)
    goal = goal_for_network(repo, state.network)
    progress = progress_of(repo, state.indicator, [str(c) for c in found.index], goal, today)
    pledged = pledging_members(repo, goal.network_id) if goal else pd.Index([])
    sources = repo.table("sources")
    frame = pd.DataFrame(
        {
            "not_ranked": not_ranked,
            "city_id": found.index,
            "city": found["name"],
            "country": found["country"],
            "country_name": found["country_name"],
            "region": found["region"],
            "population": population.round().astype("Int64"),
            "indicator": state.indicator,
            "year": state.year,
            "value": found["obs_value"].astype("float64"),
            "low": low,
            "high": high,
            "count": found["obs_count"],
            "unstable": shaky,
            "status": [
                progress[str(c)].status.value if str(c) in progress else "" for c in found.index
            ],
            "status_year": pd.array(
                [progress[str(c)].latest_year if str(c) in progress else None for c in found.index],
                dtype="Int64",
            ),
            "pledged": found.index.isin(pledged),
            "source": found["obs_source_id"].map(sources["title"]),
            "simulated": found["obs_simulated"].astype("boolean"),
            "source_id": found["obs_source_id"],
        },
        index=found.index,
    )
    if state.status:
        frame = frame[frame["status"] == state.status]
    ranked = frame["not_ranked"] == ""
    values = frame["value"].where(ranked)
    # ties share a place: 1 + how many ranked values are higher
    rank = values.rank(method="min", ascending=False)
    best, worst = rank_range(values, frame["low"].where(ranked), frame["high"].where(ranked))
    frame = frame.assign(
        rank=rank.astype("Int64"),
        rank_best=best,
        rank_worst=worst,
        _group=frame["not_ranked"].map({"": 0, FEW_EVENTS: 1, NO_VALUE: 2}),
    )
    frame = frame.sort_values(["_group", "value", "city"], ascending=[True, False, True])
    return frame[COLUMNS].reset_index(drop=True)


def rank_range(values: pd.Series, low: pd.Series, high: pd.Series) -> tuple[pd.Series, pd.Series]:
    """The best and worst places each value could hold if every value could lie anywhere in
    its 95% interval: a city could only be passed by those whose interval reaches above its
    lower end, and is surely below those whose interval starts above its upper end. Values
    without an interval count as exact; NaN values (the unranked) get no places.

    Sorted search rather than comparing every pair: a whole country's municipalities is
    thousands of rows."""
    ranked = values.notna()
    value = values[ranked].to_numpy("float64")
    lo = low[ranked].fillna(values[ranked]).to_numpy("float64")
    hi = high[ranked].fillna(values[ranked]).to_numpy("float64")
    # 1 + how many lower ends lie above my upper end (never my own: low <= high)
    best = 1 + len(lo) - np.searchsorted(np.sort(lo), hi, side="right")
    # 1 + how many others' upper ends lie above my lower end (mine does unless exact)
    worst = 1 + len(hi) - np.searchsorted(np.sort(hi), lo, side="right") - (hi > lo)
    # a value outside its own interval (a source's rounding) still keeps its own place
    rank = 1 + len(value) - np.searchsorted(np.sort(value), value, side="right")
    out = [pd.Series(pd.NA, index=values.index, dtype="Int64") for _ in range(2)]
    out[0][ranked] = np.minimum(best, rank)
    out[1][ranked] = np.maximum(worst, rank)
    return out[0], out[1]
