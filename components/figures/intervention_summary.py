"""How many interventions started each year, stacked by theme in the timeline's colours."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.figures.data_text import data_text
from components.figures.style import finish
from components.figures.timeline import theme_colours
from data.i18n import _


def top_legend(fig: go.Figure, names: list[str], *, height: int, width: int = 700) -> int:
    """A horizontal legend under the title, across the whole figure (not only the plot area,
    which long row labels make narrow); returns the top margin it needs. `width` is the
    narrowest the figure is drawn at (the page scrolls sideways below it)."""
    lines, used = 1, 0
    for name in names:
        entry = 7 * len(name) + 45
        if used + entry > width and used:
            lines, used = lines + 1, 0
        used += entry
    top = 50 + 20 * lines
    fig.update_layout(
        title={"yref": "container", "y": 1 - 12 / height, "yanchor": "top"},
        legend={
            "orientation": "h",
            "xref": "container",
            "yref": "container",
            "x": 0.01,
            "y": 1 - 44 / height,
            "xanchor": "left",
            "yanchor": "top",
            "traceorder": "normal",
        },
        margin={"t": top},
    )
    return top


@data_text
def starts_figure(counts: pd.DataFrame, *, source: str) -> go.Figure:
    """`counts` has the columns of `data.queries.intervention_summary.by_theme_and_year`."""
    fig = go.Figure()
    colours = theme_colours()
    years = range(int(counts["year"].min()), int(counts["year"].max()) + 1)
    for theme, rows in counts.groupby("theme", sort=False):
        per_year = rows.set_index("year")["interventions"].reindex(years, fill_value=0)
        fig.add_trace(
            go.Bar(
                x=list(years),
                y=per_year.tolist(),
                name=str(rows["label"].iloc[0]),
                marker={"color": colours.get(str(theme), "#999999")},
                hovertemplate="%{x}: %{y}<extra>%{fullData.name}</extra>",
            )
        )
    fig.update_layout(barmode="stack", bargap=0.2)
    fig.update_xaxes(dtick=2 if len(years) > 14 else 1, showgrid=False)
    fig.update_yaxes(title={"text": _("interventions started")}, rangemode="tozero")
    fig = finish(fig, title=_("Interventions started each year, by theme"), source=source)
    top_legend(fig, [t.name for t in fig.data], height=440)
    return fig
