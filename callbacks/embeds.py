"""`/embed/<view>?<the view's query>`: one chart for partner sites; `.html`: a standalone file."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import plotly.graph_objects as go
from dash import Dash
from flask import Response, request

from callbacks import interventions, map, trends
from components.embed import DEFAULT_HEIGHT, HEIGHTS, Choice, EmbedPage, document
from components.figures.style import SOURCE_SHIFT, dark, without_frame
from data.i18n import _, current_language
from data.queries import options
from data.queries.interventions import InterventionsState
from data.queries.map import MapState
from data.queries.trends import TrendsState, resolve
from data.repository import Repository
from data.state import DISPLAY_PARAMS, QueryProblem, ViewState, query_items


@dataclass(frozen=True)
class Chart:
    figure: go.Figure
    title: str
    summary: str
    source: str
    demo: bool


@dataclass(frozen=True)
class EmbedView:
    state_cls: type[ViewState]
    chart: Callable[[Repository, str], Chart]
    choices: Callable[[Repository, Any], list[Choice]]


def from_update(update: Callable[[Repository, str], tuple[Any, ...]]) -> Callable[..., Chart]:
    """A view's chart as its page callback draws it, with title and source line read back."""

    def chart(repo: Repository, search: str) -> Chart:
        figure, notice, summary, *_rest = update(repo, search)
        figure = go.Figure(figure)
        sources = [a.text for a in figure.layout.annotations if a.yshift == SOURCE_SHIFT]
        return Chart(
            figure=figure,
            title=figure.layout.title.text or "",
            summary=summary if isinstance(summary, str) else "",
            source=" · ".join(
                part
                for part in (sources[0].split(" · ") if sources else [])
                if part != _("Demo data: simulated values")
            ),
            demo=notice is not None,
        )

    return chart


def _select(parameter: str, label: str, items: list[dict[str, str]], value: str) -> Choice:
    return Choice(parameter, label, [(o["value"], o["label"]) for o in items], value)


VIEWS: dict[str, EmbedView] = {
    "trends": EmbedView(
        TrendsState,
        from_update(trends.update),
        lambda repo, s: [
            _select("indicator", _("Indicator"), options.indicator_options(repo), s.indicator)
        ],
    ),
    "map": EmbedView(
        MapState,
        from_update(map.update),
        lambda repo, s: [
            _select(
                "network",
                _("Network"),
                [{"value": "", "label": _("All networks")}, *options.network_options(repo)],
                s.networks[0] if len(s.networks) == 1 else "",
            )
        ],
    ),
    "interventions": EmbedView(
        InterventionsState, from_update(interventions.update), lambda *a: []
    ),
}
RESOLVE: dict[str, Callable[[Repository, Any], Any]] = {"trends": resolve}


def display(items: dict[str, str]) -> tuple[str, str, int, list[QueryProblem]]:
    """theme, controls and height: how to show, not what; bad values fall back and are listed."""
    problems = []
    theme = items.get("theme", "light")
    if theme not in ("light", "dark"):
        problems.append(QueryProblem("theme", _("use light or dark.")))
        theme = "light"
    controls = items.get("controls", "1")
    if controls not in ("0", "1"):
        problems.append(QueryProblem("controls", _("use 0 or 1.")))
        controls = "1"
    height = DEFAULT_HEIGHT
    if "height" in items:
        raw = items["height"]
        if raw.isdigit() and int(raw) in HEIGHTS:
            height = int(raw)
        else:
            problems.append(
                QueryProblem(
                    "height",
                    _(
                        "use a number of pixels from {low} to {high}.",
                        low=HEIGHTS.start,
                        high=HEIGHTS.stop - 1,
                    ),
                )
            )
    return theme, controls, height, problems


def embed_page(repo: Repository, view_name: str, query: str) -> EmbedPage | None:
    view = VIEWS.get(view_name)
    if view is None:
        return None
    items = query_items(query)
    state, problems = view.state_cls.parse(items)
    state = RESOLVE.get(view_name, lambda _repo, s: s)(repo, state)
    theme, controls, height, display_problems = display(items)
    # The view reads the state back from a clean query, so an ignored parameter stays ignored.
    chart = view.chart(repo, state.to_query())
    figure = without_frame(chart.figure)
    figure.update_layout(height=height)
    if theme == "dark":
        figure = dark(figure)
    choices = view.choices(repo, state) if controls == "1" else []
    query = state.to_query()
    kept = query_items(query)
    kept.update({k: v for k, v in items.items() if k in DISPLAY_PARAMS and k != "lang"})
    chosen = {c.parameter for c in choices}
    return EmbedPage(
        title=chart.title,
        figure=figure,
        summary=chart.summary,
        source=chart.source,
        built_at=repo.built_at,
        view_url=f"/{view_name}" + (f"?{query}" if query else ""),
        demo=chart.demo,
        language=current_language(),
        theme=theme,
        height=height,
        choices=choices,
        hidden={k: v for k, v in kept.items() if k not in chosen},
        problems=[*problems, *display_problems],
    )


def not_found(view_name: str) -> Response:
    text = _(
        "No embeddable view called '{view}'. Try one of: {views}.",
        view=view_name,
        views=", ".join(VIEWS),
    )
    return Response(text, status=404, mimetype="text/plain")


def register(app: Dash, repo: Repository) -> None:
    @app.server.route("/embed/<view_name>")
    def _embed(view_name: str) -> Response:
        standalone = view_name.endswith(".html")
        name = view_name.removesuffix(".html")
        page = embed_page(repo, name, request.query_string.decode())
        if page is None:
            return not_found(name)
        # A standalone file needs absolute links back; an embed is served from here.
        base_url = request.host_url.rstrip("/") if standalone else ""
        html = document(page, base_url=base_url, standalone=standalone)
        response = Response(html, mimetype="text/html")
        if standalone:
            response.headers["Content-Disposition"] = (
                f'attachment; filename="observatory-{name}.html"'
            )
        return response
