"""/city/<city_id>: the path names the city, `?indicator=` the indicator; both make the view.

The router hands the page `city=<id>` in its search string (see callbacks/routing.py); the page's
own location then only carries the indicator, so the link stays /city/cali?indicator=...
"""

from __future__ import annotations

from functools import partial
from typing import Any

from dash import Dash, Input, Output, State, ctx, no_update

from callbacks import prefills
from callbacks.charts import link_spans, register_opened_table
from callbacks.url_state import next_search, shows
from components.ids import City
from data.queries.city import CityState, resolve
from data.repository import Repository
from views.city import city_of, table_of, update
from web.response_cache import cache_location


def sync(
    repo: Repository, search: str | None, value: str | None, pathname: str | None
) -> tuple[Any, Any]:
    """The indicator select writes the URL; back/forward (the URL) moves the select."""
    if not shows(City.URL, pathname):  # another page's address, met as this one goes
        return no_update, no_update
    if ctx.triggered_id == City.URL:
        state = resolve(repo, CityState.parse(search or "")[0].replace(city=city_of(pathname)))
        return no_update, (state.indicator if state.indicator != value else no_update)
    new = next_search(CityState, search, {"indicator": value})
    return (new if new != (search or "") else no_update), no_update


PRINT = """
function (clicks) {
    if (clicks) { window.print(); }
    return window.dash_clientside.no_update;
}
"""


def register(app: Dash, repo: Repository) -> None:
    cache_location(app.server, City.URL)  # path and query decide the page: cache it
    app.callback(
        Output(City.URL, "search"),
        Output(City.INDICATOR, "value"),
        Input(City.URL, "search"),
        Input(City.INDICATOR, "value"),
        State(City.URL, "pathname"),
        prevent_initial_call=True,
    )(partial(sync, repo))
    outputs = [
        (City.CARDS, "children"),
        (City.WHY, "children"),
        (City.GRAPH, "figure"),
        (City.NOTICE, "children"),
        (City.SUMMARY, "children"),
        (City.DOWNLOAD, "href"),
        (City.INTERVENTIONS, "children"),
        (City.PEERS, "children"),
    ]
    prefills(app.server)[City.URL] = (outputs, partial(update, repo))
    app.callback(
        *[Output(i, prop) for i, prop in outputs],
        Input(City.URL, "pathname"),
        Input(City.URL, "search"),
        prevent_initial_call=True,  # the page comes with its first answer (routing.render)
    )(partial(update, repo))
    register_opened_table(
        app,
        location=City.URL,
        details=City.TABLE_OPEN,
        table=City.TABLE,
        build=partial(table_of, repo),
    )
    app.clientside_callback(
        PRINT, Output(City.PRINT, "title"), Input(City.PRINT, "n_clicks"), prevent_initial_call=True
    )
    link_spans(app, City.GRAPH)
    link_spans(app, City.TIMELINE)
