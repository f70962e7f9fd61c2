"""Progress toward a network's goal, for cities in the repository: which network's reference
year applies, each city's series, and its `goals.Progress`.

The rule itself is in `data/queries/goals.py` (pure); this module only feeds it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from data.queries.common import current_members, observations
from data.queries.goals import Points, Progress, assess
from data.repository import Repository


@dataclass(frozen=True)
class GoalNetwork:
    """A network with a reference year: the baseline year of its halving goal."""

    network_id: str
    name: str
    reference_year: int


def goal_networks(repo: Repository) -> list[GoalNetwork]:
    networks = repo.table("networks")
    with_year = networks[networks["reference_year"].notna()]
    return [
        GoalNetwork(str(n), str(name), int(year))
        for n, name, year in zip(with_year.index, with_year["name"], with_year["reference_year"])
    ]


def goal_for_network(repo: Repository, network_id: str) -> GoalNetwork | None:
    """That network's goal; for a network without a reference year, the first network's that
    has one (the observatory's default goal, e.g. Peace in Our Cities)."""
    goals = goal_networks(repo)
    return next((g for g in goals if g.network_id == network_id), goals[0] if goals else None)


def city_networks(repo: Repository, city_id: str) -> list[str]:
    """Networks the city belongs to today, in the networks table's order."""
    memberships = repo.table("memberships")
    rows = memberships[(memberships["city_id"] == city_id) & memberships["left"].isna()]
    return [n for n in repo.table("networks").index if n in set(rows["network_id"])]


def goal_for_city(repo: Repository, city_id: str) -> tuple[GoalNetwork | None, bool]:
    """The goal of the first goal network the city belongs to, and True; otherwise the default
    goal and False (the city is then measured against a goal it has not pledged)."""
    mine = set(city_networks(repo, city_id))
    goals = goal_networks(repo)
    own = next((g for g in goals if g.network_id in mine), None)
    if own is not None:
        return own, True
    return (goals[0] if goals else None), False


def city_progress(
    repo: Repository, indicator: str, city_id: str, goal: GoalNetwork | None
) -> Progress | None:
    """None where the goal does not apply: no goal network, or an indicator where higher is
    better (halving a share of people who feel safe is no one's goal)."""
    return progress_of(repo, indicator, [city_id], goal).get(city_id)


def progress_of(
    repo: Repository, indicator: str, city_ids: Iterable[str], goal: GoalNetwork | None
) -> dict[str, Progress]:
    """Each city's progress, from one pass over the indicator's rows (not a filter per city)."""
    info = repo.indicator(indicator)
    if goal is None or info is None or not info.lower_is_better:
        return {}
    wanted = list(dict.fromkeys(city_ids))
    rows = observations(repo, indicator, wanted)
    rows = rows[rows["value"].notna()].sort_values("year", kind="stable")
    counts = rows["count"].to_numpy(dtype=float, na_value=np.nan)
    by_city: dict[str, Points] = {}
    for city, year, value, count in zip(
        rows["city_id"].tolist(), rows["year"].tolist(), rows["value"].tolist(), counts.tolist()
    ):
        by_city.setdefault(city, {})[int(year)] = (float(value), count)
    return {c: assess(by_city.get(c, {}), goal.reference_year) for c in wanted}


@dataclass(frozen=True)
class Rank:
    position: int  # 1 = the largest fall since the baseline
    of: int  # peers with a change to compare (the city included)
    network: str  # the network's name


def rank_among(
    repo: Repository, indicator: str, city_id: str, network_id: str, goal: GoalNetwork
) -> Rank | None:
    """The city's place among the network's current members by change since the baseline.

    Only cities with a status (baseline and a later year) take part; ties share a place."""

    def members_changes() -> dict[str, float]:
        members = sorted(current_members(repo, network_id))
        return {
            c: p.change
            for c, p in progress_of(repo, indicator, members, goal).items()
            if p.change is not None
        }

    key = ("changes since baseline", indicator, network_id, goal.reference_year)
    changes = dict(repo.memo(key, members_changes))
    if city_id not in changes:  # measured against a network it is not a member of
        mine = progress_of(repo, indicator, [city_id], goal).get(city_id)
        if mine is not None and mine.change is not None:
            changes[city_id] = mine.change
    if city_id not in changes:
        return None
    position = 1 + sum(change < changes[city_id] for change in changes.values())
    name = str(repo.table("networks").at[network_id, "name"])
    return Rank(position, len(changes), name)
