"""Gantt-style timeline of interventions: one row each, grouped, coloured by theme."""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.figures.style import PALETTE, finish
from data.i18n import _
from data.schema import THEMES

ROW_HEIGHT = 26
HOVER = (
    "<b>%{customdata[0]}</b><br>%{customdata[1]}<br>%{customdata[2]}<br>"
    + "%{customdata[3]}<extra></extra>"
)


def theme_colours() -> dict[str, str]:
    return {theme: PALETTE[i % len(PALETTE)] for i, theme in enumerate(THEMES)}


def _hover(rows: pd.DataFrame) -> list[tuple[str, str, str, str]]:
    out = []
    for r in rows.itertuples(index=False):
        end = _("ongoing") if r.open_end else r.end.strftime("%Y-%m")
        funder = r.funder if isinstance(r.funder, str) else _("not stated")
        out.append(
            (
                r.title,
                _(
                    "{city} · {start} to {end}",
                    city=r.city,
                    start=r.start.strftime("%Y-%m"),
                    end=end,
                ),
                _("Lead: {lead}", lead=r.lead_organisation),
                _("Funder: {funder}", funder=funder),
            )
        )
    return out


def timeline_figure(frame: pd.DataFrame, *, source: str) -> go.Figure:
    """`frame` has the columns of `data.queries.interventions.listing`, sorted by group."""
    rows_axis = [frame["group"].tolist(), frame["title"].str.slice(0, 48).tolist()]
    fig = go.Figure()
    colours = theme_colours()
    for theme, rows in frame.groupby("theme", sort=False):
        index = rows.index
        fig.add_trace(
            go.Bar(
                orientation="h",
                y=[[rows_axis[0][i] for i in index], [rows_axis[1][i] for i in index]],
                base=rows["start"],
                x=(rows["end"] - rows["start"]).dt.total_seconds() * 1000,
                name=_(THEMES[str(theme)]),
                marker={
                    "color": colours[str(theme)],
                    "pattern": {"shape": ["/" if o else "" for o in rows["open_end"]]},
                },
                customdata=_hover(rows),
                hovertemplate=HOVER,
            )
        )
    fig.update_xaxes(type="date", showgrid=True)
    fig.update_yaxes(autorange="reversed", type="multicategory", showgrid=False)
    height = max(300, 130 + ROW_HEIGHT * len(frame))
    fig.update_layout(barmode="overlay", bargap=0.3)
    return finish(fig, title=_("Interventions over time"), source=source, height=height)
