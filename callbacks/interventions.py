"""/interventions: the timeline, the good-practice library, the summary, and one intervention's
detail with its before/after evidence, all driven by the URL's query string."""

from __future__ import annotations

from functools import partial

from dash import Dash, Input, Output, State

from components import interventions as view
from components.ids import Interventions
from data.queries.interventions import (
    SEARCHED,
    InterventionsState,
    facets,
)
from data.repository import Repository
from views.interventions import FACET_IDS

# A bar of the timeline opens its intervention: the id rides in the bar's customdata.
OPEN_CLICKED = """
function (click, search) {
    const point = click && click.points && click.points[0];
    const id = point && point.customdata && point.customdata[0];
    if (!id) { return window.dash_clientside.no_update; }
    const params = new URLSearchParams(search || "");
    params.set("intervention", id);
    return "?" + params.toString().replace(/%2C/g, ",");
}
"""


def choices(
    repo: Repository, facet: str, search: str | None, typed: str | None
) -> list[dict[str, str]]:
    """A searched facet's options for the URL's state and what was typed in its box: the
    values chosen, then the first matches, each with the rows choosing it would give."""
    state, _problems = InterventionsState.parse(search or "")
    found = facets(repo, state, names=[facet], typed=typed or "")
    return view.facet_options(found[facet])


def register(app: Dash, repo: Repository) -> None:
    for facet in SEARCHED:
        app.callback(
            Output(FACET_IDS[facet], "options"),
            Input(Interventions.URL, "search"),
            Input(FACET_IDS[facet], "search_value"),
            prevent_initial_call=True,  # the page comes with the first choices
        )(partial(choices, repo, facet))
    app.clientside_callback(
        "function (clicks, open) { return !open; }",
        Output(Interventions.FILTERS, "is_open"),
        Input(Interventions.FILTERS_TOGGLE, "n_clicks"),
        State(Interventions.FILTERS, "is_open"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        OPEN_CLICKED,
        Output(Interventions.URL, "search", allow_duplicate=True),
        Input(Interventions.GRAPH, "clickData"),
        State(Interventions.URL, "search"),
        prevent_initial_call=True,
    )
