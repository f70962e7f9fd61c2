"""The embed page: one chart, its title, compact controls and a footer, as plain HTML.

Embeds are not Dash pages. A partner's visitor downloads plotly.js, our figure as JSON and two
small files: no React, no callbacks, no cookies, under the 800 KB budget. Controls are an HTML
form that reloads the embed with a new query string, so they also work without JavaScript.
The same document, with every file inlined, is the standalone HTML download.
"""

from __future__ import annotations

import functools
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import plotly.graph_objects as go
from _plotly_utils.utils import convert_to_base64
from jinja2 import Environment, FileSystemLoader
from markupsafe import Markup
from plotly.io.json import to_json_plotly

from components.figures import style
from components.safe_json import safe_json
from data.i18n import _, number
from data.settings import ROOT
from data.state import QueryProblem

ASSETS = ROOT / "assets"
PLOTLY_JS = "vendor/plotly.min.js"
TOPOJSON = "vendor/topojson/"
# narrow.js: the page's own fitting of titles and legends to small or crowded charts
FILES = ("embed/embed.css", "narrow.js", "chart_access.js", "export.js", "embed/embed.js")
DEFAULT_HEIGHT = 400
HEIGHTS = range(200, 1201)  # chart heights in px an embed accepts


@dataclass(frozen=True)
class Choice:
    """One compact control: a `<select>` for one query-string parameter."""

    parameter: str
    label: str
    options: list[tuple[str, str]]  # (value, label)
    value: str


@dataclass(frozen=True)
class EmbedPage:
    title: str
    figure: dict[str, Any]  # a plain figure dict (style.as_plain)
    summary: str
    source: str
    built_at: str
    view_url: str  # the full view with the same state, absolute
    demo: bool
    language: str
    theme: str = "light"
    height: int = DEFAULT_HEIGHT
    choices: list[Choice] = field(default_factory=list)
    hidden: dict[str, str] = field(default_factory=dict)  # the rest of the query, kept on change
    problems: list[QueryProblem] = field(default_factory=list)
    table: EmbedTable | None = None  # the chart's rows, under "Show as table"


@dataclass(frozen=True)
class EmbedTable:
    """The first rows behind the chart, as the CSV has them, for readers who cannot see the
    chart; `cut` says how many there are when some are left out (the CSV at `csv_url` has all)."""

    header: list[str]
    rows: list[list[str]]
    cut: str
    csv_url: str


TABLE_ROWS = 100  # rows an embed's table shows; an embed is small, the CSV has them all


def embed_table(frame: pd.DataFrame, csv_url: str) -> EmbedTable:
    """Numbers written as the page's language writes them; gaps stay empty."""

    def cell(value: object) -> str:
        if isinstance(value, str):  # most cells: as `str()` writes them
            return value
        if isinstance(value, float):
            return "" if value != value else number(value)  # NaN: a gap
        if value is None or (pd.api.types.is_scalar(value) and pd.isna(value)):
            return ""  # None, pd.NA, NaT
        if isinstance(value, pd.Timestamp) and value == value.normalize():
            return value.strftime("%Y-%m-%d")  # a date, as the CSV writes it
        return str(value)

    def column(values: pd.Series) -> list[str]:
        """A column's cells; numpy's numbers and flags hold no gap but NaN: no test per cell."""
        kind = values.dtype.kind if isinstance(values.dtype, np.dtype) else ""
        if kind == "f":
            return ["" if v != v else number(v) for v in values.tolist()]
        if kind and kind in "iub":
            return [str(v) for v in values.tolist()]
        return [cell(v) for v in values.tolist()]

    shown = frame.head(TABLE_ROWS)
    columns = [column(shown.iloc[:, i]) for i in range(shown.shape[1])]  # names may repeat
    rows = [list(row) for row in zip(*columns)] if columns else [[] for _ in range(len(shown))]
    cut = (
        _("The first {shown} of {total} rows.", shown=len(rows), total=len(frame))
        if len(frame) > len(rows)
        else ""
    )
    return EmbedTable([str(c) for c in frame.columns], rows, cut, csv_url)


def figure_json(figure: dict[str, Any]) -> Markup:
    """JSON safe inside a `<script type="application/json">` (no `</script>` can close it).
    plotly's own encoding, as go.Figure.to_json writes it (arrays as typed arrays), without
    that method's deep copy of the figure and its template."""
    layout = dict(figure["layout"])
    template = layout.pop("template", None)
    parts = {"data": figure["data"], "layout": layout}
    convert_to_base64(parts)  # the template holds no arrays: not walked
    _text_arrays_as_lists(parts)
    text = safe_json(parts)
    if template is not None:  # into the layout's closing brace, the figure's follows
        comma = "" if text.endswith("{}}") else ","  # an empty layout needs none
        text = f'{text[:-2]}{comma}"template":{_template_json(template)}}}}}'
    return Markup(text.replace("<", "\\u003c"))


def _text_arrays_as_lists(value: Any) -> None:
    """numpy arrays of text or objects (a map's colours and hover data) as lists, in place, as
    plotly's cleaning writes them: orjson writes no such array, and one of them sent plotly's
    encoder to clean the whole figure, value by value, before writing it again."""
    items = value.items() if isinstance(value, dict) else enumerate(value)  # a dict or a list
    for key, item in items:
        if isinstance(item, np.ndarray) and item.dtype.kind in "OU":
            value[key] = item.tolist()
        elif isinstance(item, dict | list):
            _text_arrays_as_lists(item)


def _template_json(template: dict[str, Any]) -> str:
    """A template's JSON, written once per process for the shared plotly_white of figures
    built as plain dicts (style.finished); other templates each time."""
    if template is style.plain_template():
        return _shared_template_json()
    return to_json_plotly(template)


@functools.cache  # one template: bounded
def _shared_template_json() -> str:
    return to_json_plotly(style.plain_template())


def topojson_name(figure: go.Figure | dict[str, Any]) -> str | None:
    """The topojson file a map needs (`world_110m`), or None for charts that are not maps."""
    if isinstance(figure, dict):
        types = [trace.get("type") for trace in figure["data"]]
        geo = figure["layout"].get("geo", {})
        scope, resolution = geo.get("scope"), geo.get("resolution")
    else:
        types = [trace.type for trace in figure.data]
        scope, resolution = figure.layout.geo.scope, figure.layout.geo.resolution
    if not {"scattergeo", "choropleth"} & set(types):
        return None
    return f"{(scope or 'world').replace(' ', '-')}_{int(resolution or 110)}m"


TEMPLATES = Environment(
    loader=FileSystemLoader(Path(__file__).with_name("templates")),
    autoescape=True,  # every value is escaped unless it is Markup (the figure, the head)
    keep_trailing_newline=True,
)


def document(
    page: EmbedPage, *, base_url: str = "", standalone: bool = False, public_url: str = ""
) -> str:
    """The whole HTML page; `standalone` inlines every file so it opens without a server.
    `public_url` (OBSERVATORY_PUBLIC_URL): the address a downloaded picture of the chart names
    (assets/export.js)."""
    config = {
        "displaylogo": False,
        "displayModeBar": "hover",
        "responsive": True,
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
        "toImageButtonOptions": {"filename": "observatory", "scale": 2},
        "topojsonURL": f"{base_url}/assets/{TOPOJSON}",
    }
    linked = not standalone or bool(base_url)  # a relative address goes nowhere from a file
    if standalone:
        head = _inline_files(figure=page.figure)
    else:  # the icon Dash serves the app's pages: an embed opened by itself asks for one
        head = '<link rel="icon" href="/_favicon.ico">' + "".join(
            f'<link rel="stylesheet" href="/assets/{name}">'
            if name.endswith(".css")
            else f'<script src="/assets/{name}" defer></script>'
            for name in (FILES[0], PLOTLY_JS, *FILES[1:])
        )
    return TEMPLATES.get_template(
        "embed.html"
    ).render(
        page=page,
        site=_("Urban Peace Observatory"),
        head=Markup(head),
        figure=figure_json(page.figure),
        config=json.dumps(config),
        base_url=base_url,
        public_url=public_url,
        linked=linked,
        standalone=standalone,
        words={  # translated here, where `make messages` finds them
            "not_understood": _("Part of this link was not understood and was ignored:"),
            "show": _("Show"),
            "show_table": _("Show as table"),
            "download": _("Download data (CSV)"),
            "demo": _("Demo data: simulated values."),
            "built": _("Data as of {date}", date=page.built_at[:10]),
            "open": _("Open in the Observatory"),
            # the embed's chart has no source line of its own: its picture's footer says it
            "picture": " · ".join(
                p
                for p in (
                    _("Demo data: simulated values.").rstrip(".") if page.demo else "",
                    page.source,
                    _("Data built {date} · {url}", date=page.built_at[:10], url="{url}")
                    if linked
                    else _("Data built {date}.", date=page.built_at[:10]).rstrip("."),
                )
                if p
            ),
        },
    )


def _read(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _script(text: str) -> str:
    """An inline script; `<\\/script` means the same to JavaScript but cannot end the element."""
    return "<script>" + text.replace("</script", "<\\/script") + "</script>"


def _inline_files(*, figure: dict[str, Any]) -> str:
    """CSS, the map outline a map needs, plotly.js and our script, inlined."""
    parts = [f"<style>{_read(FILES[0])}</style>"]
    name = topojson_name(figure)
    if name is not None:
        topojson = _read(f"{TOPOJSON}{name}.json")
        parts.append(_script(f'window.PlotlyGeoAssets = {{topojson: {{"{name}": {topojson}}}}};'))
    parts += [_script(_read(PLOTLY_JS)), *(_script(_read(name)) for name in FILES[1:])]
    return "".join(parts)
