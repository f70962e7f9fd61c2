"""Thin callbacks: parse the URL state, query the repository, build figures and layouts.

Each module has `register(app, repo)`; handlers are plain functions that tests call directly.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from dash import Dash
from flask import Flask

from data.repository import Repository

Preload = Callable[[str, str], list[str]]
# What a page location's callback fills, and how from (pathname, search): see routing.render.
Prefill = tuple[list[tuple[str, str]], Callable[[str, str], tuple[Any, ...]]]


def prefills(server: Flask) -> dict[str, Prefill]:
    """Page locations whose first answer comes inside the page: the page then draws its chart
    from its layout, without a callback round trip (and Dash's renderer does not re-mount a
    callback's components one by one, which at a few hundred table cells costs seconds)."""
    return server.extensions.setdefault("observatory.prefills", {})


def preloads(server: Flask) -> list[Preload]:
    """Functions of a page's path and query naming files that the page fetches at once (a map's
    outline): the page's HTML asks for them, so the browser starts them with the scripts."""
    return server.extensions.setdefault("observatory.preloads", [])


def warmers(server: Flask) -> list[Callable[[], object]]:
    """Work a view shares between all its requests and that lasts the build (a table joined,
    an index, labels): done when a worker meets a new build (callbacks/warm.py), so that the
    first visitor of a page does not wait for it. Each lasts until the next build
    (Repository.memo)."""
    return server.extensions.setdefault("observatory.warmers", [])


def register_all(app: Dash, repo: Repository) -> None:
    from callbacks import (
        admin_import,
        charts,
        city,
        interventions,
        map,
        overview,
        presentation,
        routing,
        share,
        trends,
    )
    from web import downloads, embeds

    views = (routing, overview, trends, interventions, map, city, charts, presentation)
    for module in (*views, downloads, embeds, share, admin_import):
        module.register(app, repo)
