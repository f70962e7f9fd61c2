"""Answers of the view callbacks, kept per data build and language.

A view's charts depend on its URL alone (see url_state.register_view), so two visitors of the
same link, or a burst of visitors of an embedded page, get the same answer: the first request
computes it, the next ones are served from memory until a new build loads (a request with
`Cache-Control: no-cache` is computed again, as the benchmark's "afresh" rows are). Only
callbacks whose inputs are all the path or query of a registered page location (or a value the
URL alone decides) are cached (their state, if any, is part of the key); nothing else is touched.

Answers are kept compressed, in the encoding the browser asked for: a map of 5,000 cities is a
4 MB answer, and compressing it again for every visitor cost more than computing a small one.
"""

from __future__ import annotations

import gzip
import hashlib
import json
import threading
from collections import OrderedDict

import brotli
from dash import Dash
from flask import Flask, Response, g, request

from data.i18n import current_language
from data.repository import Repository

UPDATE_PATH = "/_dash-update-component"
MAX_BYTES = 64 * 1024 * 1024  # per worker process
URL_PARTS = ("pathname", "search")
# Kept answers are compressed once, so a little harder than flask-compress does per response.
BROTLI_QUALITY = 5
GZIP_LEVEL = 6


class LRUBytes:
    """A least-recently-used map of bytes, bounded by their total length."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.items: OrderedDict[str, bytes] = OrderedDict()
        self.lock = threading.Lock()

    def get(self, key: str) -> bytes | None:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: str, value: bytes) -> None:
        if len(value) > self.max_bytes // 8:
            return
        with self.lock:
            if key in self.items:
                self.size -= len(self.items.pop(key))
            self.items[key] = value
            self.size += len(value)
            while self.size > self.max_bytes:
                _dropped, oldest = self.items.popitem(last=False)
                self.size -= len(oldest)


def cached_inputs(server: Flask) -> set[tuple[str, str]]:
    """The (id, property) inputs that the URL alone decides: a callback with only these is
    answered from the cache."""
    return server.extensions.setdefault("observatory.cached_inputs", set())


def cache_location(server: Flask, location: str) -> None:
    """A page location whose path and query alone decide the answers of its callbacks."""
    cached_inputs(server).update((location, part) for part in URL_PARTS)


def cache_key(body: bytes, cacheable: set[tuple[str, str]], build_id: str) -> str | None:
    try:
        payload = json.loads(body)
        inputs = payload["inputs"]
    except (ValueError, KeyError, TypeError):
        return None
    if not all(
        isinstance(i, dict) and (i.get("id"), i.get("property")) in cacheable
        for i in inputs  # pattern-matching inputs arrive as lists: never cached
    ):
        return None
    key = b"\n".join([build_id.encode(), current_language().encode(), body])
    return hashlib.sha256(key).hexdigest()


def encoding(accepted: str) -> str:
    """The encoding an answer is kept and sent in, for a request's Accept-Encoding."""
    names = {part.split(";")[0].strip().lower() for part in accepted.split(",")}
    return next((name for name in ("br", "gzip") if name in names), "identity")


def encode(body: bytes, name: str) -> bytes:
    if name == "br":
        return brotli.compress(body, quality=BROTLI_QUALITY)
    if name == "gzip":
        return gzip.compress(body, GZIP_LEVEL, mtime=0)
    return body


def kept(server: Flask) -> LRUBytes:
    """The answers of this worker: callback answers and rendered pages, compressed."""
    return server.extensions.setdefault("observatory.answers", LRUBytes())


def answer_from_cache(
    server: Flask, key: str, mimetype: str = "application/json"
) -> Response | None:
    """The answer kept under `key`, or None after noting that this request's answer is to be
    kept (see `register`). Call it before the answer is computed."""
    name = encoding(request.headers.get("Accept-Encoding", ""))
    fresh = "no-cache" in request.headers.get("Cache-Control", "")
    hit = None if fresh else kept(server).get(f"{key};{name}")
    if hit is None:
        g.answer_key, g.answer_encoding = key, name
        return None
    return encoded(Response(hit, mimetype=mimetype), name)


def encoded(response: Response, name: str) -> Response:
    """`response`, whose body is already in encoding `name`, labelled as such."""
    if name != "identity":
        response.headers["Content-Encoding"] = name  # flask-compress leaves it alone then
    response.vary.add("Accept-Encoding")
    return response


def register(app: Dash, repo: Repository) -> None:
    cacheable = cached_inputs(app.server)

    @app.server.before_request
    def _answer_from_cache() -> Response | None:
        if request.method != "POST" or request.path != UPDATE_PATH:
            return None
        key = cache_key(request.get_data(cache=True), cacheable, repo.snapshot.build_id)
        return None if key is None else answer_from_cache(app.server, key)

    @app.server.after_request
    def _keep_answer(response: Response) -> Response:
        key = g.pop("answer_key", None)
        if key is None or response.status_code != 200 or response.direct_passthrough:
            return response
        name = g.pop("answer_encoding")
        body = encode(response.get_data(), name)
        kept(app.server).put(f"{key};{name}", body)
        response.set_data(body)
        return encoded(response, name)
