"""What every view's data carries: where it comes from and whether any of it is simulated."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

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
