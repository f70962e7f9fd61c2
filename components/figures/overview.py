"""The typical member city's trend: median with the middle half of cities shaded."""

from __future__ import annotations

from typing import Any

import pandas as pd

from components.figures.data_text import data_text
from components.figures.style import PALETTE, finished
from data.i18n import _


@data_text
def median_figure(
    frame: pd.DataFrame, *, label: str, unit: str, source: str, plain: bool = False
) -> Any:
    """`frame` has year, median, p25, p75 and cities (how many reported that year). Built as
    plain dicts, unchecked (`style.finished`): the first visitor of a network's overview waits
    for it; `plain`: the figure dict itself, for its answer."""
    years = frame["year"].to_numpy()
    edge = {"type": "scatter", "x": years, "mode": "lines", "line": {"width": 0}}
    data = [
        {**edge, "y": frame["p75"].to_numpy(), "hoverinfo": "skip", "showlegend": False},
        {
            **edge,
            "y": frame["p25"].to_numpy(),
            "fill": "tonexty",
            "fillcolor": "rgba(0,114,178,0.15)",
            "name": _("Middle half of cities"),
            "hoverinfo": "skip",
        },
        {
            "type": "scatter",
            "x": years,
            "y": frame["median"].round(2).to_numpy(),
            "mode": "lines+markers",
            "line": {"color": PALETTE[0], "width": 3},
            "name": _("Median city"),
            "customdata": frame[["cities"]].to_numpy(),
            "hovertemplate": _("%{x}: median %{y:,.1f}, %{customdata[0]} cities reporting")
            + "<extra></extra>",
        },
    ]
    layout = {
        "yaxis": {"title": {"text": unit}, "rangemode": "tozero"},
        "xaxis": {"showgrid": False},
    }
    title = _("{label}: the typical member city", label=label)
    return finished(data, layout, title=title, source=source, plain=plain)
