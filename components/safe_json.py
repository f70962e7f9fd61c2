"""JSON for the browser, as plotly's `to_json_plotly` writes it, without copying the value first.

plotly's writer copies all of a value into plain Python values before orjson writes them (a
table of a few hundred cells, or a figure's thousand numbers, cost more than computing them).
Here orjson writes the value itself, asking each Dash component or plotly figure for its JSON
form as it meets one. The characters that could end a `<script>` or a line of JavaScript are
escaped as plotly escapes them, so the text is safe inside an HTML page.
"""

from __future__ import annotations

from typing import Any

import orjson
from plotly.io.json import to_json_plotly

SAFE = (("<", "\\u003c"), (">", "\\u003e"), ("/", "\\u002f"), ("\u2028", "\\u2028"),
        ("\u2029", "\\u2029"))  # fmt: skip  # what to_json_plotly escapes for HTML pages
ORJSON = orjson.OPT_NON_STR_KEYS | orjson.OPT_SERIALIZE_NUMPY  # to_json_plotly's options


def _component(value: Any) -> Any:
    """What orjson cannot write itself: a component's or figure's JSON form, anything else as
    plotly writes it."""
    as_json = getattr(value, "to_plotly_json", None)
    if as_json is not None:
        return as_json()
    return orjson.Fragment(to_json_plotly(value))


def safe_json(value: Any) -> str:
    """`value` as `to_json_plotly` writes it (the same JSON; dates in numpy arrays as plotly
    writes them in a figure alone: no zero microseconds)."""
    text = orjson.dumps(value, default=_component, option=ORJSON).decode()
    for unsafe, safe in SAFE:
        if unsafe in text:
            text = text.replace(unsafe, safe)
    return text
