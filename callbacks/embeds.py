"""`/embed/<view>?<the view's query>`: one chart for partner sites; `.html`: a standalone file."""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import Any
from urllib.parse import quote, urlencode

from dash import Dash
from flask import Response, request

from callbacks import views
from callbacks.response_cache import answer_from_cache
from components.embed import DEFAULT_HEIGHT, HEIGHTS, Choice, EmbedPage, document
from components.figures.style import dark, without_frame
from components.interventions import group_options
from data.i18n import _, current_language
from data.queries import options
from data.queries.map import MapState
from data.repository import Repository
from data.state import DISPLAY_PARAMS, QueryProblem, query_items


def _select(parameter: str, label: str, items: list[dict[str, str]], value: str) -> Choice:
    return Choice(parameter, label, [(o["value"], o["label"]) for o in items], value)


def _indicator(repo: Repository, state: Any) -> list[Choice]:
    value = state.indicator or repo.default_indicator()
    return [_select("indicator", _("Indicator"), options.indicator_options(repo), value)]


def _networks(repo: Repository, state: Any) -> list[Choice]:
    chosen = state.networks if isinstance(state, MapState) else (state.network,)
    items = [{"value": "", "label": _("All networks")}, *options.network_options(repo)]
    value = chosen[0] if len(chosen) == 1 else ""
    return [_select("network", _("Network"), items, value)]


def _group(repo: Repository, state: Any) -> list[Choice]:
    del repo
    return [_select("group", _("Group by"), group_options(), state.group)]


# The compact control of each view's embed: its most asked-for choice.
CHOICES: dict[str, Callable[[Repository, Any], list[Choice]]] = {
    "overview": _networks,
    "trends": _indicator,
    "city": _indicator,
    "interventions": _group,
    "map": _networks,
}


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


def view_path(name: str, query: dict[str, str]) -> str:
    """The full view with the same state: /city/<id> carries its city in the path."""
    query = dict(query)
    path = views.VIEWS[name].path
    param = views.PATH_PARAMS.get(path)
    if param and query.get(param):
        path = f"{path}/{quote(query.pop(param))}"
    encoded = urlencode(query, safe=",")
    return path + (f"?{encoded}" if encoded else "")


def embed_page(repo: Repository, name: str, query: str) -> EmbedPage | None:
    view = views.VIEWS.get(name)
    if view is None:
        return None
    items = query_items(query)
    state, problems = view.state.parse(items)
    theme, controls, height, display_problems = display(items)
    chart = view.chart(repo, state)
    status = chart.figure.layout.title.subtitle.text  # a one-city chart's 2030 status
    figure = without_frame(chart.figure)  # drawn for this request alone: no copy needed
    figure.update_layout(height=height)
    if theme == "dark":
        figure = dark(figure)
    choices = CHOICES[name](repo, state) if controls == "1" else []
    kept = query_items(state.to_query())
    display_kept = {k: v for k, v in items.items() if k in DISPLAY_PARAMS and k != "lang"}
    chosen = {c.parameter for c in choices}
    sources = chart.attribution.sources
    return EmbedPage(
        title=f"{chart.title} · {status}" if status else chart.title,
        figure=figure,
        summary=chart.summary,
        source=_("Source: {sources}", sources="; ".join(sources)) if sources else "",
        built_at=repo.built_at,
        view_url=view_path(name, kept),
        demo=chart.attribution.simulated,
        language=current_language(),
        theme=theme,
        height=height,
        choices=choices,
        hidden={k: v for k, v in {**kept, **display_kept}.items() if k not in chosen},
        problems=[*problems, *display_problems],
    )


def not_found(view_name: str) -> Response:
    text = _(
        "No embeddable view called '{view}'. Try one of: {views}.",
        view=view_name,
        views=", ".join(views.VIEWS),
    )
    return Response(text, status=404, mimetype="text/plain")


def register(app: Dash, repo: Repository) -> None:
    def render(view_name: str, standalone: bool) -> Response:
        name = view_name.removesuffix(".html")
        try:
            page = embed_page(repo, name, request.query_string.decode())
        except views.UnknownView as error:
            return Response(str(error), status=404, mimetype="text/plain")
        if page is None:
            return not_found(name)
        # A standalone file needs absolute links back; an embed is served from here.
        base_url = request.host_url.rstrip("/") if standalone else ""
        return Response(document(page, base_url=base_url, standalone=standalone))

    @app.server.route("/embed/<view_name>")
    def _embed(view_name: str) -> Response:
        # The same embed on many partner pages: its HTML is made once per build, language and
        # URL, and kept compressed with the view answers (a map of 5,000 cities is 3.5 MB).
        standalone = view_name.endswith(".html")
        key = "\n".join(
            [
                "embed",
                repo.snapshot.build_id,
                current_language(),
                request.host_url if standalone else "",  # its links back name the host
                request.full_path,
            ]
        )
        digest = hashlib.sha256(key.encode()).hexdigest()
        response = answer_from_cache(app.server, digest, "text/html") or render(
            view_name, standalone
        )
        if standalone and response.status_code == 200:
            name = view_name.removesuffix(".html")
            response.headers["Content-Disposition"] = (
                f'attachment; filename="observatory-{name}.html"'
            )
        return response
