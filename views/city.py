"""/city/<city_id>: the path names the city, `?indicator=` the indicator; both make the view."""

from __future__ import annotations

from html import unescape
from typing import Any

from dash import html, no_update
from dash.development.base_component import Component

from components import city as view
from components.common import chart_table, demo_notice, graph, query_notice
from components.figures.style import title_of
from components.figures.trends import mini_timeline
from components.ids import City
from components.progress import explain, not_pledged_text
from components.trend_chart import city_figure, describe, labels
from components.trends import wide_table
from data.i18n import N_, _
from data.queries import options
from data.queries.city import (
    CityState,
    known,
    networks,
    profile,
    resolve,
    table,
    trends_state,
)
from data.queries.common import attribution
from data.queries.interventions import InterventionsState
from data.queries.trends import CSV_COLUMNS, TrendsState
from data.queries.trends import chart as trend_chart
from data.repository import Repository
from data.settings import Settings
from views import choices
from views.record import Chart, UnknownView, View, csv_href, slide_title

PREFIX = "/city/"


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


def update(repo: Repository, pathname: str | None, search: str | None) -> Outputs:
    state, _problems = CityState.parse(search or "")
    state = state.replace(city=city_of(pathname))
    if not known(repo, state.city):
        return (no_update,) * 8
    p = profile(repo, state)
    data = p.chart
    city_name = str(p.city["name"])
    figure, source = city_figure(repo, data, city_name, plain=True)
    drew = data.lines["plotted"].notna().any()
    text = describe(data) if drew else _("No data for this selection.")
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
            why += " " + not_pledged_text(p, city=city_name)
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
            plain=True,
        )
        mine = InterventionsState(cities=(state.city,)).to_query()
        interventions += [
            graph(City.TIMELINE, file_name=f"{state.city}_interventions", figure=timeline),
            chart_table(City.TIMELINE, "city", "interventions", query=mine),
        ]
    peers = TrendsState(indicator=p.state.indicator, cities=(state.city, *p.peers["city_id"]))
    compare = f"/trends?{peers.to_query()}"
    return (
        view.cards(p),
        why,
        figure,
        demo_notice(source),
        text,
        csv_href(p.state),
        interventions,
        view.peer_table(p.peers, unit=data.indicator.unit, compare=compare),
    )


def table_of(repo: Repository, pathname: str | None, search: str | None) -> Component:
    """The chart's "Show as table", built once the reader opens it (callbacks/city.py): most
    of the page's components, for the few who open it."""
    state, _problems = CityState.parse(search or "")
    state = state.replace(city=city_of(pathname))
    if not known(repo, state.city):
        return no_update
    data = trend_chart(repo, trends_state(repo, state))
    if not data.lines["plotted"].notna().any():
        return html.P(_("No data for this selection."), className="small")
    return wide_table(data.lines, unit=labels(data)[1])


def chart(repo: Repository, state: CityState, *, plain: bool = False) -> Chart:
    if not known(repo, state.city):
        raise UnknownView(_("No city with the id '{city}'.", city=state.city))
    data = trend_chart(repo, trends_state(repo, state))  # the chart alone: not the whole profile
    name = str(repo.table("cities").at[state.city, "name"])
    figure, source = city_figure(repo, data, name, plain=plain)
    title = unescape(title_of(figure))  # the figure holds it as plotly text
    drawn = data.cities[data.cities["plotted"].notna()]
    rows = data.lines[CSV_COLUMNS]  # the CSV's rows: `table`
    return Chart(figure, slide_title(title, drawn["year"]), source, describe(data), rows=rows)


# The page's callbacks follow its path as well as its query: callbacks/city.py wires them.
VIEW = View(
    name="city",
    lazy=("graph",),
    path="/city",
    path_param="city",
    title=N_("City profile"),
    nav=N_("Cities"),
    state=CityState,
    page=page,
    chart=chart,
    table=table,
    embed=choices.indicator,
    needs_observations=True,
    location=City.URL,
    missing=lambda repo, state: (
        None
        if not state.city or known(repo, state.city)  # /city alone lists every city
        else _("There is no city '{city}' in the observatory.", city=state.city)
    ),
)
