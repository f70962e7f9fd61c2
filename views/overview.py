"""/ : the network at a glance."""

from __future__ import annotations

from html import unescape
from typing import Any

import pandas as pd
from dash import html
from dash.development.base_component import Component

from components import overview as view
from components.common import demo_notice, query_notice
from components.figures.overview import median_figure
from components.figures.style import empty, title_of
from components.ids import Overview
from data.i18n import N_, _, number
from data.queries import options
from data.queries.overview import (
    OverviewState,
    headline,
    median_trend,
    resolve,
    status_counts,
)
from data.queries.progress import goal_for_network
from data.repository import Repository
from views import choices
from views.record import Chart, View, Wiring, slide_title


def page(repo: Repository, search: str) -> Component:
    state, problems = OverviewState.parse(search)
    return html.Div(
        [
            query_notice(problems),
            view.layout(resolve(repo, state), networks=options.network_options(repo)),
        ]
    )


def describe(trend: pd.DataFrame, label: str) -> str:
    """The chart's sentence: under it on the page, its description for screen readers and
    in embeds."""
    if trend.empty:
        return _("No member city reports this indicator.")
    first, last = trend.iloc[0], trend.iloc[-1]
    return _(
        "The median {label} of reporting cities went from {a} in {y1} "
        "({n1} cities) to {b} in {y2} ({n2} cities).",
        label=label.lower(),  # mid-sentence, as components/progress.py writes it
        a=number(first["median"]),
        y1=int(first["year"]),
        n1=int(first["cities"]),
        b=number(last["median"]),
        y2=int(last["year"]),
        n2=int(last["cities"]),
    )


def update(repo: Repository, search: str | None) -> tuple[Any, Any, Any, str, Any]:
    state, _problems = OverviewState.parse(search or "")
    state = resolve(repo, state)
    facts = headline(repo, state)
    indicator = repo.indicator(facts.indicator)
    assert indicator is not None
    trend = median_trend(repo, state)
    if trend.empty:
        figure = empty(indicator.label)
    else:
        figure = median_figure(
            trend,
            label=indicator.label,
            unit=indicator.unit,
            source=facts.attribution.text(),
            plain=True,
        )
    text = describe(trend, indicator.label)
    cards = view.cards(facts, unit=indicator.unit)
    goal = goal_for_network(repo, state.network)
    counts = view.statuses(
        status_counts(repo, state),
        network=state.network,
        label=indicator.label,
        goal=goal.name if goal else "",
    )
    return figure, demo_notice(facts.attribution), cards, text, counts


def chart(repo: Repository, state: OverviewState, *, plain: bool = False) -> Chart:
    state = resolve(repo, state)
    facts = headline(repo, state)
    indicator = repo.indicator(facts.indicator)
    assert indicator is not None
    frame = median_trend(repo, state)
    source = facts.attribution.text()
    if frame.empty:
        return Chart(
            empty(indicator.label), indicator.label, facts.attribution, describe(frame, "")
        )
    figure = median_figure(
        frame, label=indicator.label, unit=indicator.unit, source=source, plain=plain
    )
    title = slide_title(unescape(title_of(figure)), frame["year"])
    return Chart(figure, title, facts.attribution, describe(frame, indicator.label))


VIEW = View(
    name="overview",
    lazy=("graph",),
    path="/",
    title=N_("Overview"),
    nav=N_("Overview"),
    state=OverviewState,
    page=page,
    chart=chart,
    table=median_trend,
    embed=choices.network,
    needs_observations=True,
    warm=("",),
    location=Overview.URL,
    wiring=Wiring(
        controls=view.CONTROLS,
        outputs=[
            (Overview.GRAPH, "figure"),
            (Overview.NOTICE, "children"),
            (Overview.CARDS, "children"),
            (Overview.SUMMARY, "children"),
            (Overview.STATUSES, "children"),
        ],
        update=update,
        resolve=resolve,
    ),
)
