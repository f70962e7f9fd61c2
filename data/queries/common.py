"""What every view's data carries: where it comes from and whether any of it is simulated."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np
import pandas as pd

from data.i18n import _
from data.repository import Repository


@dataclass(frozen=True)
class Attribution:
    sources: tuple[str, ...]
    simulated: bool

    def text(self) -> str:
        """The source line printed under a chart and in every export."""
        parts = [_("Source: {sources}", sources="; ".join(self.sources))] if self.sources else []
        if self.simulated:
            parts.append(_("Demo data: simulated values"))
        return " · ".join(parts)


def attribution(repo: Repository, source_ids: Iterable[str]) -> Attribution:
    sources = repo.table("sources")
    ids = [s for s in dict.fromkeys(source_ids) if isinstance(s, str) and s in sources.index]
    labels = []
    for source_id in ids:
        row = sources.loc[source_id]
        if bool(row["simulated"]):
            continue
        year = "" if pd.isna(row["year"]) else f", {int(row['year'])}"
        labels.append(f"{row['publisher']}{year}")
    simulated = any(bool(sources.at[s, "simulated"]) for s in ids)
    return Attribution(tuple(dict.fromkeys(labels)), simulated)


def frame_attribution(repo: Repository, frame: pd.DataFrame) -> Attribution:
    if frame.empty or "source_id" not in frame:
        return Attribution((), False)
    return attribution(repo, frame["source_id"].unique().tolist())


def current_members(repo: Repository, network: str) -> pd.Index:
    """City ids belonging to `network` today ('' for every city in the observatory)."""
    if not network:
        return repo.table("cities").index
    memberships = repo.table("memberships")
    rows = memberships[(memberships["network_id"] == network) & memberships["left"].isna()]
    return pd.Index(rows["city_id"].unique())


def _observation_rows(repo: Repository) -> dict[tuple[str, str], np.ndarray]:
    """Positions of each (indicator, city)'s rows in the observations table, kept with the
    build: comparing a million rows' indicator and city on every request cost 60 ms a query,
    and a city page asks half a dozen."""
    obs = repo.table("observations")
    return repo.memo(
        "observation rows",
        lambda: obs.groupby(["indicator_id", "city_id"], sort=False, observed=True).indices,
    )


def observations(repo: Repository, indicator: str, city_ids: Iterable[str]) -> pd.DataFrame:
    """The rows of one indicator for these cities, in the table's order (as a filter on the
    table gives them)."""
    rows = _observation_rows(repo)
    found = [rows[(indicator, c)] for c in dict.fromkeys(city_ids) if (indicator, c) in rows]
    obs = repo.table("observations")
    if not found:
        return obs.iloc[0:0]
    return obs.take(np.sort(np.concatenate(found)))


def reporting_cities(repo: Repository, indicator: str) -> frozenset[str]:
    """The cities with at least one row of the indicator."""

    def compute() -> frozenset[str]:
        return frozenset(c for i, c in _observation_rows(repo) if i == indicator)

    return repo.memo(("reporting cities", indicator), compute)


def city_indicators(repo: Repository, city_id: str) -> set[str]:
    """The indicators the city has at least one row of."""
    rows = _observation_rows(repo)
    return {str(i) for i in repo.table("indicators").index if (i, city_id) in rows}
