"""Country-level series of an indicator, the comparison line drawn beside a country's cities.

Only `national` rows (ISO3 countries) are read; aggregates in `areas` are never a country's line.
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from data.geo import country_names
from data.i18n import _, current_language
from data.repository import Repository


def national_series(
    repo: Repository,
    indicator: str,
    country_codes: Iterable[str],
    start: int | None = None,
    end: int | None = None,
) -> pd.DataFrame:
    """country, country_name, line (the legend name), year, value, source_id: one row per
    country and year."""
    national = repo.table("national")
    wanted = list(dict.fromkeys(country_codes))
    rows = national[(national["indicator_id"] == indicator) & national["country"].isin(wanted)]
    if start is not None:
        rows = rows[rows["year"] >= start]
    if end is not None:
        rows = rows[rows["year"] <= end]
    known = country_names(current_language())
    names = {c: known.get(c, c) for c in wanted}
    return (
        rows.assign(
            country_name=rows["country"].map(names),
            line=rows["country"].map(lambda c: line_name(names[c])),
        )
        .sort_values(["country", "year"])[
            ["country", "country_name", "line", "year", "value", "source_id"]
        ]
        .reset_index(drop=True)
    )


def line_name(country_name: str) -> str:
    return _("{country} (national)", country=country_name)
