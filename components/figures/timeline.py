"""Gantt-style timeline of interventions: one row each, grouped, coloured by theme.

Every row has the same height and its own label, and each group opens with a bold header row,
so labels never overlap however many rows there are; the caller pages long lists.

Built as plain dicts and made a go.Figure once, unchecked (`style.finished`): the interventions
page computes one for each new filter (tests/unit/test_figure_schema.py checks the schema).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any, TypeVar

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.figures.data_text import data_text
from components.figures.style import MUTED, PALETTE, finished, update_layout
from data.i18n import _, number
from data.rows import rows
from data.schema import THEMES

ROW_HEIGHT = 26
LABEL_CHARS = 38  # with the year, about 300 px: bars keep most of a 720 px chart
MIN_DAYS = 45  # a planned intervention with no end still shows as a sliver
HOVER = "%{customdata[1]}<extra></extra>"
# Width of a 12 px row label per character, a little over what system-ui measures (about 6.7 px)
LABEL_PX = 7

FigureT = TypeVar("FigureT", go.Figure, dict[str, Any])


def theme_colours() -> dict[str, str]:
    return {theme: PALETTE[i % len(PALETTE)] for i, theme in enumerate(THEMES)}


def _short(text: str, limit: int = LABEL_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def format_date(when: pd.Timestamp, precision: str = "month") -> str:
    if precision == "year":
        return str(when.year)
    if precision == "day":
        return when.strftime("%Y-%m-%d")
    return when.strftime("%Y-%m")


def period(row: pd.Series | tuple) -> str:  # type: ignore[type-arg]
    """'2018-03 to 2021-06', '2021 to ongoing': the dates as recorded, no invented precision."""
    get = row.get if isinstance(row, pd.Series) else lambda k, d=None: getattr(row, k, d)
    start = format_date(get("start"), get("start_precision", "month") or "month")
    if get("open_end"):
        return _("{start} to ongoing", start=start)
    end = format_date(get("end"), get("end_precision", "month") or "month")
    if end == start:
        return start
    return _("{start} to {end}", start=start, end=end)


def budget_text(budget: object, currency: object) -> str:
    if budget is None or pd.isna(budget):  # type: ignore[arg-type]
        return _("not stated")
    return f"{currency} {number(float(budget), 0)}"  # type: ignore[arg-type]


PERIOD_COLUMNS = ("start", "end", "open_end", "start_precision", "end_precision")
HOVER_COLUMNS = (
    "title", "city", "lead_organisation", "partners", "funder", "budget", "currency",
    *PERIOD_COLUMNS,
)  # fmt: skip


def _hover(row: tuple) -> str:  # type: ignore[type-arg]
    partners = row.partners.replace(";", ", ") if isinstance(row.partners, str) else ""
    lines = [
        f"<b>{row.title}</b>",
        _("{city} · {period}", city=row.city, period=period(row)),
        _("Lead: {lead}", lead=row.lead_organisation),
    ]
    if partners:
        lines.append(_("Partners: {partners}", partners=_short(partners, 80)))
    funder = row.funder if isinstance(row.funder, str) else _("not stated")
    lines.append(_("Funder: {funder}", funder=funder))
    lines.append(_("Budget: {budget}", budget=budget_text(row.budget, row.currency)))
    return "<br>".join(lines)


def _middle(text: str, limit: int) -> str:
    """'Peace Incentive Fun…City of Kano': the end kept, where titles that share their start
    differ."""
    if len(text) <= limit:
        return text
    head = (limit - 1) // 2
    return text[:head].rstrip() + "…" + text[len(text) - (limit - 1 - head) :].lstrip()


def distinct_titles(titles: list[str], limit: int = LABEL_CHARS) -> dict[str, str]:
    """Each title shortened to `limit` characters; titles whose shortened starts would read the
    same ("Peace Incentive Fund project, City of…" six times) keep their ends instead."""
    short = {t: _short(t, limit) for t in dict.fromkeys(titles)}
    seen: dict[str, int] = {}
    for text in short.values():
        seen[text] = seen.get(text, 0) + 1
    return {t: _middle(t, limit) if seen[s] > 1 and s != t else s for t, s in short.items()}


def row_label(title: object, start: pd.Timestamp, city: str = "", short: str | None = None) -> str:
    """'Title · 2019', or 'Title · Cali · 2019' when the rows are not grouped by city (many
    cities run programmes with the same name). `short`: the title as already shortened."""
    if city:
        place = _short(city, 16)
        limit = LABEL_CHARS - len(place)
        middle = short is not None and short != _short(str(title))  # a shared start
        text = _middle(str(title), limit) if middle else _short(str(title), limit)
        return f"{text} · {place} · {start.year}"
    return f"{short if short is not None else _short(str(title))} · {start.year}"


FIGURE_COLUMNS = tuple(dict.fromkeys(("group", "intervention_id", "theme", *HOVER_COLUMNS)))  # read


@data_text(reads=FIGURE_COLUMNS)
def timeline_figure(
    frame: pd.DataFrame,
    *,
    source: str,
    by_city: bool = True,
    today: date | None = None,
    plain: bool = False,
) -> go.Figure:
    """`frame` has the columns of `data.queries.interventions.listing`, in its order. Rows sit at
    whole-number positions with their own tick label, so equal titles never share a row."""
    frame = frame.reset_index(drop=True)
    ticks: list[str] = []
    positions: list[int] = []
    previous = None
    shortened = distinct_titles([str(t) for t in frame["title"]])
    for group, title, start, city in zip(
        frame["group"], frame["title"], frame["start"], frame["city"]
    ):
        if group != previous:
            ticks.append(f"<b>{_short(str(group), LABEL_CHARS + 4)}</b>")
            previous = group
        positions.append(len(ticks))
        ticks.append(row_label(title, start, "" if by_city else str(city), shortened[str(title)]))
    start = frame["start"]
    end = (
        frame[["start", "end"]]
        .max(axis=1)
        .where(
            frame["end"] - start >= pd.Timedelta(days=MIN_DAYS), start + pd.Timedelta(days=MIN_DAYS)
        )
    )
    # columns as arrays, each theme's rows picked out of them: a frame filtered per theme cost
    # more than the chart
    y = np.asarray(positions)
    base = start.to_numpy()
    length = ((end - start).dt.total_seconds() * 1000).to_numpy()
    open_end = frame["open_end"].to_numpy(dtype=bool)
    ids = frame["intervention_id"].to_numpy(dtype=object)
    hover = [_hover(r) for r in rows(frame, HOVER_COLUMNS)]
    themes = frame["theme"].to_numpy(dtype=object)
    colours = theme_colours()
    present = set(themes.tolist())
    data = []
    for theme in [t for t in THEMES if t in present]:
        at = np.flatnonzero(themes == theme)
        data.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": y[at],
                "base": base[at],
                "x": length[at],
                "width": 0.62,
                "name": _(THEMES[theme]),
                "marker": {
                    "color": colours[theme],
                    "pattern": {"shape": ["/" if open_end[i] else "" for i in at]},
                },
                "customdata": [[ids[i], hover[i]] for i in at],
                "hovertemplate": HOVER,
            }
        )
    now = pd.Timestamp(today or date.today()).isoformat()
    layout = {
        "shapes": [
            {"type": "line", "x0": now, "x1": now, "xref": "x", "y0": 0, "y1": 1,
             "yref": "y domain", "line": {"color": MUTED, "width": 1, "dash": "dot"}}
        ],
        "annotations": [
            {"x": now, "y": 1, "yref": "paper", "yanchor": "bottom", "xanchor": "center",
             "text": _("today"), "showarrow": False, "font": {"size": 11, "color": MUTED}}
        ],
        "xaxis": {"type": "date", "showgrid": True, "mirror": "allticks", "ticks": "outside",
                  "side": "top"},
        "yaxis": {"tickmode": "array", "tickvals": list(range(len(ticks))), "ticktext": ticks,
                  "range": [len(ticks) - 0.5, -0.5], "showgrid": False, "zeroline": False,
                  "automargin": True, "tickfont": {"size": 12}},
        # The colour key is the page's (components.intervention_library.theme_key): a plotly
        # legend wraps to the plot area's width, which the row labels make narrow.
        "barmode": "overlay",
        "clickmode": "event",
        "hovermode": "closest",
        "showlegend": False,
        # meta.rows: exports/deck.py cuts it in parts; assets/narrow.js puts the row labels
        # above the bars on a phone
        "margin": {"t": 80, "l": label_margin(ticks)},
        "meta": {"rows": "timeline"},
    }  # fmt: skip
    height = 130 + ROW_HEIGHT * len(ticks)
    title = _("Interventions over time")
    return finished(data, layout, title=title, source=source, height=height, plain=plain)


def in_parts(fig: go.Figure, height: int) -> list[go.Figure]:
    """A long timeline as parts no taller than `height` pixels, each showing some of its rows
    at their full height (a slide cannot scroll, and a 50-row picture shrunk to a slide's height
    has unreadable labels). A part ends before a group's header rather than with it, and after a
    whole group when that leaves it at least half full. Any other figure comes back whole."""
    ticks = [str(t) for t in (fig.layout.yaxis.ticktext or ())]
    total = int(fig.layout.height or 0)
    if (fig.layout.meta or {}).get("rows") != "timeline" or total <= height:
        return [fig]
    most = max(1, (height - (total - ROW_HEIGHT * len(ticks))) // ROW_HEIGHT)
    headers = {i for i, t in enumerate(ticks) if t.startswith("<b>")}
    parts: list[go.Figure] = []
    start = 0
    while start < len(ticks):
        end = min(start + most, len(ticks))
        if end < len(ticks):
            group = max((h for h in headers if start < h <= end), default=None)
            if group is not None and group - start >= most / 2:
                end = group
            elif end - 1 in headers and end - 1 > start:
                end -= 1
        part = go.Figure(fig)
        part.update_layout(height=total - ROW_HEIGHT * (len(ticks) - (end - start)))
        part.update_yaxes(range=[end - 0.5, start - 0.5])
        parts.append(part)
        start = end
    return parts


def label_margin(ticks: list[str]) -> int:
    """A left margin the row labels fit in. The y axis still grows its margin to fit
    (automargin), but when the labels already fit plotly.js draws the chart once instead of
    twice: half of a 40-row timeline's drawing time."""
    longest = max((len(re.sub(r"<[^>]+>", "", t)) for t in ticks), default=0)
    return 12 + LABEL_PX * longest


def with_key(fig: FigureT) -> FigureT:
    """The timeline with its colour key inside the picture, for where the page's key (HTML
    chips beside the chart) does not travel: slides, embeds, PNGs. One entry per theme shown,
    and what a hatched bar means. A go.Figure (copied) or a plain figure dict (in place)."""
    hatched = {
        "type": "bar",
        "orientation": "h",
        "x": [None],
        "y": [None],
        "name": _("ongoing (hatched)"),
        "marker": {
            "color": "#ffffff",
            "line": {"color": MUTED, "width": 1},
            "pattern": {"shape": "/", "fgcolor": MUTED},
        },
        "hoverinfo": "skip",
    }
    key = {
        "showlegend": True,
        "legend": {"orientation": "v", "x": 1.02, "xanchor": "left", "y": 1.0, "yanchor": "top"},
    }
    if isinstance(fig, dict):
        fig["data"] = [*fig["data"], hatched]
        update_layout(fig, key)
        return fig
    return go.Figure(fig).add_trace(hatched).update_layout(key)
