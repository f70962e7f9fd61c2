"""Component libraries that one part of one page uses load with that part, not with every page.

Dash puts every imported component library's bundle on every page. dash-ag-grid's is 1.3 MB
(350 KB compressed, and 400 ms of script work on a small laptop) for the member list of /map
alone. So its bundle stays off the page, and a callback answer that carries one of its components
also names the bundle under "dist": Dash's renderer loads those scripts before it draws the
answer (the mechanism it has for libraries imported during a callback).
"""

from __future__ import annotations

import json
from typing import Any

from dash import Dash
from flask import Response, request

from web.response_cache import UPDATE_PATH

LIBRARIES = ("dash_ag_grid",)


def carries(payload: Any, libraries: tuple[str, ...]) -> bool:
    """Whether an answer holds a component of one of `libraries`, at any depth."""
    if isinstance(payload, dict):
        if payload.get("namespace") in libraries and "props" in payload:
            return True
        return any(carries(value, libraries) for value in payload.values())
    if isinstance(payload, list):
        return any(carries(value, libraries) for value in payload)
    return False


def register(app: Dash, libraries: tuple[str, ...] = LIBRARIES) -> None:
    # get_dist also registers the files, so that every worker serves them from the start
    dist = app.get_dist(list(libraries))
    every = app.scripts.get_all_scripts

    def on_every_page(dev_bundles: bool = False) -> list[dict[str, Any]]:
        return [s for s in every(dev_bundles) if s.get("namespace") not in libraries]

    app.scripts.get_all_scripts = on_every_page  # type: ignore[method-assign]
    names = [name.encode() for name in libraries]

    @app.server.after_request
    def _with_dist(response: Response) -> Response:
        if (
            request.path != UPDATE_PATH
            or response.status_code != 200
            or response.direct_passthrough
            or not response.is_json
            or "Content-Encoding" in response.headers  # a kept answer: it names them already
        ):
            return response
        body = response.get_data()
        if b'"dist":' in body or not any(name in body for name in names):
            return response  # named already (a cached answer), or no library of ours in it
        answer = json.loads(body)
        if not carries(answer.get("response"), libraries):
            return response
        answer["dist"] = dist
        response.set_data(json.dumps(answer, separators=(",", ":")))
        return response
