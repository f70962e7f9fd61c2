"""/map: controls -> URL -> map data, members-per-year chart, overview panel and member list.

The year slider lives in the browser (`assets/map.js`): it redraws the map from data sent once
per filter change and writes `year=` into the URL only when it comes to rest. Everything that
depends on the year (summary, overview, member list, CSV links) follows the URL here.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial
from typing import Any

import dash_bootstrap_components as dbc
import pandas as pd
import plotly.graph_objects as go
from dash import ClientsideFunction, Dash, Input, Output, State, html, no_update
from dash.development.base_component import Component

from callbacks import preloads
from callbacks.response_cache import cached_inputs
from callbacks.url_state import csv_href, register_view
from components import map as view
from components.common import TOPOJSON_URL, demo_notice, query_notice
from components.figures.geo import (
    IndicatorColour,
    MapText,
    browser_map,
    membership_map,
    outline_file,
)
from components.figures.networks import (
    composition_figure,
    members_per_year_figure,
    network_colours,
    overlap_figure,
)
from components.figures.style import empty
from components.ids import Map
from data.i18n import _
from data.queries import map as q
from data.queries import options
from data.queries.common import Attribution, attribution, frame_attribution
from data.repository import Repository
from data.schema import ROLES


def page(repo: Repository, search: str) -> Component:
    """The page comes with its map's data, so the map draws without asking again."""
    state, problems = q.MapState.parse(search)
    state = q.resolve(repo, state)
    return html.Div(
        [
            query_notice(problems),
            view.layout(
                state,
                networks=options.network_options(repo),
                roles=q.role_options(),
                regions=q.region_options(),
                colours=q.colour_options(repo),
                span=q.years(repo),
                year=q.year_of(repo, state),
                drawn=drawn(repo, state),
            ),
        ]
    )


def _names(repo: Repository) -> dict[str, str]:
    networks = repo.table("networks")
    return dict(zip(networks.index, networks["name"]))


def _join(names: list[str], limit: int = 25) -> str:
    if len(names) <= limit:
        return ", ".join(names)
    return _("{names} and {more} more", names=", ".join(names[:limit]), more=len(names) - limit)


def describe(repo: Repository, state: q.MapState, rows: pd.DataFrame) -> str:
    """What the map shows, in words: the answer to 'which cities joined since 2019, and which
    of them are also in the Strong Cities Network' without reading the dots."""
    year = q.year_of(repo, state)
    names = _names(repo)
    cities = rows.drop_duplicates("city_id")
    if state.networks:
        which = _(" and ").join(names[n] for n in state.networks)
    else:
        which = _("any network")
    text = _(
        "In {year}, {n} cities in {countries} countries belonged to {which}",
        year=year,
        n=len(cities),
        countries=cities["country"].nunique(),
        which=which,
    )
    if state.since is not None:
        text += " " + _("(joined in {since} or later)", since=state.since)
    text += "."
    several = int((rows.groupby("city_id")["network_id"].nunique() > 1).sum())
    if not state.networks or len(state.networks) > 1:
        text += " " + _("{several} of them belong to two or more of these.", several=several)
    for network, members in q.also_members(repo, state, rows).items():
        text += " " + _(
            "{k} of them are also in {network}: {names}.",
            k=len(members),
            network=names[network],
            names=_join(members) or "–",
        )
    return text


@dataclass(frozen=True)
class Captions:
    """The map's words: title, subtitle and source, and the colour bar's when coloured by an
    indicator."""

    text: MapText
    colour: IndicatorColour | None
    title: str
    source: Attribution


def captions(repo: Repository, state: q.MapState) -> Captions:
    names = _names(repo)
    source = attribution(repo, q.map_sources(repo, state))
    indicator = None if state.colour == q.NETWORK_COLOUR else repo.indicator(state.colour)
    if state.networks and state.also:
        title = _(
            "Member cities: {networks}, compared with {others}",
            networks=", ".join(names[n] for n in state.networks),
            others=", ".join(names[n] for n in state.also),
        )
    elif state.networks:
        title = _("Member cities: {networks}", networks=", ".join(names[n] for n in state.networks))
    else:
        title = _("Member cities of {n} networks", n=len(names))
    if indicator is None:
        subtitle = _("One ring per network a city belongs to; dot size: population")
    else:
        subtitle = _("Colour: latest {label}; dot size: population", label=indicator.label)
    colour = (
        IndicatorColour(
            title=_("{label}, {unit}", label=indicator.label, unit=indicator.unit),
            lower_is_better=indicator.lower_is_better,
            no_data=_("No data"),
        )
        if indicator
        else None
    )
    text = MapText(
        title=title, subtitle=subtitle, source=source.text(), year=str(q.year_of(repo, state))
    )
    return Captions(text=text, colour=colour, title=title, source=source)


def map_figure(
    repo: Repository, state: q.MapState, points: pd.DataFrame, periods: pd.DataFrame, *, year: int
) -> tuple[go.Figure, str, Attribution]:
    """The map as it stands in `year`, with its title and sources (for export and embedding)."""
    words = captions(repo, state)
    figure = membership_map(
        points,
        periods,
        year=year,
        networks=_names(repo),
        text=words.text,
        region=state.region,
        indicator=words.colour,
    )
    return figure, words.title, words.source


def map_data(repo: Repository, state: q.MapState) -> dict[str, Any]:
    """Every marker of every year, compactly (see components/figures/geo.py): the browser draws
    the year on the slider from this without asking again."""
    points, periods = q.map_points(repo, state)
    words = captions(repo, state)
    drawn = browser_map(
        points,
        periods,
        networks=_names(repo),
        text=words.text,
        region=state.region,
        indicator=words.colour,
    )
    return {**drawn, "graph": Map.GRAPH}


def drawn(repo: Repository, state: q.MapState) -> view.Drawn:
    """The map of every year and the members-per-year chart, for a resolved state."""
    per_year = q.members_per_year(repo, state)
    if per_year.empty:
        chart = empty(_("Members per network, by year"))
    else:
        chart = members_per_year_figure(
            per_year,
            year=q.year_of(repo, state),
            colours=network_colours(repo.table("networks").index),
            source=frame_attribution(repo, q.history(repo, state)).text(),
        )
    key = state.replace(year=None).to_query()
    return view.Drawn(map_data=map_data(repo, state), chart=chart.to_plotly_json(), key=key)


def update_map(repo: Repository, search: str | None, key: str | None) -> tuple[Any, Any, str]:
    """The map and the members-per-year chart, sent again only when a filter (not the year)
    changed: the browser moves through the years on its own."""
    state, _problems = q.MapState.parse(search or "")
    state = q.resolve(repo, state)
    if state.replace(year=None).to_query() == key:
        return no_update, no_update, no_update
    answer = drawn(repo, state)
    return answer.map_data, answer.chart, answer.key


def facts_table(facts: pd.DataFrame) -> Component:
    """Each network's founding year, secretariat and source, as a plain accessible table."""

    def link(text: str, url: object) -> Component | str:
        return html.A(text, href=str(url)) if isinstance(url, str) and url else text

    def cell(value: object) -> str:
        if value is None or (isinstance(value, float) and pd.isna(value)) or value is pd.NA:
            return "–"
        return str(int(value)) if isinstance(value, float) else str(value)

    header = html.Thead(
        html.Tr(
            [
                html.Th(_("Network"), scope="col"),
                html.Th(_("Founded"), scope="col"),
                html.Th(_("Secretariat"), scope="col"),
                html.Th(_("Member cities shown"), scope="col", className="text-end"),
                html.Th(_("Source"), scope="col"),
            ]
        )
    )
    body = html.Tbody(
        [
            html.Tr(
                [
                    html.Th(link(row.network, row.url), scope="row"),
                    html.Td(cell(row.founded)),
                    html.Td(cell(row.secretariat)),
                    html.Td(str(row.members), className="text-end"),
                    html.Td(link(str(row.source), row.source_url)),
                ]
            )
            for row in facts.itertuples()
        ]
    )
    return dbc.Table([header, body], size="sm", responsive=True, className="small")


def table_rows(rows: pd.DataFrame) -> list[dict[str, Any]]:
    """The member list for the grid: labels people read, gaps as empty cells."""
    frame = rows.assign(
        role_label=rows["role"].map(lambda r: _(ROLES[r])),
        region_label=rows["region"].map(q.region_label),
    )
    frame = frame.astype(object).where(frame.notna(), None)
    return frame.to_dict("records")


def update(repo: Repository, search: str | None, _ready: bool | None = None) -> tuple[Any, ...]:
    state, _problems = q.MapState.parse(search or "")
    state = q.resolve(repo, state)
    rows = q.memberships(repo, state)
    href = csv_href(state)
    hrefs = href, "/data/memberships.csv" + href.removeprefix("/data/map.csv")
    facts = facts_table(q.network_facts(repo, rows))
    year = q.year_of(repo, state)
    if rows.empty:
        none = _("No member cities match.")
        blank = empty(_("Members per network"), none, height=300)
        return (None, none, *hrefs, facts, blank, blank, blank, none)
    att = frame_attribution(repo, rows)
    source = att.text()
    regions = q.composition(repo, rows, "region")
    roles = q.composition(repo, rows, "role")
    by_region = composition_figure(
        regions,
        by="region",
        labels={r: q.region_label(r) for r in q.REGIONS if r in set(regions["region"])},
        title=_("Member cities per network and region, {year}", year=year),
        axis=_("member cities"),
        source=source,
    )
    by_role = composition_figure(
        roles,
        by="role",
        labels={r: _(label) for r, label in ROLES.items() if r in set(roles["role"])},
        title=_("Memberships per network and role, {year}", year=year),
        axis=_("memberships"),
        source=source,
    )
    overlap = overlap_figure(q.overlap(repo, state, rows), names=_names(repo), source=source)
    count = _(
        "{n} memberships of {cities} cities in {year}. Sort by a column header, filter under it.",
        n=len(rows),
        cities=rows["city_id"].nunique(),
        year=year,
    )
    return (
        demo_notice(att),
        describe(repo, state, rows),
        *hrefs,
        facts,
        by_region,
        by_role,
        overlap,
        count,
    )


def member_list(repo: Repository, search: str | None, _wanted: bool | None) -> Component:
    state, _problems = q.MapState.parse(search or "")
    return view.member_grid(table_rows(q.memberships(repo, q.resolve(repo, state))))


def outline(path: str, query: str) -> list[str]:
    """The map page draws its countries at once: its HTML preloads their outline."""
    if path.rstrip("/") != "/map":
        return []
    state, _problems = q.MapState.parse(query)
    return [TOPOJSON_URL + outline_file(state.region)]


def register(app: Dash, repo: Repository) -> None:
    preloads(app.server).append(outline)
    register_view(
        app,
        location=Map.URL,
        state_cls=q.MapState,
        controls=view.CONTROLS,
        outputs=[
            (Map.NOTICE, "children"),
            (Map.SUMMARY, "children"),
            (Map.DOWNLOAD, "href"),
            (Map.MEMBERS_DOWNLOAD, "href"),
            (Map.FACTS, "children"),
            (Map.BY_REGION, "figure"),
            (Map.BY_ROLE, "figure"),
            (Map.OVERLAP, "figure"),
            (Map.TABLE_COUNT, "children"),
        ],
        update=partial(update, repo),
        resolve=partial(q.resolve, repo),
        after=(Map.READY, "data"),  # the overview and summary come once the map is on screen
    )
    app.callback(
        Output(Map.MAP_DATA, "data"),
        Output(Map.CHART_DATA, "data"),
        Output(Map.MAP_KEY, "data"),
        Input(Map.URL, "search"),
        State(Map.MAP_KEY, "data"),
        prevent_initial_call=True,  # the page comes with its map's data
    )(partial(update_map, repo))
    js = partial(ClientsideFunction, "observatoryMap")
    app.clientside_callback(
        js("listWanted"),
        Output(Map.LIST_WANTED, "data"),
        Input(Map.READY, "data"),
        State(Map.LIST_WANTED, "data"),
        State(Map.CONFIG, "data"),
    )
    # set to true once per page: the answer still follows the URL alone
    cached_inputs(app.server).add((Map.LIST_WANTED, "data"))
    app.callback(
        Output(Map.TABLE_HOLDER, "children"),
        Input(Map.URL, "search"),
        Input(Map.LIST_WANTED, "data"),  # the list (and its 600 KB library) when it is near
    )(partial(member_list, repo))
    app.clientside_callback(
        js("draw"),
        Output(Map.GRAPH, "figure"),
        Input(Map.YEAR, "value"),
        Input(Map.YEAR, "drag_value"),
        Input(Map.MAP_DATA, "data"),
        State(Map.CONFIG, "data"),
    )
    app.clientside_callback(
        js("drawChart"),
        Output(Map.CHART, "figure"),
        Input(Map.YEAR, "value"),
        Input(Map.YEAR, "drag_value"),
        Input(Map.CHART_DATA, "data"),
        Input(Map.READY, "data"),
    )
    app.clientside_callback(
        js("drawn"),
        Output(Map.READY, "data"),
        Input(Map.MAP_DATA, "data"),
        State(Map.READY, "data"),
        State(Map.CONFIG, "data"),
    )
    app.clientside_callback(
        js("play"),
        Output(Map.YEAR, "value"),
        Output(Map.TICK, "disabled"),
        Output(Map.PLAY, "children"),
        Input(Map.PLAY, "n_clicks"),
        Input(Map.TICK, "n_intervals"),
        Input(Map.CHART, "clickData"),
        Input(Map.URL, "search"),
        State(Map.YEAR, "value"),
        State(Map.YEAR, "min"),
        State(Map.YEAR, "max"),
        State(Map.TICK, "disabled"),
        State(Map.CONFIG, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        js("commit"),
        Output(Map.URL, "search", allow_duplicate=True),
        Input(Map.YEAR, "value"),
        Input(Map.TICK, "disabled"),
        State(Map.URL, "search"),
        State(Map.YEAR, "max"),
        State(Map.CONFIG, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        js("open"),
        Output(Map.GRAPH, "className"),
        Input(Map.GRAPH, "clickData"),
        State(Map.CONFIG, "data"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        "function (n) { return n ? true : window.dash_clientside.no_update; }",
        Output(Map.TABLE, "exportDataAsCsv"),
        Input(Map.TABLE_EXPORT, "n_clicks"),
        prevent_initial_call=True,
    )
