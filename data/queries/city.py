"""The mayor's page, /city/<city_id>: one city's indicator against its 2030 goal, its rank among
its network, its peers of similar size in its region, its networks and its interventions.

The trend, glide path and spans come from `data.queries.trends.chart` for that one city, so the
city page, /trends and both CSVs draw the same numbers.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from data.i18n import _
from data.queries.common import city_indicators, latest_by_city
from data.queries.goals import Progress
from data.queries.interventions import InterventionsState, at, listed, records
from data.queries.progress import (
    GoalNetwork,
    Rank,
    city_roles,
    goal_for_city,
    progress_of,
    rank_among,
)
from data.queries.trends import Chart, TrendsState, chart
from data.queries.trends import table as trend_table
from data.repository import Repository
from data.schema import ROLES
from data.state import QueryError, QueryProblem, ViewState

PEER_COUNT = 5
PEER_COLUMNS = ["city_id", "name", "country_name", "population", "year", "value", "status"]
# The peers' status column holds a goals.Status value, or one of these.
NO_GOAL = ""  # the indicator has no halving goal (higher is better) or no network sets one
NETWORK_COLUMNS = ["network_id", "network", "role", "joined", "left"]
# what the page shows of the city's interventions (its list and timeline, their sources): the
# records' eighteen other columns cost more to take than the page takes to draw
INTERVENTION_COLUMNS = [
    "intervention_id",
    "title",
    "start",
    "end",
    "open_end",
    "lead_organisation",
    "source_id",
]


@dataclass(frozen=True)
class CityState(ViewState):
    """`city` comes from the path (/city/<id>) on the page, from `?city=` in the CSV route."""

    view = "city"
    city: str = ""
    indicator: str = ""


def reported_indicators(repo: Repository, city_id: str) -> list[str]:
    """Indicators with at least one value for the city, in the indicators table's order."""
    have = city_indicators(repo, city_id)
    return [i for i in repo.table("indicators").index if i in have]


def resolve(repo: Repository, state: CityState) -> CityState:
    """The indicator the page shows: the one asked for if known, else the observatory's default
    if the city reports it, else the first one the city reports (lower-is-better first, since
    the page is about the 2030 goal)."""
    if repo.indicator(state.indicator):
        return state
    reported = reported_indicators(repo, state.city)
    default = repo.default_indicator()
    if default in reported or not reported:
        return state.replace(indicator=default)
    goal_first = sorted(reported, key=lambda i: not repo.indicator(i).lower_is_better)  # type: ignore[union-attr]
    return state.replace(indicator=goal_first[0])


def known(repo: Repository, city_id: str) -> bool:
    return bool(city_id) and city_id in repo.table("cities").index


def trends_state(repo: Repository, state: CityState) -> TrendsState:
    """The /trends view of this city: its national rate, its glide path and its interventions,
    measured against the goal of its own network."""
    state = resolve(repo, state)
    goal, _own = goal_for_city(repo, state.city)
    return TrendsState(
        indicator=state.indicator,
        cities=(state.city,),
        network=goal.network_id if goal else "",
        national=True,
        goal=True,
        interventions=True,
    )


def table(repo: Repository, state: CityState, today: date | None = None) -> pd.DataFrame:
    """The CSV behind the city's chart: exactly /trends' CSV for the same view."""
    if not known(repo, state.city):
        message = _("no city '{city}' in the observatory", city=state.city)
        raise QueryError([QueryProblem("city", message)])
    return trend_table(repo, trends_state(repo, state), today)


@dataclass(frozen=True)
class CityRows:
    """Per build, what the city page looks up among all cities: where each city's memberships
    lie and each city's region and population, as arrays in the cities table's order, so that a
    request reads a city's few rows instead of comparing every row of both tables; a few bytes
    per city and membership (`size`)."""

    memberships: np.ndarray  # membership table positions, grouped by city, in table order
    bounds: np.ndarray  # a city's memberships: memberships[bounds[i]:bounds[i + 1]]
    regions: np.ndarray  # a code per region; -1: none
    population: np.ndarray  # NaN: unknown

    @property
    def size(self) -> int:
        return sum(a.nbytes for a in (self.memberships, self.bounds, self.regions, self.population))


def city_rows(repo: Repository) -> CityRows:
    def compute() -> CityRows:
        cities = repo.table("cities")  # the same rows, in the same order, in every language
        at = cities.index.get_indexer(repo.table("memberships")["city_id"])
        order = np.argsort(at, kind="stable")  # a city's rows stay in the table's order
        bounds = np.searchsorted(at[order], np.arange(len(cities) + 1))
        regions, _names = pd.factorize(cities["region"], use_na_sentinel=True)
        return CityRows(
            memberships=order.astype(np.int32),
            bounds=bounds.astype(np.int32),
            regions=regions.astype(np.int32),
            population=cities["population"].to_numpy(dtype="float64", na_value=np.nan),
        )

    return repo.memo("city rows", compute)


def networks(repo: Repository, city_id: str) -> pd.DataFrame:
    """Every network the city has belonged to, with its role(s); current memberships first."""
    index, cities = city_rows(repo), repo.table("cities").index
    taken = np.empty(0, dtype=np.int32)
    if city_id in cities:
        at = cities.get_loc(city_id)
        taken = index.memberships[index.bounds[at] : index.bounds[at + 1]]
    memberships = repo.table("memberships")
    taken = np.sort(taken)
    # each column read once (a column of a whole table costs more than these few rows)
    network_id, role, joined, left = (
        memberships[c].take(taken).reset_index(drop=True)
        for c in ("network_id", "role", "joined", "left")
    )
    current, years = left.isna().tolist(), joined.tolist()
    # current first, then by year joined (unknown last); ties keep the table's order
    order = np.array(
        sorted(
            range(len(taken)),
            key=lambda i: (not current[i], pd.isna(years[i]), 0 if pd.isna(years[i]) else years[i]),
        ),
        dtype=np.intp,
    )
    network_id = network_id.take(order).reset_index(drop=True)
    frame = pd.DataFrame(
        {
            "network_id": network_id,
            "network": network_id.map(repo.table("networks")["name"]),
            "role": [_(ROLES.get(r, r)) for r in role.take(order)],
            "joined": joined.take(order).reset_index(drop=True),
            "left": left.take(order).reset_index(drop=True),
        }
    )
    return frame[NETWORK_COLUMNS].reset_index(drop=True)


def peers(
    repo: Repository,
    city_id: str,
    indicator: str,
    goal: GoalNetwork | None,
    n: int = PEER_COUNT,
    today: date | None = None,
) -> pd.DataFrame:
    """The `n` cities of the same region closest in population (on a log scale, so 1 million is
    as near to 2 million as to 500,000), with their latest value and status on the indicator."""
    cities = repo.table("cities")
    if city_id not in cities.index:
        return pd.DataFrame(columns=PEER_COLUMNS)
    index = city_rows(repo)
    me = cities.index.get_loc(city_id)
    region, population = index.regions[me], index.population
    if region < 0 or not population[me] > 0:  # no region, or no population: NaN is not > 0
        return pd.DataFrame(columns=PEER_COLUMNS)
    pool = np.flatnonzero((index.regions == region) & (population > 0))
    pool = pool[pool != me]
    if not len(pool):
        return pd.DataFrame(columns=PEER_COLUMNS)
    distance = np.abs(np.log(population[pool] / population[me]))
    chosen = pool[np.argsort(distance, kind="stable")[:n]]
    ids = cities.index[chosen].astype(str).tolist()
    latest = latest_by_city(repo, indicator, ids)
    found = progress_of(repo, indicator, ids, goal, today)
    return pd.DataFrame(
        {
            "city_id": cities.index[chosen],
            "name": cities["name"].take(chosen).to_numpy(),
            "country_name": cities["country_name"].take(chosen).to_numpy(),
            "population": cities["population"].take(chosen).to_numpy(),
            "year": pd.array([latest[c][0] if c in latest else None for c in ids], dtype="Int64"),
            "value": np.array([latest[c][1] if c in latest else np.nan for c in ids]),
            "status": [found[c].status.value if c in found else NO_GOAL for c in ids],
        }
    )


@dataclass(frozen=True)
class Profile:
    """Everything /city/<id>'s answer to its URL shows for one indicator (its networks are part
    of the page itself: `networks`)."""

    state: CityState  # resolved
    city: pd.Series  # the cities table's row
    chart: Chart  # the city's trend, national rate, glide path and interventions
    goal: GoalNetwork | None  # None: no network sets a reference year
    own_goal: bool  # False: measured against the default goal, which the city has not pledged
    goal_roles: tuple[str, ...]  # the city's roles in the goal network (none pledging if not own)
    progress: Progress | None  # None where the indicator is not lower-is-better, or no goal
    rank: Rank | None  # None: not a pledging member, or its values cannot be ranked
    peers: pd.DataFrame  # PEER_COLUMNS
    interventions: pd.DataFrame  # all of the city's interventions, any year: INTERVENTION_COLUMNS


def profile(repo: Repository, state: CityState, today: date | None = None) -> Profile:
    state = resolve(repo, state)
    city_id = state.city
    goal, own = goal_for_city(repo, city_id)
    # ranked only among the pledging members of a goal the city itself pledged: a grantee or a
    # city outside the network is judged against the goal for comparison, never ranked on it
    rank = (
        rank_among(repo, state.indicator, city_id, goal.network_id, goal, today)
        if goal and own
        else None
    )
    # the city's interventions by start: their positions sorted first, every column taken once
    kept = listed(repo, InterventionsState(cities=(city_id,)), today=today)
    by_start = records(repo, today)["start"].take(kept).sort_values().index  # = positions
    # the chart judges the city against the same goal (its network's): its progress is the
    # city's, computed once
    drawn = chart(repo, trends_state(repo, state), today)
    progress = drawn.progress.get(city_id)
    return Profile(
        state=state,
        city=repo.table("cities").loc[city_id],
        chart=drawn,
        goal=goal,
        own_goal=own,
        goal_roles=tuple(city_roles(repo, city_id, goal.network_id)) if goal else (),
        progress=progress,
        rank=rank,
        peers=peers(repo, city_id, state.indicator, goal, today=today),
        interventions=at(repo, by_start.to_numpy(), columns=INTERVENTION_COLUMNS, today=today),
    )
