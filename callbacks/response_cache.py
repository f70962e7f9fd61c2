"""Answers of the view callbacks, kept per data build and language.

A view's charts depend on its URL alone (see url_state.register_view), so two visitors of the
same link, or a burst of visitors of an embedded page, get the same answer: the first request
computes it, the next ones are served from memory until a new build loads (a request with
`Cache-Control: no-cache` is computed again, as the benchmark's "afresh" rows are). Only
callbacks whose inputs are all the path or query of a registered page location (or a value the
URL alone decides) are cached (their state, if any, is part of the key); nothing else is touched.
"""

from __future__ import annotations

import hashlib
import json
import threading
from collections import OrderedDict
from typing import Any

from dash import Dash
from flask import Flask, Response, g, request

from data.i18n import current_language
from data.repository import Repository

UPDATE_PATH = "/_dash-update-component"
MAX_BYTES = 64 * 1024 * 1024  # per worker process
URL_PARTS = ("pathname", "search")


class LRUBytes:
    """A least-recently-used map, bounded by the total size of its values: their length, or the
    size given with each (a rendered page, measured by its JSON)."""

    def __init__(self, max_bytes: int = MAX_BYTES) -> None:
        self.max_bytes = max_bytes
        self.size = 0
        self.items: OrderedDict[str, Any] = OrderedDict()
        self.sizes: dict[str, int] = {}
        self.lock = threading.Lock()

    def get(self, key: str) -> Any:
        with self.lock:
            value = self.items.get(key)
            if value is not None:
                self.items.move_to_end(key)
            return value

    def put(self, key: str, value: Any, size: int | None = None) -> None:
        size = len(value) if size is None else size
        if size > self.max_bytes // 8:
            return
        with self.lock:
            if key in self.items:
                del self.items[key]
                self.size -= self.sizes.pop(key)
            self.items[key] = value
            self.sizes[key] = size
            self.size += size
            while self.size > self.max_bytes:
                dropped, _value = self.items.popitem(last=False)
                self.size -= self.sizes.pop(dropped)


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


def register(app: Dash, repo: Repository) -> None:
    answers = app.server.extensions.setdefault("observatory.answers", LRUBytes())
    cacheable = cached_inputs(app.server)

    @app.server.before_request
    def _answer_from_cache() -> Response | None:
        if request.method != "POST" or request.path != UPDATE_PATH:
            return None
        key = cache_key(request.get_data(cache=True), cacheable, repo.snapshot.build_id)
        if key is None:
            return None
        fresh = "no-cache" in request.headers.get("Cache-Control", "")
        hit = None if fresh else answers.get(key)
        if hit is None:
            g.answer_key = key
            return None
        return Response(hit, mimetype="application/json")

    @app.server.after_request
    def _keep_answer(response: Response) -> Response:
        key = g.pop("answer_key", None)
        if key is not None and response.status_code == 200 and not response.direct_passthrough:
            answers.put(key, response.get_data())
        return response
