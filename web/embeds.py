"""`/embed/<view>?<the view's query>`: one chart for partner sites; `.html`: a standalone file."""

from __future__ import annotations

import pandas as pd
from dash import Dash
from flask import Response

from components.embed import (
    DEFAULT_HEIGHT,
    HEIGHTS,
    EmbedPage,
    EmbedTable,
    document,
    embed_table,
)
from components.figures.style import as_plain, dark, without_frame
from data.i18n import _, current_language
from data.repository import Repository
from data.state import DISPLAY_PARAMS, QueryError, QueryProblem, ViewState, query_items
from views import VIEWS
from views.record import UnknownView, View, canonical
from web.cache import key
from web.query import asked
from web.response_cache import answer_from_cache


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


def csv_url(name: str, query: str) -> str:
    return f"/data/{name}.csv" + (f"?{query}" if query else "")


def embed_page(repo: Repository, name: str, query: str) -> EmbedPage | None:
    view = VIEWS.named(name)
    if view is None or view.chart is None:
        return None
    items = query_items(query)
    state, problems = view.state.parse(items)
    theme, controls, height, display_problems = display(items)
    chart = view.chart(repo, state, plain=True)
    table, refused = _rows(repo, view, state, chart.rows)
    figure = as_plain(chart.figure)  # drawn for this request alone: changed in place
    # a one-city chart's 2030 status, which the title shows once the frame is gone
    status = figure["layout"].get("title", {}).get("subtitle", {}).get("text")
    figure = without_frame(figure)
    meta = figure["layout"].get("meta")
    if isinstance(meta, dict) and meta.get("grid"):  # small multiples keep a readable height
        height = max(height, int(figure["layout"].get("height") or 0))
    figure["layout"]["height"] = height
    if theme == "dark":
        figure = dark(figure)
    choices = view.embed(repo, state) if controls == "1" and view.embed else []
    kept = query_items(state.to_query())
    # A language the link chose goes on with the reader: into the form that redraws the embed
    # and the link to the app (else a Spanish partner page's embed opens the app in English).
    language = {"lang": current_language()} if items.get("lang") == current_language() else {}
    display_kept = {
        **{k: v for k, v in items.items() if k in DISPLAY_PARAMS and k != "lang"},
        **language,
    }
    chosen = {c.parameter for c in choices}
    sources = chart.attribution.sources
    return EmbedPage(
        title=f"{chart.title} · {status}" if status else chart.title,
        figure=figure,
        summary=chart.summary,
        source=_("Source: {sources}", sources="; ".join(sources)) if sources else "",
        built_at=repo.built_at,
        view_url=view.url({**kept, **language}),
        demo=chart.attribution.simulated,
        language=current_language(),
        theme=theme,
        height=height,
        choices=choices,
        hidden={k: v for k, v in {**kept, **display_kept}.items() if k not in chosen},
        problems=[*problems, *refused, *display_problems],
        table=table,
    )


def chart_rows(repo: Repository, view: View, state: ViewState) -> EmbedTable | None:
    """ "Show as table" of a chart drawn whole on the server (an embed, a presenting slide):
    the first rows of the CSV behind it."""
    return _rows(repo, view, state)[0]


def _rows(
    repo: Repository, view: View, state: ViewState, drawn: pd.DataFrame | None = None
) -> tuple[EmbedTable | None, list[QueryProblem]]:
    """`chart_rows`, and the filters its CSV refused because the data lacks them
    (?network=nowhere): the chart leaves those out, so the table does too and links to the CSV
    of what is drawn, and the embed says what it left out. `drawn`: the CSV's rows as drawing
    the chart computed them (`Chart.rows`), which the CSV would only compute again."""
    name = view.chart_csv(state) if view.chart_csv else view.name
    served = VIEWS.csv(name)
    if served is None:
        return None, []
    if drawn is not None and name == view.name:
        return embed_table(drawn, csv_url(name, state.to_query())), []
    refused: list[QueryProblem] = []
    try:
        rows = served[1](repo, state)
    except QueryError as error:
        refused = list(error.problems)
        blank = type(state)()
        state = state.replace(**{p.parameter: getattr(blank, p.parameter) for p in refused})
        rows = served[1](repo, state)
    return embed_table(rows, csv_url(name, state.to_query())), refused


def not_found(view_name: str) -> Response:
    text = _(
        "No embeddable view called '{view}'. Try one of: {views}.",
        view=view_name,
        views=", ".join(v.name for v in VIEWS.embeddable()),
    )
    return Response(text, status=404, mimetype="text/plain")


def register(app: Dash, repo: Repository, public_url: str = "") -> None:
    """`public_url`: where a downloaded standalone file links back to (without it, the file
    has no link back: the request's Host header is the client's to choose), and the address a
    downloaded picture of the chart names."""

    def render(view_name: str, standalone: bool) -> Response:
        name = view_name.removesuffix(".html")
        try:
            page = embed_page(repo, name, asked())
        except UnknownView as error:
            return Response(str(error), status=404, mimetype="text/plain")
        if page is None:
            return not_found(name)
        # A standalone file needs an absolute link back; an embed is served from here.
        base_url = public_url if standalone else ""
        return Response(
            document(page, base_url=base_url, standalone=standalone, public_url=public_url)
        )

    @app.server.route("/embed/<view_name>")
    def _embed(view_name: str) -> Response:
        # The same embed on many partner pages: its HTML is made once per build, language and
        # URL, and kept compressed with the view answers (a map of 5,000 cities is 3.5 MB).
        standalone = view_name.endswith(".html")
        view = VIEWS.named(view_name.removesuffix(".html"))
        query = asked()
        url = canonical(view, query) if view is not None else query
        kept_as = key(
            "embed",
            repo.snapshot.build_id,
            current_language(),
            view_name,
            url,
        )
        response = answer_from_cache(app.server, kept_as, "text/html") or render(
            view_name, standalone
        )
        if standalone and response.status_code == 200:
            name = view_name.removesuffix(".html")
            response.headers["Content-Disposition"] = (
                f'attachment; filename="observatory-{name}.html"'
            )
        return response
