"""Layout of `/trends`: an indicator over time for chosen cities."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from components.common import control, download_link, graph, page_header, summary
from components.ids import Trends
from data.i18n import _
from data.queries.trends import TrendsState
from data.state import form_value

CONTROLS = {"indicator": Trends.INDICATOR, "cities": Trends.CITIES, "start": Trends.YEARS}


def layout(
    state: TrendsState,
    *,
    indicators: list[dict[str, str]],
    cities: list[dict[str, str]],
    years: list[int],
) -> Component:
    return html.Div(
        [
            dcc.Location(id=Trends.URL, refresh=False),
            page_header(
                _("Violence trends"),
                _("Is violence falling? Compare cities over time; gaps are years without data."),
            ),
            html.Div(id=Trends.NOTICE),
            dbc.Row(
                [
                    control(
                        _("Indicator"),
                        dbc.Select(id=Trends.INDICATOR, options=indicators, value=state.indicator),
                    ),
                    control(
                        _("Cities"),
                        dcc.Dropdown(
                            id=Trends.CITIES,
                            options=cities,
                            value=list(state.cities),
                            multi=True,
                            placeholder=_("Type a city or country"),
                        ),
                        width=6,
                    ),
                    control(
                        _("From year"),
                        dbc.Select(
                            id=Trends.YEARS,
                            options=[
                                {"label": _("First year"), "value": ""},
                                *({"label": str(y), "value": str(y)} for y in years),
                            ],
                            value=form_value(state.start),
                            placeholder=_("First year"),  # dbc shows it for the value ""
                        ),
                        width=2,
                    ),
                ]
            ),
            graph(Trends.GRAPH, file_name="observatory-trends"),
            summary("", Trends.SUMMARY),
            download_link(Trends.DOWNLOAD, "/data/trends.csv"),
        ]
    )
