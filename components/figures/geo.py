"""World map of member cities, drawn from topojson the app serves itself.

Each city is a dot sized by population. Coloured by network, a city in several networks gets one
ring per network around its dot (outermost: the first network in the networks table), so no
membership hides under another. Coloured by an indicator, a city is one dot in its value's colour
(its memberships are in its hover text). The browser redraws the map for other years while the
year slider plays (`assets/map.js`); both follow the rules written here:

- a city shows in year Y when one of its periods covers Y; each of its rings when the ring's
  own start/end covers Y (start <= Y, and no end or end > Y);
- ring `rank` (counted from the outermost) of a city with k rings showing has the diameter
  `base + ring * (k - 1 - rank)`, so the innermost is the dot (`base`);
- rings are drawn two by one marker: an SVG point costs plotly.js the same to draw and the browser
  to paint whatever its look, and 5,000 cities in 2.4 networks each made 12,000 of them, most of
  the map's first draw. A marker of rank 0, 2, 4, ... is filled with the colour of the ring inside
  it and edged with its own, the edge as wide as a ring (diameter `base + ring * (k - 1 - rank) -
  ring / 2`, edge `ring / 2`: an edge is centred on the marker's outline); the innermost of an odd
  count is a dot of its own colour with a white edge. The legend's keys are traces of their own
  that draw nothing, after the names: a ring trace's markers hold other networks' colours too, and
  hiding one trace would hide those, so the legend's entries do not hide anything (`itemclick`);
- names label the most populous cities whose labels do not overlap others (`place_labels`). They
  go in a trace of their own after the rings, and the rings carry no text: plotly.js spends far
  more on a text point than on a marker, even an empty one, and only a few dozen cities are named.

The browser gets every marker of every year from `browser_map`, compactly: what belongs to a city
(id, name, position, dot size, colour value) once, in a table of cities, and per trace only what
differs per marker: the city's index in that table, start and end (`_runs`). A city in three
networks would otherwise carry its hover text three times, and those texts were most of the page;
they now come apart, when the map is pointed at (`browser_details`).

Exports and embeds draw every city (`membership_map`). The page's map, with more than GROUP_OVER
cities on screen, draws nearby ones as one grey square per screen cell that says how many cities
it holds (assets/map.js): tens of thousands of SVG points take plotly.js seconds to draw.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.figures.data_text import data_text
from components.figures.networks import network_colours
from components.figures.style import FONT, MUTED, SOURCE_SHIFT, finished, note_below

CUSTOM = ("city_id", "city", "country", "memberships", "value")  # each marker's customdata
# White in hex: plotly.js parses every marker's colours as it draws them, a colour name in twice
# the time of a hex code (thousands of markers at 5,000 cities).
WHITE = "#ffffff"
RING_EDGE = {"width": 1, "color": WHITE}
WORLD = ((-180.0, 180.0), (-58.0, 85.0))
# Longitude and latitude ranges of the region presets (see data.geo.REGIONS).
REGION_VIEW: dict[str, tuple[tuple[float, float], tuple[float, float]]] = {
    "lac": ((-118.0, -33.0), (-56.0, 33.0)),
    "africa": ((-20.0, 55.0), (-36.0, 38.0)),
    "asia-pacific": ((60.0, 180.0), (-48.0, 56.0)),
    "europe": ((-25.0, 45.0), (34.0, 71.0)),
    "north-america": ((-170.0, -50.0), (14.0, 75.0)),
}
# Cities on screen beyond which the browser draws nearby ones as one group marker per screen
# cell (assets/map.js): every SVG point costs plotly.js the same, and tens of thousands of them
# take seconds to draw (benchmarks/results.md); 5,000 cities' 7,290 points took half a second on
# a desktop, several on a phone. Exports draw every city (membership_map).
GROUP_OVER = 2500
GROUP_CELL = 10  # pixels: the side of the screen cell whose cities one group marker stands for
GROUP_COLOUR = "#495057"
LABEL_LIMIT = 40  # names placed at most; beyond that a map is a list, and the table is better
LABEL_FONT = 12
HEIGHT = 580
PLOT_HEIGHT = HEIGHT - 170  # what place_labels takes the map's height to be (map.js too)
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
    # The browser's groups of nearby cities (`groups` in browser_map): their legend entry, their
    # count ('{n} cities', n filled in by assets/map.js) and what a click on one does.
    grouped: str = "Nearby cities, grouped: zoom in to see them"
    cities: str = "{n} cities"
    split: str = "Click or zoom in to see them"


def sizes(population: pd.Series, cities: int) -> tuple[pd.Series, float]:
    """Dot diameter per city (area grows with population) and the ring width, both smaller when
    there are many cities so that a crowded map stays legible."""
    scale = float(np.clip(math.sqrt(150 / max(cities, 1)), 0.5, 1.0))
    people = population.to_numpy(dtype="float64", na_value=np.nan)
    share = np.minimum(np.sqrt(np.maximum(people, 0) / 15e6), 1.0)  # NaN stays NaN
    base = np.round(scale * (5 + 15 * share), 1)
    return pd.Series(base, index=population.index), round(max(4.0, 8 * scale), 1)


def active(start: pd.Series, end: pd.Series, year: int) -> pd.Series:
    return (start <= year) & (end.isna() | (end > year))


def visible(points: pd.DataFrame, periods: pd.DataFrame, year: int) -> pd.Series:
    """Markers shown in `year`."""
    cities = pd.Index(periods.loc[active(periods["start"], periods["end"], year), "city_id"])
    # looked up in an index: isin on a string column checks each id in Python first
    shown = cities.unique().get_indexer(points["city_id"]) >= 0
    return pd.Series(shown, index=points.index) & active(points["start"], points["end"], year)


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


@data_text
def membership_map(
    points: pd.DataFrame,
    periods: pd.DataFrame,
    *,
    year: int,
    networks: dict[str, str],
    text: MapText,
    region: str = "",
    indicator: IndicatorColour | None = None,
    width: float = 1000,
    plain: bool = False,
) -> go.Figure | dict[str, Any]:
    """The map as it stands in `year` (for export and embedding; the page draws it in the
    browser from `browser_map`). `points` and `periods` come from `data.queries.map.map_points`;
    `networks` maps every network id to its name, in the order of the networks table (which
    fixes its colour). `plain`: as a figure dict (an embed's, see style.finished)."""
    frame, ring = _markers(points)
    shown = frame[visible(frame, periods, year)]
    dots = shown[~shown["city_id"].duplicated()].rename(columns={"city": "name"})
    dots = dots.assign(size=dots["base"])  # a name goes above the city's dot, inside its rings
    labelled = place_labels(dots, region=region, width=width, height=PLOT_HEIGHT)
    named = dots[dots["city_id"].isin(labelled)]
    colours = network_colours(networks) if indicator is None else None
    layers = _layers(_drawn(shown, ring, colours), networks, indicator, set(points["network_id"]))
    data = [_filled(layer) for layer in layers]
    if data:
        labels = _labels()
        labels.update(
            lon=named["lon"].astype(float).tolist(),
            lat=named["lat"].astype(float).tolist(),
            text=named["name"].tolist(),
        )
        labels["marker"] = {**labels["marker"], "size": named["size"].astype(float).tolist()}
        data.extend([labels, *_keys(layers)])
    return _layout(data, text=text, region=region, ring=ring, indicator=indicator, plain=plain)


def browser_map(
    points: pd.DataFrame,
    periods: pd.DataFrame,
    *,
    networks: dict[str, str],
    text: MapText,
    region: str = "",
    indicator: IndicatorColour | None = None,
) -> dict[str, Any]:
    """Every marker of every year, for `assets/map.js` to draw the year on the slider from:
    `figure` has the traces' looks without markers (the rings' traces, then the labels'), the
    table `cities` what belongs to each city, `layers` each ring trace's markers (city index,
    start, end), and `periods` the years each city is selected (a city may have several), both
    compactly (`_runs`). See the module docstring. The cities' hover texts come apart
    (`browser_details`): only those who point at the map read them."""
    place = _places(points)
    first = np.unique(place.city_index, return_index=True)[1]  # in city index order
    cities = pd.DataFrame(  # what belongs to a city, once per city rather than per ring
        {
            "city_id": points["city_id"].array.take(first),
            "city": _arrow(points["city"].iloc[first]),
            "lat": place.lat[first],
            "lon": place.lon[first],
            "base": place.base[first],
            "value": points["value"].array.take(first),
        }
    )
    markers = {c: points[c].array for c in ("city_id", "network_id", "start", "end")}
    return _browser_map(
        cities,
        pd.DataFrame(
            markers | place.years | {"city_index": place.city_index, "value": points["value"].array}
        ),
        periods,
        ring=place.ring,
        networks=networks,
        text=text,
        region=region,
        indicator=indicator,
    )


DETAILS = {"country": "country_name", "memberships": "memberships", "value": "value_text"}


def browser_details(points: pd.DataFrame) -> dict[str, np.ndarray]:
    """The hover texts of `browser_map`'s cities, in its order of cities: country, memberships,
    latest value (see CUSTOM)."""
    first = np.unique(pd.factorize(points["city_id"])[0], return_index=True)[1]
    return _details(pd.DataFrame({c: _arrow(points[c].iloc[first]) for c in DETAILS.values()}))


def _arrow(texts: pd.Series) -> pd.api.extensions.ExtensionArray:
    """Texts to escape (`data_text`), in Arrow: escaped there fastest, a column at a time."""
    return texts.astype("str").array


@data_text
def _details(cities: pd.DataFrame) -> dict[str, np.ndarray]:
    return {name: _texts(cities[column]) for name, column in DETAILS.items()}


@data_text
def _browser_map(
    cities: pd.DataFrame,
    frame: pd.DataFrame,
    periods: pd.DataFrame,
    *,
    ring: float,
    networks: dict[str, str],
    text: MapText,
    region: str,
    indicator: IndicatorColour | None,
) -> dict[str, Any]:
    layers = _layers(frame, networks, indicator, set(frame["network_id"].unique()))
    looks = [layer.look for layer in layers]
    fig = _layout(
        [*looks, _labels(), *_keys(layers)] if looks else [],
        text=text,
        region=region,
        ring=ring,
        indicator=indicator,
        plain=True,
    )
    shared, rest = _front_coded(cities["city_id"])
    table = {
        "id": rest,
        "shared": shared,
        "name": _texts(cities["city"]),
        "lat": _numbers(cities["lat"]),
        "lon": _numbers(cities["lon"]),
        "base": _numbers(cities["base"]),
    }
    if indicator is not None:
        table["colour"] = _numbers(cities["value"].astype(float).round(3))
    at = pd.Index(cities["city_id"]).get_indexer(periods["city_id"])
    return {
        "figure": fig,
        "rings": indicator is None,  # coloured by network: rings two by one marker, else dots
        "cities": table,
        "layers": [
            {
                **_runs(layer.rows["city_index"], layer.rows["start"], layer.rows["end"]),
                "coloured": layer.coloured,
            }
            for layer in layers
        ],
        "periods": _runs(pd.Series(at), periods["start"], periods["end"]),
        "groups": {"over": GROUP_OVER, "cell": GROUP_CELL, "look": _group_look(text)},
    }


def _group_look(text: MapText) -> dict[str, Any]:
    """The trace of the browser's groups of nearby cities: squares in one grey, so that no group
    looks like a city (a dot, or rings in the networks' colours); its legend entry says what
    they are, and each one's hover how many cities it holds and in which networks (customdata:
    empty city id, the count, the networks' counts)."""
    return {
        "type": "scattergeo",
        "name": text.grouped,
        "mode": "markers",
        "marker": {
            "symbol": "square",
            "color": GROUP_COLOUR,
            "opacity": 0.7,
            "line": {"width": 0.5, "color": WHITE},
        },
        "hovertemplate": "<b>%{customdata[1]}</b><br>%{customdata[2]}<br><i>"
        + text.split
        + "</i><extra></extra>",
        "hoverlabel": {"align": "left"},
        "showlegend": True,
        "meta": {"series": "groups", "cities": text.cities},
    }


def _runs(city: pd.Series, start: pd.Series, end: pd.Series) -> dict[str, Any]:
    """Markers (or a city's selected periods) by city index, start and end, in a third of the
    bytes: ordered by start year, then city, as runs of one start year each (`years`, and how
    many each has, `count`); `city` the step from the previous city of the run (the first of a
    run: its index); and the few that end, by position (`ended`, `end`). The browser reads them
    back in city order (`unrun` in assets/map.js). Most markers start in one of a few dozen
    years and few ever end, so a year per marker and a null end per marker were most of the
    map's bytes."""
    cities = city.to_numpy(dtype="int64")
    starts = start.to_numpy(dtype="float64", na_value=np.nan)
    starts = np.where(np.isnan(starts), -1, starts).astype("int64")
    ends = end.to_numpy(dtype="float64", na_value=np.nan)
    order = np.lexsort((cities, starts))
    cities, starts, ends = cities[order], starts[order], ends[order]
    years, first, count = np.unique(starts, return_index=True, return_counts=True)
    step = np.diff(cities, prepend=0)
    step[first] = cities[first]
    ended = np.flatnonzero(~np.isnan(ends))
    return {
        "years": np.where(years < 0, np.nan, years) if (years < 0).any() else years,
        "count": count,
        "city": step,
        "ended": ended,
        "end": ends[ended].astype("int64"),
    }


# The browser's data goes in numpy arrays, not lists: Dash serialises a page with plotly's JSON
# encoder, which checks every value of a list in Python (half a second for this data at 5,000
# cities, twice per page) but hands an array to orjson whole.


def _front_coded(ids: pd.Series) -> tuple[np.ndarray, np.ndarray]:
    """City ids as how many leading characters each shares with the one before it, and the rest:
    ids come nearly sorted ('aachen-de', 'aalen-de'), and a tenth of the map's bytes were
    ids. Only characters before the first non-ASCII one are shared, so that the browser, which
    counts UTF-16 units where Python counts code points, reads the same ids back."""
    texts = ids.to_numpy(dtype=str)
    if len(texts) < 2:
        return np.zeros(len(texts), dtype="int64"), texts
    codes = texts.view(np.uint32).reshape(len(texts), -1)  # one code point per column, 0-padded
    same = (codes[1:] == codes[:-1]) & (codes[1:] > 0) & (codes[1:] < 128)
    # leading run of shared characters: the first column that differs (or the whole width)
    shared = np.where(same.all(axis=1), same.shape[1], np.argmin(same, axis=1))
    shared = np.concatenate([[0], shared]).astype("int64")
    return shared, np.strings.slice(texts, shared, None)


def _texts(values: pd.Series) -> np.ndarray:
    return values.fillna("").to_numpy(dtype=str)


def _numbers(values: pd.Series) -> np.ndarray:
    """Integers stay integers; with any missing, floats with NaN, which JSON carries as null."""
    if values.isna().any():
        return values.to_numpy(dtype="float64", na_value=np.nan)
    return values.to_numpy(dtype="int64" if pd.api.types.is_integer_dtype(values) else "float64")


@dataclass(frozen=True)
class _Places:
    """Where and how big the points' cities are drawn, by point."""

    city_index: np.ndarray  # the city's index in the order the cities first appear
    base: np.ndarray  # the city's dot size
    ring: float  # the width of a ring
    lat: np.ndarray  # to 2 decimals (about 1 km), as the browser gets them: both place the same
    lon: np.ndarray  # names
    years: dict[str, np.ndarray]  # start and end, NaN: open (all the figures compare them with)


def _places(points: pd.DataFrame) -> _Places:
    city, cities = pd.factorize(points["city_id"])
    base, ring = sizes(points["population"], len(cities))
    return _Places(
        city,
        base.to_numpy(),
        ring,
        np.round(points["lat"].to_numpy(dtype="float64"), 2),
        np.round(points["lon"].to_numpy(dtype="float64"), 2),
        {c: points[c].to_numpy(dtype="float64", na_value=np.nan) for c in ("start", "end")},
    )


def _markers(points: pd.DataFrame) -> tuple[pd.DataFrame, float]:
    """The points with each city's dot size (`base`) and its index in the order the cities
    first appear (`city_index`), and the ring width (see `_Places`)."""
    place = _places(points)
    kept = {c: points[c].array for c in points.columns}
    return pd.DataFrame(
        kept
        | place.years
        | {"base": place.base, "city_index": place.city_index, "lat": place.lat, "lon": place.lon}
    ), place.ring


def _drawn(frame: pd.DataFrame, ring: float, colours: dict[str, str] | None) -> pd.DataFrame:
    """The markers drawn, with their sizes and, coloured by network (`colours`), their fill and
    edge (see the module docstring). A city's rings come outermost first: points are ordered by
    network."""
    if colours is None:  # coloured by an indicator: one dot per city (`map_points`)
        return frame.assign(size=frame["base"])
    by_city = frame.groupby("city_id", sort=False)
    rank = by_city.cumcount()
    count = by_city["city_id"].transform("size")
    own = frame["network_id"].map(colours).astype(object)  # ids may come as a Categorical
    inside = own.groupby(frame["city_id"], sort=False).shift(-1)  # the next ring's colour
    paired = inside.notna().to_numpy()
    size = frame["base"] + ring * (count - 1 - rank)
    return frame.assign(
        size=np.where(paired, size - ring / 2, size),
        fill=inside.where(paired, own),
        edge=own.where(paired, WHITE),
        edge_width=np.where(paired, ring / 2, RING_EDGE["width"]),
    )[(rank % 2 == 0).to_numpy()]


@dataclass(frozen=True)
class _Layer:
    """One trace of rings: its look (no markers yet), its markers, and whether a marker takes
    its colour from the city's value (`colour` in the browser's table of cities)."""

    look: dict[str, Any]  # a scattergeo trace
    rows: pd.DataFrame
    coloured: bool = False
    key: bool = False  # the legend's entry is a trace of its own (`_keys`)


def _layers(
    frame: pd.DataFrame,
    networks: dict[str, str],
    indicator: IndicatorColour | None,
    present: set[str],
) -> list[_Layer]:
    """A trace per network with markers in some year (`present`), outermost first; or, coloured
    by an indicator, the cities with a value and those without."""
    if indicator is not None:
        return _indicator_layers(frame, indicator)
    colours = network_colours(networks)
    of, ids = pd.factorize(frame["network_id"])
    order = np.argsort(of, kind="stable")
    by_network = frame if (order == np.arange(len(order))).all() else frame.iloc[order]
    bounds = np.searchsorted(of[order], np.arange(len(ids) + 1))
    rows = {n: by_network.iloc[bounds[i] : bounds[i + 1]] for i, n in enumerate(ids)}
    return [
        _Layer(
            _look(name=networks[n], colour=colours[n]) | {"showlegend": False},
            rows.get(n, frame.iloc[:0]),  # a network drawn in no year of `frame`: none
            key=True,
        )
        for n in networks
        if n in present
    ]


def _keys(layers: list[_Layer]) -> list[dict[str, Any]]:
    """The legend's entry of each network whose rings are drawn by markers of other traces too
    (see the module docstring): its look, with one point nowhere (plotly.js leaves a trace
    without points out of the legend, and draws no point without a position)."""
    return [
        layer.look
        | {"showlegend": True, "hoverinfo": "skip", "lon": [None], "lat": [None]}
        | {"meta": {"series": "key"}}  # tells the keys from the rings
        for layer in layers
        if layer.key
    ]


def _filled(layer: _Layer) -> dict[str, Any]:
    """The layer with its markers, in numpy arrays: the JSON encoder checks a plain list value
    by value (a second for the 12,000 markers of 5,000 cities), an array at once."""
    rows = layer.rows.sort_values("city_index", kind="stable")  # as the browser orders them
    marker: dict[str, object] = {"size": rows["size"].to_numpy(dtype="float64")}
    if layer.coloured:
        marker["color"] = rows["value"].astype(float).round(3).to_numpy(dtype="float64")
    if "fill" in rows:  # rings two by one marker
        marker["color"] = rows["fill"].to_numpy(dtype=object)
        marker["line"] = {
            "color": rows["edge"].to_numpy(dtype=object),
            "width": rows["edge_width"].to_numpy(dtype="float64"),
        }
    return {
        **layer.look,
        "lon": rows["lon"].to_numpy(dtype="float64"),
        "lat": rows["lat"].to_numpy(dtype="float64"),
        "customdata": _custom(rows),
        "marker": {**layer.look["marker"], **marker},
    }


def _custom(rows: pd.DataFrame) -> np.ndarray:
    """One row per marker in the order of CUSTOM, the same the browser builds from its table
    of cities."""
    columns = ["city_id", "city", "country_name", "memberships", "value_text"]
    return np.column_stack([_texts(rows[c]) for c in columns]).astype(object)


HOVER = (
    "<b>%{customdata[1]}</b>, %{customdata[2]}<br>%{customdata[3]}<br>%{customdata[4]}"
    "<extra></extra>"
)


def _look(*, name: str, colour: object = None, **marker: object) -> dict[str, Any]:
    look = {"line": RING_EDGE, "opacity": 0.9, **marker}
    return {
        "type": "scattergeo",
        "name": name,
        "mode": "markers",
        "marker": look if colour is None else {"color": colour, **look},
        "hovertemplate": HOVER,
        "hoverlabel": {"align": "left"},
    }


def _labels() -> dict[str, Any]:
    """The names' trace. Its markers are invisible and as big as the city's dot, which keeps a
    name just above the dot (plotly.js offsets text by its marker's size); it takes no hover, so
    the rings under it keep theirs."""
    return {
        "type": "scattergeo",
        "mode": "markers+text",
        "textposition": "top center",
        "textfont": {"size": LABEL_FONT, "color": "#212529", "family": FONT},
        "marker": {"color": "rgba(0,0,0,0)", "line": {"width": 0}},
        "hoverinfo": "skip",
        "showlegend": False,
        "meta": {"series": "labels"},  # tells the names from the rings (as in the trends chart)
    }


def _indicator_layers(frame: pd.DataFrame, indicator: IndicatorColour) -> list[_Layer]:
    has = frame["value"].notna()
    values = frame.loc[has, "value"].astype(float)
    top = float(values.quantile(0.95)) if len(values) else 1.0
    top = _nice(top) if top > 0 else 1.0
    ticks = _nice_ticks(top)
    labels = [f"{t:,.0f}" if top >= 10 else f"{t:,.1f}" for t in ticks]
    if len(values) and values.max() > top:
        labels[-1] = "≥ " + labels[-1]
    valued = _look(
        name=indicator.title,
        colorscale=_stops(GOOD_SCALE if not indicator.lower_is_better else HARM_SCALE),
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
    ) | {"showlegend": False}
    missing = _look(name=indicator.no_data, colour=NO_DATA, line={"width": 1.5, "color": MUTED})
    return [_Layer(valued, frame[has], coloured=True), _Layer(missing, frame[~has])]


def _stops(colours: list[str]) -> list[list[object]]:
    """A colour scale as plotly.js reads it: evenly spaced stops (a bare list of colours is
    plotly.py's shorthand, which a figure built as dicts does not get)."""
    return [[i / (len(colours) - 1), colour] for i, colour in enumerate(colours)]


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
    data: list[dict[str, Any]],
    *,
    text: MapText,
    region: str,
    ring: float,
    indicator: IndicatorColour | None,
    plain: bool = False,
) -> Any:
    """The map's look around its traces, as plain dicts made a go.Figure once, unchecked
    (`style.finished`; tests/unit/test_figure_schema.py checks the schema): /map computes it
    for each new filter. `plain`: the figure dict itself, for the browser's map data."""
    (lon0, lon1), (lat0, lat1) = view_of(region)
    source = note_below(text.source, shift=SOURCE_SHIFT)
    if indicator:  # the colour bar takes the place under the map: the source line goes below it
        source["yshift"] = SOURCE_SHIFT - 60
    year = {
        "name": "year",
        "text": text.year,
        "xref": "paper",
        "yref": "paper",
        "x": 1,
        "y": 1,
        "xanchor": "right",
        "yanchor": "top",
        "showarrow": False,
        "font": {"size": 30, "color": "#495057"},
    }
    layout = {
        "geo": {
            "projection": {"type": "natural earth"},
            "resolution": resolution(region),
            "showcountries": True,
            "countrycolor": "#b5b5b5",
            "countrywidth": 0.6,
            "showland": True,
            "landcolor": "#ececec",
            "showocean": False,
            "showlakes": False,
            "showframe": False,
            "showcoastlines": True,
            "coastlinecolor": "#8a8a8a",
            "coastlinewidth": 0.6,
            "lonaxis": {"range": [lon0, lon1]},
            "lataxis": {"range": [lat0, lat1]},
            "bgcolor": "rgba(0,0,0,0)",
        },
        "annotations": [*([source] if text.source else []), year],
        "title": {
            "subtitle": {"text": text.subtitle, "font": {"size": 13, "color": MUTED}},
            "font": {"size": 20},
        },
        "margin": {"l": 4, "r": 4, "t": 110, "b": 130 if indicator else 76},
        # Over the empty Pacific, bottom left; on a phone the browser moves it above the map.
        "legend": {
            "font": {"size": 14},
            "itemsizing": "constant",
            "orientation": "v",
            "x": 0,
            "xanchor": "left",
            "y": 0.02,
            "yanchor": "bottom",
            "bgcolor": "rgba(255,255,255,0.85)",
            **({} if indicator else {"itemclick": False, "itemdoubleclick": False}),
        },
        "meta": {"ring": ring},
        "uirevision": region or "world",
    }
    return finished(
        data, layout, title=text.title, source="", height=HEIGHT, bottom=70, plain=plain
    )
