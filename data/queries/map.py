"""Network membership on a map: one point per city with its networks and roles."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.i18n import _
from data.repository import Repository
from data.schema import ROLES
from data.state import ViewState, param

COLUMNS = [
    "city_id",
    "city",
    "country",
    "region",
    "lat",
    "lon",
    "population",
    "networks",
    "network_ids",
    "memberships",
    "simulated",
    "source_id",
]


@dataclass(frozen=True)
class MapState(ViewState):
    view = "map"
    networks: tuple[str, ...] = param((), name="network")


def memberships(repo: Repository, state: MapState) -> pd.DataFrame:
    """Current memberships (not left) of the chosen networks (all when none is chosen)."""
    rows = repo.table("memberships")
    rows = rows[rows["left"].isna()]
    if state.networks:
        rows = rows[rows["network_id"].isin(state.networks)]
    return rows


def points(repo: Repository, state: MapState) -> pd.DataFrame:
    """One row per member city: where it is and which networks it belongs to, in what role."""
    rows = memberships(repo, state)
    networks = repo.table("networks")["name"]
    described = rows.assign(
        text=rows["network_id"].map(networks)
        + " ("
        + rows["role"].map(lambda r: _(ROLES[r]))
        + ", "
        + rows["joined"].astype(str)
        + ")"
    )
    per_city = described.groupby("city_id").agg(
        network_ids=("network_id", lambda s: ",".join(sorted(set(s)))),
        memberships=("text", "; ".join),
        simulated=("simulated", "any"),
        source_id=("source_id", "first"),
    )
    per_city["networks"] = per_city["network_ids"].str.count(",") + 1
    cities = repo.table("cities").reset_index(drop=True)
    frame = (
        cities[["city_id", "name", "country", "region", "lat", "lon", "population"]]
        .rename(columns={"name": "city"})
        .merge(per_city, left_on="city_id", right_index=True)
    )
    return frame[COLUMNS].sort_values("city_id").reset_index(drop=True)
