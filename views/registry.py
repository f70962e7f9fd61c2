"""One registry of the views a URL can name, for everything that renders a view outside its page.

Presentations (and later embeds) turn a view URL into its chart server-side. Each entry reuses
the view's own query and figure builder, and its CSV comes from `downloads.VIEWS`, so a slide,
its CSV and the live page cannot disagree. Adding a view: one `View` line and one small function
returning a `Chart`.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote, urlsplit

import pandas as pd
import plotly.graph_objects as go

from components import map_chart as map_view
from components import trend_chart as city_view
from components import trend_chart as trend_view
from components.figures.overview import median_figure
from components.figures.style import empty
from components.figures.timeline import timeline_figure
from data.i18n import _
from data.queries import city, interventions, map, overview, trends
from data.queries.common import Attribution, frame_attribution
from data.repository import Repository
from data.state import DISPLAY_PARAMS, ViewState, query_items
from web.downloads import VIEWS as CSV_VIEWS


@dataclass(frozen=True)
class Chart:
    figure: go.Figure
    title: str  # the chart's own title: a slide's suggested title
    attribution: Attribution  # source line and whether any value is simulated
    summary: str = ""  # one sentence for alt text and screen readers


@dataclass(frozen=True)
class View:
    path: str
    state: type[ViewState]
    chart: Callable[[Repository, Any], Chart]
    map_: bool = False  # drawn from topojson: static export needs the local files


def _overview(repo: Repository, state: overview.OverviewState) -> Chart:
    state = overview.resolve(repo, state)
    facts = overview.headline(repo, state)
    indicator = repo.indicator(facts.indicator)
    assert indicator is not None
    frame = overview.median_trend(repo, state)
    source = facts.attribution.text()
    if frame.empty:
        return Chart(empty(indicator.label), indicator.label, facts.attribution)
    figure = median_figure(frame, label=indicator.label, unit=indicator.unit, source=source)
    return Chart(figure, indicator.label, facts.attribution)


def _trends(repo: Repository, state: trends.TrendsState) -> Chart:
    data = trends.chart(repo, state)
    figure, source = trend_view.figure_of(repo, data)
    title, _unit = trend_view.labels(data)
    return Chart(figure, title, source, trend_view.describe(data))


def _city(repo: Repository, state: city.CityState) -> Chart:
    if not city.known(repo, state.city):
        raise UnknownView(_("No city with the id '{city}'.", city=state.city))
    p = city.profile(repo, state)
    figure, source = city_view.city_figure(repo, p)
    return Chart(figure, str(figure.layout.title.text), source, trend_view.describe(p.chart))


def _interventions(repo: Repository, state: interventions.InterventionsState) -> Chart:
    """The timeline page on screen (a page of rows, as the view pages them)."""
    title = _("Interventions over time")
    frame = interventions.listing(repo, state)
    source = frame_attribution(repo, frame)
    if frame.empty:
        return Chart(empty(title), title, source)
    shown = interventions.page(frame, state.page, interventions.page_size(state))
    figure = timeline_figure(shown.rows, source=source.text(), by_city=state.group == "city")
    summary = _(
        "{n} interventions in {cities} cities.", n=len(frame), cities=frame["city"].nunique()
    )
    return Chart(figure, title, source, summary)


def _map(repo: Repository, state: map.MapState) -> Chart:
    """The map as it stands in the state's year (the page animates through the years)."""
    state = map.resolve(repo, state)
    points, periods = map.map_points(repo, state)
    year = map.year_of(repo, state)
    figure, title, source = map_view.map_figure(repo, state, points, periods, year=year)
    summary = map_view.describe(repo, state, map.memberships(repo, state))
    return Chart(figure, title, source, summary)


# Pages whose path carries a state field: /city/<id> is /city with city=<id>.
PATH_PARAMS = {"/city": "city"}

VIEWS: dict[str, View] = {
    "overview": View("/", overview.OverviewState, _overview),
    "trends": View("/trends", trends.TrendsState, _trends),
    "city": View("/city", city.CityState, _city),
    "interventions": View("/interventions", interventions.InterventionsState, _interventions),
    "map": View("/map", map.MapState, _map, map_=True),
}


class UnknownView(ValueError):
    pass


def view_name(url: str) -> str:
    """The view a URL shows ('/trends?...' -> 'trends', '/city/cali' -> 'city')."""
    path = (urlsplit(url).path.rstrip("/")) or "/"
    base = path.rsplit("/", 1)[0] if path.count("/") > 1 else path
    for name, view in VIEWS.items():
        if view.path in (path, base):
            return name
    raise UnknownView(_("No view at {path}.", path=path))


def parse(url: str) -> tuple[str, ViewState]:
    """The view and its state a URL asks for; unknown or bad parameters fall back to defaults,
    as on the page itself. A path that carries state (`/city/<id>`) gives its field."""
    name = view_name(url)
    parts = urlsplit(url)
    query = {k: v for k, v in query_items(parts.query).items() if k not in DISPLAY_PARAMS}
    path = parts.path.rstrip("/") or "/"
    if path != VIEWS[name].path:
        query[PATH_PARAMS[VIEWS[name].path]] = unquote(path.rsplit("/", 1)[1])
    state, _problems = VIEWS[name].state.parse(query)
    return name, state


def chart(repo: Repository, url: str) -> Chart:
    name, state = parse(url)
    return VIEWS[name].chart(repo, state)


def frame(repo: Repository, url: str) -> pd.DataFrame:
    """The CSV rows behind the chart, exactly as `/data/<view>.csv` serves them."""
    name, state = parse(url)
    return CSV_VIEWS[name][1](repo, state)


def is_map(url: str) -> bool:
    return VIEWS[view_name(url)].map_
