"""The page for a URL that shows nothing: an unknown path or an unknown city or intervention.

It answers 404 (web/pages.py) and carries no Embed or "Add to presentation": its root's id
tells the share bar to hide (callbacks/share.py). What it offers instead: the cities whose
names come closest to what was asked, a city search, and every view.
"""

from __future__ import annotations

import difflib
from collections.abc import Sequence

from dash import dcc, html
from dash.development.base_component import Component

from components.common import page_header
from components.ids import Shell
from data.i18n import _
from data.importers.names import fold

SUGGESTIONS = 5
OFFERED = 300  # cities the search box offers as one types


def close_cities(asked: str, cities: list[dict[str, str]]) -> list[dict[str, str]]:
    """The cities whose id or name is nearest to what was asked for (an id, a name)."""
    word = fold(asked)
    if not word:
        return []
    keys: dict[str, dict[str, str]] = {}
    for city in cities:
        keys.setdefault(city["value"], city)
        keys.setdefault(fold(city["label"].partition(",")[0]), city)
    near = difflib.get_close_matches(word, list(keys), n=SUGGESTIONS * 2, cutoff=0.75)
    chosen = list({keys[k]["value"]: keys[k] for k in near}.values())
    return chosen[:SUGGESTIONS]


def page(
    asked: str, what: str, *, nav: Sequence[tuple[str, str]], cities: list[dict[str, str]]
) -> Component:
    """`asked`: the id or name that was not found; `what`: what is not there, in words; `nav`:
    (path, label to translate) of every view in the menu; `cities`: city options."""
    near = close_cities(asked, cities)
    # typing offers the cities nearest to what was asked, then the first others: thousands of
    # options would weigh on the page (/city lists them all)
    offered = list({c["value"]: c for c in [*near, *cities[:OFFERED]]}.values())
    parts: list[Component] = [page_header(_("Page not found"), what)]
    if near:
        parts.append(
            html.P(
                [
                    _("Did you mean:"),
                    " ",
                    *[
                        item
                        for i, c in enumerate(near)
                        for item in ([", "] if i else [])
                        + [html.A(c["label"], href=f"/city/{c['value']}")]
                    ],
                ]
            )
        )
    parts.append(
        html.Form(
            [
                html.Label(
                    _("Find a city"),
                    htmlFor=Shell.MISSING_SEARCH,
                    className="fw-semibold small d-block",
                ),
                html.Div(
                    [
                        html.Datalist(
                            [html.Option(value=c["value"], label=c["label"]) for c in offered],
                            id=Shell.MISSING_CITIES,
                        ),
                        dcc.Input(
                            id=Shell.MISSING_SEARCH,
                            type="text",
                            name="city",
                            list=Shell.MISSING_CITIES,
                            className="form-control w-auto flex-grow-1",
                            placeholder=_("Type a city or country"),
                            required=True,
                        ),
                        html.Button(
                            _("Open its profile"), type="submit", className="btn btn-primary"
                        ),
                    ],
                    className="d-flex gap-2 flex-wrap",
                ),
            ],
            action="/city",
            method="get",
            className="mb-3",
            style={"maxWidth": "32rem"},
        )
    )
    parts.append(html.P(html.A(_("Every city profile"), href="/city")))
    parts.append(html.H2(_("Or open a view"), className="h6"))
    parts.append(html.Ul([html.Li(html.A(_(label), href=href)) for href, label in nav]))
    return html.Div(parts, id=Shell.MISSING)
