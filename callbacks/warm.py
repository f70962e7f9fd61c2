"""The main pages are rendered as soon as a worker has a build, before anyone asks for them.

Otherwise the first visitor of a page after a new build (or a restart) waits for its whole
computation: at 5,000 cities, seconds for the map. Warming starts once the response that met the
new build has gone out, so it never delays that request, and puts each main page's default view,
in each language, into the answer cache (callbacks/response_cache.py) the way a browser asks for
it, and so for the default embeds. Views with a query are computed when first asked for.
"""

from __future__ import annotations

import logging
import threading
import time

from dash import Dash
from flask import Flask, Response

from callbacks import warmers
from components.figures import style
from data.i18n import available_languages
from data.i18n import language as in_language
from data.repository import Repository

log = logging.getLogger(__name__)

PAGES = ("/", "/map", "/trends", "/interventions")
# Partner pages show these by default; the map's is the one worth waiting for (a second).
EMBEDS = ("/embed/overview", "/embed/map", "/embed/trends", "/embed/interventions")
ENCODING = "br"  # what every current browser asks for
THREAD = "observatory-warm"


def shared(server: Flask) -> None:
    """The work every request of a view shares (callbacks.warmers), each on its own: one that
    fails is logged, and the request that needs it computes it again and reports."""
    for compute in warmers(server):
        try:
            compute()
        except Exception:
            log.exception("warming up %s failed", compute)


def warm(app: Dash, paths: tuple[str, ...] = PAGES, embeds: tuple[str, ...] = EMBEDS) -> float:
    """plotly.py's first figure, the shared work of the views, then the pages at `paths` and
    the `embeds` rendered in every language into the cache; returns the seconds it took."""
    started = time.perf_counter()
    style.warm()
    for language in available_languages():  # names and labels are kept per language
        with in_language(language):
            shared(app.server)
    client = app.server.test_client()
    layout = app.config.routes_pathname_prefix + "_dash-layout"
    for language in available_languages():
        browser = {"Accept-Language": language, "Accept-Encoding": ENCODING}
        for path in paths:  # the test client's host
            client.get(layout, headers={**browser, "Referer": f"http://localhost{path}"})
        for path in embeds:
            client.get(path, headers=browser)
    return time.perf_counter() - started


def warmed(server: Flask) -> set[str]:
    """The builds whose pages this worker has rendered (or tried to)."""
    return server.extensions.setdefault("observatory.warmed", set())


def register(app: Dash, repo: Repository) -> None:
    started: set[str] = set()
    lock = threading.Lock()

    def run(build: str) -> None:
        try:
            log.info("pages of build %s warmed in %.1f s", build, warm(app))
        except Exception:  # a page that fails here fails for its visitor too, with a message
            log.exception("warming the pages of build %s failed", build)
        warmed(app.server).add(build)

    @app.server.after_request
    def _warm_new_build(response: Response) -> Response:
        build = repo.snapshot.build_id
        with lock:
            if build in started:
                return response
            started.add(build)
        response.call_on_close(
            lambda: threading.Thread(target=run, args=(build,), name=THREAD, daemon=True).start()
        )
        return response
