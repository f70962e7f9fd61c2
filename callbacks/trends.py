"""/trends: controls -> URL -> chart, notice, summary, progress and the CSV link; the chart's
table once opened."""

from __future__ import annotations

from functools import partial
from typing import Any

from dash import Dash, Input, Output, State, no_update

from callbacks.charts import link_spans, register_opened_table
from components.ids import Trends
from data.queries import options
from data.queries.trends import group_cities
from data.repository import Repository
from views.trends import table_of


def pick_group(repo: Repository, group: str | None, indicator: str | None) -> tuple[Any, str]:
    """A quick pick replaces the chosen cities; the pick itself resets, ready for the next."""
    if not group:
        return no_update, no_update
    chosen = group_cities(repo, group, indicator or repo.default_indicator())
    return (list(chosen) if chosen else no_update), ""


def register(app: Dash, repo: Repository) -> None:
    register_opened_table(
        app,
        location=Trends.URL,
        details=Trends.TABLE_OPEN,
        table=Trends.TABLE,
        build=lambda _pathname, search: table_of(repo, search),
    )
    app.callback(
        Output(Trends.CITIES, "value", allow_duplicate=True),
        Output(Trends.QUICK, "value"),
        Input(Trends.QUICK, "value"),
        State(Trends.INDICATOR, "value"),
        prevent_initial_call=True,
    )(partial(pick_group, repo))
    app.callback(
        Output(Trends.CITIES, "options"),
        Input(Trends.CITIES, "search_value"),
        Input(Trends.CITIES, "value"),  # chosen from a group or by the URL: keep them listed
        prevent_initial_call=True,
    )(lambda search, chosen: options.city_choices(repo, search or "", chosen or []))
    link_spans(app, Trends.GRAPH)
