"""/interventions: the timeline."""

from __future__ import annotations

from functools import partial
from typing import Any

from dash import Dash, html
from dash.development.base_component import Component

from callbacks.url_state import csv_href, register_view
from components import interventions as view
from components.common import demo_notice, query_notice
from components.figures.style import empty
from components.figures.timeline import timeline_figure
from components.ids import Interventions
from data.i18n import _
from data.queries import options
from data.queries.common import frame_attribution
from data.queries.interventions import InterventionsState, listing
from data.repository import Repository


def page(repo: Repository, search: str) -> Component:
    state, problems = InterventionsState.parse(search)
    return html.Div(
        [query_notice(problems), view.layout(state, themes=options.theme_options(repo))]
    )


def update(repo: Repository, search: str | None) -> tuple[Any, Any, str, str]:
    state, _problems = InterventionsState.parse(search or "")
    frame = listing(repo, state)
    href = csv_href(state)
    if frame.empty:
        return empty(_("Interventions over time")), None, _("No interventions match."), href
    attribution = frame_attribution(repo, frame)
    text = _(
        "{n} interventions in {cities} cities, {first} to {last}; {ongoing} still running.",
        n=len(frame),
        cities=frame["city_id"].nunique(),
        first=frame["start"].min().year,
        last=frame["end"].max().year,
        ongoing=int(frame["open_end"].sum()),
    )
    figure = timeline_figure(frame, source=attribution.text())
    return figure, demo_notice(attribution), text, href


def register(app: Dash, repo: Repository) -> None:
    register_view(
        app,
        location=Interventions.URL,
        state_cls=InterventionsState,
        controls=view.CONTROLS,
        outputs=[
            (Interventions.GRAPH, "figure"),
            (Interventions.NOTICE, "children"),
            (Interventions.SUMMARY, "children"),
            (Interventions.DOWNLOAD, "href"),
        ],
        update=partial(update, repo),
    )
