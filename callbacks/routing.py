"""The path picks the page; the page reads its own state from the query string."""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import quote

from dash import Dash, Input, Output, State, html
from dash.development.base_component import Component

from callbacks import admin_import, city, interventions, map, overview, presentation, trends
from callbacks.views import PATH_PARAMS
from components.common import no_data_notice, page_header
from components.ids import Shell
from data.i18n import N_, _
from data.repository import Repository

PAGES: dict[str, Callable[[Repository, str], Component]] = {
    "/": overview.page,
    "/trends": trends.page,
    "/interventions": interventions.page,
    "/map": map.page,
    "/city": city.page,
    "/presentation": presentation.page,
}
# Pages drawn from city observations: a folder without any shows a notice there instead.
NEEDS_OBSERVATIONS = {
    "/": N_("Overview"),
    "/trends": N_("Trends"),
    "/map": N_("Map"),
    "/city": N_("City profile"),
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
    if path == admin_import.PATH:  # only when an admin token is configured
        return admin_import.page(repo, search or "") if admin_import.enabled() else not_found(path)
    base, _sep, value = path.rpartition("/")
    if base in PATH_PARAMS and value:
        search = f"?{PATH_PARAMS[base]}={quote(value)}&" + (search or "").lstrip("?")
        path = base
    page = PAGES.get(path)
    if path in NEEDS_OBSERVATIONS and repo.table("observations").empty:
        return no_data_notice(_(NEEDS_OBSERVATIONS[path]))
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
        Output(Shell.LANGUAGE, "name"),  # dbc.Select has no `title`: Dash 4 rejects the layout
        Input(Shell.LANGUAGE, "value"),
        prevent_initial_call=True,
    )

    @app.callback(
        Output(Shell.PAGE, "children"), Input(Shell.URL, "pathname"), State(Shell.URL, "search")
    )
    def _route(pathname: str | None, search: str | None) -> Component:
        return render(repo, pathname, search)
