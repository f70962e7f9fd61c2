"""Layout of `/`: the network at a glance."""

from __future__ import annotations

from urllib.parse import urlencode

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from components.common import chart_table, control, graph, page_header, summary
from components.ids import Overview
from components.progress import STATUS_MARK, STATUS_TEXT
from data.i18n import _, number, percent
from data.queries.goals import Status
from data.queries.overview import Headline, OverviewState

CONTROLS = {"network": Overview.NETWORK}


def layout(state: OverviewState, *, networks: list[dict[str, str]]) -> Component:
    return html.Div(
        [
            dcc.Location(id=Overview.URL, refresh=False),
            page_header(
                _("Urban violence across the network"),
                _("How many cities, what they do, and where violence stands."),
            ),
            html.Div(id=Overview.NOTICE),
            dbc.Row(
                [
                    control(
                        _("Network"),
                        dbc.Select(
                            id=Overview.NETWORK,
                            options=[{"label": _("All cities"), "value": ""}, *networks],
                            value=state.network,
                            placeholder=_("All cities"),  # dbc shows it for the value ""
                        ),
                    )
                ]
            ),
            html.Div(id=Overview.CARDS, className="mb-3"),
            html.Div(id=Overview.STATUSES, className="mb-3"),
            graph(Overview.GRAPH, file_name="observatory-overview", summary=Overview.SUMMARY),
            summary("", Overview.SUMMARY),
            chart_table(Overview.GRAPH, "overview"),
        ]
    )


def _card(value: str, label: str) -> Component:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [html.P(value, className="h3 mb-0"), html.P(label, className="small mb-0")]
            )
        ),
        xs=12,  # one card a row on a phone: two in 320 px broke "intervenciones" in two
        sm=6,
        md=3,
        className="mb-2",
    )


def cards(headline: Headline, *, unit: str) -> Component:
    median = "–" if headline.latest_median is None else number(headline.latest_median)
    cards = [
        _card(
            number(headline.cities, 0),
            _("cities in {countries} countries", countries=headline.countries),
        ),
        _card(
            number(headline.interventions, 0),
            _("interventions, {ongoing} ongoing", ongoing=headline.ongoing),
        ),
        _card(
            median,
            _("median homicide rate {unit}, {year}", unit=unit, year=headline.latest_year or "–"),
        ),
    ]
    if headline.reference_median is not None and headline.latest_median is not None:
        change = headline.latest_median / headline.reference_median - 1
        cards.append(
            _card(
                percent(change),
                _("change in the median since {year}", year=headline.reference_year),
            )
        )
    return dbc.Row(cards)


def statuses(counts: dict[Status, int], *, network: str, label: str, goal: str) -> Component | None:
    """Member cities by 2030 status, each count a link to the ranking of those cities."""
    if not counts:
        return None
    total = sum(counts.values())
    items = []
    for status, n in counts.items():
        query = {"status": status.value, **({"network": network} if network else {})}
        items.append(
            html.Li(
                html.A(
                    [
                        html.Span(STATUS_MARK[status], **{"aria-hidden": "true"}),
                        " ",
                        html.Strong(number(n, 0)),
                        " ",
                        _(STATUS_TEXT[status]),
                    ],
                    href="/ranking?" + urlencode(query),
                    className=f"status status-{status.value} text-decoration-none text-wrap",
                ),
                className="list-inline-item mb-1",
            )
        )
    return html.Section(
        [
            html.H2(
                _(
                    "Halving violence by 2030 (the goal of {goal}): {n} cities with {label} "
                    "data, by status",
                    goal=goal,
                    n=total,
                    label=label.lower(),
                ),
                className="h6 mb-2",
            ),
            html.Ul(items, className="list-inline mb-0"),
        ]
    )
