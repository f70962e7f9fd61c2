"""Requests no page of ours sends answered 4xx, never 500.

A path under /_dash-component-suites/ that names no file of a registered library (a traversal
attempt: `dash/dcc/../../app.py`) is a 404; Dash raises DependencyException for it.
A callback request that is not what Dash's renderer sends is a 400; three guards, in order:
1. the depth of a JSON body, counted on its bytes before any parser reads it (Python's json
   recurses once per level: `[[[[...` a hundred thousand deep raised RecursionError); the size
   is bounded before the body is read at all (MAX_CONTENT_LENGTH, web.install);
2. the envelope, checked against the callback it names (web/dash_internals.py, item 4): one
   registered output, the outputs, inputs and state that callback has, with their ids;
3. anything a callback raises on values of a type its components never send (a dict where a
   dropdown sends text) is logged with its traceback and answered 400: the renderer only
   sends the types its components hold, so such a request did not come from our pages.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Callable
from typing import Any

import numpy as np
from dash import Dash
from dash.exceptions import DependencyException
from flask import Response, request
from werkzeug.exceptions import HTTPException

from data.i18n import _
from web import dash_internals

log = logging.getLogger(__name__)

# The renderer's deepest body is a component tree sent as state: a few levels per component.
MAX_DEPTH = 200
STRINGS = re.compile(rb'"[^"\\]*(?:\\.[^"\\]*)*"', re.DOTALL)
BRACKETS = re.compile(rb"[^\[\]{}]+")


def depth(body: bytes) -> int:
    """How deep the arrays and objects of this JSON text nest (0 for a scalar)."""
    brackets = np.frombuffer(BRACKETS.sub(b"", STRINGS.sub(b"", body)), dtype=np.uint8)
    if brackets.size == 0:
        return 0
    opens = (brackets == ord("[")) | (brackets == ord("{"))
    return int(np.cumsum(np.where(opens, 1, -1)).max())


def refused(text: str) -> Response:
    return Response(text, status=400, mimetype="text/plain")


def _matches(sent: Any, expected: list[dict[str, Any]]) -> bool:
    """Whether `sent` is the list of {id, property, value} the renderer sends for `expected`
    (a pattern-matching id sends a dict, or a list of them for ALL)."""
    if not isinstance(sent, list) or len(sent) != len(expected):
        return False
    for item, spec in zip(sent, expected):
        if str(spec["id"]).startswith("{"):
            if not isinstance(item, dict | list):
                return False
        elif not (
            isinstance(item, dict)
            and item.get("id") == spec["id"]
            and item.get("property") == spec["property"]
        ):
            return False
    return True


def envelope_problem(payload: Any, callback_map: dict[str, Any]) -> str | None:
    """What is wrong with a callback request's shape (None: it is the renderer's)."""
    if not isinstance(payload, dict):
        return "not a JSON object"
    output = payload.get("output")
    spec = callback_map.get(output) if isinstance(output, str) else None
    if spec is None or "callback" not in spec:  # none, or one the browser runs itself
        return "no such callback"
    outputs = payload.get("outputs")
    many = output.startswith("..")
    names = output.removeprefix("..").removesuffix("..").split("...") if many else [output]
    sent = outputs if many else [outputs]
    if not spec.get("no_output") and not (
        isinstance(sent, list)
        and len(sent) == len(names)
        and all(
            isinstance(o, dict) or (isinstance(o, list) and name.startswith("{"))
            for o, name in zip(sent, names)  # a pattern-matching output: a list for ALL
        )
    ):
        return "outputs do not match"
    if not _matches(payload.get("inputs"), spec.get("inputs", [])):
        return "inputs do not match"
    if not _matches(payload.get("state", []), spec.get("state", [])):
        return "state does not match"
    changed = payload.get("changedPropIds", [])
    if not isinstance(changed, list) or not all(isinstance(c, str) for c in changed):
        return "changedPropIds is not a list of names"
    return None


def guards(app: Dash) -> tuple[Callable[[], Response | None], Callable[[Exception], Any]]:
    """(the before-request check of 1. and 2., the error handler of 3.): web.install puts them."""
    update_path = app.config.routes_pathname_prefix + dash_internals.UPDATE_PATH.lstrip("/")

    def malformed() -> Response | None:
        if request.method != "POST":
            return None
        body = request.get_data(cache=True)
        if depth(body) > MAX_DEPTH:
            return refused(_("The request is nested deeper than {depth} levels.", depth=MAX_DEPTH))
        if request.path != update_path:
            return None
        try:
            payload = json.loads(body)
        except (ValueError, RecursionError):
            return refused(_("The request is not JSON."))
        problem = envelope_problem(payload, app.callback_map)
        if problem is None:
            return None
        return refused(_("Not a request of this app's pages: {problem}.", problem=problem))

    def failed(error: Exception) -> Any:
        if isinstance(error, HTTPException):
            return error  # a 404, a 413: Flask's own answer
        if isinstance(error, DependencyException):
            return Response(_("No such file."), status=404, mimetype="text/plain")
        if request.path != update_path:
            raise error
        log.warning("a callback failed on the values it was sent", exc_info=error)
        return refused(_("The request's values could not be answered."))

    return malformed, failed
