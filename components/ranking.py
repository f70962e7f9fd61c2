"""Layout of `/ranking`: the league table's filters, its chart and its table."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from components.common import chart_table, chart_tools, control, graph, page_header, summary
from components.ids import Ranking
from components.progress import STATUS_TEXT, status_badge
from data.geo import REGIONS
from data.i18n import _, number
from data.queries.goals import Status
from data.queries.ranking import FEW_EVENTS, RankingState
from data.state import form_value

CONTROLS = {
    "indicator": Ranking.INDICATOR,
    "year": Ranking.YEAR,
    "network": Ranking.NETWORK,
    "status": Ranking.STATUS,
    "country": Ranking.COUNTRY,
    "region": Ranking.REGION,
    "min_population": Ranking.MIN_POPULATION,
    "max_population": Ranking.MAX_POPULATION,
}
POPULATION_STEPS = (100_000, 250_000, 500_000, 1_000_000, 2_000_000, 5_000_000)


def _select(component_id: str, items: list[dict[str, str]], value: object, empty: str) -> Component:
    return dbc.Select(
        id=component_id,
        options=[{"label": empty, "value": ""}, *items],
        value=form_value(value),
        placeholder=empty,  # dbc shows it for the value ""
    )


def _population(component_id: str, value: int | None, empty: str) -> Component:
    steps = sorted({*POPULATION_STEPS, *([value] if value is not None else [])})
    items = [{"label": number(s, 0), "value": str(s)} for s in steps]
    return _select(component_id, items, value, empty)


def layout(
    state: RankingState,
    *,
    indicators: list[dict[str, str]],
    years: list[int],
    countries: list[dict[str, str]],
    networks: list[dict[str, str]],
) -> Component:
    regions = [{"label": _(label), "value": r} for r, label in REGIONS.items()]
    statuses = [{"label": _(STATUS_TEXT[s]), "value": s.value} for s in Status]
    shown = sorted({*years, state.year}) if state.year is not None else years  # as asked
    year_items = [{"label": str(y), "value": str(y)} for y in reversed(shown)]
    return html.Div(
        [
            dcc.Location(id=Ranking.URL, refresh=False),
            page_header(
                _("Ranking"),
                _(
                    "Cities ranked by an indicator in one year. Values resting on fewer than 20 "
                    "events are listed without a place: chance alone could move them."
                ),
            ),
            html.Div(id=Ranking.NOTICE),
            dbc.Row(
                [
                    control(
                        _("Indicator"),
                        dbc.Select(id=Ranking.INDICATOR, options=indicators, value=state.indicator),
                        width=4,
                    ),
                    control(
                        _("Year"),
                        dbc.Select(
                            id=Ranking.YEAR, options=year_items, value=form_value(state.year)
                        ),
                        width=2,
                    ),
                    control(
                        _("Network"),
                        _select(Ranking.NETWORK, networks, state.network, _("All cities")),
                        width=3,
                    ),
                    control(
                        _("2030 status"),
                        _select(Ranking.STATUS, statuses, state.status, _("Any status")),
                        width=3,
                    ),
                ]
            ),
            dbc.Row(
                [
                    control(
                        _("Country"),
                        _select(Ranking.COUNTRY, countries, state.country, _("All countries")),
                        width=3,
                    ),
                    control(
                        _("Region"),
                        _select(Ranking.REGION, regions, state.region, _("All regions")),
                        width=3,
                    ),
                    control(
                        _("Population from"),
                        _population(Ranking.MIN_POPULATION, state.min_population, _("Any")),
                        width=3,
                    ),
                    control(
                        _("Population up to"),
                        _population(Ranking.MAX_POPULATION, state.max_population, _("Any")),
                        width=3,
                    ),
                ]
            ),
            summary("", Ranking.SUMMARY),
            html.Div(id=Ranking.TABLE, className="table-responsive"),
            graph(Ranking.GRAPH, file_name="observatory-ranking", summary=Ranking.SUMMARY),
            chart_tools(Ranking.GRAPH, download_id=Ranking.DOWNLOAD, href="/data/ranking.csv"),
            chart_table(Ranking.GRAPH, "ranking"),
        ]
    )


def _value(row: pd.Series) -> str:
    if pd.isna(row["value"]):
        return "–"
    text = number(row["value"])
    if pd.notna(row["low"]) and pd.notna(row["high"]):
        text += f" ({number(row['low'])}–{number(row['high'])})"
    return text


def _place(row: pd.Series, year: int) -> Component | str:
    if pd.notna(row["rank"]):
        if row["rank_best"] == row["rank_worst"]:
            return str(int(row["rank"]))
        could = _("could be {best}–{worst}", best=row["rank_best"], worst=row["rank_worst"])
        return html.Span(
            [str(int(row["rank"])), html.Br(), html.Small(could, className="text-body-secondary")]
        )
    why = (
        _("not ranked: fewer than 20 events")
        if row["not_ranked"] == FEW_EVENTS
        else _("no value for {year}", year=year)
    )
    return html.Span(["–", html.Br(), html.Small(why, className="text-body-secondary")])


def _status(row: pd.Series, network: str) -> Component | str:
    if not row["status"]:
        return _("No halving goal")
    year = None if pd.isna(row["status_year"]) else int(row["status_year"])
    badge = status_badge(Status(row["status"]), year)
    if row["pledged"]:
        return badge
    note = _("has not pledged the goal of {network}", network=network)
    return html.Span([badge, html.Br(), html.Small(note, className="text-body-secondary")])


def table(frame: pd.DataFrame, *, unit: str, year: int, network: str, more: int) -> Component:
    """The ranking as a table: place, city, value with its interval, events, population and
    the 2030 status; the first rows only (the CSV has every one)."""
    rows = [
        [
            _place(row, year),
            html.A(row["city"], href=f"/city/{row['city_id']}"),
            row["country_name"],
            _value(row),
            "–" if pd.isna(row["count"]) else number(row["count"], 0),
            "–" if pd.isna(row["population"]) else number(row["population"], 0),
            _status(row, network),
        ]
        for _i, row in frame.iterrows()
    ]
    caption = _(
        "Values in {unit}, with their 95% interval in brackets. Where intervals overlap, the "
        "order may be chance: 'could be' gives the places a city could hold with every value "
        "anywhere in its interval. The 2030 status judges each city's latest data, "
        "whatever the year ranked.",
        unit=unit,
    )
    if more:
        caption += " " + _("{n} more rows are in the CSV.", n=more)
    header = [
        _("Rank"),
        _("City"),
        _("Country"),
        _("Value"),
        _("Events"),
        _("Population"),
        _("2030 status"),
    ]
    return html.Div(
        [
            html.Table(
                [
                    html.Thead(html.Tr([html.Th(h, scope="col") for h in header])),
                    html.Tbody(
                        [
                            html.Tr([html.Td(c, **{"data-label": h}) for h, c in zip(header, row)])
                            for row in rows
                        ]
                    ),
                ],
                className="table table-sm table-hover align-middle small mb-1 ranking-table",
            ),
            html.P(caption, className="small text-body-secondary"),
        ]
    )
