"""/ranking: the league table, and what the URL fills in it (summary, table, chart)."""

from __future__ import annotations

from typing import Any

import pandas as pd
import plotly.graph_objects as go
from dash import html
from dash.development.base_component import Component

from components import ranking as view
from components.common import demo_notice, query_notice
from components.figures.ranking import ranking_figure
from components.figures.style import empty
from components.ids import Ranking
from components.progress import STATUS_TEXT, status_text
from data.geo import REGIONS
from data.i18n import N_, _, number
from data.queries import options
from data.queries.common import frame_attribution
from data.queries.goals import Status
from data.queries.progress import goal_for_network
from data.queries.ranking import (
    FEW_EVENTS,
    NO_VALUE,
    SHOWN,
    RankingState,
    ranking_frame,
    resolve,
    unknown,
)
from data.repository import Repository
from views import choices
from views import record as r
from views.record import View, Wiring, csv_href


def countries(repo: Repository) -> list[dict[str, str]]:
    cities = repo.table("cities").drop_duplicates("country").sort_values("country_name")
    return [{"label": n, "value": c} for c, n in zip(cities["country"], cities["country_name"])]


def page(repo: Repository, search: str) -> Component:
    state, problems = RankingState.parse(search)
    resolved = resolve(repo, state)
    return html.Div(
        [
            query_notice(problems + unknown(repo, state)),
            view.layout(
                resolved,
                indicators=options.indicator_options(repo),
                years=options.year_options(repo, resolved.indicator),
                countries=countries(repo),
                networks=options.network_options(repo),
            ),
        ]
    )


def scope_of(repo: Repository, state: RankingState) -> list[str]:
    """The filters in words: a slide or a picture of the chart passed around alone must say
    which cities it ranks ("Colombia, 500,000 people or more")."""
    parts = []
    if state.country:
        countries = repo.table("cities").drop_duplicates("country").set_index("country")
        parts.append(str(countries.at[state.country, "country_name"]))
    if state.region:
        parts.append(_(REGIONS[state.region]))
    if state.network:
        parts.append(str(repo.table("networks").at[state.network, "name"]))
    low, high = state.min_population, state.max_population
    if low is not None and high is not None:
        parts.append(_("{low} to {high} people", low=number(low, 0), high=number(high, 0)))
    elif low is not None:
        parts.append(_("{low} people or more", low=number(low, 0)))
    elif high is not None:
        parts.append(_("up to {high} people", high=number(high, 0)))
    if state.status:
        parts.append(_(STATUS_TEXT[Status(state.status)]))
    return parts


def title_of(repo: Repository, state: RankingState) -> str:
    info = repo.indicator(state.indicator)
    assert info is not None
    scope = scope_of(repo, state)
    if not scope:
        return _("{label} in {year}, highest first", label=info.label, year=state.year)
    return _(
        "{label} in {year} ({scope}), highest first",
        label=info.label,
        year=state.year,
        scope="; ".join(scope),
    )


def describe(repo: Repository, state: RankingState, frame: pd.DataFrame) -> str:
    """The ranking in a few sentences: who comes first, and what is listed without a place."""
    info = repo.indicator(state.indicator)
    assert info is not None
    if frame.empty:
        return _(
            "No city matches these filters. Choose another country, region, network, status "
            "or population band."
        )
    ranked = frame[frame["rank"].notna()]
    few = int((frame["not_ranked"] == FEW_EVENTS).sum())
    missing = int((frame["not_ranked"] == NO_VALUE).sum())
    parts = []
    if ranked.empty:
        parts.append(_("No city has a value that can be ranked for {year}.", year=state.year))
        years = options.year_options(repo, state.indicator)
        if years and state.year not in years:
            parts.append(
                _(
                    "{label} values exist from {first} to {last}.",
                    label=info.label,
                    first=years[0],
                    last=years[-1],
                )
            )
    else:
        top = ranked.iloc[0]
        parts.append(
            _(
                "Cities ranked by {label} in {year}: {n}; the highest: {city}, {value} {unit}.",
                n=len(ranked),
                label=info.label.lower(),
                year=state.year,
                city=top["city"],
                value=number(top["value"]),
                unit=info.unit,
            )
        )
        if top["rank_worst"] > 1:
            parts.append(
                _(
                    "Within the 95% intervals, {n} cities could be the highest.",
                    n=int((ranked["rank_best"] == 1).sum()),
                )
            )
    if few == 1:
        parts.append(
            _(
                "One value rests on fewer than 20 events and is listed without a place: chance "
                "alone could move it several places."
            )
        )
    elif few:
        parts.append(
            _(
                "{n} values rest on fewer than 20 events and are listed without a place: "
                "chance alone could move them several places.",
                n=few,
            )
        )
    if missing == 1:
        parts.append(_("One city has no value for {year}.", year=state.year))
    elif missing:
        parts.append(_("{n} cities have no value for {year}.", n=missing, year=state.year))
    return " ".join(parts)


def _figure(repo: Repository, state: RankingState, frame: pd.DataFrame) -> go.Figure:
    info = repo.indicator(state.indicator)
    assert info is not None
    drawn = frame[frame["value"].notna()].head(SHOWN)
    title = title_of(repo, state)
    if drawn.empty:
        return empty(title, _("No city has a value for these filters."))
    lines = []
    if len(drawn) < frame["value"].notna().sum():
        lines.append(
            _(
                "The first {n} of {total} cities with a value",
                n=len(drawn),
                total=int(frame["value"].notna().sum()),
            )
        )
    if (drawn["rank_best"] != drawn["rank_worst"]).any():
        lines.append(
            _("In brackets after a city: the places it could hold within its 95% interval")
        )
    subtitle = " · ".join(lines)
    source = frame_attribution(repo, frame.dropna(subset=["source_id"])).text()
    words = [
        status_text(Status(s), None if pd.isna(y) else int(y)) if s else _("No halving goal")
        for s, y in zip(drawn["status"], drawn["status_year"])
    ]
    drawn = drawn.assign(status_text=words)
    return ranking_figure(drawn, title=title, unit=info.unit, source=source, subtitle=subtitle)


def update(repo: Repository, search: str | None) -> tuple[Any, ...]:
    state, _problems = RankingState.parse(search or "")
    state = resolve(repo, state)
    frame = ranking_frame(repo, state)
    info = repo.indicator(state.indicator)
    assert info is not None
    goal = goal_for_network(repo, state.network)
    shown = frame.head(SHOWN)
    rows = view.table(
        shown,
        unit=info.unit,
        year=int(state.year or 0),
        network=goal.name if goal else "",
        more=len(frame) - len(shown),
    )
    return (
        _figure(repo, state, frame),
        demo_notice(frame_attribution(repo, frame.dropna(subset=["source_id"]))),
        describe(repo, state, frame),
        csv_href(state),
        rows if len(frame) else None,
    )


def chart(repo: Repository, state: RankingState, *, plain: bool = False) -> r.Chart:
    """The ranking chart alone, as an embed and a slide draw it."""
    state = resolve(repo, state)
    frame = ranking_frame(repo, state)
    source = frame_attribution(repo, frame.dropna(subset=["source_id"]))
    return r.Chart(
        _figure(repo, state, frame), title_of(repo, state), source, describe(repo, state, frame)
    )


VIEW = View(
    name="ranking",
    lazy=("graph",),
    path="/ranking",
    title=N_("Ranking"),
    nav=N_("Ranking"),
    state=RankingState,
    page=page,
    chart=chart,
    table=ranking_frame,
    embed=choices.indicator,
    needs_observations=True,
    warm=("",),
    location=Ranking.URL,
    wiring=Wiring(
        controls=view.CONTROLS,
        outputs=[
            (Ranking.GRAPH, "figure"),
            (Ranking.NOTICE, "children"),
            (Ranking.SUMMARY, "children"),
            (Ranking.DOWNLOAD, "href"),
            (Ranking.TABLE, "children"),
        ],
        update=update,
        resolve=resolve,
    ),
)
