"""/city/<city_id>: the path names the city, `?indicator=` the indicator; both make the view.

The router hands the page `city=<id>` in its search string (see callbacks/routing.py); the page's
own location then only carries the indicator, so the link stays /city/cali?indicator=...
"""

from __future__ import annotations

from functools import partial
from typing import Any

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, ctx, html, no_update
from dash.development.base_component import Component

from callbacks import prefills
from callbacks.charts import link_spans
from callbacks.response_cache import cache_location
from callbacks.trends import describe, figure_of, labels
from callbacks.url_state import csv_href, next_search
from components import city as view
from components.common import demo_notice, graph, query_notice
from components.figures.trends import mini_timeline
from components.ids import City
from components.progress import explain
from components.trends import wide_table
from data.i18n import _
from data.queries import options
from data.queries.city import CityState, Profile, known, networks, profile, resolve
from data.queries.common import Attribution, attribution
from data.repository import Repository
from data.settings import Settings

PREFIX = "/city/"
CHART_HEIGHT = 340  # on screen; printed lower (assets/print.js): the brief fits one A4 page


def city_of(pathname: str | None) -> str:
    path = (pathname or "").rstrip("/")
    return path[len(PREFIX) :] if path.startswith(PREFIX) else ""


def page(repo: Repository, search: str) -> Component:
    state, problems = CityState.parse(search)
    if not known(repo, state.city):
        return view.choose_city(options.city_options(repo), unknown=state.city)
    state = resolve(repo, state)
    return html.Div(
        [
            query_notice(problems),
            view.layout(
                repo.table("cities").loc[state.city],
                indicator=state.indicator,
                indicators=options.indicator_options(repo),
                networks=networks(repo, state.city),
                built_at=repo.built_at,
                public_url=Settings.from_env().public_url,
            ),
        ]
    )


Outputs = tuple[Any, ...]


def city_figure(repo: Repository, p: Profile) -> tuple[go.Figure, Attribution]:
    title, _unit = labels(p.chart)
    named = _("{title}: {city}", title=title, city=str(p.city["name"]))
    return figure_of(repo, p.chart, title=named, height=CHART_HEIGHT)


def update(repo: Repository, pathname: str | None, search: str | None) -> Outputs:
    state, _problems = CityState.parse(search or "")
    state = state.replace(city=city_of(pathname))
    if not known(repo, state.city):
        return (no_update,) * 9
    p = profile(repo, state)
    data = p.chart
    _title, unit = labels(data)
    city_name = str(p.city["name"])
    figure, source = city_figure(repo, p)
    if data.lines["plotted"].notna().sum() == 0:
        text = _("No data for this selection.")
        table: Component = html.P(text, className="small")
    else:
        text = describe(data)
        table = wide_table(data.lines, unit=unit)
    why = ""
    if p.progress is not None and p.goal is not None:
        why = explain(
            p.progress,
            city=city_name,
            label=data.indicator.label,
            unit=data.indicator.unit,
            network=p.goal.name,
        )
        if not p.own_goal:
            why += " " + _(
                "{city} is not a member of {network}; its goal is used here for comparison.",
                city=city_name,
                network=p.goal.name,
            )
    interventions = [view.intervention_list(p.interventions)]
    if not p.interventions.empty:
        drawn = data.lines[data.lines["plotted"].notna()]
        first = int(drawn["year"].min()) if not drawn.empty else p.interventions["start"].min().year
        last = int(drawn["year"].max()) if not drawn.empty else p.interventions["end"].max().year
        timeline = mini_timeline(
            p.interventions,
            first=first,
            last=last,
            source=attribution(repo, p.interventions["source_id"]).text(),
        )
        interventions.append(
            graph(City.TIMELINE, file_name=f"{state.city}_interventions", figure=timeline)
        )
    return (
        view.cards(p),
        why,
        figure,
        demo_notice(source),
        text,
        table,
        csv_href(p.state),
        interventions,
        view.peer_table(p.peers, unit=data.indicator.unit),
    )


def sync(
    repo: Repository, search: str | None, value: str | None, pathname: str | None
) -> tuple[Any, Any]:
    """The indicator select writes the URL; back/forward (the URL) moves the select."""
    if ctx.triggered_id == City.URL:
        state = resolve(repo, CityState.parse(search or "")[0].replace(city=city_of(pathname)))
        return no_update, (state.indicator if state.indicator != value else no_update)
    new = next_search(CityState, search, {"indicator": value})
    return (new if new != (search or "") else no_update), no_update


PRINT = """
function (clicks) {
    if (clicks) { window.print(); }
    return window.dash_clientside.no_update;
}
"""


def register(app: Dash, repo: Repository) -> None:
    cache_location(app.server, City.URL)  # path and query decide the page: cache it
    app.callback(
        Output(City.URL, "search"),
        Output(City.INDICATOR, "value"),
        Input(City.URL, "search"),
        Input(City.INDICATOR, "value"),
        State(City.URL, "pathname"),
        prevent_initial_call=True,
    )(partial(sync, repo))
    outputs = [
        (City.CARDS, "children"),
        (City.WHY, "children"),
        (City.GRAPH, "figure"),
        (City.NOTICE, "children"),
        (City.SUMMARY, "children"),
        (City.TABLE, "children"),
        (City.DOWNLOAD, "href"),
        (City.INTERVENTIONS, "children"),
        (City.PEERS, "children"),
    ]
    prefills(app.server)[City.URL] = (outputs, partial(update, repo))
    app.callback(
        *[Output(i, prop) for i, prop in outputs],
        Input(City.URL, "pathname"),
        Input(City.URL, "search"),
        prevent_initial_call=True,  # the page comes with its first answer (routing.render)
    )(partial(update, repo))
    app.clientside_callback(
        PRINT, Output(City.PRINT, "title"), Input(City.PRINT, "n_clicks"), prevent_initial_call=True
    )
    link_spans(app, City.GRAPH)
    link_spans(app, City.TIMELINE)
