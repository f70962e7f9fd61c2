"""How many interventions started each year, stacked by theme in the timeline's colours."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.figures.style import finish
from components.figures.timeline import theme_colours
from data.i18n import _


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
    return fig.update_layout(margin={"t": 110})
