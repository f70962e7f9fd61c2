"""Layout of `/interventions`: what ran where and when."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from components.common import control, download_link, graph, page_header, summary
from components.ids import Interventions
from data.i18n import _
from data.queries.interventions import InterventionsState

CONTROLS = {"group": Interventions.GROUP, "themes": Interventions.THEMES}


def layout(state: InterventionsState, *, themes: list[dict[str, str]]) -> Component:
    groups = [
        {"label": _("City"), "value": "city"},
        {"label": _("Theme"), "value": "theme"},
        {"label": _("Funder"), "value": "funder"},
        {"label": _("Network"), "value": "network"},
    ]
    return html.Div(
        [
            dcc.Location(id=Interventions.URL, refresh=False),
            page_header(
                _("Interventions"),
                _("What the cities did, when, with whom. Hatched bars are still running."),
            ),
            html.Div(id=Interventions.NOTICE),
            dbc.Row(
                [
                    control(
                        _("Group by"),
                        dbc.RadioItems(
                            id=Interventions.GROUP, options=groups, value=state.group, inline=True
                        ),
                    ),
                    control(
                        _("Themes"),
                        dcc.Dropdown(
                            id=Interventions.THEMES,
                            options=themes,
                            value=list(state.themes),
                            multi=True,
                            placeholder=_("All themes"),
                        ),
                        width=8,
                    ),
                ]
            ),
            graph(Interventions.GRAPH, file_name="observatory-interventions"),
            summary("", Interventions.SUMMARY),
            download_link(Interventions.DOWNLOAD, "/data/interventions.csv"),
        ]
    )
