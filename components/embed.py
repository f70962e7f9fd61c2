"""The embed page: one chart, its title, compact controls and a footer, as plain HTML.

Embeds are not Dash pages. A partner's visitor downloads plotly.js, our figure as JSON and two
small files: no React, no callbacks, no cookies, under the 800 KB budget. Controls are an HTML
form that reloads the embed with a new query string, so they also work without JavaScript.
The same document, with every file inlined, is the standalone HTML download.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import plotly.graph_objects as go
from markupsafe import Markup, escape

from data.i18n import _
from data.settings import ROOT
from data.state import QueryProblem

ASSETS = ROOT / "assets"
PLOTLY_JS = "vendor/plotly.min.js"
TOPOJSON = "vendor/topojson/"
# narrow.js: the page's own fitting of titles and legends to small or crowded charts
FILES = ("embed/embed.css", "narrow.js", "embed/embed.js")
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
    figure: go.Figure
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


def figure_json(figure: go.Figure) -> Markup:
    """JSON safe inside a `<script type="application/json">` (no `</script>` can close it)."""
    return Markup(figure.to_json().replace("<", "\\u003c"))


def topojson_name(figure: go.Figure) -> str | None:
    """The topojson file a map needs (`world_110m`), or None for charts that are not maps."""
    if not any(trace.type in {"scattergeo", "choropleth"} for trace in figure.data):
        return None
    geo = figure.layout.geo
    return f"{(geo.scope or 'world').replace(' ', '-')}_{int(geo.resolution or 110)}m"


def _controls(page: EmbedPage) -> Markup:
    if not page.choices:
        return Markup("")
    fields = []
    for choice in page.choices:
        options = "".join(
            f'<option value="{escape(value)}"{" selected" if value == choice.value else ""}>'
            f"{escape(label)}</option>"
            for value, label in choice.options
        )
        fields.append(
            f'<label>{escape(choice.label)} <select name="{escape(choice.parameter)}">'
            f"{options}</select></label>"
        )
    hidden = "".join(
        f'<input type="hidden" name="{escape(k)}" value="{escape(v)}">'
        for k, v in page.hidden.items()
    )
    button = f'<noscript><button type="submit">{escape(_("Show"))}</button></noscript>'
    return Markup(f'<form class="controls" method="get">{"".join(fields)}{hidden}{button}</form>')


def _problems(problems: list[QueryProblem]) -> Markup:
    if not problems:
        return Markup("")
    items = "".join(f"<li>{escape(str(p))}</li>" for p in problems)
    heading = escape(_("Part of this link was not understood and was ignored:"))
    return Markup(f'<div class="notice" role="status"><p>{heading}</p><ul>{items}</ul></div>')


def _footer(page: EmbedPage, base_url: str) -> Markup:
    demo = (
        f'<strong class="demo">{escape(_("Demo data: simulated values."))}</strong> '
        if page.demo
        else ""
    )
    source = f"{escape(page.source)} · " if page.source else ""
    built = escape(_("Data as of {date}", date=page.built_at[:10]))
    link = escape(_("Open in the Observatory"))
    return Markup(
        f"<footer>{demo}<span>{source}{built}</span> "
        f'<a href="{escape(base_url + page.view_url)}" target="_blank" rel="noopener">{link} ↗</a>'
        "</footer>"
    )


def document(page: EmbedPage, *, base_url: str = "", standalone: bool = False) -> str:
    """The whole HTML page; `standalone` inlines every file so it opens without a server."""
    figure = figure_json(page.figure)
    config = {
        "displaylogo": False,
        "displayModeBar": "hover",
        "responsive": True,
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
        "toImageButtonOptions": {"filename": "observatory", "scale": 2},
        "topojsonURL": f"{base_url}/assets/{TOPOJSON}",
    }
    if standalone:
        head = _inline_files(figure=page.figure)
    else:
        head = "".join(
            f'<link rel="stylesheet" href="/assets/{name}">'
            if name.endswith(".css")
            else f'<script src="/assets/{name}" defer></script>'
            for name in (FILES[0], PLOTLY_JS, *FILES[1:])
        )
    title = escape(page.title)
    site = escape(_("Urban Peace Observatory"))
    return f"""<!DOCTYPE html>
<html lang="{escape(page.language)}" class="theme-{escape(page.theme)}">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex"><title>{title} · {site}</title>
{head}</head>
<body><main>
<h1>{title}</h1>
{_problems(page.problems)}{_controls(page)}
<div id="chart" class="chart" style="height:{page.height}px" aria-describedby="summary"
 data-config="{escape(json.dumps(config))}"></div>
<script type="application/json" id="figure">{figure}</script>
<p class="summary" id="summary">{escape(page.summary)}</p>
{_footer(page, base_url)}
</main></body></html>
"""


def _read(name: str) -> str:
    return (ASSETS / name).read_text(encoding="utf-8")


def _script(text: str) -> str:
    """An inline script; `<\\/script` means the same to JavaScript but cannot end the element."""
    return "<script>" + text.replace("</script", "<\\/script") + "</script>"


def _inline_files(*, figure: go.Figure) -> str:
    """CSS, the map outline a map needs, plotly.js and our script, inlined."""
    parts = [f"<style>{_read(FILES[0])}</style>"]
    name = topojson_name(figure)
    if name is not None:
        topojson = _read(f"{TOPOJSON}{name}.json")
        parts.append(_script(f'window.PlotlyGeoAssets = {{topojson: {{"{name}": {topojson}}}}};'))
    parts += [_script(_read(PLOTLY_JS)), *(_script(_read(name)) for name in FILES[1:])]
    return "".join(parts)
