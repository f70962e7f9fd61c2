"""Derived columns, computed once at build time so that the app only reads."""

from __future__ import annotations

import pandas as pd

from data.geo import countries
from data.pipeline.lookup import lookup

PER_100K = 100_000


def _simulated(frame: pd.DataFrame, sources: pd.DataFrame) -> pd.Series:
    flags = sources.set_index("source_id")["simulated"].astype(bool)
    return lookup(frame["source_id"], flags).fillna(False).astype(bool)


def _period_end(start: pd.Series, precision: pd.Series) -> pd.Series:
    """'2021' ends on 2021-12-31 and '2021-06' on 2021-06-30: a period's last day."""
    year_end = start + pd.offsets.YearEnd(0)
    month_end = start + pd.offsets.MonthEnd(0)
    return start.where(precision == "day", month_end.where(precision == "month", year_end))


def derive(tables: dict[str, pd.DataFrame]) -> dict[str, pd.DataFrame]:
    sources = tables["sources"].assign(simulated=tables["sources"]["simulated"].astype(bool))
    out = {"sources": sources}

    cities = tables["cities"]
    info = countries()
    out["cities"] = cities.assign(
        country_name=cities["country"].map(lambda c: info[c].name),
        region=cities["country"].map(lambda c: info[c].region),
    ).sort_values("city_id", ignore_index=True)

    indicators = tables["indicators"]
    out["indicators"] = indicators

    obs = tables["observations"]
    per_100k = lookup(obs["indicator_id"], indicators.set_index("indicator_id")["per_100k"])
    computed = obs["count"] / obs["population"] * PER_100K
    use_computed = per_100k.astype(bool) & computed.notna()
    out["observations"] = obs.assign(
        value=computed.where(use_computed, obs["value"]).astype("float64"),
        simulated=_simulated(obs, sources),
    ).sort_values(["indicator_id", "city_id", "year"], ignore_index=True)

    for name in ("national", "areas", "memberships", "networks"):
        if name in tables:
            out[name] = tables[name].assign(simulated=_simulated(tables[name], sources))

    interventions = tables["interventions"]
    out["interventions"] = interventions.assign(
        end=_period_end(interventions["end"], interventions["end_precision"]),
        simulated=_simulated(interventions, sources),
    ).sort_values(["start", "intervention_id"], ignore_index=True)
    return out
