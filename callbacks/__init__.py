"""Thin callbacks: parse the URL state, query the repository, build figures and layouts.

Each module has `register(app, repo)`; handlers are plain functions that tests call directly.
"""

from __future__ import annotations

from dash import Dash

from data.repository import Repository


def register_all(app: Dash, repo: Repository) -> None:
    from callbacks import (
        admin_import,
        charts,
        city,
        downloads,
        embeds,
        interventions,
        map,
        overview,
        presentation,
        routing,
        share,
        trends,
    )

    views = (routing, overview, trends, interventions, map, city, charts, presentation)
    for module in (*views, downloads, embeds, share, admin_import):
        module.register(app, repo)
