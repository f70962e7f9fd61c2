"""Line charts of an indicator over time, one line per city, gaps kept as gaps."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.figures.style import finish
from data.i18n import _
from data.repository import Indicator

HOVER = (
    "<b>%{fullData.name}</b> %{x}<br>"
    + "%{y:,.1f} %{customdata[0]}<br>"
    + "%{customdata[1]}<br>%{customdata[2]}<extra></extra>"
)


def _count_text(count: object, population: object) -> str:
    if pd.isna(count) or pd.isna(population):
        return ""
    return _(
        "{count} events, population {population}",
        count=f"{int(count):,}",
        population=f"{int(population):,}",
    )


def trend_figure(
    frame: pd.DataFrame,
    *,
    indicator: Indicator,
    source: str,
    national: pd.DataFrame | None = None,
) -> go.Figure:
    """`frame` has the columns of `data.queries.trends.series`. Missing years break the line.
    `national` (from `data.queries.national.national_series`) adds a dashed line per country."""
    years = range(int(frame["year"].min()), int(frame["year"].max()) + 1)
    fig = go.Figure()
    national = national if national is not None else pd.DataFrame(columns=["country"])
    for country, rows in national.groupby("country", sort=False):
        rows = rows.set_index("year").reindex(years)
        fig.add_trace(
            go.Scatter(
                x=list(years),
                y=rows["value"].round(2),
                name=str(rows["line"].dropna().iloc[0]),
                mode="lines",
                line={"dash": "dash", "color": "#6c757d", "width": 2},
                connectgaps=False,
                hovertemplate="<b>%{fullData.name}</b> %{x}<br>%{y:,.1f} "
                + indicator.unit
                + "<extra></extra>",
                meta={"country": country},
            )
        )
    for city_id, rows in frame.groupby("city_id", sort=False):
        rows = rows.set_index("year").reindex(years)  # absent years become gaps, not slopes
        fig.add_trace(
            go.Scatter(
                x=list(years),
                y=rows["value"].round(2),
                name=str(rows["city"].dropna().iloc[0]),
                mode="lines+markers",
                marker={"size": 6},
                connectgaps=False,
                customdata=list(
                    zip(
                        [indicator.unit] * len(rows),
                        [_count_text(c, p) for c, p in zip(rows["count"], rows["population"])],
                        rows["source"].fillna(""),
                    )
                ),
                hovertemplate=HOVER,
                meta={"city_id": city_id},
            )
        )
    fig.update_xaxes(title=None, dtick=2 if len(years) > 12 else 1, showgrid=False)
    fig.update_yaxes(title=indicator.unit, rangemode="tozero")
    return finish(fig, title=indicator.label, source=source)
