"""/map: controls -> URL -> map data, members-per-year chart, overview panel and member list.

The year slider lives in the browser (`assets/map.js`): it redraws the map from data sent once
per filter change and writes `year=` into the URL only when it comes to rest. Everything that
depends on the year (summary, overview, member list, CSV links) follows the URL here.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from dash import ClientsideFunction, Dash, Input, Output, State, no_update
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from components import map as view
from components.ids import Map
from components.map_chart import table_rows
from data.queries import map as q
from data.repository import Repository
from views.map import drawn, map_details, map_key
from web.response_cache import cached_inputs


def update_map(repo: Repository, search: str | None, key: str | None) -> tuple[Any, Any, str]:
    """The map and the members-per-year chart, sent again only when a filter (not the year)
    changed: the browser moves through the years on its own."""
    state, _problems = q.MapState.parse(search or "")
    state = q.resolve(repo, state)
    if map_key(state) == key:
        return no_update, no_update, no_update
    answer = drawn(repo, state)
    return answer.map_data, answer.chart, answer.key


def hover_details(repo: Repository, key: str | None) -> dict[str, Any]:
    """The hover texts of the map's cities, once the map is pointed at (`key`: the query of the
    map's data, without the year, so that moving the year asks nothing again)."""
    if not key:
        raise PreventUpdate
    state, _problems = q.MapState.parse(key)
    return map_details(repo, q.resolve(repo, state))


def member_list(repo: Repository, search: str | None, _wanted: bool | None) -> Component:
    state, _problems = q.MapState.parse(search or "")
    return view.member_grid(table_rows(q.memberships(repo, q.resolve(repo, state))))


def register(app: Dash, repo: Repository) -> None:
    app.callback(
        Output(Map.MAP_DATA, "data"),
        Output(Map.CHART_DATA, "data"),
        Output(Map.MAP_KEY, "data"),
        Input(Map.URL, "search"),
        State(Map.MAP_KEY, "data"),
        prevent_initial_call=True,  # the page comes with its map's data
    )(partial(update_map, repo))
    js = partial(ClientsideFunction, "observatoryMap")
    app.clientside_callback(
        js("listWanted"),
        Output(Map.LIST_WANTED, "data"),
        Input(Map.READY, "data"),
        State(Map.LIST_WANTED, "data"),
        State(Map.CONFIG, "data"),
    )
    # set to true once per page: the answer still follows the URL alone
    cached_inputs(app.server).add((Map.LIST_WANTED, "data"))
    app.clientside_callback(
        js("detailsWanted"),
        Output(Map.DETAILS_WANTED, "data"),
        Input(Map.READY, "data"),
        Input(Map.MAP_KEY, "data"),
        State(Map.CONFIG, "data"),
    )
    # the query of the map's data: its answer is the same for everyone who asks with it
    cached_inputs(app.server).add((Map.DETAILS_WANTED, "data"))
    app.callback(
        Output(Map.DETAILS, "data"),
        Input(Map.DETAILS_WANTED, "data"),
        prevent_initial_call=True,
    )(partial(hover_details, repo))
    app.callback(
        Output(Map.TABLE_HOLDER, "children"),
        Input(Map.URL, "search"),
        Input(Map.LIST_WANTED, "data"),  # the list (and its 600 KB library) when it is near
    )(partial(member_list, repo))
    app.clientside_callback(
        js("draw"),
        Output(Map.GRAPH, "figure"),
        Input(Map.YEAR, "value"),
        Input(Map.YEAR, "drag_value"),
        Input(Map.MAP_DATA, "data"),
        Input(Map.GRAPH, "relayoutData"),  # zoomed: groups of cities split or join
        State(Map.CONFIG, "data"),
    )
    app.clientside_callback(
        js("withDetails"),
        Output(Map.GRAPH, "figure", allow_duplicate=True),
        Input(Map.DETAILS, "data"),
        State(Map.MAP_DATA, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        js("drawChart"),
        Output(Map.CHART, "figure"),
        Input(Map.YEAR, "value"),
        Input(Map.YEAR, "drag_value"),
        Input(Map.CHART_DATA, "data"),
        Input(Map.READY, "data"),
    )
    app.clientside_callback(
        js("drawn"),
        Output(Map.READY, "data"),
        Input(Map.MAP_DATA, "data"),
        State(Map.READY, "data"),
        State(Map.CONFIG, "data"),
    )
    app.clientside_callback(
        js("play"),
        Output(Map.YEAR, "value"),
        Output(Map.TICK, "disabled"),
        Output(Map.PLAY, "children"),
        Input(Map.PLAY, "n_clicks"),
        Input(Map.TICK, "n_intervals"),
        Input(Map.CHART, "clickData"),
        Input(Map.URL, "search"),
        State(Map.YEAR, "value"),
        State(Map.YEAR, "min"),
        State(Map.YEAR, "max"),
        State(Map.TICK, "disabled"),
        State(Map.CONFIG, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        js("commit"),
        Output(Map.URL, "search", allow_duplicate=True),
        Input(Map.YEAR, "value"),
        Input(Map.TICK, "disabled"),
        State(Map.URL, "search"),
        State(Map.YEAR, "max"),
        State(Map.CONFIG, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        js("open"),
        Output(Map.GRAPH, "figure", allow_duplicate=True),  # a group clicked: zoomed in on it
        Input(Map.GRAPH, "clickData"),
        State(Map.CONFIG, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        "function (n) { return n ? true : window.dash_clientside.no_update; }",
        Output(Map.TABLE, "exportDataAsCsv"),
        Input(Map.TABLE_EXPORT, "n_clicks"),
        prevent_initial_call=True,
    )
