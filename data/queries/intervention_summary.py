"""Counts and budgets of the listed interventions: by theme and year, by funder, by currency.

Budgets in different currencies are never added together (there is no exchange rate in the data
and no year to convert at); each currency gets its own total, and the rows without a budget are
counted so that a total is never read as the whole cost.
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from data.i18n import _
from data.schema import THEMES


@dataclass(frozen=True)
class Budgets:
    totals: pd.DataFrame  # currency, total, interventions: one row per currency
    without: int  # listed interventions whose budget is not stated
    listed: int


def by_theme_and_year(frame: pd.DataFrame) -> pd.DataFrame:
    """Interventions started each year, by theme: theme, label, year, interventions."""
    if frame.empty:
        return pd.DataFrame(columns=["theme", "label", "year", "interventions"])
    counts = (
        frame.assign(year=frame["start"].dt.year)
        .groupby(["theme", "year"])
        .size()
        .rename("interventions")
        .reset_index()
    )
    order = {t: i for i, t in enumerate(THEMES)}
    counts = counts.assign(
        label=counts["theme"].map(lambda t: _(THEMES.get(t, t))),
        _order=counts["theme"].map(order),
    )
    return counts.sort_values(["_order", "year"])[["theme", "label", "year", "interventions"]]


def budgets(frame: pd.DataFrame) -> Budgets:
    known = frame[frame["budget"].notna() & frame["currency"].notna()]
    totals = (
        known.groupby("currency")
        .agg(total=("budget", "sum"), interventions=("budget", "size"))
        .reset_index()
        .sort_values(["interventions", "currency"], ascending=[False, True])
    )
    return Budgets(totals.reset_index(drop=True), len(frame) - len(known), len(frame))


def by_funder(frame: pd.DataFrame) -> pd.DataFrame:
    """One row per funder: how many interventions, how many with a budget, totals per currency
    (a tuple of (currency, total) pairs, largest first)."""
    if frame.empty:
        return pd.DataFrame(columns=["funder", "interventions", "with_budget", "totals"])
    named = frame.assign(
        funder=frame["funder"].fillna(_("Funder not stated")), _missing=frame["funder"].isna()
    )
    rows = []
    for (funder, missing), group in named.groupby(["funder", "_missing"], sort=False):
        known = group[group["budget"].notna() & group["currency"].notna()]
        totals = known.groupby("currency")["budget"].sum().sort_values(ascending=False)
        rows.append(
            {
                "funder": funder,
                "interventions": len(group),
                "with_budget": len(known),
                "totals": tuple((str(c), float(v)) for c, v in totals.items()),
                "_missing": missing,
            }
        )
    table = pd.DataFrame(rows).sort_values(
        ["_missing", "interventions", "funder"], ascending=[True, False, True]
    )
    return table.drop(columns="_missing").reset_index(drop=True)
