"""Building blocks every page uses: headers, labelled controls, charts, notices, downloads."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from components.ids import Presentation
from data.i18n import _
from data.queries.common import Attribution
from data.state import QueryProblem

TOPOJSON_URL = "/assets/vendor/topojson/"


def page_header(title: str, lead: str, *, collect: bool = True) -> Component:
    """`collect` adds the "Add to presentation" button: every view can become a slide."""
    heading = html.H1(title, className="h3 mb-1")
    if collect:
        heading = html.Div(
            [
                heading,
                html.Div(
                    [
                        html.Span(
                            id=Presentation.ADDED,
                            className="small text-body-secondary me-2",
                            role="status",
                        ),
                        dbc.Button(
                            _("Add to presentation"),
                            id=Presentation.ADD,
                            color="primary",
                            outline=True,
                            size="sm",
                        ),
                    ],
                    className="d-flex align-items-center flex-wrap justify-content-end",
                ),
            ],
            className="d-flex justify-content-between align-items-start gap-2 flex-wrap",
        )
    return html.Header([heading, html.P(lead, className="text-body-secondary mb-3")])


def control(label: str, component: Component, *, width: int = 4) -> Component:
    """A control with a visible label tied to it, for screen readers and keyboards."""
    return dbc.Col(
        html.Div(
            [dbc.Label(label, html_for=str(component.id), className="fw-semibold small"), component]
        ),
        md=width,
        className="mb-2",
    )


def graph(component_id: str, *, file_name: str, map_: bool = False) -> Component:
    config: dict[str, Any] = {
        "displaylogo": False,
        "responsive": True,
        "toImageButtonOptions": {"filename": file_name, "scale": 2},
        "modeBarButtonsToRemove": ["select2d", "lasso2d"],
    }
    if map_:
        config["topojsonURL"] = TOPOJSON_URL
    return dcc.Loading(dcc.Graph(id=component_id, config=config), type="dot", delay_show=300)


def demo_notice(attribution: Attribution) -> Component | None:
    if not attribution.simulated:
        return None
    return dbc.Alert(
        [
            html.Strong(_("Demo data: simulated values.")),
            " ",
            _(
                "Some numbers on this page are simulated to show how the observatory works; "
                "they are not real measurements."
            ),
        ],
        color="warning",
        className="py-2 mb-3",
    )


def query_notice(problems: list[QueryProblem]) -> Component | None:
    if not problems:
        return None
    return dbc.Alert(
        [
            html.Strong(_("Part of this link was not understood and was ignored:")),
            html.Ul([html.Li(str(p)) for p in problems], className="mb-0"),
        ],
        color="info",
        className="py-2 mb-3",
        dismissable=True,
    )


def summary(text: str, component_id: str) -> Component:
    """A sentence describing the chart, for screen readers and for anyone in a hurry."""
    return html.P(
        text, id=component_id, className="small text-body-secondary mt-2", **{"aria-live": "polite"}
    )


def download_link(component_id: str, href: str) -> Component:
    return html.A(
        _("Download data (CSV)"),
        id=component_id,
        href=href,
        download="",
        className="btn btn-outline-secondary btn-sm",
    )
