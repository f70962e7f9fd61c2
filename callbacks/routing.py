"""The path picks the page; the page reads its own state from the query string."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from types import MappingProxyType
from urllib.parse import urlencode

from dash import Dash, Input, Output, State
from dash.development.base_component import Component

from callbacks import Prefill, admin_import, prefills
from components.common import no_data_notice
from components.ids import Shell
from components.not_found import page as missing_page
from components.shell import shell
from data.i18n import _
from data.queries import options
from data.repository import Repository
from data.settings import Settings
from data.state import query_items
from views import VIEWS
from web import dash_internals
from web.response_cache import cache_location


def not_found(
    repo: Repository, pathname: str, what: str | None = None, search: str = ""
) -> Component:
    """The helpful 404 page (components/not_found.py); web/pages.py sets the status. Its
    suggestions are the cities nearest to the city asked for (`?city=`), else to the path's
    last part."""
    nav = [(view.url(), view.nav) for view in VIEWS if view.nav]
    what = what or _("There is no page at {path}.", path=pathname)
    asked = query_items(search).get("city") or pathname.rstrip("/").rpartition("/")[2]
    return missing_page(asked, what, nav=nav, cities=options.city_options(repo))


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
    return dash_internals.fill_page(page, pathname or "/", search or "", filled)


def _page(repo: Repository, pathname: str | None, search: str | None) -> Component:
    path = (pathname or "/").rstrip("/") or "/"
    if path == admin_import.PATH:  # only when an admin token is configured
        if admin_import.enabled():
            return admin_import.page(repo, search or "")
        return not_found(repo, path)
    found, what = VIEWS.at(path), VIEWS.missing(repo, path, search or "")
    if found is None or what is not None:
        return not_found(repo, path, what, search or "")
    view, from_path = found
    if view.needs_observations and repo.table("observations").empty:
        return no_data_notice(_(view.title))
    if from_path:  # /city/<id> is the city page with city=<id>
        search = f"?{urlencode(from_path)}&" + (search or "").lstrip("?")
    return view.page(repo, search or "")


def layout(app: Dash, repo: Repository) -> Callable[[], Component]:
    """Dash's layout, with the page the browser is on already in it: one round trip less before
    the first chart than a routing callback after the layout. The browser names its page in the
    Referer of its layout request (our pages send it to us: Referrer-Policy same-origin); without
    one the shell comes empty and the routing callback fills it. A page is the same for everyone
    until the next build, so its layout answer is kept, compressed, with the callback answers
    (web/response_cache.py)."""

    def serve() -> Component:
        url = dash_internals.page_url()
        nav = [(view.url(), view.nav) for view in VIEWS if view.nav]
        untranslated = repo.untranslated()
        public_url = Settings.from_env().public_url
        if url is None:
            return shell(
                built_at=repo.built_at, public_url=public_url, nav=nav, untranslated=untranslated
            )
        page = render(repo, *url, prefills(app.server))
        return shell(
            built_at=repo.built_at,
            public_url=public_url,
            nav=nav,
            pathname=url[0],
            page=page,
            untranslated=untranslated,
        )

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
