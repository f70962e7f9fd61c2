"""World map of member cities, drawn from topojson the app serves itself."""

from __future__ import annotations

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.figures.style import MUTED, PALETTE, finish
from data.i18n import _


def membership_map(frame: pd.DataFrame, *, network_names: dict[str, str], source: str) -> go.Figure:
    """`frame` has the columns of `data.queries.map.points`. Cities in several networks get
    their own colour rather than hiding under one network's marker."""
    several = _("Several networks")
    category = frame["network_ids"].where(frame["networks"] == 1, "*")
    size = 6 + 14 * np.sqrt(frame["population"].astype(float) / frame["population"].max())
    fig = go.Figure()
    for i, key in enumerate([*sorted(set(category) - {"*"}), "*"]):
        rows = frame[category == key]
        if rows.empty:
            continue
        fig.add_trace(
            go.Scattergeo(
                lon=rows["lon"],
                lat=rows["lat"],
                mode="markers",
                name=several if key == "*" else network_names.get(key, key),
                marker={
                    "size": size[rows.index],
                    "color": MUTED if key == "*" else PALETTE[i],
                    "line": {"width": 0.6, "color": "white"},
                    "opacity": 0.85,
                },
                customdata=rows[["city", "country", "memberships"]],
                hovertemplate="<b>%{customdata[0]}</b>, %{customdata[1]}<br>%{customdata[2]}"
                "<extra></extra>",
            )
        )
    fig.update_geos(
        projection_type="natural earth",
        showcountries=True,
        countrycolor="#bbbbbb",
        showland=True,
        landcolor="#eeeeee",
        showocean=False,
        showframe=False,
        showcoastlines=True,
        coastlinecolor="#999999",
        lataxis_range=[-58, 85],
    )
    fig = finish(fig, title=_("Member cities"), source=source, height=520, bottom=60)
    return fig.update_layout(margin={"l": 0, "r": 0})
