"""The network at a glance: headline figures and the typical city's trend."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.queries.common import (
    Attribution,
    attribution,
    current_members,
    observations,
    reporting_cities,
)
from data.queries.goals import Status, this_year
from data.queries.interventions import records
from data.queries.progress import goal_for_network, progress_of
from data.repository import Repository
from data.state import ViewState


@dataclass(frozen=True)
class OverviewState(ViewState):
    view = "overview"
    network: str = ""


@dataclass(frozen=True)
class Headline:
    cities: int
    countries: int
    regions: int
    interventions: int
    ongoing: int
    indicator: str
    latest_year: int | None
    latest_median: float | None
    reference_year: int | None
    reference_median: float | None
    attribution: Attribution


def resolve(repo: Repository, state: OverviewState) -> OverviewState:
    known = repo.table("networks").index
    return state if state.network in known or not state.network else state.replace(network="")


def median_trend(repo: Repository, state: OverviewState) -> pd.DataFrame:
    """Per year: median, quartiles and number of member cities reporting the main indicator.

    The set of reporting cities changes from year to year, so `cities` travels with each median.
    """
    state = resolve(repo, state)
    members = current_members(repo, state.network)
    rows = observations(repo, repo.default_indicator(), members)
    grouped = rows.groupby("year")["value"]
    frame = pd.DataFrame(
        {
            "median": grouped.median(),
            "p25": grouped.quantile(0.25),
            "p75": grouped.quantile(0.75),
            "cities": grouped.count(),
        }
    ).reset_index()
    frame.attrs["source_ids"] = rows["source_id"].unique().tolist()
    return frame


def headline(repo: Repository, state: OverviewState) -> Headline:
    state = resolve(repo, state)
    members = current_members(repo, state.network)
    cities = repo.table("cities").loc[members]
    interventions = records(repo)
    interventions = interventions[interventions["city_id"].isin(members)]
    trend = median_trend(repo, state)
    latest = trend.iloc[-1] if not trend.empty else None
    reference_year = None
    if state.network:
        ref = repo.table("networks").at[state.network, "reference_year"]
        reference_year = None if pd.isna(ref) else int(ref)
    reference = trend[trend["year"] == reference_year]
    return Headline(
        cities=len(cities),
        countries=cities["country"].nunique(),
        regions=cities["region"].nunique(),
        interventions=len(interventions),
        ongoing=int((interventions["status"] == "ongoing").sum()),
        indicator=repo.default_indicator(),
        latest_year=None if latest is None else int(latest["year"]),
        latest_median=None if latest is None else float(latest["median"]),
        reference_year=reference_year,
        reference_median=None if reference.empty else float(reference["median"].iloc[0]),
        attribution=attribution(repo, trend.attrs["source_ids"]),
    )


def status_counts(repo: Repository, state: OverviewState) -> dict[Status, int]:
    """How many member cities reporting the main indicator stand at each 2030 status, judged
    as the ranking judges them: `/ranking?network=<n>&status=<s>` lists exactly these cities.
    Empty where no goal applies (no goal network, or an indicator where higher is better)."""
    state = resolve(repo, state)
    indicator = repo.default_indicator()

    def compute() -> dict[Status, int]:
        members = current_members(repo, state.network)
        reporting = reporting_cities(repo, indicator)
        cities = [str(c) for c in members if c in reporting]
        found = progress_of(repo, indicator, cities, goal_for_network(repo, state.network))
        counts = {s: 0 for s in Status} if found else {}
        for progress in found.values():
            counts[progress.status] += 1
        return counts

    return repo.memo(("status counts", indicator, state.network, this_year()), compute)
