"""Layout of /city/<city_id>, the mayor's page: headline cards, the trend with its glide path,
why the city is (or is not) on track, its interventions, networks and peers. Prints as a one-page
A4 brief (assets/print.css)."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from components.common import (
    chart_tools,
    control,
    graph,
    intervention_link,
    simple_table,
    summary,
    table_details,
)
from components.ids import City
from components.progress import number, percent, status_badge
from data import rows as frame_rows
from data.i18n import _
from data.queries.city import Profile
from data.queries.goals import Status
from data.schema import ROLES


def layout(
    city: pd.Series,
    *,
    indicator: str,
    indicators: list[dict[str, str]],
    networks: pd.DataFrame,
    built_at: str = "",
    public_url: str = "",
) -> Component:
    """The static part of the page; the callback fills what depends on the indicator.
    `built_at` dates the data on the printed brief; `public_url` is the observatory's address
    for readers (empty: the address the page is opened at, filled in by assets/print.js)."""
    population = (
        _("population {population}", population=number(int(city["population"]), 0))
        if pd.notna(city["population"])
        else ""
    )
    facts = " · ".join(p for p in (str(city["country_name"]), population) if p)
    return html.Div(
        [
            dcc.Location(id=City.URL, refresh=False),
            html.Header(
                [
                    html.P(
                        html.A(_("← All cities"), href="/city"),
                        className="small mb-1 d-print-none",
                    ),
                    html.P(
                        [_("Urban Peace Observatory"), " · ", _("City brief")],
                        className="d-none d-print-block city-print-brand",
                    ),
                    html.H1(
                        _("{city}: violence and the 2030 goal", city=city["name"]),
                        className="h3 mb-1",
                    ),
                    html.P(facts, className="text-body-secondary mb-2"),
                ]
            ),
            html.Div(id=City.NOTICE),
            dbc.Row(
                [
                    control(
                        _("Indicator"),
                        dbc.Select(id=City.INDICATOR, options=indicators, value=indicator),
                        width=5,
                    ),
                    dbc.Col(
                        html.Button(
                            _("Print this brief"),
                            id=City.PRINT,
                            type="button",
                            className="btn btn-outline-secondary btn-sm",
                        ),
                        md=7,
                        className="d-flex align-items-end justify-content-md-end mb-2 d-print-none",
                    ),
                ],
                className="city-controls",
            ),
            html.Section(id=City.CARDS, className="mb-2", **{"aria-label": _("Headlines")}),
            html.P(id=City.WHY, className="city-why"),
            graph(City.GRAPH, file_name=f"observatory-{city.name}", summary=City.SUMMARY),
            chart_tools(City.GRAPH, download_id=City.DOWNLOAD, href="/data/city.csv"),
            summary("", City.SUMMARY),
            table_details(City.TABLE, details_id=City.TABLE_OPEN),
            dbc.Row(
                [
                    dbc.Col(
                        html.Section(
                            [
                                html.H2(_("What the city did"), className="h5 mt-3"),
                                html.Div(id=City.INTERVENTIONS),
                            ],
                            className="city-did",
                        ),
                        lg=7,
                    ),
                    dbc.Col(
                        [
                            html.Section(
                                [
                                    html.H2(_("Networks and roles"), className="h5 mt-3"),
                                    network_list(networks),
                                ],
                                className="city-networks",
                            ),
                            html.Section(
                                [
                                    html.H2(
                                        _("Peer cities: similar size, same region"),
                                        className="h5 mt-3",
                                    ),
                                    html.Div(id=City.PEERS),
                                ],
                                className="city-peers",
                            ),
                        ],
                        lg=5,
                    ),
                ],
                className="city-lower",
            ),
            print_footer(str(city["city_id"]), built_at=built_at, public_url=public_url),
        ],
        className="city-page",
    )


def print_footer(city_id: str, *, built_at: str, public_url: str) -> Component:
    """What a printed brief needs to be traced back: the data's date and the page's address
    (assets/print.js completes it to the full address, with the language, before printing)."""
    return html.Div(
        [
            _("Data built {date}.", date=built_at[:10]),
            " ",
            html.A(
                f"{public_url}/city/{city_id}",
                href=f"{public_url}/city/{city_id}",
                id=City.PRINT_URL,
                className="city-print-url",
                **{"data-base": public_url},
            ),
        ],
        className="d-none d-print-block city-print-footer",
    )


def choose_city(cities: list[dict[str, str]], *, unknown: str = "") -> Component:
    """/city without an id (or with an unknown one): every city, as links."""
    lead = _("Choose a city for its one-page brief on violence and the 2030 goal.")
    if unknown:
        lead = _("There is no city '{city}' in the observatory.", city=unknown) + " " + lead
    return html.Div(
        [
            html.Header(
                [
                    html.H1(_("City profiles"), className="h3 mb-1"),
                    html.P(lead, className="text-body-secondary mb-3"),
                ]
            ),
            html.Ul(
                [html.Li(html.A(c["label"], href=f"/city/{c['value']}")) for c in cities],
                className="city-index",
            ),
        ]
    )


def _card(title: str, value: Component | str, detail: str) -> Component:
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.H2(title, className="h6 text-body-secondary mb-1"),
                    html.P(value, className="fs-4 fw-semibold mb-1 card-value"),
                    html.P(detail, className="small mb-0"),
                ]
            ),
            className="h-100",
        ),
        # one card a row on a phone: two in 320 px broke words such as "comprometidos" in two
        xs=12,
        sm=6,
        lg=3,
        className="mb-2",
    )


def year_span(years: tuple[int, ...]) -> str:
    """'2019', or '2018–2020 average' for a baseline averaged over years."""
    if len(years) == 1:
        return str(years[0])
    return _("{first}–{last} average", first=years[0], last=years[-1])


def _no_goal(p: Profile) -> str:
    """Why there is no status: the indicator has nothing to halve, or no network sets a
    reference year (then say exactly what to set, and where)."""
    if not p.chart.indicator.lower_is_better:
        return _("Higher is better for this indicator: nothing to halve.")
    return _(
        "No network in the observatory sets a reference year for the halving goal. Give the "
        "city's network a reference_year in networks.csv (2019 for Peace in Our Cities), or add "
        "the city to such a network in memberships.csv, then build again."
    )


def _status_detail(p: Profile) -> str:
    progress = p.progress
    assert progress is not None
    judged = progress.judged
    if progress.status is Status.TOO_OLD:
        detail = _("a status needs a value from {year} or later", year=progress.oldest_judged)
    elif progress.status is Status.NOT_ENOUGH_DATA:
        detail = _("see why below")
    elif progress.status is Status.TOO_CLOSE and judged is not None:
        detail = _(
            "95% interval {low}–{high} around the glide path's {expected}",
            low=number(judged.low),
            high=number(judged.high),
            expected=number(judged.expected),
        )
    elif progress.reached:
        detail = _("target {target} reached", target=number(progress.target))
    elif progress.needed is not None:
        detail = _("needs {needed} a year to 2030", needed=percent(progress.needed))
    else:
        detail = _("at or below the target {target}", target=number(progress.target))
    if not p.own_goal and p.goal is not None:
        detail += " · " + _("goal of {network}, not pledged", network=p.goal.name)
    return detail


def _rank_card(p: Profile) -> Component:
    title = _("Rank among network peers")
    if p.rank is not None:
        detail = _(
            "among the pledging members of {network}; 1 = largest fall since baseline",
            network=p.rank.network,
        )
        if p.rank.unranked:
            detail += " · " + _("{n} more not ranked: fewer than 20 events", n=p.rank.unranked)
        return _card(title, f"{p.rank.position} / {p.rank.of}", detail)
    if p.goal is not None and not p.own_goal:
        roles = [_(ROLES.get(r, r)).lower() for r in p.goal_roles]
        detail = (
            _(
                "Not ranked: {roles} of {network}, not a city that pledged its goal",
                roles=", ".join(roles),
                network=p.goal.name,
            )
            if roles
            else _("Not ranked: not a pledging member of a network with a goal")
        )
    elif p.progress is not None and p.progress.change is not None and not p.progress.rankable:
        detail = (
            _("Not ranked: the latest value rests on fewer than 20 events")
            if p.progress.status in (Status.ON_TRACK, Status.OFF_TRACK, Status.TOO_CLOSE)
            else _("Not ranked without a current status")
        )
    else:
        detail = _("no change since baseline to compare")
    return _card(title, "–", detail)


def cards(p: Profile) -> Component:
    """Latest value, change since baseline, status toward 2030, rank among network peers."""
    indicator = p.chart.indicator
    rows = p.chart.cities[p.chart.cities["value"].notna()]
    if rows.empty:
        return html.P(_("No {label} data for this city.", label=indicator.label), className="mb-0")
    last = rows.iloc[-1]
    detail = indicator.unit
    if bool(last["unstable"]):
        detail += " · " + _(
            "unstable: {events} events, 95% interval {low}–{high}",
            events=number(float(last["count"]), 0),
            low=number(float(last["low"])),
            high=number(float(last["high"])),
        )
    latest = _card(
        _("Latest ({year})", year=int(last["year"])), number(float(last["value"])), detail
    )
    progress = p.progress
    if progress is None:
        return dbc.Row([latest, _card(_("Toward 2030"), status_badge(None), _no_goal(p))])
    base = progress.baseline
    change = _card(
        _("Change since baseline"),
        percent(progress.change),
        _("baseline {value} ({years})", value=number(base.value), years=year_span(base.years))
        if base is not None
        else _("no baseline for {year}", year=progress.reference_year),
    )
    status = _card(_("Toward halving by 2030"), status_badge(progress), _status_detail(p))
    return dbc.Row([latest, change, status, _rank_card(p)])


def network_list(networks: pd.DataFrame) -> Component:
    if networks.empty:
        return html.P(_("Not a member of any network in the observatory."), className="small")
    items = []
    for r in frame_rows.rows(networks, ("joined", "left", "network", "role")):
        since = (
            _("since {year}", year=int(r.joined))
            if pd.isna(r.left)
            else _("{joined}–{left}", joined=int(r.joined), left=int(r.left))
        )
        items.append(html.Li([html.Strong(r.network), f" · {r.role} · {since}"]))
    return html.Ul(items, className="small mb-0")


PEER_COLUMNS = ("name", "city_id", "population", "value", "year", "status")


def peer_table(peers: pd.DataFrame, *, unit: str, compare: str = "") -> Component:
    """`compare`: the /trends view of the city and its peers, each line named at its end."""
    if peers.empty:
        return html.P(_("No other city of this region in the observatory."), className="small")
    body = [
        [
            html.A(r.name, href=f"/city/{r.city_id}"),
            number(int(r.population), 0),
            "–" if pd.isna(r.value) else f"{number(float(r.value))} ({r.year})",
            status_badge(Status(r.status), None if pd.isna(r.year) else int(r.year))
            if r.status
            else _("no halving goal"),
        ]
        for r in frame_rows.rows(peers, PEER_COLUMNS)
    ]
    header = [_("City"), _("Population"), _("Latest ({unit})", unit=unit), _("Toward 2030")]
    if not compare:
        return simple_table(header, body)
    link = html.A(_("Compare them over time"), href=compare, className="small d-print-none")
    return html.Div([simple_table(header, body), link])


def intervention_list(interventions: pd.DataFrame) -> Component:
    if interventions.empty:
        return html.P(_("No interventions recorded for this city."), className="small")
    items = []
    listed = ("title", "intervention_id", "start", "end", "open_end", "lead_organisation")
    for r in frame_rows.rows(interventions, listed):
        items.append(
            html.Li(
                [
                    *intervention_link(r),
                    html.Span(f" · {r.lead_organisation}", className="text-body-secondary")
                    if isinstance(r.lead_organisation, str) and r.lead_organisation
                    else "",
                ]
            )
        )
    return html.Ul(items, className="small mb-2")
