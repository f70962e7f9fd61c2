"""/map: member cities on a world map."""

from __future__ import annotations

from functools import partial
from typing import Any

from dash import Dash, html
from dash.development.base_component import Component

from callbacks.url_state import csv_href, register_view
from components import map as view
from components.common import demo_notice, query_notice
from components.figures.geo import membership_map
from components.figures.style import empty
from components.ids import Map
from data.i18n import _
from data.queries import options
from data.queries.common import frame_attribution
from data.queries.map import MapState, memberships, points
from data.repository import Repository


def page(repo: Repository, search: str) -> Component:
    state, problems = MapState.parse(search)
    return html.Div(
        [query_notice(problems), view.layout(state, networks=options.network_options(repo))]
    )


def update(repo: Repository, search: str | None) -> tuple[Any, Any, str, str]:
    state, _problems = MapState.parse(search or "")
    frame = points(repo, state)
    href = csv_href(state)
    if frame.empty:
        return empty(_("Member cities")), None, _("No member cities match."), href
    attribution = frame_attribution(repo, memberships(repo, state))
    names = dict(zip(repo.table("networks").index, repo.table("networks")["name"]))
    figure = membership_map(frame, network_names=names, source=attribution.text())
    text = _(
        "{n} cities in {countries} countries; {several} belong to more than one of the "
        "networks shown.",
        n=len(frame),
        countries=frame["country"].nunique(),
        several=int((frame["networks"] > 1).sum()),
    )
    return figure, demo_notice(attribution), text, href


def register(app: Dash, repo: Repository) -> None:
    register_view(
        app,
        location=Map.URL,
        state_cls=MapState,
        controls=view.CONTROLS,
        outputs=[
            (Map.GRAPH, "figure"),
            (Map.NOTICE, "children"),
            (Map.SUMMARY, "children"),
            (Map.DOWNLOAD, "href"),
        ],
        update=partial(update, repo),
    )
