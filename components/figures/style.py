"""The look every chart shares, and the source line baked into it (so PNG/SVG exports carry it)."""

from __future__ import annotations

import functools
import textwrap
from typing import Any

import plotly.graph_objects as go
import plotly.io as pio

from components.figures.data_text import data_text
from data.i18n import _, plotly_separators

# Okabe & Ito's colour-blind-safe palette (yellow left out: unreadable on white), then Paul Tol's
# "muted" scheme for charts with more series than that.
PALETTE = [
    "#0072B2",
    "#D55E00",
    "#009E73",
    "#CC79A7",
    "#E69F00",
    "#56B4E9",
    "#000000",
    "#332288",
    "#88CCEE",
    "#44AA99",
    "#117733",
    "#999933",
    "#DDCC77",
    "#CC6677",
    "#882255",
    "#AA4499",
]
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif"
MUTED = "#6c757d"
SOURCE_SHIFT = -48  # pixels below the plot area where the source line sits
EMPTY_LINE = 36  # characters per line of an empty chart's message


def finish(
    fig: go.Figure, *, title: str, source: str, height: int = 440, bottom: int = 90
) -> go.Figure:
    """Title, fonts, margins and the source line under the plot."""
    fig.update_layout(frame_layout(title=title, height=height, bottom=bottom))
    if source:
        text_below(fig, source, shift=SOURCE_SHIFT)
    return fig


def frame_layout(*, title: str, height: int = 440, bottom: int = 90) -> dict[str, Any]:
    """What `finish` sets, as a layout dict (figures built as plain dicts take it as it is)."""
    return {
        "template": "plotly_white",
        "title": {"text": title, "x": 0, "xanchor": "left", "font": {"size": 17}},
        "font": {"family": FONT, "size": 13, "color": "#212529"},
        "colorway": PALETTE,
        "height": height,
        "margin": {"l": 60, "r": 20, "t": 60, "b": bottom},
        "hoverlabel": {"font": {"family": FONT}},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "x": 0, "title": None},
        "separators": plotly_separators(),
    }


def finished(
    data: list[dict[str, Any]],
    layout: dict[str, Any],
    *,
    title: str,
    source: str,
    height: int = 440,
    bottom: int = 90,
    plain: bool = False,
) -> Any:
    """`finish` for a figure built as plain dicts (`data`, `layout`), on hot paths: one
    go.Figure made at the end without plotly.py's check of every property, which took most of a
    chart's time. tests/unit/test_figure_schema.py checks these figures against plotly's schema
    instead. `layout` is laid over the frame, as update_layout would.

    `plain`: the figure dict itself, for a callback's answer: making the go.Figure (even
    unchecked) and Dash copying it back into dicts cost more than drawing it."""
    frame = frame_layout(title=title, height=height, bottom=bottom)
    full = merged(merged({}, frame), layout) | {"template": _template()}
    if source:
        notes = list(full.get("annotations", []))
        full["annotations"] = [*notes, note_below(source, shift=SOURCE_SHIFT)]
    figure = {"data": data, "layout": full}
    return figure if plain else go.Figure(figure, _validate=False)


def update_layout(figure: Any, update: dict[str, Any]) -> None:
    """`figure.update_layout(update)` for a go.Figure or a plain figure dict."""
    if isinstance(figure, dict):
        figure["layout"] = merged(figure["layout"], update)
    else:
        figure.update_layout(update)


def plain_template() -> dict[str, Any]:
    """The template every figure built as plain dicts shares (one object: do not change it)."""
    return _template()


@functools.cache
def _template() -> dict[str, Any]:
    """plotly_white as plotly.js needs it: a figure made without checks keeps a template's name,
    which plotly.js does not know."""
    return pio.templates["plotly_white"].to_plotly_json()


def merged(base: dict[str, Any], update: dict[str, Any]) -> dict[str, Any]:
    """`base` with `update` laid over it, nested dicts merged key by key and None unsetting a
    key (update_layout's way)."""
    out = dict(base)
    for key, value in update.items():
        if value is None:
            out.pop(key, None)
        elif isinstance(value, dict):
            old = out.get(key)
            out[key] = merged(old if isinstance(old, dict) else {}, value)
        else:
            out[key] = value
    return out


def text_below(
    fig: go.Figure, text: str, *, shift: int, size: int = 11, colour: str = MUTED
) -> None:
    """Left-aligned lines `shift` pixels below the plot area (negative: down): the source line,
    notes, an export's footer. `text` is plotly text (see data_text)."""
    fig.add_annotation(note_below(text, shift=shift, size=size, colour=colour))


def note_below(text: str, *, shift: int, size: int = 11, colour: str = MUTED) -> dict[str, Any]:
    """`text_below`'s annotation, as a dict."""
    return {
        "text": text,
        "xref": "paper",
        "yref": "paper",
        "x": 0,
        "y": 0,
        "xanchor": "left",
        "yanchor": "top",
        "yshift": shift,
        "showarrow": False,
        "align": "left",
        "font": {"size": size, "color": colour},
    }


@data_text
def empty(title: str, message: str | None = None, height: int = 440) -> go.Figure:
    """A chart-sized message instead of a blank plot when nothing matches."""
    fig = go.Figure()
    # plotly.js does not wrap text: lines short enough for a 320 px phone
    lines = textwrap.wrap(message or _("No data for this selection."), EMPTY_LINE)
    fig.add_annotation(
        text="<br>".join(lines),
        x=0.5,
        y=0.5,
        xref="paper",
        yref="paper",
        showarrow=False,
        font={"size": 15},
    )
    fig.update_xaxes(visible=False)
    fig.update_yaxes(visible=False)
    return finish(fig, title=title, source="", height=height)


def title_of(figure: Any) -> str:
    """The title text of a go.Figure or a plain figure dict."""
    if isinstance(figure, dict):
        return str(figure["layout"].get("title", {}).get("text", ""))
    return str(figure.layout.title.text)


def as_plain(figure: Any) -> dict[str, Any]:
    """A plain figure dict of a go.Figure (a copy) or of a plain figure dict (itself)."""
    return figure if isinstance(figure, dict) else figure.to_plotly_json()


def without_frame(figure: dict[str, Any]) -> dict[str, Any]:
    """The plot alone, for pages that print the title and source line as text around it.
    A plain figure dict (`as_plain`), changed in place."""
    layout = merged(
        figure["layout"],
        {"title": {"text": "", "subtitle": {"text": ""}}, "margin": {"t": 30, "b": 40}},
    )
    _update_subplots(layout, "xaxis", {"automargin": True})
    layout["annotations"] = [
        a for a in layout.get("annotations", ()) if a.get("yshift") != SOURCE_SHIFT
    ]
    figure["layout"] = layout
    return figure


def _update_subplots(layout: dict[str, Any], kind: str, update: dict[str, Any]) -> None:
    """update_xaxes (`kind` "xaxis"), update_yaxes or update_geos of a plain layout: like
    plotly.py's, the first subplot of the kind is updated even where the layout has none."""
    for name in [kind, *(k for k in layout if k[len(kind) :].isdigit() and k.startswith(kind))]:
        old = layout.get(name)
        layout[name] = merged(old if isinstance(old, dict) else {}, update)


DARK = {"paper": "#212529", "plot": "#212529", "text": "#dee2e6", "grid": "#495057"}


def dark(figure: dict[str, Any]) -> dict[str, Any]:
    """The same chart for a dark page: background, text and grid lines only. A plain figure
    dict, changed in place."""
    layout = merged(
        figure["layout"],
        {
            "paper_bgcolor": DARK["paper"],
            "plot_bgcolor": DARK["plot"],
            "font": {"color": DARK["text"]},
        },
    )
    lines = {"gridcolor": DARK["grid"], "linecolor": DARK["grid"], "zerolinecolor": DARK["grid"]}
    _update_subplots(layout, "xaxis", lines)
    _update_subplots(layout, "yaxis", lines)
    _update_subplots(
        layout,
        "geo",
        {"bgcolor": DARK["paper"], "landcolor": "#343a40", "lakecolor": DARK["paper"]},
    )
    figure["layout"] = layout
    return figure


def warm() -> None:
    """Build and serialise one finished figure. plotly.py reads its validators and the
    template's JSON the first time a figure is built (about 0.5 s on 2 cores): done when a
    worker starts, that falls on no visitor, where it would delay a page's first chart."""
    fig = empty(" ")
    fig.add_trace(go.Bar(x=[0], y=[0], marker={"pattern": {"shape": [""]}}))
    fig.add_trace(go.Scatter(x=[0], y=[0]))
    fig.to_json()


NOTE_CHARS = 150  # characters per line of the notes under a slide's chart


@data_text
def with_notes(fig: go.Figure, notes: list[str]) -> go.Figure:
    """The chart with sentences under its source line (a before/after's numbers and cautions),
    for a picture that travels without the page's text beside it (slides, PNGs); the figure
    grows by their height. plotly does not wrap text: they are wrapped here."""
    if not notes:
        return fig
    text = "<br>".join(
        "<br>".join(textwrap.wrap(line, NOTE_CHARS, break_on_hyphens=False)) for line in notes
    )
    extra = 16 * (text.count("<br>") + 1) + 16  # pixels: a line of 12 px text, and a gap
    fig = go.Figure(fig)
    fig.update_layout(
        height=int(fig.layout.height or 440) + extra,
        margin_b=int(fig.layout.margin.b or 90) + extra,
    )
    text_below(fig, text, shift=SOURCE_SHIFT - 22, size=12, colour="#212529")
    return fig
