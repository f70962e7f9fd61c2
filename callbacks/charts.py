"""Behaviour every chart shares, run in the browser: PNG/SVG export buttons, and clicks on an
intervention span (or timeline bar) opening that intervention."""

from __future__ import annotations

from dash import ALL, MATCH, Dash, Input, Output, State

from components.ids import Chart
from data.repository import Repository

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


def register(app: Dash, repo: Repository) -> None:
    button = {"type": Chart.EXPORT, "graph": MATCH, "format": ALL}
    app.clientside_callback(
        EXPORT, Output(button, "title"), Input(button, "n_clicks"), prevent_initial_call=True
    )
