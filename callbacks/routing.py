"""The path picks the page; the page reads its own state from the query string."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Mapping
from types import MappingProxyType
from urllib.parse import quote, urlsplit

from dash import Dash, Input, Output, State, dcc, html, no_update
from dash.development.base_component import Component
from flask import Response, has_request_context, request

from callbacks import (
    Prefill,
    admin_import,
    city,
    interventions,
    map,
    overview,
    prefills,
    presentation,
    trends,
)
from callbacks.response_cache import answer_from_cache, cache_location
from callbacks.views import PATH_PARAMS
from components.common import no_data_notice, page_header
from components.ids import Shell
from components.shell import shell
from data.i18n import N_, _, current_language
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


def render(
    repo: Repository,
    pathname: str | None,
    search: str | None,
    filled: Mapping[str, Prefill] = MappingProxyType({}),
) -> Component:
    """The page at this URL, its own locations already at it: mounting them then announces no
    change (which would cost a round trip that first writes the URL into the controls). A
    location in `filled` also gets its callback's first answer into the page, so the page draws
    from its layout without asking (see callbacks.prefills)."""
    page = _page(repo, pathname, search)
    pathname, search = pathname or "/", search or ""
    components = {c.id: c for c in page._traverse() if isinstance(getattr(c, "id", None), str)}
    for location in [c for c in components.values() if isinstance(c, dcc.Location)]:
        location.pathname, location.search = pathname, search
        if location.id not in filled:
            continue
        outputs, fill = filled[location.id]
        for (component_id, prop), value in zip(outputs, fill(pathname, search)):
            if not isinstance(value, type(no_update)):
                setattr(components[component_id], prop, value)
    return page


def _page(repo: Repository, pathname: str | None, search: str | None) -> Component:
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


def _page_url() -> tuple[str, str] | None:
    """The path and query of the page that asks for the layout, if it is one of ours."""
    url = urlsplit(request.referrer or "") if has_request_context() else None
    if url is None or not url.path or url.netloc != request.host:
        return None
    return url.path, f"?{url.query}" if url.query else ""


def layout(app: Dash, repo: Repository) -> Callable[[], Component]:
    """Dash's layout, with the page the browser is on already in it: one round trip less before
    the first chart than a routing callback after the layout. The browser names its page in the
    Referer of its layout request (our pages send it to us: Referrer-Policy same-origin); without
    one the shell comes empty and the routing callback fills it. A page is the same for everyone
    until the next build, so its layout answer is kept, compressed, with the callback answers."""
    layout_path = app.config.routes_pathname_prefix + "_dash-layout"

    @app.server.before_request
    def _page_from_cache() -> Response | None:
        url = _page_url() if request.method == "GET" and request.path == layout_path else None
        if url is None:
            return None
        key = "\n".join(("page", repo.snapshot.build_id, current_language(), *url))
        return answer_from_cache(app.server, hashlib.sha256(key.encode()).hexdigest())

    def serve() -> Component:
        url = _page_url()
        untranslated = repo.untranslated()
        if url is None:
            return shell(built_at=repo.built_at, untranslated=untranslated)
        page = render(repo, *url, prefills(app.server))
        return shell(built_at=repo.built_at, pathname=url[0], page=page, untranslated=untranslated)

    return serve


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

    cache_location(app.server, Shell.URL)  # a page is the same for everyone until the next build

    @app.callback(
        Output(Shell.PAGE, "children"),
        Input(Shell.URL, "pathname"),
        State(Shell.URL, "search"),
        prevent_initial_call=True,  # the layout came with its page (or the path is not known yet)
    )
    def _route(pathname: str | None, search: str | None) -> Component:
        return render(repo, pathname, search, prefills(app.server))
