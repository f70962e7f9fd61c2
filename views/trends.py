"""/trends: the page and what the URL fills in it (chart, notice, summary, progress; the table
once opened)."""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
from dash import html
from dash.development.base_component import Component

from components import trends as view
from components.common import demo_notice, query_notice
from components.figures.style import empty
from components.ids import Trends
from components.progress import progress_table
from components.trend_chart import describe, figure_of, labels
from data.i18n import N_, _
from data.queries import options
from data.queries.common import reporting_cities
from data.queries.trends import (
    CSV_COLUMNS,
    NO_CITIES,
    Chart,
    TrendsState,
    chart,
    chosen,
    for_controls,
    resolve,
    table,
    year_problem,
)
from data.repository import Repository
from views import choices
from views import record as r
from views.record import View, Wiring, csv_href


def page(repo: Repository, search: str) -> Component:
    state, problems = TrendsState.parse(search)
    state = for_controls(resolve(repo, state))
    return html.Div(
        [
            query_notice(problems),
            view.layout(
                state,
                indicators=options.indicator_options(repo),
                cities=options.city_choices(repo, chosen=state.cities),
                years=options.year_options(repo),
                networks=options.network_options(repo),
                groups=options.group_options(repo),
            ),
        ]
    )


def progress_section(repo: Repository, data: Chart) -> Component:
    if not data.indicator.lower_is_better:
        return html.P(
            _(
                "The 2030 goal is to halve violence; {label} measures something to increase, "
                "so no halving target applies.",
                label=data.indicator.label,
            ),
            className="small",
        )
    if data.goal is None:
        return html.P(_("No network sets a reference year for a goal."), className="small")
    names = repo.city_names(list(data.progress))
    rows = [(c, names.get(c, c), p) for c, p in data.progress.items()]
    network = str(repo.table("networks").at[data.goal.network_id, "name"])
    caption = _(
        "Baseline: the reference year of {network}, {year} (a 3-year average around it when all "
        "three years have data). Target: half the baseline by 2030. Rates, not the chart's "
        "display options. See the methods page for the rule.",
        network=network,
        year=data.goal.reference_year,
    )
    chosen = str(repo.table("networks").at[data.state.network, "name"])
    if data.state.network != data.goal.network_id:
        caption = (
            _(
                "{chosen} sets no baseline year, so {network}'s is used.",
                chosen=chosen,
                network=network,
            )
            + " "
            + caption
        )
    notes = {
        c: _("has not pledged the goal of {network}", network=network)
        for c in data.progress
        if c not in data.pledged
    }
    return progress_table(rows, unit=data.indicator.unit, caption=caption, notes=notes)


Outputs = tuple[go.Figure, Any, str, str, Component, Component]


def nothing_drawn(repo: Repository, data: Chart) -> str | None:
    """Why the chart stays empty, saying what to choose; None when it draws."""
    if not chosen(data.state):
        return _(
            "No city is chosen. Choose one or more cities, or a group under Quick pick, to "
            "draw the chart."
        )
    problem = year_problem(data)
    if problem or data.lines["plotted"].notna().sum() == 0:
        return problem or _("No data for this selection.")
    return None


def update(repo: Repository, search: str | None) -> Outputs:
    state, _problems = TrendsState.parse(search or "")
    data = chart(repo, state)
    href = csv_href(data.state)
    no_progress = progress_section(repo, data)
    message = nothing_drawn(repo, data)
    if message:
        return (
            empty(data.indicator.label, message),
            None,
            message,
            href,
            no_progress if chosen(data.state) else None,
            view.span_list(data.spans),
        )
    figure, source = figure_of(repo, data, plain=True)
    return (
        figure,
        demo_notice(source),
        describe(data),
        href,
        no_progress,
        view.span_list(data.spans),
    )


def table_of(repo: Repository, search: str | None) -> Component:
    """The chart's "Show as table", built once the reader opens it (callbacks/trends.py): ten
    cities' table is hundreds of components, which cost more than the rest of the answer."""
    state, _problems = TrendsState.parse(search or "")
    data = chart(repo, state)
    message = nothing_drawn(repo, data)
    if message:
        return html.P(message, className="small")
    _title, unit = labels(data)
    return view.wide_table(data.lines, unit=unit)


def drawn(repo: Repository, state: TrendsState, *, plain: bool = False) -> r.Chart:
    """The trend chart alone, as an embed and a slide draw it."""
    data = chart(repo, state)
    figure, source = figure_of(repo, data, plain=plain)
    title, _unit = labels(data)
    message = nothing_drawn(repo, data)
    rows = data.lines[CSV_COLUMNS]  # the CSV's rows: trends' `table`
    if message:
        return r.Chart(empty(title, message), title, source, message, rows=rows)
    drawn = data.cities[data.cities["plotted"].notna()]
    names = list(dict.fromkeys(drawn["city"].astype(str)))
    what = _("{title}: {cities}", title=title, cities=r.names_text(names)) if names else title
    return r.Chart(figure, r.slide_title(what, drawn["year"]), source, describe(data), rows=rows)


VIEW = View(
    name="trends",
    lazy=("graph", "dropdown"),
    path="/trends",
    title=N_("Trends"),
    nav=N_("Trends"),
    state=TrendsState,
    page=page,
    chart=drawn,
    table=table,
    embed=choices.indicator,
    needs_observations=True,
    warm=("",),
    # the city picker's labels; the observations' index (the city page's too)
    warmers=(options.city_choices, lambda repo: reporting_cities(repo, repo.default_indicator())),
    location=Trends.URL,
    wiring=Wiring(
        controls=view.CONTROLS,
        outputs=[
            (Trends.GRAPH, "figure"),
            (Trends.NOTICE, "children"),
            (Trends.SUMMARY, "children"),
            (Trends.DOWNLOAD, "href"),
            (Trends.PROGRESS, "children"),
            (Trends.SPAN_LIST, "children"),
        ],
        update=update,
        resolve=lambda repo, state: for_controls(resolve(repo, state)),
        # a cleared city picker is a choice of no city, not the default cities
        adjust=lambda _old, new: new if new.cities else new.replace(cities=NO_CITIES),
    ),
)
