"""Progress toward a network's goal, for cities in the repository: which network's reference
year applies, each city's series, and its `goals.Progress`.

The rule itself is in `data/queries/goals.py` (pure); this module only feeds it.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

import numpy as np
import pandas as pd

from data.queries.common import observations
from data.queries.goals import MAX_AGE, Point, Points, Progress, assess, this_year
from data.repository import Repository
from data.schema import LIST_SEPARATOR, PLEDGING_ROLES


@dataclass(frozen=True)
class GoalNetwork:
    """A network with a reference year: the baseline year of its halving goal."""

    network_id: str
    name: str
    reference_year: int


def goal_networks(repo: Repository) -> list[GoalNetwork]:
    def compute() -> list[GoalNetwork]:
        networks = repo.table("networks")
        with_year = networks[networks["reference_year"].notna()]
        return [
            GoalNetwork(str(n), str(name), int(year))
            for n, name, year in zip(
                with_year.index, with_year["name"], with_year["reference_year"]
            )
        ]

    return list(repo.memo("goal networks", compute))


def goal_for_network(repo: Repository, network_id: str) -> GoalNetwork | None:
    """That network's goal; for a network without a reference year, the first network's that
    has one (the observatory's default goal, e.g. Peace in Our Cities)."""
    goals = goal_networks(repo)
    return next((g for g in goals if g.network_id == network_id), goals[0] if goals else None)


def pledging_roles(repo: Repository, network_id: str) -> tuple[str, ...]:
    """The roles whose cities pledge the network's goal (`pledging_roles` in networks.csv;
    members, not grantees, when it is empty)."""
    networks = repo.table("networks")
    given = networks.at[network_id, "pledging_roles"] if network_id in networks.index else None
    if not isinstance(given, str) or not given.strip():
        return PLEDGING_ROLES
    return tuple(r for r in given.split(LIST_SEPARATOR) if r)


def _current(repo: Repository) -> pd.DataFrame:
    memberships = repo.table("memberships")
    return memberships[memberships["left"].isna()]


def _current_roles(repo: Repository) -> dict[tuple[str, str], list[str]]:
    """Each (city, network)'s current roles in the table's order, per build: a filter of the
    memberships for every city shown cost more than drawing its line."""

    def compute() -> dict[tuple[str, str], list[str]]:
        rows = _current(repo)
        found: dict[tuple[str, str], list[str]] = {}
        for city, network, role in zip(
            rows["city_id"].tolist(), rows["network_id"].tolist(), rows["role"].tolist()
        ):
            found.setdefault((str(city), str(network)), []).append(str(role))
        return found

    return repo.memo("current roles", compute)


def city_roles(repo: Repository, city_id: str, network_id: str) -> list[str]:
    """The city's current roles in the network."""
    return list(_current_roles(repo).get((city_id, network_id), ()))


def pledges(repo: Repository, city_id: str, network_id: str) -> bool:
    """Whether the city, in one of its current roles, pledged the network's goal."""
    return bool(set(city_roles(repo, city_id, network_id)) & set(pledging_roles(repo, network_id)))


def pledging_members(repo: Repository, network_id: str) -> pd.Index:
    """The cities that pledge the network's goal today: the only ones ranked on it."""
    rows = _current(repo)
    rows = rows[
        (rows["network_id"] == network_id) & rows["role"].isin(pledging_roles(repo, network_id))
    ]
    return pd.Index(rows["city_id"].unique())


def goal_for_city(repo: Repository, city_id: str) -> tuple[GoalNetwork | None, bool]:
    """The goal of the first goal network the city pledged, and True; otherwise the default
    goal and False (the city is then measured against a goal it has not pledged: a grantee of
    the network, or not in it at all)."""
    goals = goal_networks(repo)
    own = next((g for g in goals if pledges(repo, city_id, g.network_id)), None)
    if own is not None:
        return own, True
    return (goals[0] if goals else None), False


def max_age(repo: Repository, indicator: str) -> int:
    """How old a latest value may be for a status (`max_age` in indicators.csv, else 3)."""
    value = repo.table("indicators").at[indicator, "max_age"]
    return MAX_AGE if value is None or pd.isna(value) else int(value)


def _goal_rule(repo: Repository, indicator: str) -> tuple[bool, int] | None:
    """Whether a halving goal applies to the indicator (lower is better), and `max_age`; None
    for an unknown indicator. Per build and known indicator (a few bytes each): read on every
    chart."""
    if indicator not in repo.table("indicators").index:
        return None  # not kept: a URL may name any number of unknown indicators

    def compute() -> tuple[bool, int]:
        info = repo.indicator(indicator)
        assert info is not None
        return info.lower_is_better, max_age(repo, indicator)

    return repo.memo(("goal rule", indicator), compute)


def city_progress(
    repo: Repository,
    indicator: str,
    city_id: str,
    goal: GoalNetwork | None,
    today: date | None = None,
) -> Progress | None:
    """None where the goal does not apply: no goal network, or an indicator where higher is
    better (halving a share of people who feel safe is no one's goal)."""
    return progress_of(repo, indicator, [city_id], goal, today).get(city_id)


def _numbers(rows: pd.DataFrame, column: str, at: np.ndarray) -> list[float]:
    if column not in rows:
        return [math.nan] * len(at)
    return rows[column].to_numpy(dtype=float, na_value=np.nan)[at].tolist()


def progress_of(
    repo: Repository,
    indicator: str,
    city_ids: Iterable[str],
    goal: GoalNetwork | None,
    today: date | None = None,
    rows: pd.DataFrame | None = None,
) -> dict[str, Progress]:
    """Each city's progress, from one pass over the indicator's rows (not a filter per city).
    `today` decides how old is too old (default: today). `rows`: those cities' observations of
    the indicator, when the caller has them already (`observations`)."""
    rule = _goal_rule(repo, indicator)
    if goal is None or rule is None or not rule[0]:
        return {}
    wanted = list(dict.fromkeys(city_ids))
    if rows is None:
        rows = observations(repo, indicator, wanted)
    # the rows with a value, by year (stable: as sorting the filtered frame gives them), as
    # positions: filtering and sorting the frame cost more than the rule
    years = rows["year"].to_numpy(dtype="int64", na_value=0)
    known = np.flatnonzero(rows["value"].notna().to_numpy())
    at = known[np.argsort(years[known], kind="stable")]
    flags = rows["flags"].to_numpy(dtype=object)[at].tolist()
    breaks = [isinstance(f, str) and "break" in f.split(";") for f in flags]
    by_city: dict[str, Points] = {}
    for city, year, *point in zip(
        rows["city_id"].to_numpy(dtype=object)[at].tolist(),
        years[at].tolist(),
        *(_numbers(rows, c, at) for c in ("value", "count", "population", "low", "high")),
        breaks,
    ):
        by_city.setdefault(city, {})[int(year)] = Point(*point)
    year = today.year if today else this_year()
    age = rule[1]
    return {
        c: assess(by_city.get(c, {}), goal.reference_year, current_year=year, max_age=age)
        for c in wanted
    }


@dataclass(frozen=True)
class Rank:
    position: int  # 1 = the largest fall since the baseline
    of: int  # pledging members with a change to compare (the city included)
    network: str  # the network's name
    unranked: int = 0  # pledging members with a status whose values are too few to rank


def rank_among(
    repo: Repository,
    indicator: str,
    city_id: str,
    network_id: str,
    goal: GoalNetwork,
    today: date | None = None,
) -> Rank | None:
    """The city's place among the network's pledging members by change since the baseline.

    Only members that pledged the goal take part (grantees and partners are not ranked), and
    of them only those with a judged status whose values rest on 20 events or more (see
    `Progress.rankable`); ties share a place. None when the city itself cannot be ranked."""
    year = today.year if today else this_year()

    def members_changes() -> tuple[dict[str, float], int]:
        members = sorted(pledging_members(repo, network_id))
        found = progress_of(repo, indicator, members, goal, today)
        changes = {c: p.change for c, p in found.items() if p.rankable and p.change is not None}
        shaky = sum(1 for p in found.values() if p.change is not None and not p.rankable)
        return changes, shaky

    key = ("changes since baseline", indicator, network_id, goal.reference_year, year)
    changes, shaky = repo.memo(key, members_changes)
    if city_id not in changes:
        return None
    position = 1 + sum(change < changes[city_id] for change in changes.values())
    name = str(repo.table("networks").at[network_id, "name"])
    return Rank(position, len(changes), name, shaky)
