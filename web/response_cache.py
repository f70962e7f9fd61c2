"""Answers of the view callbacks, rendered pages and embeds, kept per build, language and URL.

A view's charts depend on its URL alone (see url_state.register_view), so two visitors of the
same link, or a burst of visitors of an embedded page, get the same answer: the first request
computes it, the next ones are served from the cache (web/cache.py) until a new build loads (a
request with `Cache-Control: no-cache` is computed again, as the benchmark's "afresh" rows are).
Only callbacks whose inputs are all the path or query of a view's location (or a value the URL
alone decides) are cached (their state, if any, is part of the key); nothing else is touched.
Keys hold the URL as the view's state spells it (views.record.canonical): `?junk=1`, `?junk=2`
and a reordered query are one entry, computed once.

Answers are kept compressed, in the encoding the browser asked for: a map of 5,000 cities is a
4 MB answer, and compressing it again for every visitor cost more than computing a small one.
"""

from __future__ import annotations

import gzip
import json

import brotli
from dash import Dash
from flask import Flask, Response, g, request

from data.i18n import current_language
from data.repository import Repository
from views import VIEWS
from views.record import canonical
from web import dash_internals
from web.cache import Backend, key

URL_PARTS = ("pathname", "search")
ENCODINGS = ["br", "gzip"]  # what answers are kept in, best first
# Kept answers are compressed once: those made ahead of time (web/warm.py sends AHEAD with its
# requests) a little harder than flask-compress does per response; those a visitor waits for as
# hard as costs little beside computing them (the 5,000-city map: 4 ms more at quality 5, for
# 4% fewer bytes).
BROTLI_QUALITY = {True: 5, False: 4}  # made ahead of time: quality
AHEAD = "X-Observatory-Ahead"
GZIP_LEVEL = 6


def cached_inputs(server: Flask) -> set[tuple[str, str]]:
    """The (id, property) inputs that the URL alone decides: a callback with only these is
    answered from the cache."""
    return server.extensions.setdefault("observatory.cached_inputs", set())


def cache_location(server: Flask, location: str) -> None:
    """A page location whose path and query alone decide the answers of its callbacks."""
    cached_inputs(server).update((location, part) for part in URL_PARTS)


def _spelt(component: object, prop: object, value: object) -> object:
    """An input's value as the key holds it: a view location's query in its one spelling."""
    view = VIEWS.located(component) if isinstance(component, str) else None
    if view is None or prop != "search" or not isinstance(value, str | None):
        return value
    return canonical(view, value or "")


def cache_key(body: bytes, cacheable: set[tuple[str, str]], build_id: str) -> str | None:
    found = dash_internals.callback_inputs(body)
    if found is None:
        return None
    output, inputs, state = found
    if not all(
        isinstance(i, dict) and (i.get("id"), i.get("property")) in cacheable
        for i in inputs  # pattern-matching inputs arrive as lists: never cached
    ):
        return None
    spelt = [
        [i["id"], i["property"], _spelt(i["id"], i["property"], i.get("value"))] for i in inputs
    ]
    asked = json.dumps([output, spelt, state], sort_keys=True, default=str)
    return key("answer", build_id, current_language(), asked)


def page_key(build_id: str, pathname: str, search: str) -> str:
    """The key of the page at this URL (the layout `callbacks/routing.layout` renders)."""
    found = VIEWS.at(pathname)
    if found is None:
        return key("page", build_id, current_language(), pathname, search)
    view, from_path = found
    return key("page", build_id, current_language(), canonical(view, search, from_path))


def encoding() -> str:
    """The encoding an answer is kept and sent in, for this request's Accept-Encoding."""
    return request.accept_encodings.best_match(ENCODINGS) or "identity"


def encode(body: bytes, name: str, *, ahead: bool = False) -> bytes:
    if name == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY[ahead])
    if name == "gzip":
        return gzip.compress(body, GZIP_LEVEL, mtime=0)
    return body


def answers(server: Flask) -> Backend:
    """The kept answers, pages and embeds (web.install puts the backend there)."""
    return server.extensions["observatory.answers"]


def answer_from_cache(
    server: Flask, kept_as: str, mimetype: str = "application/json"
) -> Response | None:
    """The answer kept under `kept_as`, or None after noting that this request's answer is to
    be kept (see `keep_answer`). Call it before the answer is computed."""
    name = encoding()
    fresh = "no-cache" in request.headers.get("Cache-Control", "")
    hit = None if fresh else answers(server).get(f"{kept_as};{name}")
    if hit is None:
        g.answer_key, g.answer_encoding = kept_as, name
        return None
    return encoded(Response(hit, mimetype=mimetype), name)


def encoded(response: Response, name: str) -> Response:
    """`response`, whose body is already in encoding `name`, labelled as such."""
    if name != "identity":
        response.headers["Content-Encoding"] = name  # flask-compress leaves it alone then
    response.vary.add("Accept-Encoding")
    return response


def hooks(app: Dash, repo: Repository) -> tuple:
    """(answer from the cache, page from the cache, keep the answer): web.install orders them."""
    cacheable = cached_inputs(app.server)
    layout_path = app.config.routes_pathname_prefix + dash_internals.LAYOUT_PATH.lstrip("/")

    def answer_from_kept() -> Response | None:
        if request.method != "POST" or request.path != dash_internals.UPDATE_PATH:
            return None
        found = cache_key(request.get_data(cache=True), cacheable, repo.snapshot.build_id)
        return None if found is None else answer_from_cache(app.server, found)

    def page_from_kept() -> Response | None:
        if request.method != "GET" or request.path != layout_path:
            return None
        url = dash_internals.page_url()
        if url is None:
            return None
        return answer_from_cache(app.server, page_key(repo.snapshot.build_id, *url))

    def keep_answer(response: Response) -> Response:
        kept_as = g.pop("answer_key", None)
        if kept_as is None or response.status_code != 200 or response.direct_passthrough:
            return response
        name = g.pop("answer_encoding")
        body = encode(response.get_data(), name, ahead=AHEAD in request.headers)
        answers(app.server).set(f"{kept_as};{name}", body)
        response.set_data(body)
        return encoded(response, name)

    return answer_from_kept, page_from_kept, keep_answer
