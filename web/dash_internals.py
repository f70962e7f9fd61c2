"""Every place where the observatory leans on Dash's private behaviour, and nothing else.

Each item below is verified against Dash TARGET by a contract test of its own
(tests/unit/test_dash_internals.py): on another Dash, run those first. What Dash offers in
public (flexible callback signatures, `app.validation_layout`, `interpolate_index`) is used
elsewhere as it is.

1. The page's scripts (`interpolate_index`'s `scripts`): Dash puts @babel/polyfill (core-js 2)
   first on every page, 150 ms of script work on a small laptop to patch what every browser we
   support has; its components need only the regenerator runtime from it.
2. A page's layout with its first answer in it (`fill_page`): Dash's `Component._traverse()`
   finds the page's own dcc.Location and the components its update fills, and their props are
   set before the layout is serialised: the page draws without a callback round trip.
3. Component libraries loaded with an answer (`load_with_answers`): Dash's
   `scripts.get_all_scripts` leaves a library off every page, and a callback answer carrying one
   of its components names its bundle under "dist", which the renderer loads before drawing
   the answer (its mechanism for libraries imported during a callback).
4. The renderer's requests: `/_dash-update-component` posts `{"output", "outputs", "inputs",
   "state", "changedPropIds"}` with inputs as `{"id", "property", "value"}` (`callback_inputs`
   reads them for cache keys); `/_dash-layout` and `/_dash-dependencies` are plain GETs from the
   page, so their Referer names the page (`page_url`) and assets/head/early.js can ask for them
   while the scripts load.
5. assets/narrow.js wraps `Plotly.react`, which dcc.Graph draws with, to fit titles and legends
   on narrow screens.
6. Callback answers and layouts as JSON (`serialise_answers`): Dash writes each with `to_json`
   in `dash._callback` and in `dash.dash` (`serve_layout`), plotly's `to_json_plotly`, which
   hands orjson anything holding a component only after copying all of it into plain values in
   Python (a table of a few hundred cells cost more than computing it). The same JSON from
   `components.safe_json`, which embeds write their figures with too.
7. dcc's lazy components (`lazy_scripts`): dcc.Graph, Dropdown and Slider fetch their code from
   the component suites (`async-graph.js`, ...) only once the renderer has drawn them, and the
   renderer runs their callbacks after. A page that shows them at once names those files in its
   HTML (views' `lazy`), so that they load with the other scripts instead of after them.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any
from urllib.parse import urlsplit

import dash._callback
import dash.dash
from dash import Dash, dcc, no_update
from dash.development.base_component import Component
from flask import Response, has_request_context, request

from components.safe_json import safe_json

TARGET = "4.4.1"  # the Dash version each item was verified with

UPDATE_PATH = "/_dash-update-component"
LAYOUT_PATH = "/_dash-layout"
EARLY_REQUESTS = ("_dash-layout", "_dash-dependencies")

# 7. Where the renderer fetches a lazy dcc component's code (webpack's chunk of that name), under
# the app's requests_pathname_prefix.
LAZY_CHUNK = "_dash-component-suites/dash/dcc/async-{}.js"


def lazy_scripts(prefix: str, components: Iterable[str]) -> list[str]:
    return [prefix + LAZY_CHUNK.format(name) for name in components]


# 1. The polyfill's script tag in the page Dash writes.
BABEL_POLYFILL = re.compile(r'<script src="[^"]*/deps/polyfill@[^"]*"></script>')


def without_babel_polyfill(scripts: str, replacement: str) -> str:
    return BABEL_POLYFILL.sub(f'<script src="{replacement}"></script>', scripts, count=1)


# 2. What a page location's callback fills, and how from (pathname, search).
Prefill = tuple[list[tuple[str, str]], Callable[[str, str], tuple[Any, ...]]]


def fill_page(
    page: Component, pathname: str, search: str, filled: Mapping[str, Prefill]
) -> Component:
    """`page` with its own locations at this URL (mounting them then announces no change, which
    would cost a round trip that first writes the URL into the controls), and, for a location
    in `filled`, its callback's first answer set on the components it fills."""
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


# 3. Libraries left off the pages and loaded with the answers that need them.
def carries(payload: Any, libraries: tuple[str, ...]) -> bool:
    """Whether an answer holds a component of one of `libraries`, at any depth."""
    if isinstance(payload, dict):
        if payload.get("namespace") in libraries and "props" in payload:
            return True
        return any(carries(value, libraries) for value in payload.values())
    if isinstance(payload, list):
        return any(carries(value, libraries) for value in payload)
    return False


def load_with_answers(app: Dash, libraries: tuple[str, ...]) -> Callable[[Response], Response]:
    """Leave `libraries` off every page; returns the after-request hook that names their
    bundle in the answers carrying one of their components."""
    # get_dist also registers the files, so that every worker serves them from the start
    dist = app.get_dist(list(libraries))
    every = app.scripts.get_all_scripts

    def on_every_page(dev_bundles: bool = False) -> list[dict[str, Any]]:
        return [s for s in every(dev_bundles) if s.get("namespace") not in libraries]

    app.scripts.get_all_scripts = on_every_page  # type: ignore[method-assign]
    names = [name.encode() for name in libraries]

    def with_dist(response: Response) -> Response:
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
            return response  # named already, or no library of ours in it
        answer = json.loads(body)
        if not carries(answer.get("response"), libraries):
            return response
        answer["dist"] = dist
        response.set_data(json.dumps(answer, separators=(",", ":")))
        return response

    return with_dist


# 4. The renderer's requests.
def callback_inputs(body: bytes) -> tuple[Any, list[Any], list[Any]] | None:
    """(output, inputs, state) of a callback request as the renderer writes it; None when the
    body is not one. Pattern-matching inputs arrive as lists."""
    try:
        payload = json.loads(body)
        return payload.get("output"), list(payload["inputs"]), list(payload.get("state", []))
    except (ValueError, KeyError, TypeError):
        return None


def page_url() -> tuple[str, str] | None:
    """The path and query of the page asking for its layout, if it is one of ours: the
    renderer's GET of `/_dash-layout` comes from the page (our pages send their Referer to us:
    Referrer-Policy same-origin)."""
    url = urlsplit(request.referrer or "") if has_request_context() else None
    if url is None or not url.path or url.netloc != request.host:
        return None
    return url.path, f"?{url.query}" if url.query else ""


# 6. Callback answers and layouts as JSON.
def serialise_answers() -> None:
    """Dash writes callback answers, and the layout (a page's first answers are in it:
    `fill_page`), with `safe_json`."""
    dash._callback.to_json = safe_json  # type: ignore[attr-defined]
    dash.dash.to_json = safe_json  # type: ignore[attr-defined]
