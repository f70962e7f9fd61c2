"""Layout of `/trends`: an indicator over time for chosen cities, and their way to 2030."""

from __future__ import annotations

from typing import Any

import dash_bootstrap_components as dbc
import numpy as np
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from components.common import (
    chart_tools,
    control,
    graph,
    intervention_link,
    multi_select,
    page_header,
    simple_table,
    summary,
    table_details,
)
from components.ids import Trends
from data.i18n import _, number
from data.queries.trends import TrendsState
from data.state import form_value

CONTROLS = {
    "indicator": Trends.INDICATOR,
    "cities": Trends.CITIES,
    "start": Trends.YEARS,
    "end": Trends.TO,
    "measure": Trends.MEASURE,
    "network": Trends.NETWORK,
    "smooth": Trends.SMOOTH,
    "index": Trends.INDEX,
    "log": Trends.LOG,
    "national": Trends.NATIONAL,
    "median": Trends.MEDIAN,
    "goal": Trends.GOAL,
    "interventions": Trends.SPANS,
}


def _year_select(component_id: str, value: int | None, years: list[int], empty: str) -> Component:
    shown = sorted({*years, value}) if value is not None else years  # a year asked for shows
    return dbc.Select(
        id=component_id,
        options=[
            {"label": empty, "value": ""},
            *({"label": str(y), "value": str(y)} for y in shown),
        ],
        value=form_value(value),
        placeholder=empty,  # dbc shows it for the value ""
    )


def _switch(component_id: str, label: str, value: bool) -> Component:
    return dbc.Switch(id=component_id, label=label, value=value, className="me-3 mb-1")


def layout(
    state: TrendsState,
    *,
    indicators: list[dict[str, str]],
    cities: list[dict[str, str]],
    years: list[int],
    networks: list[dict[str, str]],
    groups: list[dict[str, str]],
) -> Component:
    return html.Div(
        [
            dcc.Location(id=Trends.URL, refresh=False),
            page_header(
                _("Violence trends"),
                _(
                    "Is violence falling, and fast enough to halve it by 2030? Compare cities "
                    "over time; gaps are years without data."
                ),
            ),
            html.Div(id=Trends.NOTICE),
            dbc.Row(
                [
                    control(
                        _("Indicator"),
                        dbc.Select(id=Trends.INDICATOR, options=indicators, value=state.indicator),
                        width=3,
                    ),
                    control(
                        _("Cities"),
                        multi_select(
                            Trends.CITIES, cities, state.cities, _("Type a city or country")
                        ),
                        width=6,
                    ),
                    control(
                        _("Quick pick"),
                        dbc.Select(
                            id=Trends.QUICK,
                            options=[
                                {"label": _("Choose a group of cities"), "value": ""},
                                *groups,
                            ],
                            value="",
                            placeholder=_("Choose a group of cities"),
                        ),
                        width=3,
                    ),
                ]
            ),
            dbc.Row(
                [
                    control(
                        _("From year"),
                        _year_select(Trends.YEARS, state.start, years, _("First year")),
                        width=2,
                    ),
                    control(
                        _("To year"),
                        _year_select(Trends.TO, state.end, years, _("Last year")),
                        width=2,
                    ),
                    control(
                        _("Show"),
                        dbc.RadioItems(
                            id=Trends.MEASURE,
                            options=[
                                {"label": _("Rate"), "value": "rate"},
                                {"label": _("Count of events"), "value": "count"},
                            ],
                            value=state.measure,
                            inline=True,
                        ),
                        width=3,
                    ),
                    control(
                        _("Network (median and baseline year)"),
                        dbc.Select(id=Trends.NETWORK, options=networks, value=state.network),
                        width=5,
                    ),
                ]
            ),
            html.Fieldset(
                [
                    html.Legend(_("Draw"), className="visually-hidden"),
                    _switch(Trends.SMOOTH, _("3-year average"), state.smooth),
                    _switch(Trends.INDEX, _("Index (baseline = 100)"), state.index),
                    _switch(Trends.LOG, _("Log scale"), state.log),
                    _switch(Trends.NATIONAL, _("National rate"), state.national),
                    _switch(Trends.MEDIAN, _("Network median"), state.median),
                    _switch(Trends.GOAL, _("Glide path to 2030"), state.goal),
                    _switch(Trends.SPANS, _("Interventions"), state.interventions),
                ],
                className="d-flex flex-wrap mb-2 trend-switches",
            ),
            graph(Trends.GRAPH, file_name="observatory-trends", summary=Trends.SUMMARY),
            chart_tools(Trends.GRAPH, download_id=Trends.DOWNLOAD, href="/data/trends.csv"),
            summary("", Trends.SUMMARY),
            table_details(Trends.TABLE, details_id=Trends.TABLE_OPEN),
            html.Section(
                [
                    html.H2(_("Progress toward halving by 2030"), className="h5 mt-4"),
                    html.Div(id=Trends.PROGRESS),
                ]
            ),
            html.Section(
                [
                    html.H2(_("Interventions on the chart"), className="h5 mt-4"),
                    html.Div(id=Trends.SPAN_LIST),
                ]
            ),
        ]
    )


def wide_table(lines: pd.DataFrame, *, unit: str) -> Component:
    """The chart as a table: a row per year, a column per line; unstable values are marked and
    carry their 95% interval."""
    plotted = lines["plotted"].to_numpy(dtype="float64", na_value=np.nan)
    drawn = np.flatnonzero(~np.isnan(plotted))
    if not len(drawn):
        return html.P(_("No data for this selection."), className="small")

    def column(name: str, dtype: object = object) -> list[Any]:
        # the drawn rows of a column as a list: a filtered frame, or itertuples over the lines'
        # two dozen columns, cost more than the table's text
        return lines[name].to_numpy(dtype=dtype)[drawn].tolist()

    names = [
        _("Glide path: {city}", city=c) if s == "glide-path" else c
        for s, c in zip(column("series"), column("city"))
    ]
    columns = list(dict.fromkeys(names))
    cells: dict[tuple[int, str], str] = {}
    marked = False
    low = lines["low"].to_numpy(dtype="float64", na_value=np.nan)[drawn]
    rows = zip(
        column("year", "int64"),
        names,
        plotted[drawn].tolist(),
        column("unstable", bool),
        (~np.isnan(low)).tolist(),
        low.tolist(),
        column("high", "float64"),
        strict=True,
    )
    for year, name, value, unstable, interval, lowest, highest in rows:
        text = number(value)
        if unstable:
            marked = True
            text += " *"
            if interval:
                text += f" ({number(lowest)}–{number(highest)})"
        cells[(year, str(name))] = text
    years = sorted({y for y, _c in cells})
    body = [[str(y), *(cells.get((y, c), "–") for c in columns)] for y in years]
    caption = _("Values in {unit}; – means no data.", unit=unit)
    if marked:
        caption += " " + _(
            "* Unstable: fewer than 20 events; the 95% interval follows in brackets."
        )
    return simple_table([_("Year"), *columns], body, caption=caption)


def span_list(spans: pd.DataFrame) -> Component:
    """The interventions under the chart as links: the keyboard's way to what a click opens."""
    if spans.empty:
        return html.P(_("No interventions of these cities in these years."), className="small")
    items = []
    for r in spans.itertuples(index=False):
        title, period = intervention_link(r)
        items.append(html.Li([title, " · ", html.A(r.city, href=f"/city/{r.city_id}"), period]))
    return html.Ul(items, className="small mb-0")
