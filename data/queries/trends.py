"""Violence trends: one indicator over time for chosen cities."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.queries.common import current_members
from data.repository import Repository
from data.state import ViewState, param

DEFAULT_CITY_COUNT = 5
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
    "flags",
    "simulated",
    "source_id",
]


@dataclass(frozen=True)
class TrendsState(ViewState):
    view = "trends"
    indicator: str = ""
    cities: tuple[str, ...] = ()
    start: int | None = param(None, name="from")
    end: int | None = param(None, name="to")


def default_cities(repo: Repository, indicator: str) -> tuple[str, ...]:
    """Members of the first network with a goal year that report the indicator, largest first;
    otherwise the largest cities that report it."""
    obs = repo.table("observations")
    reporting = pd.Index(obs.loc[obs["indicator_id"] == indicator, "city_id"].unique())
    cities = repo.table("cities")
    networks = repo.table("networks")
    with_goal = networks[networks["reference_year"].notna()]
    pool = reporting
    if not with_goal.empty:
        members = reporting.intersection(current_members(repo, str(with_goal.index[0])))
        if len(members):
            pool = members
    ranked = cities.loc[cities.index.intersection(pool)].sort_values("population", ascending=False)
    return tuple(ranked.index[:DEFAULT_CITY_COUNT])


def resolve(repo: Repository, state: TrendsState) -> TrendsState:
    """Defaults filled in and unknown ids dropped: the state the page actually shows."""
    indicator = state.indicator if repo.indicator(state.indicator) else repo.default_indicator()
    known = repo.table("cities").index
    cities = tuple(c for c in state.cities if c in known) or default_cities(repo, indicator)
    return state.replace(indicator=indicator, cities=cities)


def series(repo: Repository, state: TrendsState) -> pd.DataFrame:
    """One row per city and year with a value, in the order the cities were chosen."""
    state = resolve(repo, state)
    obs = repo.table("observations")
    rows = obs[(obs["indicator_id"] == state.indicator) & obs["city_id"].isin(state.cities)]
    if state.start is not None:
        rows = rows[rows["year"] >= state.start]
    if state.end is not None:
        rows = rows[rows["year"] <= state.end]
    cities = repo.table("cities")
    sources = repo.table("sources")
    order = {c: i for i, c in enumerate(state.cities)}
    return (
        rows.assign(
            city=rows["city_id"].map(cities["name"]),
            country=rows["city_id"].map(cities["country"]),
            indicator=state.indicator,
            source=rows["source_id"].map(sources["title"]),
            _order=rows["city_id"].map(order),
        )
        .sort_values(["_order", "year"])[COLUMNS]
        .reset_index(drop=True)
    )
