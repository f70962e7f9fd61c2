"""Dash callbacks: interactions inside a page.

Each module has `register(app, repo)`; handlers are plain functions that tests call directly.
A view's URL-driven update is declared in its record (views/) and wired by url_state.
"""

from __future__ import annotations

from dash import Dash
from flask import Flask

from data.repository import Repository
from web.dash_internals import Prefill


def prefills(server: Flask) -> dict[str, Prefill]:
    """Page locations whose first answer comes inside the page: the page then draws its chart
    from its layout, without a callback round trip (and Dash's renderer does not re-mount a
    callback's components one by one, which at a few hundred table cells costs seconds)."""
    return server.extensions.setdefault("observatory.prefills", {})


def register_all(app: Dash, repo: Repository) -> None:
    from callbacks import (
        admin_import,
        charts,
        city,
        interventions,
        map,
        presentation,
        routing,
        share,
        trends,
        url_state,
    )

    url_state.register_views(app, repo)
    for module in (routing, trends, interventions, map, city, charts, presentation, share):
        module.register(app, repo)
    admin_import.register(app, repo)
