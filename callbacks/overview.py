"""/ : the network at a glance."""

from __future__ import annotations

from functools import partial
from typing import Any

from dash import Dash, html
from dash.development.base_component import Component

from callbacks.url_state import register_view
from components import overview as view
from components.common import demo_notice, query_notice
from components.figures.overview import median_figure
from components.figures.style import empty
from components.ids import Overview
from data.i18n import _, number
from data.queries import options
from data.queries.overview import OverviewState, headline, median_trend, resolve
from data.repository import Repository


def page(repo: Repository, search: str) -> Component:
    state, problems = OverviewState.parse(search)
    return html.Div(
        [
            query_notice(problems),
            view.layout(resolve(repo, state), networks=options.network_options(repo)),
        ]
    )


def update(repo: Repository, search: str | None) -> tuple[Any, Any, Any, str]:
    state, _problems = OverviewState.parse(search or "")
    state = resolve(repo, state)
    facts = headline(repo, state)
    indicator = repo.indicator(facts.indicator)
    assert indicator is not None
    trend = median_trend(repo, state)
    if trend.empty:
        figure = empty(indicator.label)
        text = _("No member city reports this indicator.")
    else:
        figure = median_figure(
            trend, label=indicator.label, unit=indicator.unit, source=facts.attribution.text()
        )
        first, last = trend.iloc[0], trend.iloc[-1]
        text = _(
            "The median {label} of reporting cities went from {a} in {y1} "
            "({n1} cities) to {b} in {y2} ({n2} cities).",
            label=indicator.label.lower(),  # mid-sentence, as components/progress.py writes it
            a=number(first["median"]),
            y1=int(first["year"]),
            n1=int(first["cities"]),
            b=number(last["median"]),
            y2=int(last["year"]),
            n2=int(last["cities"]),
        )
    cards = view.cards(facts, unit=indicator.unit)
    return figure, demo_notice(facts.attribution), cards, text


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
