"""Layout of `/map`: which cities belong to which network, since when, and where."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import dash_ag_grid as dag
import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from components.common import (
    TOPOJSON_URL,
    chart_table,
    control,
    download_link,
    graph,
    grid_words,
    multi_select,
    page_header,
    summary,
)
from components.ids import Map
from data.i18n import _
from data.queries.map import MapState, Years
from data.state import DISPLAY_PARAMS, form_value

CONTROLS = {
    "networks": Map.NETWORKS,
    "roles": Map.ROLES,
    "also": Map.ALSO,
    "since": Map.SINCE,
    "region": Map.REGION,
    "colour": Map.COLOUR,
}
PLAY_EVERY_MS = 900  # one year per tick: slow enough to read the count, fast enough to watch


def play_labels() -> dict[str, str]:
    return {"play": "▶ " + _("Play"), "pause": "❚❚ " + _("Pause")}


@dataclass(frozen=True)
class Drawn:
    """What the map needs to draw at once: every year's markers, the members-per-year chart,
    and the query they answer (without its year)."""

    map_data: dict[str, Any]
    chart: dict[str, Any]
    key: str


def layout(
    state: MapState,
    *,
    networks: list[dict[str, str]],
    roles: list[dict[str, str]],
    regions: list[dict[str, str]],
    colours: list[dict[str, str]],
    span: Years,
    year: int,
    drawn: Drawn,
) -> Component:
    """`year` is where the slider starts (the state's year, or the last one)."""
    return html.Div(
        [
            dcc.Location(id=Map.URL, refresh=False),
            page_header(
                _("Network membership"),
                _(
                    "Which cities belong to which network, since when and in what role. Move "
                    "the year to see a network as it stood then; click a city to open it."
                ),
            ),
            html.Div(id=Map.NOTICE),
            _controls(
                state,
                networks=networks,
                roles=roles,
                regions=regions,
                colours=colours,
                since=range(span.first, span.last + 1),
            ),
            _year_slider(span, year),
            html.Div(
                graph(Map.GRAPH, file_name="observatory-map", map_=True, summary=Map.SUMMARY),
                className="mt-2",
            ),
            summary("", Map.SUMMARY),
            chart_table(Map.GRAPH, "map"),
            html.Div(
                [
                    download_link(Map.DOWNLOAD, "/data/map.csv"),
                    html.A(
                        _("Memberships (CSV)"),
                        id=Map.MEMBERS_DOWNLOAD,
                        href="/data/memberships.csv",
                        download="",
                        className="btn btn-outline-secondary btn-sm",
                    ),
                ],
                className="d-flex flex-wrap gap-2 mb-4",
            ),
            graph(Map.CHART, file_name="observatory-members-per-year"),
            chart_table(Map.CHART, "map", "memberships"),
            _overview(),
            _table(),
            dcc.Store(id=Map.MAP_DATA, data=drawn.map_data),
            dcc.Store(id=Map.MAP_KEY, data=drawn.key),
            dcc.Store(id=Map.CHART_DATA, data=drawn.chart),
            dcc.Store(id=Map.READY),
            dcc.Store(id=Map.LIST_WANTED),
            dcc.Store(id=Map.DETAILS),
            dcc.Store(id=Map.DETAILS_WANTED),
            dcc.Store(
                id=Map.CONFIG,
                data={
                    **play_labels(),
                    "display": sorted(DISPLAY_PARAMS),
                    "city": "/city/",
                    "graph": Map.GRAPH,
                    "ready": Map.READY,
                    "list": Map.TABLE_HOLDER,
                    "outline": TOPOJSON_URL,
                    "slider": Map.YEAR,
                    "year": _("Year shown on the map"),
                },
            ),
        ]
    )


def _controls(
    state: MapState,
    *,
    networks: list[dict[str, str]],
    roles: list[dict[str, str]],
    regions: list[dict[str, str]],
    colours: list[dict[str, str]],
    since: range,
) -> Component:
    first_year = {"label": _("Any year"), "value": ""}
    return dbc.Row(
        [
            control(
                _("Networks"),
                multi_select(Map.NETWORKS, networks, state.networks, _("All networks")),
                width=4,
            ),
            control(
                _("Also in (compare)"),
                multi_select(Map.ALSO, networks, state.also, _("No comparison")),
                width=4,
            ),
            control(
                _("Roles"),
                multi_select(Map.ROLES, roles, state.roles, _("All roles")),
                width=4,
            ),
            control(
                _("Joined in or after"),
                dbc.Select(
                    id=Map.SINCE,
                    options=[first_year, *({"label": str(y), "value": str(y)} for y in since)],
                    value=form_value(state.since),
                    placeholder=_("Any year"),
                ),
                width=4,
            ),
            control(
                _("Region"),
                dbc.Select(
                    id=Map.REGION,
                    options=regions,
                    value=state.region,
                    placeholder=regions[0]["label"],
                ),
                width=4,
            ),
            control(
                _("Colour by"),
                dbc.Select(id=Map.COLOUR, options=colours, value=state.colour),
                width=4,
            ),
        ]
    )


def _year_slider(span: Years, year: int) -> Component:
    step = 5 if span.last - span.first > 12 else 1
    ticks = [y for y in range(span.first, span.last + 1) if y % step == 0]
    ticks = [y for y in ticks if y - span.first >= step / 2 and span.last - y >= step / 2]
    marks: dict[int, Any] = {y: str(y) for y in (span.first, *ticks, span.last)}
    return html.Div(
        [
            dbc.Label(_("Year"), html_for=Map.YEAR, className="fw-semibold small mb-0 me-2"),
            dbc.Button(
                play_labels()["play"],
                id=Map.PLAY,
                color="primary",
                size="sm",
                className="map-play",
            ),
            html.Div(
                dcc.Slider(
                    id=Map.YEAR,
                    min=span.first,
                    max=span.last,
                    step=1,
                    value=year,
                    marks=marks,
                    updatemode="mouseup",
                    tooltip={"placement": "top", "always_visible": False},
                ),
                className="map-year flex-grow-1",
            ),
            dcc.Interval(id=Map.TICK, interval=PLAY_EVERY_MS, disabled=True),
        ],
        className="d-flex align-items-center gap-2 flex-wrap map-years",
    )


def _overview() -> Component:
    return html.Section(
        [
            html.H2(_("Network overview"), className="h4 mt-4"),
            html.Div(id=Map.FACTS),
            dbc.Row(
                [
                    dbc.Col(graph(Map.BY_REGION, file_name="observatory-members-by-region"), lg=6),
                    dbc.Col(graph(Map.BY_ROLE, file_name="observatory-members-by-role"), lg=6),
                ]
            ),
            graph(Map.OVERLAP, file_name="observatory-network-overlap"),
            chart_table(Map.OVERLAP, "map", "memberships"),
        ],
        **{"aria-label": _("Network overview")},
    )


def _table() -> Component:
    return html.Section(
        [
            html.H2(_("Member list"), className="h4 mt-4"),
            html.P(id=Map.TABLE_COUNT, className="small text-body-secondary"),
            html.Div(
                html.P(_("Loading the member list…"), className="small text-body-secondary"),
                id=Map.TABLE_HOLDER,
                className="map-table",
            ),
            dbc.Button(
                _("Export the list as filtered (CSV)"),
                id=Map.TABLE_EXPORT,
                color="secondary",
                outline=True,
                size="sm",
                className="mt-2",
            ),
        ],
        **{"aria-label": _("Member list")},
    )


def member_grid(rows: list[dict[str, Any]]) -> Component:
    """The member list. It comes with its answer once the list nears the screen, and brings its
    library with it: see web/dash_internals.py."""
    return dag.AgGrid(
        id=Map.TABLE,
        columnDefs=table_columns(),
        rowData=rows,
        defaultColDef={
            "sortable": True,
            "filter": True,
            "floatingFilter": True,
            "resizable": True,
            "minWidth": 90,
        },
        dashGridOptions={
            "pagination": True,
            "paginationPageSize": 50,
            "localeText": grid_words() | {"noRowsToShow": _("No member cities match.")},
        },
        csvExportParams={
            "fileName": "observatory-member-list.csv",
            # formulas written as text, as in every CSV we write (assets/map.js)
            "processCellCallback": {"function": "spreadsheetText(params)"},
        },
        className="ag-theme-alpine",
        style={"height": "520px"},
    )


def table_columns() -> list[dict[str, Any]]:
    text = {"filter": "agTextColumnFilter"}
    number = {"filter": "agNumberColumnFilter", "type": "numericColumn", "width": 110}
    return [
        {
            "field": "city",
            "headerName": _("City"),
            "pinned": "left",
            "cellRenderer": "CityLink",
            "width": 150,
            **text,
        },
        {"field": "country_name", "headerName": _("Country"), "width": 140, **text},
        {"field": "network", "headerName": _("Network"), "width": 240, **text},
        {"field": "role_label", "headerName": _("Role"), "width": 160, **text},
        {"field": "joined", "headerName": _("Joined"), **number},
        {"field": "left", "headerName": _("Left"), **number},
        {"field": "also_in", "headerName": _("Also in"), "width": 260, **text},
        {"field": "region_label", "headerName": _("Region"), "width": 170, **text},
        {"field": "note", "headerName": _("Note"), "width": 260, "tooltipField": "note", **text},
        {"field": "source", "headerName": _("Source"), "width": 220, **text},
    ]
