"""Interventions: what ran where and when, grouped for a timeline."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Literal

import pandas as pd

from data.i18n import _
from data.repository import Repository
from data.schema import THEMES
from data.state import ViewState, param

Group = Literal["city", "theme", "funder", "network"]
COLUMNS = [
    "intervention_id",
    "city_id",
    "city",
    "country",
    "title",
    "theme",
    "start",
    "end",
    "open_end",
    "status",
    "lead_organisation",
    "partners",
    "funder",
    "network_id",
    "budget",
    "currency",
    "source",
    "simulated",
    "source_id",
    "group",
]


@dataclass(frozen=True)
class InterventionsState(ViewState):
    view = "interventions"
    group: Group = "city"
    themes: tuple[str, ...] = param((), name="theme")


def listing(repo: Repository, state: InterventionsState, today: date | None = None) -> pd.DataFrame:
    """The interventions the state selects; ongoing ones run to `today` with `open_end` set."""
    today = today or date.today()
    rows = repo.table("interventions")
    if state.themes:
        rows = rows[rows["theme"].isin(state.themes)]
    cities = repo.table("cities")
    networks = repo.table("networks")
    open_end = rows["end"].isna()
    frame = rows.assign(
        city=rows["city_id"].map(cities["name"]),
        country=rows["city_id"].map(cities["country"]),
        end=rows["end"].where(~open_end, pd.Timestamp(today)),
        open_end=open_end,
        source=rows["source_id"].map(repo.table("sources")["title"]),
    )
    labels = {
        "city": frame["city"],
        "theme": frame["theme"].map(lambda t: _(THEMES[t])),
        "funder": frame["funder"].fillna(_("Funder not stated")),
        "network": frame["network_id"].map(networks["name"]).fillna(_("No network programme")),
    }
    frame = frame.assign(group=labels[state.group])
    return frame.sort_values(["group", "start", "intervention_id"])[COLUMNS].reset_index(drop=True)
