"""Years as the x axis sees them: shared by every line chart, so that a gap or a series break
looks the same on the trend chart and on the before/after chart."""

from __future__ import annotations

import pandas as pd


def by_year(rows: pd.DataFrame, years: range) -> pd.DataFrame:
    """Rows reindexed to every year: absent years become gaps, not slopes; a year flagged as a
    series break gets an empty point half a year before it, so the line is not joined across
    a change of source or definition."""
    full = rows.set_index(rows["year"].astype(int)).reindex(years)
    flags = full["flags"].fillna("").astype(str) if "flags" in full else pd.Series("", full.index)
    breaks = [y for y, f in flags.items() if "break" in f.split(";") and y > years.start]
    if not breaks:
        return full
    gaps = pd.DataFrame(index=pd.Index([y - 0.5 for y in breaks]), columns=full.columns)
    return pd.concat([full, gaps]).sort_index()
