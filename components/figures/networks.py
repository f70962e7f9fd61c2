"""Charts of the networks themselves: members per year, composition, and overlaps."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pandas as pd
import plotly.graph_objects as go

from components.figures.data_text import data_text
from components.figures.style import MUTED, PALETTE, finish, finished
from data.i18n import _

LEGEND_ROW = 20  # pixels per legend entry


def stacked_legend(fig: go.Figure, entries: int, *, top: int = 64) -> go.Figure:
    """One legend entry per row above the plot, with the top margin grown to fit: network names
    are long, and a legend that wraps differently on a phone and a projector would run into the
    title on one of them."""
    return fig.update_layout(
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 14}},
        legend={"orientation": "v", "y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        margin={"t": top + LEGEND_ROW * entries},
        height=fig.layout.height + LEGEND_ROW * entries,
    )


# Regions and roles get their own colours, after the first five (the networks'): a bar split by
# region never reads as a network.
REGION_COLOURS = ["#009E73", "#E69F00", "#56B4E9", "#CC79A7", "#332288"]
ROLE_COLOURS = ["#332288", "#88CCEE", "#44AA99", "#999933", "#CC6677"]


def network_colours(network_ids: Iterable[str]) -> dict[str, str]:
    """Each network's colour, by its place in the networks table: the same on every chart."""
    return {n: PALETTE[i % len(PALETTE)] for i, n in enumerate(network_ids)}


@data_text
def members_per_year_figure(
    frame: pd.DataFrame, *, year: int, colours: dict[str, str], source: str, plain: bool = False
) -> Any:
    """`frame` has year, network_id, network, members. A dashed line marks the chosen year (the
    browser moves it while the slider plays: the shape is named 'year'). Built as plain dicts,
    unchecked (`style.finished`): /map computes it for each new filter; `plain`: the figure
    dict itself, for its answer."""
    data = [
        {
            "type": "scatter",
            "x": rows["year"].tolist(),
            "y": rows["members"].tolist(),
            "name": str(rows["network"].iloc[0]),
            "mode": "lines+markers",
            "line": {"shape": "hv", "width": 2.5, "color": colours.get(str(network_id))},
            "marker": {"size": 5},
            "hovertemplate": _("%{x}: %{y} member cities") + "<extra>%{fullData.name}</extra>",
        }
        for network_id, rows in frame.groupby("network_id", sort=False)
    ]
    entries, height = len(data), 360
    layout = {
        "shapes": [
            {"name": "year", "type": "line", "x0": year, "x1": year, "yref": "paper", "y0": 0,
             "y1": 1, "line": {"color": MUTED, "width": 1.5, "dash": "dash"}}
        ],
        "xaxis": {"showgrid": False, "dtick": 5},
        "yaxis": {"title": {"text": _("member cities")}, "rangemode": "tozero"},
        "hovermode": "x unified",
        # stacked_legend's, in the figure's dict
        "title": {"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 14}},
        "legend": {"orientation": "v", "y": 1.0, "yanchor": "bottom", "x": 0, "xanchor": "left"},
        "margin": {"t": 64 + LEGEND_ROW * entries},
    }  # fmt: skip
    title = _("Members per network, by year")
    height += LEGEND_ROW * entries
    return finished(data, layout, title=title, source=source, height=height, plain=plain)


@data_text
def composition_figure(
    frame: pd.DataFrame,
    *,
    by: str,
    labels: dict[str, str],
    title: str,
    axis: str,
    source: str,
) -> go.Figure:
    """Horizontal bars, one per network, split by region or role. `frame` has network, `by`
    and count; `labels` names the values of `by`, in the order the bars stack."""
    palette = REGION_COLOURS if by == "region" else ROLE_COLOURS
    networks = list(dict.fromkeys(frame["network"]))
    wrapped = [wrap(n, 20) for n in networks]
    fig = go.Figure()
    for i, (key, label) in enumerate(labels.items()):
        rows = frame[frame[by] == key].set_index("network").reindex(networks)
        if rows["count"].isna().all():
            continue
        fig.add_trace(
            go.Bar(
                y=wrapped,
                x=rows["count"].fillna(0).astype(int).tolist(),
                customdata=networks,
                name=label,
                orientation="h",
                marker_color=palette[i % len(palette)],
                hovertemplate="%{customdata}<br>" + label + ": %{x}<extra></extra>",
            )
        )
    fig.update_layout(barmode="stack")
    fig.update_yaxes(autorange="reversed", title=None, automargin=True)
    fig.update_xaxes(title=axis)
    height = 150 + 42 * max(len(networks), 1)
    fig = finish(fig, title=title, source=source, height=height)
    fig.update_layout(margin={"l": 10}, legend={"traceorder": "normal"})
    return stacked_legend(fig, len(fig.data))


@data_text
def overlap_figure(frame: pd.DataFrame, *, names: dict[str, str], source: str) -> go.Figure:
    """Cities in both networks of each pair (diagonal: in that network), as a grid of counts.
    `frame` is `data.queries.map.overlap`: network_a, network_b, cities, names."""
    ids = list(dict.fromkeys(frame["network_a"]))
    full = [names.get(n, n) for n in ids]
    short = [initials(name) for name in full]
    rows = [wrap(f"{name} ({abbr})", 20) for name, abbr in zip(full, short)]
    counts = frame.pivot(index="network_a", columns="network_b", values="cities").loc[ids, ids]
    listed = frame.pivot(index="network_a", columns="network_b", values="names").loc[ids, ids]
    hover = [
        [[full[i], full[j], _short_list(str(listed.iat[i, j]))] for j in range(len(ids))]
        for i in range(len(ids))
    ]
    fig = go.Figure(
        go.Heatmap(
            z=counts.to_numpy().tolist(),
            x=short,
            y=rows,
            text=counts.to_numpy().tolist(),
            texttemplate="%{text}",
            textfont={"size": 15},
            customdata=hover,
            colorscale=[[0, "#f8f9fa"], [1, "#0072B2"]],
            showscale=False,
            xgap=2,
            ygap=2,
            hovertemplate=_("%{customdata[0]} and %{customdata[1]}: %{z} cities")
            + "<br>%{customdata[2]}<extra></extra>",
        )
    )
    fig.update_yaxes(autorange="reversed", automargin=True)
    fig.update_xaxes(side="top", automargin=True, tickangle=0, tickfont={"size": 11})
    size = 180 + 60 * len(ids)
    fig = finish(fig, title=_("Cities in two networks at once"), source=source, height=size)
    return fig.update_layout(margin={"l": 10, "t": 120})


def initials(name: str) -> str:
    """'Peace in Our Cities' -> 'PiOC': column labels that fit a phone; rows carry full names."""
    words = [w for w in name.replace("-", " ").split() if w]
    return "".join(w[0] for w in words)


def wrap(text: str, width: int = 16) -> str:
    """Break a long name over lines (plotly's `<br>`), so axis labels do not run into each other."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return "<br>".join(lines)


def _short_list(names: str, limit: int = 12) -> str:
    parts = [p for p in names.split(", ") if p]
    if len(parts) <= limit:
        return ", ".join(parts)
    return _("{names} and {more} more", names=", ".join(parts[:limit]), more=len(parts) - limit)
