"""The trend chart: one line per city, gaps kept as gaps, with national rates (dashed), a
network's median (dash-dot), glide paths to 2030 (dotted) and interventions as shaded spans.

Fed `data.queries.trends.Chart.lines` and `.spans`; draws the `plotted` column and nothing else,
so the chart and its CSV cannot disagree.

The trend chart and the small multiples are on every trends and city page, computed afresh for
each new selection: they are built as plain dicts and made a go.Figure once, unchecked
(`style.finished`; tests/unit/test_figure_schema.py checks them against plotly's schema).
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from datetime import date
from itertools import pairwise
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.figures.data_text import data_text
from components.figures.style import PALETTE, finished, merged
from data import i18n
from data import rows as frame_rows
from data.i18n import _
from data.schema import FLAGS

SPAN_AXIS = "y2"  # interventions: one lane per city on an axis of its own, under the values
SPAN_WIDTH = 0.8  # of a lane
SPAN_MIN = 0.08  # years: a short intervention still shows
LANE_PX = 9  # height of a city's lane in pixels, where the plot has room
LANE_GAP_PX = 14  # between the lanes and the values
LANES_SHARE = 0.3  # of the plot's height, at most, however many cities have interventions
MEDIAN_COLOUR = "#444444"
MUTED_LINE = "#adb5bd"
HOVER = "%{customdata[0]}<extra></extra>"
SPAN_HOVER = "%{customdata[1]}<extra></extra>"
END_LABELS = 8  # city lines named at their ends; more keep the legend
LABEL_PX = 16  # px between the names at the ends of lines (a 12 px font and air)
LABEL_LENGTH = 30  # timeline labels: long titles are cut (the hover and the list give them whole)
Trace = dict[str, Any]  # a trace as plotly.js takes it
POINT_COLUMNS = ("city", "year", "plotted", "value", "count", "population", "unstable", "low",
                 "high", "flags", "source", "definition")  # fmt: skip  # what _point_text reads


def city_colours(lines: _Columns) -> dict[str, str]:
    """A stable colour per city, in the order the cities were chosen (read from the columns
    the chart reads anyway)."""
    everyone = lines["city_id"].tolist()
    ids = list(dict.fromkeys(c for c, s in zip(everyone, lines["series"].tolist()) if s == "city"))
    ids += [c for c in dict.fromkeys(everyone) if c and c not in ids]
    return {c: PALETTE[i % len(PALETTE)] for i, c in enumerate(ids)}


def number(value: float, digits: int = 1) -> str:
    return "–" if value is None or pd.isna(value) else i18n.number(value, digits)


def _decimal_year(day: pd.Timestamp) -> float:
    start = date(day.year, 1, 1)
    length = (date(day.year + 1, 1, 1) - start).days
    return day.year + (day.date() - start).days / length


def _point_text(row: Mapping[str, Any], unit: str, *, smooth: bool) -> str:
    lines = [f"<b>{row['city']}</b> {int(row['year'])}", f"{number(row['plotted'])} {unit}"]
    if smooth and pd.notna(row["value"]):
        lines.append(
            _(
                "3-year average; {year} alone: {value}",
                year=int(row["year"]),
                value=number(row["value"]),
            )
        )
    if pd.notna(row["count"]) and pd.notna(row["population"]):
        lines.append(
            _(
                "{count} events, population {population}",
                count=number(row["count"], 0),
                population=number(row["population"], 0),
            )
        )
    if row["unstable"]:
        lines.append(_("Unstable: fewer than 20 events"))
        if pd.notna(row["low"]):
            lines.append(
                _("95% interval: {low} to {high}", low=number(row["low"]), high=number(row["high"]))
            )
    for flag in str(row["flags"] or "").split(";"):
        if flag in FLAGS:
            lines.append(_(FLAGS[flag]))
    if isinstance(row["source"], str) and row["source"]:
        definition = row.get("definition")
        lines.append(
            f"{row['source']} ({definition})"
            if isinstance(definition, str) and definition
            else row["source"]
        )
    return "<br>".join(lines)


class _Columns(dict[str, np.ndarray]):
    """The columns of a chart's lines, each read from the frame once, when first asked for:
    text and flags as objects (the values `Series.tolist` gives), years as integers and the
    drawn numbers as floats with gaps as NaN. A column read from a frame cost about as much as
    a point's text, and a chart's traces read dozens."""

    INTEGERS = ("year",)
    FLOATS = ("plotted", "low", "high")
    BOOLEANS = ("unstable",)  # gaps are not unstable

    def __init__(self, frame: pd.DataFrame) -> None:
        super().__init__()
        self.frame = frame

    def __missing__(self, name: str) -> np.ndarray:
        column = self.frame[name]
        if name in self.INTEGERS:
            values = column.to_numpy(dtype="int64")
        elif name in self.FLOATS:
            values = column.to_numpy(dtype="float64", na_value=np.nan)
        elif name in self.BOOLEANS:
            values = column.to_numpy(dtype=bool, na_value=False)
        else:
            values = column.to_numpy(dtype=object)
        self[name] = values
        return values

    def has(self, name: str) -> bool:
        return name in self.frame.columns


def _name(lines: _Columns, at: np.ndarray, mixed: bool) -> str:
    """A line's legend entry (`at`: its rows); with its definition when the chart mixes
    measures."""
    name = str(lines["city"][at[0]])
    if not mixed or not lines.has("definition"):
        return name
    definitions = [d for d in lines["definition"][at] if _text(d)]
    return f"{name} · {definitions[-1]}" if definitions else name


def _city_traces(
    lines: _Columns,
    at: np.ndarray,
    years: range,
    colours: dict[str, str],
    unit: str,
    *,
    smooth: bool,
    mixed: bool = False,
) -> list[Trace]:
    """A trace per city line that draws anything (`at`: the city lines' rows), in the cities'
    order, from one pass over their rows: a frame reindexed per city cost more than the
    numbers (small multiples draw dozens). Every year of `years` is a point, absent years gaps
    (see series.by_year, whose series breaks this keeps too)."""
    if not len(at):
        return []
    codes, ids = pd.factorize(lines["city_id"][at], sort=False)
    names = lines["city"][at]
    definitions = (
        lines["definition"][at] if lines.has("definition") else np.full(len(at), None, dtype=object)
    )
    year = lines["year"][at]
    plotted = lines["plotted"][at]
    low = lines["low"][at]
    high = lines["high"][at]
    drawn = ~np.isnan(plotted) & (year >= years.start) & (year < years.stop)
    shaky = lines["unstable"][at] & drawn
    error = ~np.isnan(low) & shaky
    flags = lines["flags"][at] if lines.has("flags") else None
    # the columns a point's text reads, as lists, once: a frame's rows one by one, or to_dict,
    # cost more than the text
    columns = {name: lines[name][at].tolist() for name in POINT_COLUMNS if lines.has(name)}
    traces = []
    for k, city_id in enumerate(ids):
        mine = np.flatnonzero(codes == k)
        if not drawn[mine].any():
            continue
        shown = mine[(year[mine] >= years.start) & (year[mine] < years.stop)]
        shown = shown[np.argsort(year[shown], kind="stable")]
        breaks = (
            sorted(
                {int(year[i]) - 0.5 for i in shown if _breaks(flags[i]) and year[i] > years.start}
            )
            if flags is not None
            else []
        )
        x: list[float] = list(years)
        if breaks:
            x = sorted([float(y) for y in years] + breaks)
        where = np.searchsorted(np.asarray(x, dtype="float64"), year[shown])

        def spread(values: np.ndarray, fill: object = np.nan) -> np.ndarray:
            return _spread(values[shown], where, len(x), fill)  # noqa: B023 (used in this pass)

        is_shaky, has_error = spread(shaky, False), spread(error, False)
        y = spread(plotted)
        text = [""] * len(x)
        for i, w in zip(shown, where):
            if drawn[i]:
                text[w] = _point_text({k: v[i] for k, v in columns.items()}, unit, smooth=smooth)
        colour = colours[str(city_id)]
        defined = [d for d in definitions[mine] if isinstance(d, str) and d]
        name = str(names[mine[0]])
        traces.append(
            {
                "type": "scatter",
                "x": x,
                "y": y.round(2),
                "name": f"{name} · {defined[-1]}" if mixed and defined else name,
                "mode": "lines+markers",
                "line": {"color": colour, "width": 2.5},
                "marker": {
                    "size": [9 if s else 6 for s in is_shaky],
                    "symbol": ["circle-open" if s else "circle" for s in is_shaky],
                    "line": {"width": 2, "color": colour},
                },
                "error_y": {
                    "type": "data",
                    "symmetric": False,
                    "array": np.where(has_error, spread(high) - y, np.nan).round(2),
                    "arrayminus": np.where(has_error, y - spread(low), np.nan).round(2),
                    "color": colour,
                    "thickness": 1,
                    "width": 3,
                },
                "connectgaps": False,
                "customdata": [[t] for t in text],
                "hovertemplate": HOVER,
                "legendgroup": str(city_id),
                "meta": {"series": "city", "city_id": str(city_id)},
            }
        )
    return traces


def _spread(values: np.ndarray, where: np.ndarray, size: int, fill: object) -> np.ndarray:
    """`values` at positions `where` of an array of `size`, `fill` elsewhere."""
    out = np.full(size, fill, dtype=values.dtype)
    out[where] = values
    return out


def _breaks(flags: object) -> bool:
    return isinstance(flags, str) and "break" in flags.split(";")


def _reference_trace(
    lines: _Columns,
    at: np.ndarray,
    years: range,
    *,
    colour: str,
    dash: str,
    unit: str,
    kind: str,
    mixed: bool = False,
) -> Trace:
    # every year of `years` a point, absent years gaps and a gap before a series break, as
    # series.by_year lays them out, from the rows' columns (`at`: the line's rows): a frame
    # reindexed per line cost more than its text
    name = str(lines["city"][at[0]])
    year = lines["year"][at]
    inside = (year >= years.start) & (year < years.stop)
    shown, year = at[inside], year[inside]
    flags = lines["flags"][shown] if lines.has("flags") else [None] * len(shown)
    breaks = [int(y) - 0.5 for y, f in zip(year, flags) if _breaks(f) and y > years.start]
    x: list[Any] = list(years)
    if breaks:
        x = sorted([float(y) for y in years] + breaks)
    where = np.searchsorted(np.asarray(x, dtype="float64"), year)

    def column(name: str) -> list[Any]:  # as lists: to_dict("records") cost more than the text
        values = lines[name][shown] if lines.has(name) else [None] * len(shown)
        out: list[Any] = [np.nan] * len(x)
        for v, w in zip(values, where):
            out[w] = v
        return out

    def source(text: Any, definition: Any) -> str:
        if isinstance(text, str) and text and isinstance(definition, str) and definition:
            return f"{text} ({definition})"
        return text if isinstance(text, str) else ""

    plotted = np.full(len(x), np.nan)
    plotted[where] = lines["plotted"][shown]
    text = [
        "<br>".join(
            t
            for t in (f"<b>{name}</b> {y}", f"{number(v)} {unit}", source(s, d))
            if isinstance(t, str) and t
        )
        for y, v, s, d in zip(
            x, plotted.tolist(), column("source"), column("definition"), strict=True
        )
    ]
    return {
        "type": "scatter",
        "x": x,
        "y": plotted.round(2),
        "name": _name(lines, at, mixed),
        "mode": "lines",
        "line": {"color": colour, "width": 1.6, "dash": dash},
        "connectgaps": False,
        "customdata": [[t] for t in text],
        "hovertemplate": HOVER,
        "meta": {"series": kind},
    }


def _glide_trace(lines: _Columns, at: np.ndarray, colour: str, unit: str, first: bool) -> Trace:
    at = at[np.argsort(lines["year"][at], kind="stable")]
    city = str(lines["city"][at[0]])
    years, plotted = lines["year"][at].tolist(), lines["plotted"][at]
    text = [
        "<br>".join(
            [
                f"<b>{_('Glide path: {city}', city=city)}</b> {year}",
                f"{number(value)} {unit}",
                _(
                    "Halving the {year} baseline ({baseline}) by {goal} ({target})",
                    year=years[0],
                    baseline=number(plotted[0]),
                    goal=years[-1],
                    target=number(plotted[-1]),
                ),
            ]
        )
        for year, value in zip(years, plotted.tolist(), strict=True)
    ]
    last = len(at) - 1
    return {
        "type": "scatter",
        "x": years,
        "y": plotted.round(2),
        "name": _("Glide path to halve by 2030"),
        "mode": "lines+markers",
        "line": {"color": colour, "width": 1.8, "dash": "dot"},
        "marker": {
            "symbol": ["circle" if i == 0 else "diamond" for i in range(len(at))],
            "size": [7 if i in (0, last) else 0 for i in range(len(at))],
            "color": colour,
        },
        "customdata": [[t] for t in text],
        "hovertemplate": HOVER,
        "legendgroup": "glide-path",
        "showlegend": first,
        "meta": {"series": "glide-path", "city_id": str(lines["city_id"][at[0]])},
    }


def _span_traces(
    spans: pd.DataFrame, colours: dict[str, str], low: float, high: float
) -> list[Trace]:
    """One lane per city under the plot, its interventions as bars in the city's colour, cut to
    the years shown (`low`..`high`): legible with many cities, where shading laid over the plot
    darkened into overlapping grey. A legend entry says what the bands are."""
    columns = _Columns(spans)
    city_ids = columns["city_id"]
    lanes = _groups(city_ids, np.arange(len(city_ids)))  # a city's rows each, in their order
    traces = []
    for lane, at in enumerate(lanes):
        city_id = city_ids[at[0]]
        starts, ends = columns["start"][at], columns["end"][at]
        start = [max(_decimal_year(s), low) for s in starts]
        end = [min(_decimal_year(e), high) for e in ends]
        hover = [
            "<br>".join(
                [
                    f"<b>{title}</b>",
                    _(
                        "{city} · {start} to {end}",
                        city=city,
                        start=s.strftime("%Y-%m"),
                        end=_("today (ongoing)") if open_end else e.strftime("%Y-%m"),
                    ),
                    _("Click to open this intervention"),
                ]
            )
            for title, city, s, e, open_end in zip(
                columns["title"][at], columns["city"][at], starts, ends, columns["open_end"][at]
            )
        ]
        traces.append(
            {
                "type": "bar",
                "orientation": "h",
                "y": [lane] * len(at),
                "base": start,
                "x": [max(b - a, SPAN_MIN) for a, b in zip(start, end)],
                "width": SPAN_WIDTH,
                "yaxis": SPAN_AXIS,
                "name": str(columns["city"][at[0]]),
                "marker": {
                    "color": colours.get(str(city_id), MEDIAN_COLOUR),
                    "line": {"width": 0},
                },
                "customdata": [list(pair) for pair in zip(columns["intervention_id"][at], hover)],
                "hovertemplate": SPAN_HOVER,
                "legendgroup": "interventions",
                "showlegend": False,
                "meta": {"series": "interventions", "city_id": str(city_id)},
            }
        )
    one = len(lanes) == 1
    key = {  # no bars: the legend's entry for every lane
        "type": "bar",
        "x": [None],
        "y": [None],
        "yaxis": SPAN_AXIS,
        "name": _("Interventions (band below)") if one else _("Interventions (bands below)"),
        "marker": {
            "color": colours.get(str(city_ids[lanes[0][0]]), MEDIAN_COLOUR) if one else MUTED_LINE
        },
        "legendgroup": "interventions",
        "hoverinfo": "skip",
        "meta": {"series": "interventions-key"},
    }
    return [*traces, key]


def _lane_domains(lanes: int, height: int) -> tuple[list[float], list[float]]:
    """(the values' y domain, the lanes' y domain): each lane LANE_PX high, with at most
    LANES_SHARE of the plot given to lanes (they thin out before the values are squeezed)."""
    plot = max(height - 190, 120)  # the figure less its top and bottom margins
    share = min(lanes * LANE_PX / plot, LANES_SHARE)
    gap = LANE_GAP_PX / plot
    return [share + gap, 1.0], [0.0, share]


@data_text
def trend_figure(
    lines: pd.DataFrame,
    spans: pd.DataFrame | None = None,
    *,
    title: str,
    unit: str,
    source: str,
    log: bool = False,
    smooth: bool = False,
    reference_line: float | None = None,
    height: int = 480,
    plain: bool = False,
) -> go.Figure:
    """`lines` has the columns of `data.queries.trends.LINE_COLUMNS`; `unit` labels the y axis
    and the hover ("per 100,000", "events", "index, 2019 = 100")."""
    columns = _Columns(lines)
    plotted = ~np.isnan(columns["plotted"])
    drawn = columns["year"][plotted]
    first, last = int(drawn.min()), int(drawn.max())
    years = range(first, last + 1)
    colours = city_colours(columns)
    series = columns["series"]
    cities = np.flatnonzero(series == "city")
    pairs = list(zip(columns["country"][cities], columns["city_id"][cities]))
    country_colour = {c: colours[i] for c, i in reversed(pairs)}  # the first city of a country
    data: list[Trace] = []
    mixed = False  # police counts beside UNODC rates
    if columns.has("definition"):
        measured = ((series == "city") | (series == "national")) & plotted
        known = {d for d in columns["definition"][measured] if _text(d)}
        mixed = len(known) > 1
    for at in _groups(columns["city"], np.flatnonzero(series == "national")):
        colour = country_colour.get(str(columns["country"][at[0]]), MEDIAN_COLOUR)
        data.append(
            _reference_trace(
                columns,
                at,
                years,
                colour=colour,
                dash="dash",
                unit=unit,
                kind="national",
                mixed=mixed,
            )
        )
    for at in _groups(columns["city"], np.flatnonzero(series == "median")):
        data.append(
            _reference_trace(
                columns, at, years, colour=MEDIAN_COLOUR, dash="dashdot", unit=unit, kind="median"
            )
        )
    glide = _groups(columns["city_id"], np.flatnonzero((series == "glide-path") & plotted))
    for i, at in enumerate(glide):
        colour = colours[str(columns["city_id"][at[0]])]
        data.append(_glide_trace(columns, at, colour, unit, i == 0))
    data.extend(_city_traces(columns, cities, years, colours, unit, smooth=smooth, mixed=mixed))
    layout: dict[str, Any] = {
        "hovermode": "closest",
        "xaxis": {
            "range": [first - 0.5, last + 0.5],
            "dtick": 2 if len(years) > 12 else 1,
            "showgrid": False,
        },
        "yaxis": {"title": {"text": unit}, "type": "log" if log else "linear"}
        | ({} if log else {"rangemode": "tozero"}),
        # The title at the very top, so that a legend wrapping onto two or three lines (phones,
        # print) grows into the margin instead of over the title.
        "margin": {"t": 100},
        "title": {"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}},
    }
    lanes = 0
    if spans is not None and not spans.empty:
        low, high = first - 0.5, last + 0.5
        spans = spans[(spans["end"].dt.year >= first) & (spans["start"].dt.year <= last)]
        lanes = spans["city_id"].nunique()
    if lanes:
        data.extend(_span_traces(spans, colours, low, high))
        values, lane_domain = _lane_domains(lanes, height)
        layout = merged(
            layout,
            {
                "yaxis": {"domain": values},
                "yaxis2": {
                    "domain": lane_domain,
                    "range": [lanes - 0.5, -0.5],  # the first city's lane on top
                    "visible": False,
                    "fixedrange": True,
                },
                "xaxis": {"anchor": SPAN_AXIS},  # the years under the lanes
                "barmode": "overlay",
            },
        )
    if reference_line is not None:
        layout["shapes"] = [
            {"type": "line", "xref": "x domain", "x0": 0, "x1": 1, "yref": "y",
             "y0": reference_line, "y1": reference_line,
             "line": {"color": MUTED_LINE, "width": 1}}
        ]  # fmt: skip
    _label_ends(data, layout, height=height, bottom=BOTTOM, log=log)
    return finished(
        data, layout, title=title, source=source, height=height, bottom=BOTTOM, plain=plain
    )


BOTTOM = 90  # px under the plot: the years and the source line


def _text(value: object) -> bool:
    """A definition that names something: text, not empty (a gap is NaN or None)."""
    return isinstance(value, str) and value != ""


def _groups(keys: np.ndarray, at: np.ndarray) -> list[np.ndarray]:
    """The positions `at`, one array per value of `keys[at]` in order of first appearance,
    each in the frame's order: what a groupby(key, sort=False) gives, without a groupby for
    the one or two lines of a kind (or none) that a chart has."""
    if not len(at):
        return []
    codes, _values = pd.factorize(keys[at])
    order = np.argsort(codes, kind="stable")  # each group's rows together, in the frame's order
    bounds = np.searchsorted(codes[order], np.arange(codes.max() + 2))
    return [at[order[a:b]] for a, b in pairwise(bounds)]


def _label_ends(
    data: list[Trace], layout: dict[str, Any], *, height: int, bottom: int, log: bool
) -> None:
    """Up to END_LABELS city lines are named at their last point, in their colour, and leave
    the legend: a reader follows a line to its name instead of matching colours against a
    legend (Our World in Data, Datawrapper). Names whose lines end close together are moved
    apart to one label's height. More lines keep the legend."""
    lines = [t for t in data if t.get("meta", {}).get("series") == "city"]
    if not lines or len(lines) > END_LABELS:
        return
    ends = []
    for trace in lines:
        points = [(x, y) for x, y in zip(trace["x"], trace["y"]) if not math.isnan(y)]
        if points:
            x, y = points[-1]
            ends.append([math.log10(y) if log and y > 0 else y, x, float(y), trace])
    if not ends:
        return
    values = [e[0] for e in ends]
    top, low = max(values) * 1.05, 0.0 if not log else min(values)  # about plotly's range
    domain = layout["yaxis"].get("domain", (0, 1))  # the values' share when lanes sit under
    plot_px = max((height - layout["margin"]["t"] - bottom) * (domain[1] - domain[0]), 80)
    gap = (top - low or abs(top) or 1.0) * LABEL_PX / plot_px
    ends.sort(key=lambda e: e[0])
    placed: list[float] = []
    labels = []
    for end in ends:
        at = end[0] if not placed else max(end[0], placed[-1] + gap)
        placed.append(at)
        _value, x, y, trace = end
        trace["showlegend"] = False
        labels.append(
            {
                "x": x,
                "y": y,
                "yshift": (at - end[0]) / gap * LABEL_PX if gap else 0,
                "text": str(trace["name"]),
                "showarrow": False,
                "xanchor": "left",
                "xshift": 8,
                "font": {"color": trace["line"]["color"], "size": 12},
                "name": "end-label",
            }
        )
    layout["annotations"] = [*layout.get("annotations", []), *labels]
    longest = max(len(str(t["name"])) for t in lines)
    layout["margin"] = {**layout["margin"], "r": min(24 + 7 * longest, 160)}


SPAN_COLUMNS = ("title", "intervention_id", "start", "end", "open_end")  # what it reads


@data_text(reads=SPAN_COLUMNS)
def mini_timeline(
    spans: pd.DataFrame, *, first: int, last: int, source: str, plain: bool = False
) -> go.Figure:
    """The city's interventions as a compact Gantt chart on the trend chart's years (built as
    plain dicts, as the trend chart: the city page draws one for each city)."""
    rows = spans.reset_index(drop=True)
    labels = [t if len(t) <= LABEL_LENGTH else t[: LABEL_LENGTH - 1] + "…" for t in rows["title"]]
    start = [_decimal_year(s) for s in rows["start"]]
    end = [_decimal_year(e) for e in rows["end"]]
    hover = [
        "<br>".join(
            [
                f"<b>{r.title}</b>",
                _(
                    "{start} to {end}",
                    start=r.start.strftime("%Y-%m"),
                    end=_("today (ongoing)") if r.open_end else r.end.strftime("%Y-%m"),
                ),
                _("Click to open this intervention"),
            ]
        )
        for r in frame_rows.rows(rows, SPAN_COLUMNS)
    ]
    bar = {
        "type": "bar",
        "orientation": "h",
        "y": list(range(len(rows))),  # a row each, even for titles cut alike
        "base": start,
        "x": [max(b - a, 0.08) for a, b in zip(start, end)],
        "marker": {
            "color": PALETTE[0],
            "pattern": {"shape": ["/" if o else "" for o in rows["open_end"]]},
        },
        "customdata": [list(pair) for pair in zip(rows["intervention_id"], hover)],
        "hovertemplate": SPAN_HOVER,
        "meta": {"series": "interventions"},
        "showlegend": False,
    }
    lo = min(first, math.floor(min(start, default=first)))
    hi = max(last, math.ceil(max(end, default=last)))
    layout = {
        "xaxis": {"range": [lo - 0.5, hi + 0.5], "nticks": 8},
        "yaxis": {
            "range": [len(rows) - 0.5, -0.5],
            "showgrid": False,
            "zeroline": False,
            "tickmode": "array",
            "tickvals": list(range(len(rows))),
            "ticktext": labels,
            "automargin": True,
        },
        "margin": {"l": 10, "t": 40},
        # meta.rows: on a phone assets/narrow.js puts each label above its bar, as on
        # /interventions
        "meta": {"rows": "timeline"},
    }
    title = _("Interventions over time")
    height = 90 + 24 * len(rows)
    return finished(
        [bar], layout, title=title, source=source, height=height, bottom=70, plain=plain
    )


SMALL_COLUMNS = 4  # small charts in a row
SMALL_ROW_PX = 120  # height of a row of small charts


@data_text
def small_multiples(
    lines: pd.DataFrame,
    *,
    title: str,
    unit: str,
    source: str,
    log: bool = False,
    plain: bool = False,
) -> go.Figure:
    """More city lines than can be named at their ends: one small chart per city, all on the
    same axes, so that levels compare across the grid (Our World in Data, Datawrapper). Only
    the cities' own lines: national lines, glide paths and interventions are on the city pages
    and in the CSV."""
    columns = _Columns(lines)
    cities = np.flatnonzero(columns["series"] == "city")
    plotted = columns["plotted"][cities]
    drawn = columns["year"][cities][~np.isnan(plotted)]
    first, last = int(drawn.min()), int(drawn.max())
    years = range(first, last + 1)
    colours = city_colours(columns)
    traces = _city_traces(columns, cities, years, colours, unit, smooth=False)
    rows_of = math.ceil(len(traces) / SMALL_COLUMNS)
    layout = _grid(rows_of, [str(t["name"]) for t in traces])
    data = []
    for i, trace in enumerate(traces):
        trace["marker"]["size"] = 4
        trace["line"]["width"] = 1.8
        suffix = str(i + 1) if i else ""
        data.append({**trace, "showlegend": False, "xaxis": "x" + suffix, "yaxis": "y" + suffix})
    x_range = [first - 0.5, last + 0.5]
    y_look: dict[str, Any] = {"type": "log" if log else "linear", "nticks": 3}
    if not log:  # one range for all, set: plotly.js's shared autorange followed one chart only
        top = float(np.nanmax(plotted))
        y_look["range"] = [0, top * 1.08 or 1]
    for name, axis in layout.items():
        if name.startswith("xaxis"):
            axis.update(range=x_range, showgrid=False, nticks=3)
        elif name.startswith("yaxis"):
            axis.update(y_look)
    layout["yaxis"]["title"] = {"text": unit}  # once, top left, where a phone's grid keeps it
    layout.update(
        hovermode="closest",
        showlegend=False,
        margin={"t": 90},
        title={"yref": "container", "y": 1, "yanchor": "top", "pad": {"t": 12}},
    )
    height = 140 + SMALL_ROW_PX * rows_of
    return finished(data, layout, title=title, source=source, height=height, plain=plain)


def _grid(rows: int, titles: list[str]) -> dict[str, Any]:
    """The axes and titles of a grid of SMALL_COLUMNS charts per row on shared axes, as
    plotly's make_subplots lays them out (shared_xaxes and shared_yaxes "all"): every axis
    matches the bottom left chart's; the years show under each column's lowest chart and the
    values left of each row, with the cities' names over their charts."""
    h, v = 0.03, min(0.3 / rows, 0.08)  # the spaces between charts, as fractions of the plot
    width = (1 - h * (SMALL_COLUMNS - 1)) / SMALL_COLUMNS
    height = (1 - v * (rows - 1)) / rows
    bottom_left = (rows - 1) * SMALL_COLUMNS + 1
    layout: dict[str, Any] = {}
    notes = []
    for n in range(rows * SMALL_COLUMNS):
        row, col = divmod(n, SMALL_COLUMNS)
        x0, y1 = col * (width + h), 1 - row * (height + v)
        suffix = str(n + 1) if n else ""
        # within [0, 1]: the sums' rounding put the last row a hair below 0 (-1e-16 with 8
        # rows), which plotly refuses, so that the embed of 29 to 32 cities failed
        x: dict[str, Any] = {"anchor": "y" + suffix, "domain": [x0, min(x0 + width, 1.0)]}
        y: dict[str, Any] = {"anchor": "x" + suffix, "domain": [max(y1 - height, 0.0), y1]}
        if n + 1 != bottom_left:
            x["matches"] = y["matches"] = None  # set below, once the names are known
        if n + SMALL_COLUMNS < len(titles):  # years under each column's lowest chart only
            x["showticklabels"] = False
        if col:
            y["showticklabels"] = False
        if n >= len(titles):  # the last row's empty places
            x["visible"] = y["visible"] = False
        layout["xaxis" + suffix], layout["yaxis" + suffix] = x, y
        if n < len(titles):
            notes.append(
                {"text": titles[n], "x": x0 + width / 2, "y": y1, "xref": "paper",
                 "yref": "paper", "xanchor": "center", "yanchor": "bottom", "showarrow": False,
                 "font": {"size": 12}}
            )  # fmt: skip
    shared = str(bottom_left) if bottom_left > 1 else ""
    for name, axis in layout.items():
        if "matches" in axis:
            axis["matches"] = name[0] + shared
    layout["annotations"] = notes
    return layout
