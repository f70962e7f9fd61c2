"""The league table as a chart: one bar per city, highest first, each with its 95% interval.

Values resting on fewer than 20 events are drawn apart, grey and hatched, under the ranked ones
and without a place: where they would stand is chance (data/queries/ranking.py).
"""

from __future__ import annotations

import pandas as pd
import plotly.graph_objects as go

from components.figures.data_text import data_text
from components.figures.style import MUTED, PALETTE, finish
from data.i18n import _, number

BAR = 22  # pixels per city


def _label(row: pd.Series) -> str:
    if pd.isna(row["rank"]):
        return _("– {city} (not ranked)", city=row["city"])
    label = f"{int(row['rank'])}. {row['city']}"
    if row["rank_best"] != row["rank_worst"]:  # the places its interval allows
        label += f" ({row['rank_best']}–{row['rank_worst']})"
    return label


@data_text
def ranking_figure(
    frame: pd.DataFrame, *, title: str, unit: str, source: str, subtitle: str = ""
) -> go.Figure:
    """`frame`: rows of `ranking_frame` with a value, in the table's order, and `status_text`:
    each city's 2030 status in words (shown on hover)."""
    frame = frame.reset_index(drop=True)
    labels = [_label(row) for _i, row in frame.iterrows()]
    traces = []
    for ranked, name, colour in (
        (True, _("Ranked"), PALETTE[0]),
        (False, _("Not ranked: fewer than 20 events"), MUTED),
    ):
        part = frame[frame["rank"].notna() == ranked]
        if part.empty:
            continue
        value = part["value"].astype("float64")
        plus = (part["high"].astype("float64") - value).clip(lower=0)
        minus = (value - part["low"].astype("float64")).clip(lower=0)
        interval = [
            _("95% interval {low} to {high}", low=number(lo), high=number(hi))
            if pd.notna(lo) and pd.notna(hi)
            else _("no interval")
            for lo, hi in zip(part["low"], part["high"])
        ]
        traces.append(
            go.Bar(
                x=value.round(2).to_numpy(),
                y=[labels[i] for i in part.index],
                orientation="h",
                name=name,
                marker={
                    "color": colour,
                    "pattern": {"shape": "" if ranked else "/", "fgcolor": "white"},
                },
                error_x={
                    "type": "data",
                    "array": plus.fillna(0).round(2).to_numpy(),
                    "arrayminus": minus.fillna(0).round(2).to_numpy(),
                    "color": "#212529",
                    "thickness": 1.2,
                    "width": 3,
                },
                customdata=[[i, t] for i, t in zip(interval, part["status_text"])],
                hovertemplate="%{y}: %{x:,.1f}, %{customdata[0]}<br>%{customdata[1]}"
                "<extra></extra>",
            )
        )
    fig = go.Figure(traces)
    fig.update_yaxes(
        autorange="reversed", categoryorder="array", categoryarray=labels, automargin=True
    )
    fig.update_xaxes(title=unit, rangemode="tozero")
    height = max(260, 150 + BAR * len(frame))
    fig = finish(fig, title=title, source=source, height=height)
    fig.update_layout(
        title={"subtitle": {"text": subtitle, "font": {"size": 13, "color": MUTED}}},
        bargap=0.25,
        margin={"t": 80},
    )
    return fig
