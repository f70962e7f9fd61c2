"""Thin callbacks: parse the URL state, query the repository, build figures and layouts.

Each module has `register(app, repo)`; handlers are plain functions that tests call directly.
"""

from __future__ import annotations

from dash import Dash

from data.repository import Repository


def register_all(app: Dash, repo: Repository) -> None:
    from callbacks import charts, city, downloads, interventions, map, overview, routing, trends

    for module in (routing, overview, trends, interventions, map, downloads, city, charts):
        module.register(app, repo)
