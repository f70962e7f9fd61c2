"""Behaviour every chart shares: PNG/SVG export buttons and clicks on an intervention span (or
timeline bar) opening that intervention, run in the browser; "Show as table" under a chart."""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from dash import ALL, MATCH, Dash, Input, Output, State, no_update

from callbacks.url_state import shows
from components.common import rows_table
from components.embed import embed_table
from components.ids import Chart
from data.repository import Repository
from data.state import DISPLAY_PARAMS, query_items
from views import VIEWS
from web.embeds import csv_url

# The file name comes from the figure (layout.meta.export), set by the view's callback; title and
# source line are part of the figure, and assets/export.js adds the data's date and the view's
# address under them, so the image carries them all.
EXPORT = """
function (clicks) {
    const triggered = window.dash_clientside.callback_context.triggered;
    if (!triggered.length || !clicks.some(Boolean)) {
        return window.dash_clientside.no_update;
    }
    const id = JSON.parse(triggered[0].prop_id.split(".n_clicks")[0]);
    const outer = document.getElementById(id.graph);
    const gd = outer && (outer.classList.contains("js-plotly-plot")
        ? outer : outer.querySelector(".js-plotly-plot"));
    if (gd && window.Plotly) {
        const meta = gd.layout.meta || {};
        window.observatoryExport(gd, {
            format: id.format,
            filename: meta.export || id.graph,
            scale: id.format === "png" ? 2 : 1,
        });
    }
    return window.dash_clientside.no_update;
}
"""

OPEN_INTERVENTION = """
function (click, figure) {
    const point = click && click.points && click.points[0];
    const trace = point && figure && figure.data[point.curveNumber];
    if (trace && trace.meta && trace.meta.series === "interventions" && point.customdata) {
        const here = new URL(window.location.href);
        const there = new URL("/interventions", here);
        there.searchParams.set("intervention", point.customdata[0]);
        if (here.searchParams.get("lang")) {
            there.searchParams.set("lang", here.searchParams.get("lang"));
        }
        window.location.assign(there.pathname + there.search);
    }
    return window.dash_clientside.no_update;
}
"""


def link_spans(app: Dash, graph_id: str) -> None:
    """Clicking a trace whose meta says `series: interventions` opens that intervention (its id
    is the point's first customdata value)."""
    app.clientside_callback(
        OPEN_INTERVENTION,
        Output(graph_id, "className"),
        Input(graph_id, "clickData"),
        State(graph_id, "figure"),
        prevent_initial_call=True,
    )


def fill_tables(
    repo: Repository,
    clicks: list[int | None],
    search: str | None,
    pathname: str | None,
    ids: list[dict[str, str]],
) -> list[Any]:
    """The rows of each "Show as table" (components/common.chart_table) opened at least once,
    for the page's URL (or the table's own state): the CSV's rows, as an embed shows them."""
    found = VIEWS.at(pathname or "/")
    from_path = found[1] if found else {}
    out: list[Any] = []
    for opened, key in zip(clicks, ids, strict=True):
        served = VIEWS.csv(key["csv"])
        if not opened or served is None:
            out.append(no_update)
            continue
        owner, frame = served
        asked = query_items(key["query"] or search or "")
        items = {k: v for k, v in asked.items() if k not in DISPLAY_PARAMS}
        state, _problems = owner.state.parse(items if key["query"] else {**items, **from_path})
        href = csv_url(key["csv"], state.to_query())
        out.append(rows_table(embed_table(frame(repo, state), href)))
    return out


def register_tables(app: Dash, repo: Repository) -> None:
    """One callback per page that has a "Show as table": its tables follow its URL."""
    for view in VIEWS:
        if view.location is None:
            continue
        details = {"type": Chart.TABLE, "chart": ALL, "view": view.name, "csv": ALL, "query": ALL}
        app.callback(
            Output({**details, "type": Chart.TABLE_ROWS}, "children"),
            Input(details, "n_clicks"),
            Input(view.location, "search"),
            State(view.location, "pathname"),
            State(details, "id"),
            prevent_initial_call=True,
        )(partial(fill_tables, repo))


Build = Callable[[str | None, str | None], Any]  # (pathname, search) -> the table


def opened_table(
    location: str, build: Build, opened: int | None, pathname: str | None, search: str | None
) -> Any:
    """The table of a "Show as table" opened at least once, for its page's URL; nothing for
    the next page's URL, met as this one goes."""
    return build(pathname, search) if opened and shows(location, pathname) else no_update


def register_opened_table(
    app: Dash, *, location: str, details: str, table: str, build: Build
) -> None:
    """A chart's "Show as table" (components/common.table_details with `details_id`) built
    once first opened, then kept in step with the page's URL, instead of in every answer: a
    table of a chart's lines is hundreds of components, most of the answer, for few readers."""
    app.callback(
        Output(table, "children"),
        Input(details, "n_clicks"),
        Input(location, "pathname"),
        Input(location, "search"),
        prevent_initial_call=True,
    )(partial(opened_table, location, build))


def register(app: Dash, repo: Repository) -> None:
    register_tables(app, repo)
    button = {"type": Chart.EXPORT, "graph": MATCH, "format": ALL}
    app.clientside_callback(
        EXPORT, Output(button, "title"), Input(button, "n_clicks"), prevent_initial_call=True
    )
