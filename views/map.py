"""/map: the page and what the URL fills in it (map data, overview panel, CSV links)."""

from __future__ import annotations

from typing import Any

from dash import html
from dash.development.base_component import Component

from components import map as view
from components.common import TOPOJSON_URL, demo_notice, query_notice
from components.figures.geo import (
    browser_details,
    browser_map,
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
from components.map_chart import _names, captions, describe, facts_table, map_figure
from data.i18n import N_, _
from data.queries import map as q
from data.queries import options
from data.queries.common import attribution, frame_attribution
from data.repository import Repository
from data.schema import ROLES
from views import choices
from views.record import Chart, View, Wiring, csv_href


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


def map_data(repo: Repository, state: q.MapState) -> dict[str, Any]:
    """Every marker of every year, compactly (see components/figures/geo.py): the browser draws
    the year on the slider from this without asking again. Without the cities' hover texts:
    most of the map's bytes at thousands of cities, and read only by those who point at a city,
    so they come when the pointer nears the map (`map_details`, assets/map.js)."""
    drawn = _browser_map(repo, state)
    return {**drawn, "graph": Map.GRAPH, "key": map_key(state)}


def map_details(repo: Repository, state: q.MapState) -> dict[str, Any]:
    """The hover texts of `map_data`'s cities, in the same order, for the same `key`."""
    points, _periods = q.map_points(repo, state)
    return {"key": map_key(state), **browser_details(points)}


def map_key(state: q.MapState) -> str:
    """The query the map's data answers: every year's, so without the year ("?" alone when the
    view is the default one, never empty)."""
    return "?" + state.replace(year=None).to_query()


def _browser_map(repo: Repository, state: q.MapState) -> dict[str, Any]:
    points, periods = q.map_points(repo, state)
    words = captions(repo, state)
    return browser_map(
        points,
        periods,
        networks=_names(repo),
        text=words.text,
        region=state.region,
        indicator=words.colour,
    )


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
            source=attribution(repo, q.history_sources(repo, state)).text(),
            plain=True,
        )
    chart = chart if isinstance(chart, dict) else chart.to_plotly_json()
    return view.Drawn(map_data=map_data(repo, state), chart=chart, key=map_key(state))


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


def outline(state: q.MapState) -> list[str]:
    """The map page draws its countries at once: its HTML preloads their outline."""
    return [TOPOJSON_URL + outline_file(state.region)]


def chart(repo: Repository, state: q.MapState, *, plain: bool = False) -> Chart:
    """The map as it stands in the state's year (the page animates through the years)."""
    state = q.resolve(repo, state)
    points, periods = q.map_points(repo, state)
    year = q.year_of(repo, state)
    figure, title, source = map_figure(repo, state, points, periods, year=year, plain=plain)
    summary = describe(repo, state, q.memberships(repo, state))
    return Chart(figure, title, source, summary)


VIEW = View(
    name="map",
    path="/map",
    title=N_("Map"),
    nav=N_("Map"),
    state=q.MapState,
    page=page,
    chart=chart,
    table=lambda repo, s: q.points(repo, s).drop(columns=["source_id"]),
    tables={"memberships": lambda repo, s: q.memberships(repo, s).drop(columns=["source_id"])},
    embed=choices.network,
    needs_observations=True,
    warm=("",),
    preload=outline,
    lazy=("graph", "dropdown", "slider"),
    location=Map.URL,
    wiring=Wiring(
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
        update=update,
        resolve=q.resolve,
        after=(Map.READY, "data"),  # the overview and summary come once the map is on screen
    ),
)
