"""The typical member city's trend: median with the middle half of cities shaded."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.figures.data_text import data_text
from components.figures.style import PALETTE, finish
from data.i18n import _


@data_text
def median_figure(frame: pd.DataFrame, *, label: str, unit: str, source: str) -> go.Figure:
    """`frame` has year, median, p25, p75 and cities (how many reported that year)."""
    band = "rgba(0,114,178,0.15)"
    fig = go.Figure(
        [
            go.Scatter(
                x=frame["year"],
                y=frame["p75"],
                mode="lines",
                line={"width": 0},
                hoverinfo="skip",
                showlegend=False,
            ),
            go.Scatter(
                x=frame["year"],
                y=frame["p25"],
                mode="lines",
                line={"width": 0},
                fill="tonexty",
                fillcolor=band,
                name=_("Middle half of cities"),
                hoverinfo="skip",
            ),
            go.Scatter(
                x=frame["year"],
                y=frame["median"].round(2),
                mode="lines+markers",
                line={"color": PALETTE[0], "width": 3},
                name=_("Median city"),
                customdata=frame[["cities"]],
                hovertemplate=_("%{x}: median %{y:,.1f}, %{customdata[0]} cities reporting")
                + "<extra></extra>",
            ),
        ]
    )
    fig.update_yaxes(title=unit, rangemode="tozero")
    fig.update_xaxes(showgrid=False)
    return finish(fig, title=_("{label}: the typical member city", label=label), source=source)
