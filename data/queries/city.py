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
from data.queries.common import city_indicators, observations
from data.queries.goals import Progress
from data.queries.interventions import InterventionsState, listing
from data.queries.progress import (
    GoalNetwork,
    Rank,
    city_progress,
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


def networks(repo: Repository, city_id: str) -> pd.DataFrame:
    """Every network the city has belonged to, with its role(s); current memberships first."""
    memberships = repo.table("memberships")
    rows = memberships[memberships["city_id"] == city_id]
    names = repo.table("networks")["name"]
    frame = rows.assign(
        network=rows["network_id"].map(names),
        role=[_(ROLES.get(r, r)) for r in rows["role"]],
        _current=rows["left"].isna(),
    )
    frame = frame.sort_values(["_current", "joined"], ascending=[False, True])
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
    me = cities.loc[city_id]
    # on the columns' arrays, then the n rows taken: filtering the whole table twice cost more
    population = cities["population"].to_numpy(dtype="float64", na_value=np.nan)
    pool = np.flatnonzero(
        (cities["region"] == me["region"]).to_numpy(dtype=bool, na_value=False)
        & (cities.index != city_id)
        & (population > 0)  # NaN: False
    )
    if not len(pool) or pd.isna(me["population"]) or me["population"] <= 0:
        return pd.DataFrame(columns=PEER_COLUMNS)
    distance = np.abs(np.log(population[pool] / float(me["population"])))
    chosen = cities.take(pool[np.argsort(distance, kind="stable")[:n]])
    rows = observations(repo, indicator, [str(peer) for peer in chosen.index])
    rows = rows[rows["value"].notna()]
    latest = rows.sort_values("year").groupby("city_id").tail(1).set_index("city_id")
    found = progress_of(repo, indicator, [str(peer) for peer in chosen.index], goal, today)
    statuses = [found[str(p)].status.value if str(p) in found else NO_GOAL for p in chosen.index]
    return pd.DataFrame(
        {
            "city_id": chosen.index,
            "name": chosen["name"].to_numpy(),
            "country_name": chosen["country_name"].to_numpy(),
            "population": chosen["population"].to_numpy(),
            "year": chosen.index.map(latest["year"]).astype("Int64"),
            "value": chosen.index.map(latest["value"]).astype("float64"),
            "status": statuses,
        }
    )


@dataclass(frozen=True)
class Profile:
    """Everything /city/<id> shows for one indicator."""

    state: CityState  # resolved
    city: pd.Series  # the cities table's row
    chart: Chart  # the city's trend, national rate, glide path and interventions
    goal: GoalNetwork | None  # None: no network sets a reference year
    own_goal: bool  # False: measured against the default goal, which the city has not pledged
    goal_roles: tuple[str, ...]  # the city's roles in the goal network (none pledging if not own)
    progress: Progress | None  # None where the indicator is not lower-is-better, or no goal
    rank: Rank | None  # None: not a pledging member, or its values cannot be ranked
    networks: pd.DataFrame  # NETWORK_COLUMNS
    peers: pd.DataFrame  # PEER_COLUMNS
    interventions: pd.DataFrame  # all of the city's interventions, any year
    indicators: list[str]  # the indicators the city reports


def profile(repo: Repository, state: CityState, today: date | None = None) -> Profile:
    state = resolve(repo, state)
    city_id = state.city
    goal, own = goal_for_city(repo, city_id)
    progress = city_progress(repo, state.indicator, city_id, goal, today)
    # ranked only among the pledging members of a goal the city itself pledged: a grantee or a
    # city outside the network is judged against the goal for comparison, never ranked on it
    rank = (
        rank_among(repo, state.indicator, city_id, goal.network_id, goal, today)
        if goal and own
        else None
    )
    done_here = listing(repo, InterventionsState(cities=(city_id,)), today=today)
    return Profile(
        state=state,
        city=repo.table("cities").loc[city_id],
        chart=chart(repo, trends_state(repo, state), today),
        goal=goal,
        own_goal=own,
        goal_roles=tuple(city_roles(repo, city_id, goal.network_id)) if goal else (),
        progress=progress,
        rank=rank,
        networks=networks(repo, city_id),
        peers=peers(repo, city_id, state.indicator, goal, today=today),
        interventions=done_here.sort_values("start").reset_index(drop=True),
        indicators=reported_indicators(repo, city_id),
    )
