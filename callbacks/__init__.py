"""Thin callbacks: parse the URL state, query the repository, build figures and layouts.

Each module has `register(app, repo)`; handlers are plain functions that tests call directly.
"""

from __future__ import annotations

from dash import Dash

from data.repository import Repository


def register_all(app: Dash, repo: Repository) -> None:
    from callbacks import downloads, interventions, map, overview, presentation, routing, trends

    for module in (routing, overview, trends, interventions, map, downloads, presentation):
        module.register(app, repo)
