"""Layout of `/map`: where the member cities are."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from components.common import control, download_link, graph, page_header, summary
from components.ids import Map
from data.i18n import _
from data.queries.map import MapState

CONTROLS = {"networks": Map.NETWORKS}


def layout(state: MapState, *, networks: list[dict[str, str]]) -> Component:
    return html.Div(
        [
            dcc.Location(id=Map.URL, refresh=False),
            page_header(_("Network membership"), _("Which cities belong to which network today.")),
            html.Div(id=Map.NOTICE),
            dbc.Row(
                [
                    control(
                        _("Networks"),
                        dcc.Dropdown(
                            id=Map.NETWORKS,
                            options=networks,
                            value=list(state.networks),
                            multi=True,
                            placeholder=_("All networks"),
                        ),
                        width=8,
                    )
                ]
            ),
            graph(Map.GRAPH, file_name="observatory-map", map_=True),
            summary("", Map.SUMMARY),
            download_link(Map.DOWNLOAD, "/data/map.csv"),
        ]
    )
