"""/trends: controls -> URL -> chart, notice, summary and the CSV link."""

from __future__ import annotations

from functools import partial
from typing import Any

import pandas as pd
from dash import Dash, html
from dash.development.base_component import Component

from callbacks.url_state import csv_href, register_view
from components import trends as view
from components.common import demo_notice, query_notice
from components.figures.style import empty
from components.figures.trends import trend_figure
from components.ids import Trends
from data.i18n import _
from data.queries import options
from data.queries.common import frame_attribution
from data.queries.national import national_series
from data.queries.trends import TrendsState, resolve, series
from data.repository import Repository


def page(repo: Repository, search: str) -> Component:
    state, problems = TrendsState.parse(search)
    return html.Div(
        [
            query_notice(problems),
            view.layout(
                resolve(repo, state),
                indicators=options.indicator_options(repo),
                cities=options.city_options(repo),
                years=options.year_options(repo),
            ),
        ]
    )


def describe(frame: pd.DataFrame, label: str) -> str:
    """One sentence per city: where its series starts and ends."""
    sentences = []
    for _city_id, rows in frame.groupby("city_id", sort=False):
        first, last = rows.iloc[0], rows.iloc[-1]
        if len(rows) == 1:
            sentences.append(
                _(
                    "{label} in {city}: {value:,.1f} in {year}.",
                    label=label,
                    city=first["city"],
                    value=first["value"],
                    year=first["year"],
                )
            )
            continue
        verb = (
            _("rose")
            if last["value"] > first["value"]
            else _("fell")
            if last["value"] < first["value"]
            else _("stayed")
        )
        sentences.append(
            _(
                "{label} in {city} {verb} from {a:,.1f} in {y1} to {b:,.1f} in {y2}.",
                label=label,
                city=first["city"],
                verb=verb,
                a=first["value"],
                y1=first["year"],
                b=last["value"],
                y2=last["year"],
            )
        )
    return " ".join(sentences)


def _describe_national(national: pd.DataFrame, years: tuple[int, int]) -> list[str]:
    """The dashed national lines, in words, over the years the chart shows."""
    shown = national[national["year"].between(*years)]
    return [
        _(
            "{line}: {a:,.1f} in {y1}, {b:,.1f} in {y2}.",
            line=rows.iloc[0]["line"],
            a=rows.iloc[0]["value"],
            y1=rows.iloc[0]["year"],
            b=rows.iloc[-1]["value"],
            y2=rows.iloc[-1]["year"],
        )
        for _country, rows in shown.groupby("country", sort=False)
    ]


def update(repo: Repository, search: str | None) -> tuple[Any, Any, str, str]:
    state, _problems = TrendsState.parse(search or "")
    state = resolve(repo, state)
    indicator = repo.indicator(state.indicator)
    assert indicator is not None  # resolve() picks a known indicator
    frame = series(repo, state)
    href = csv_href(state)
    if frame.empty:
        return empty(indicator.label), None, _("No data for this selection."), href
    national = national_series(
        repo, state.indicator, frame["country"].unique(), state.start, state.end
    )
    attribution = frame_attribution(repo, pd.concat([frame, national]))
    years = (int(frame["year"].min()), int(frame["year"].max()))
    figure = trend_figure(frame, indicator=indicator, source=attribution.text(), national=national)
    text = " ".join([describe(frame, indicator.label), *_describe_national(national, years)])
    return figure, demo_notice(attribution), text, href


def register(app: Dash, repo: Repository) -> None:
    register_view(
        app,
        location=Trends.URL,
        state_cls=TrendsState,
        controls=view.CONTROLS,
        outputs=[
            (Trends.GRAPH, "figure"),
            (Trends.NOTICE, "children"),
            (Trends.SUMMARY, "children"),
            (Trends.DOWNLOAD, "href"),
        ],
        update=partial(update, repo),
        resolve=partial(resolve, repo),
    )
