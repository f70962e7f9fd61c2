"""The path picks the page; the page reads its own state from the query string."""

from __future__ import annotations

from collections.abc import Callable

from dash import Dash, Input, Output, State, html
from dash.development.base_component import Component

from callbacks import interventions, map, overview, trends
from components.common import page_header
from components.ids import Shell
from data.i18n import _
from data.repository import Repository

PAGES: dict[str, Callable[[Repository, str], Component]] = {
    "/": overview.page,
    "/trends": trends.page,
    "/interventions": interventions.page,
    "/map": map.page,
}


def not_found(pathname: str) -> Component:
    return html.Div(
        [
            page_header(_("Page not found"), _("There is no page at {path}.", path=pathname)),
            html.A(_("Go to the overview"), href="/"),
        ]
    )


def render(repo: Repository, pathname: str | None, search: str | None) -> Component:
    path = (pathname or "/").rstrip("/") or "/"
    page = PAGES.get(path)
    return page(repo, search or "") if page else not_found(path)


SWITCH_LANGUAGE = """
function (language) {
    const url = new URL(window.location.href);
    if (language && url.searchParams.get("lang") !== language) {
        url.searchParams.set("lang", language);
        window.location.assign(url.href);
    }
    return window.dash_clientside.no_update;
}
"""


def register(app: Dash, repo: Repository) -> None:
    app.clientside_callback(
        SWITCH_LANGUAGE,
        Output(Shell.LANGUAGE, "title"),
        Input(Shell.LANGUAGE, "value"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(Shell.PAGE, "children"), Input(Shell.URL, "pathname"), State(Shell.URL, "search")
    )
    def _route(pathname: str | None, search: str | None) -> Component:
        return render(repo, pathname, search)
