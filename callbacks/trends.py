"""/trends: controls -> URL -> chart, notice, summary, table, progress and the CSV link."""

from __future__ import annotations

import re
import unicodedata
from functools import partial
from typing import Any

import plotly.graph_objects as go
from dash import Dash, Input, Output, State, html, no_update
from dash.development.base_component import Component

from callbacks import warmers
from callbacks.charts import link_spans
from callbacks.url_state import csv_href, register_view
from components import trends as view
from components.common import demo_notice, query_notice
from components.figures.style import empty
from components.figures.trends import trend_figure
from components.ids import Trends
from components.progress import progress_status, progress_table, status_subtitle
from data.i18n import _, number
from data.queries import options
from data.queries.common import Attribution, attribution, reporting_cities
from data.queries.trends import Chart, TrendsState, chart, group_cities, resolve
from data.repository import Repository


def page(repo: Repository, search: str) -> Component:
    state, problems = TrendsState.parse(search)
    state = resolve(repo, state)
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


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def file_name(data: Chart) -> str:
    """'homicide-rate_cali-palmira_2000-2023': what, where and when, for exported images."""
    names = data.cities.drop_duplicates("city_id")["city_id"].tolist()
    where = "-".join(names[:3]) + (f"-and-{len(names) - 3}-more" if len(names) > 3 else "")
    drawn = data.lines[data.lines["plotted"].notna()]
    when = f"{drawn['year'].min()}-{drawn['year'].max()}" if not drawn.empty else ""
    what = slug(data.indicator.indicator_id)
    extra = [
        x
        for x, on in (
            ("count", data.state.measure == "count"),
            ("3y-average", data.state.smooth),
            ("index", data.state.index),
        )
        if on
    ]
    return "_".join(p for p in (what, *extra, where, when) if p)


def labels(data: Chart) -> tuple[str, str]:
    """The chart's title and the unit of what it draws."""
    state, indicator = data.state, data.indicator
    unit = indicator.unit
    title = indicator.label
    if state.measure == "count":
        title, unit = _("{label}: number of events", label=indicator.label), _("events")
    if state.smooth:
        title = _("{title}, 3-year average", title=title)
    if state.index:
        year = data.goal.reference_year if data.goal else ""
        unit = _("index, {year} baseline = 100", year=year)
        title = _("{title}, indexed ({year} baseline = 100)", title=title, year=year)
    return title, unit


def describe(data: Chart) -> str:
    """Where each city's line starts and ends, then where it stands toward 2030."""
    label, _unit = labels(data)
    sentences = []
    for _city_id, rows in data.cities.groupby("city_id", sort=False):
        rows = rows[rows["plotted"].notna()]
        if rows.empty:
            continue
        first, last = rows.iloc[0], rows.iloc[-1]
        if len(rows) == 1:
            sentences.append(
                _(
                    "{label} in {city}: {value} in {year}.",
                    label=label,
                    city=first["city"],
                    value=number(first["plotted"]),
                    year=first["year"],
                )
            )
            continue
        # one whole sentence per direction: translators need the verb inside the sentence
        if last["plotted"] > first["plotted"]:
            sentence = _("{label} in {city} rose from {a} in {y1} to {b} in {y2}.")
        elif last["plotted"] < first["plotted"]:
            sentence = _("{label} in {city} fell from {a} in {y1} to {b} in {y2}.")
        else:
            sentence = _("{label} in {city} stayed at {a} from {y1} to {y2}.")
        sentences.append(
            sentence.format(
                label=label,
                city=first["city"],
                a=number(first["plotted"]),
                y1=first["year"],
                b=number(last["plotted"]),
                y2=last["year"],
            )
        )
    if data.progress and data.goal:
        names = dict(zip(data.cities["city_id"], data.cities["city"]))
        statuses = [
            _("{city} {status}", city=names.get(c, c), status=progress_status(p).lower())
            for c, p in data.progress.items()
        ]
        sentences.append(
            _(
                "Toward halving by {goal} from the {year} baseline: {statuses}.",
                goal=next(iter(data.progress.values())).goal_year,
                year=data.goal.reference_year,
                statuses="; ".join(statuses),
            )
        )
    if data.cities["unstable"].any():
        sentences.append(
            _("Open circles mark unstable values (fewer than 20 events), with their 95% interval.")
        )
    if data.not_indexed:
        sentences.append(
            _(
                "Left out of the index for want of a baseline value: {names}.",
                names=", ".join(data.not_indexed),
            )
        )
    return " ".join(sentences)


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


Outputs = tuple[go.Figure, Any, str, str, Component, Component, Component]


def figure_of(
    repo: Repository, data: Chart, *, title: str | None = None, height: int = 480
) -> tuple[go.Figure, Attribution]:
    """The trend chart as the page, a slide and an embed draw it, with its sources."""
    source = attribution(repo, data.source_ids)
    if data.lines["plotted"].notna().sum() == 0:
        return empty(data.indicator.label), source
    label, unit = labels(data)
    figure = trend_figure(
        data.lines,
        data.spans,
        title=title or label,
        unit=unit,
        source=source.text(),
        log=data.state.log,
        smooth=data.state.smooth,
        reference_line=100.0 if data.state.index else None,
        height=height,
    )
    figure.update_layout(meta={"export": file_name(data)})
    if len(data.progress) == 1:  # one city: its status goes into every export of the chart
        figure.update_layout(title={"subtitle": {"text": status_subtitle(data)}})
    return figure, source


def update(repo: Repository, search: str | None) -> Outputs:
    state, _problems = TrendsState.parse(search or "")
    data = chart(repo, state)
    href = csv_href(data.state)
    no_progress = progress_section(repo, data)
    if data.lines["plotted"].notna().sum() == 0:
        nothing = html.P(_("No data for this selection."), className="small")
        return (
            empty(data.indicator.label),
            None,
            _("No data for this selection."),
            href,
            nothing,
            no_progress,
            view.span_list(data.spans),
        )
    figure, source = figure_of(repo, data)
    _title, unit = labels(data)
    return (
        figure,
        demo_notice(source),
        describe(data),
        href,
        view.wide_table(data.lines, unit=unit),
        no_progress,
        view.span_list(data.spans),
    )


def pick_group(repo: Repository, group: str | None, indicator: str | None) -> tuple[Any, str]:
    """A quick pick replaces the chosen cities; the pick itself resets, ready for the next."""
    if not group:
        return no_update, no_update
    chosen = group_cities(repo, group, indicator or repo.default_indicator())
    return (list(chosen) if chosen else no_update), ""


def register(app: Dash, repo: Repository) -> None:
    # the city picker's labels; the observations' index (the city page's too)
    warmers(app.server).append(lambda: options.city_choices(repo))
    warmers(app.server).append(lambda: reporting_cities(repo, repo.default_indicator()))
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
            (Trends.TABLE, "children"),
            (Trends.PROGRESS, "children"),
            (Trends.SPAN_LIST, "children"),
        ],
        update=partial(update, repo),
        resolve=partial(resolve, repo),
    )
    app.callback(
        Output(Trends.CITIES, "value", allow_duplicate=True),
        Output(Trends.QUICK, "value"),
        Input(Trends.QUICK, "value"),
        State(Trends.INDICATOR, "value"),
        prevent_initial_call=True,
    )(partial(pick_group, repo))
    app.callback(
        Output(Trends.CITIES, "options"),
        Input(Trends.CITIES, "search_value"),
        Input(Trends.CITIES, "value"),  # chosen from a group or by the URL: keep them listed
        prevent_initial_call=True,
    )(lambda search, chosen: options.city_choices(repo, search or "", chosen or []))
    link_spans(app, Trends.GRAPH)
