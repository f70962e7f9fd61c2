"""World map of member cities, drawn from topojson the app serves itself.

Each city is a dot sized by population. Coloured by network, a city in several networks gets one
ring per network around its dot (outermost: the first network in the networks table), so no
membership hides under another. The browser redraws the same figure for other years while the
year slider plays (`assets/map.js`); both follow the rules written here:

- a city shows in year Y when one of its periods covers Y; each of its markers when the marker's
  own start/end covers Y (start <= Y, and no end or end > Y);
- the dot of a city with k markers showing has size `base + ring * (k - 1 - rank)`, rank counted
  from the outermost;
- names label the most populous cities whose labels do not overlap others (`place_labels`).

`customdata` carries what the browser needs, in the order of `CUSTOM`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.figures.networks import network_colours
from components.figures.style import FONT, MUTED, SOURCE_SHIFT, finish

CUSTOM = (
    "city_id",
    "city",
    "country",
    "memberships",
    "value",
    "base",
    "start",
    "end",
    "city_index",
)
WORLD = ((-180.0, 180.0), (-58.0, 85.0))
# Longitude and latitude ranges of the region presets (see data.geo.REGIONS).
REGION_VIEW: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "lac": ((-118.0, -33.0), (-56.0, 33.0)),
    "africa": ((-20.0, 55.0), (-36.0, 38.0)),
    "asia-pacific": ((60.0, 180.0), (-48.0, 56.0)),
    "europe": ((-25.0, 45.0), (34.0, 71.0)),
    "north-america": ((-170.0, -50.0), (14.0, 75.0)),
}
LABEL_LIMIT = 40  # names placed at most; beyond that a map is a list, and the table is better
LABEL_FONT = 12
HEIGHT = 580
NO_DATA = "#ffffff"
# Sequential scales that stay visible on light-grey land: darker is more of the thing measured.
HARM_SCALE = ["#fdd49e", "#fc8d59", "#d7301f", "#7f0000"]
GOOD_SCALE = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"]


@dataclass(frozen=True)
class IndicatorColour:
    """Colour markers by an indicator's latest value instead of by network."""

    title: str  # colour bar title, e.g. 'Homicide rate, per 100,000 (latest year)'
    lower_is_better: bool
    no_data: str  # legend entry for cities without a value


@dataclass(frozen=True)
class MapText:
    title: str
    subtitle: str
    source: str
    year: str  # the big year label


def sizes(population: pd.Series, cities: int) -> tuple[pd.Series, float]:
    """Dot diameter per city (area grows with population) and the ring width, both smaller when
    there are many cities so that a crowded map stays legible."""
    scale = float(np.clip(math.sqrt(150 / max(cities, 1)), 0.5, 1.0))
    share = np.sqrt(population.astype(float).clip(lower=0) / 15e6).clip(upper=1.0)
    return (scale * (5 + 15 * share)).round(1), round(max(4.0, 8 * scale), 1)


def active(start: pd.Series, end: pd.Series, year: int) -> pd.Series:
    return (start <= year) & (end.isna() | (end > year))


def visible(points: pd.DataFrame, periods: pd.DataFrame, year: int) -> pd.Series:
    """Markers shown in `year`."""
    cities = periods.loc[active(periods["start"], periods["end"], year), "city_id"]
    return points["city_id"].isin(cities) & active(points["start"], points["end"], year)


def view_of(region: str) -> tuple[tuple[float, float], tuple[float, float]]:
    return REGION_VIEW.get(region, WORLD)


def place_labels(
    cities: pd.DataFrame,
    *,
    region: str,
    width: float,
    height: float,
    limit: int = LABEL_LIMIT,
) -> list[str]:
    """City ids to label: largest dot first, skipping any whose label would overlap one already
    placed. Positions are approximated with an equirectangular projection of the view, which is
    close enough to keep labels apart. `cities` has city_id, name, lon, lat, base, size and
    city_index."""
    (lon0, lon1), (lat0, lat1) = view_of(region)
    scale = min(width / (lon1 - lon0), height / ((lat1 - lat0) * 1.25))
    placed: list[tuple[float, float, float, float]] = []
    chosen: list[str] = []
    ranked = cities.sort_values(["base", "city_index"], ascending=[False, True])
    for row in ranked.itertuples():
        if len(chosen) == limit:
            break
        if not (lon0 <= row.lon <= lon1 and lat0 <= row.lat <= lat1):
            continue
        x = (row.lon - lon0) * scale
        y = (lat1 - row.lat) * scale * 1.25 - row.size / 2 - LABEL_FONT * 0.75
        half = len(row.name) * LABEL_FONT * 0.3 + 3
        box = (x - half, y - LABEL_FONT * 0.7, x + half, y + LABEL_FONT * 0.7)
        if any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3] for b in placed):
            continue
        placed.append(box)
        chosen.append(row.city_id)
    return chosen


def membership_map(
    points: pd.DataFrame,
    periods: pd.DataFrame,
    *,
    year: int | None,
    networks: dict[str, str],
    text: MapText,
    region: str = "",
    indicator: IndicatorColour | None = None,
    width: float = 1000,
) -> go.Figure:
    """`points` and `periods` come from `data.queries.map.map_points`; `networks` maps every
    network id to its name, in the order of the networks table (which fixes its colour).
    `year=None` keeps every marker of every year (the browser picks the year)."""
    frame = points.reset_index(drop=True)
    base, ring = sizes(frame["population"], frame["city_id"].nunique())
    index = {c: i for i, c in enumerate(dict.fromkeys(frame["city_id"]))}
    frame = frame.assign(base=base, city_index=frame["city_id"].map(index))
    if year is not None:
        frame = frame[visible(frame, periods, year)]
    frame = _ring_sizes(frame, ring)
    labelled = set(
        place_labels(
            frame.drop_duplicates("city_id", keep="last").rename(columns={"city": "name"}),
            region=region,
            width=width,
            height=HEIGHT - 170,
        )
    )
    innermost = ~frame.duplicated("city_id", keep="last")
    frame = frame.assign(label=frame["city"].where(frame["city_id"].isin(labelled) & innermost, ""))
    fig = go.Figure()
    if indicator is None:
        colours = network_colours(networks)
        for network in [n for n in networks if n in set(points["network_id"])]:
            rows = frame[frame["network_id"] == network]
            fig.add_trace(_trace(rows, name=networks[network], colour=colours[network]))
    else:
        _indicator_traces(fig, frame, indicator)
    return _layout(fig, text=text, region=region, ring=ring, indicator=indicator)


def _ring_sizes(frame: pd.DataFrame, ring: float) -> pd.DataFrame:
    """Markers of one city stacked outermost first (points come ordered by network)."""
    rank = frame.groupby("city_id").cumcount()
    count = frame.groupby("city_id")["city_id"].transform("size")
    return frame.assign(size=frame["base"] + ring * (count - 1 - rank))


def _custom(rows: pd.DataFrame) -> list[list[object]]:
    """Plain lists, not numpy arrays: plotly.py would send those as typed arrays, which the
    browser-side year filter cannot slice."""
    out = []
    for row in rows.itertuples():
        end = None if pd.isna(row.end) else int(row.end)
        start = None if pd.isna(row.start) else int(row.start)
        out.append(
            [
                row.city_id,
                row.city,
                row.country_name,
                row.memberships,
                row.value_text,
                float(row.base),
                start,
                end,
                int(row.city_index),
            ]
        )
    return out


HOVER = (
    "<b>%{customdata[1]}</b>, %{customdata[2]}<br>%{customdata[3]}<br>%{customdata[4]}"
    "<extra></extra>"
)


def _trace(rows: pd.DataFrame, *, name: str, colour: object, **marker: object) -> go.Scattergeo:
    return go.Scattergeo(
        lon=rows["lon"].astype(float).tolist(),
        lat=rows["lat"].astype(float).tolist(),
        mode="markers+text",
        text=rows["label"].tolist(),
        textposition="top center",
        textfont={"size": LABEL_FONT, "color": "#212529", "family": FONT},
        name=name,
        marker={
            "size": rows["size"].astype(float).tolist(),
            "color": colour,
            "line": {"width": 1, "color": "white"},
            "opacity": 0.9,
            **marker,
        },
        customdata=_custom(rows),
        hovertemplate=HOVER,
        hoverlabel={"align": "left"},
    )


def _indicator_traces(fig: go.Figure, frame: pd.DataFrame, indicator: IndicatorColour) -> None:
    has = frame["value"].notna()
    values = frame.loc[has, "value"].astype(float)
    top = float(values.quantile(0.95)) if len(values) else 1.0
    top = _nice(top) if top > 0 else 1.0
    ticks = _nice_ticks(top)
    labels = [f"{t:,.0f}" if top >= 10 else f"{t:,.1f}" for t in ticks]
    if len(values) and values.max() > top:
        labels[-1] = "≥ " + labels[-1]
    fig.add_trace(
        _trace(
            frame[has],
            name=indicator.title,
            colour=values.round(3).tolist(),
            colorscale=GOOD_SCALE if not indicator.lower_is_better else HARM_SCALE,
            cmin=0,
            cmax=top,
            colorbar={
                "title": {"text": indicator.title, "side": "top"},
                "orientation": "h",
                "x": 0,
                "xanchor": "left",
                "y": -0.02,
                "yanchor": "top",
                "len": 0.45,
                "thickness": 12,
                "tickvals": ticks,
                "ticktext": labels,
            },
        ).update(showlegend=False)
    )
    fig.add_trace(
        _trace(
            frame[~has],
            name=indicator.no_data,
            colour=NO_DATA,
            line={"width": 1.5, "color": MUTED},
        )
    )


def _nice(value: float) -> float:
    """Round up to 1, 2, 2.5 or 5 times a power of ten, for a readable colour bar end."""
    power = 10 ** math.floor(math.log10(value))
    return next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= value)


def _nice_ticks(top: float) -> list[float]:
    return [top * i / 4 for i in range(5)] if top / 4 == int(top / 4) else [0, top / 2, top]


def resolution(region: str) -> int:
    """Country outlines: the world at 1:110m, a region at 1:50m (its coasts are seen closer)."""
    return 50 if region else 110


def outline_file(region: str) -> str:
    """The topojson file plotly.js draws the map's countries from (scope world)."""
    return f"world_{resolution(region)}m.json"


def _layout(
    fig: go.Figure, *, text: MapText, region: str, ring: float, indicator: IndicatorColour | None
) -> go.Figure:
    (lon0, lon1), (lat0, lat1) = view_of(region)
    fig.update_geos(
        projection_type="natural earth",
        resolution=resolution(region),
        showcountries=True,
        countrycolor="#b5b5b5",
        countrywidth=0.6,
        showland=True,
        landcolor="#ececec",
        showocean=False,
        showlakes=False,
        showframe=False,
        showcoastlines=True,
        coastlinecolor="#8a8a8a",
        coastlinewidth=0.6,
        lonaxis_range=[lon0, lon1],
        lataxis_range=[lat0, lat1],
        bgcolor="rgba(0,0,0,0)",
    )
    fig = finish(fig, title=text.title, source=text.source, height=HEIGHT, bottom=70)
    if indicator:  # the colour bar takes the place under the map: the source line goes below it
        fig.update_annotations(yshift=SOURCE_SHIFT - 60, selector={"text": text.source})
    fig.update_layout(
        title={"subtitle": {"text": text.subtitle, "font": {"size": 13, "color": MUTED}}},
        title_font_size=20,
        margin={"l": 4, "r": 4, "t": 110, "b": 130 if indicator else 76},
        # Over the empty Pacific, bottom left; on a phone the browser moves it above the map.
        legend={
            "font": {"size": 14},
            "itemsizing": "constant",
            "orientation": "v",
            "x": 0,
            "xanchor": "left",
            "y": 0.02,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
        },
        meta={"ring": ring},
        uirevision=region or "world",
    )
    fig.add_annotation(
        name="year",
        text=text.year,
        xref="paper",
        yref="paper",
        x=1,
        y=1,
        xanchor="right",
        yanchor="top",
        showarrow=False,
        font={"size": 30, "color": "#495057"},
    )
    return fig


def periods_for_browser(points: pd.DataFrame, periods: pd.DataFrame) -> list[list[list[object]]]:
    """Each city's selected periods, in the order of the markers' city index."""
    grouped: dict[str, list[list[object]]] = {}
    for city, start, end in zip(periods["city_id"], periods["start"], periods["end"]):
        grouped.setdefault(city, []).append([int(start), None if pd.isna(end) else int(end)])
    return [grouped.get(city, []) for city in dict.fromkeys(points["city_id"])]
