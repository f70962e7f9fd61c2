"""/ : the network at a glance."""

from __future__ import annotations

from functools import partial

from dash import Dash

from callbacks.url_state import register_view
from components import overview as view
from components.ids import Overview
from data.queries.overview import OverviewState, resolve
from data.repository import Repository
from views.overview import update


def register(app: Dash, repo: Repository) -> None:
    register_view(
        app,
        location=Overview.URL,
        state_cls=OverviewState,
        controls=view.CONTROLS,
        outputs=[
            (Overview.GRAPH, "figure"),
            (Overview.NOTICE, "children"),
            (Overview.CARDS, "children"),
            (Overview.SUMMARY, "children"),
        ],
        update=partial(update, repo),
        resolve=partial(resolve, repo),
    )
