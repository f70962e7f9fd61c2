"""Keep a page's controls and its URL query string in step, in both directions.

Controls write the URL; back/forward (or an edited URL) writes the controls. Charts then listen
to the URL alone, so what a link says is always what the page shows.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Mapping
from functools import partial
from typing import Any

from dash import Dash, Input, Output, State, ctx, no_update

from callbacks import prefills
from data.repository import Repository
from data.state import DISPLAY_PARAMS, ViewState, form_value, query_items
from views import VIEWS
from web.response_cache import cache_location, cached_inputs

Resolve = Callable[[Any], Any]
Adjust = Callable[[Any, Any], Any]


def with_display_params(query: str, search: str | None) -> str:
    """`query` plus the display parameters (lang, theme, ...) the current URL already has."""
    kept = "&".join(f"{k}={v}" for k, v in query_items(search or "").items() if k in DISPLAY_PARAMS)
    joined = "&".join(part for part in (query, kept) if part)
    return f"?{joined}" if joined else ""


def next_search(
    state_cls: type[ViewState],
    search: str | None,
    changes: Mapping[str, Any],
    adjust: Adjust | None = None,
) -> str:
    """The URL query after a control changed: the current state with `changes` applied, then
    `adjust(old, new)` (e.g. back to page 1 when a filter changed)."""
    current, _problems = state_cls.parse(search or "")
    raw = {}
    for field in dataclasses.fields(state_cls):
        if field.name in changes:
            value = changes[field.name]
            raw[field.name] = tuple(value) if isinstance(value, list) else value
    state, _problems = state_cls.parse(current.replace(**raw).to_query())  # re-validated
    if adjust is not None:
        state = adjust(current, state)
    return with_display_params(state.to_query(), search)


def sync_url(
    app: Dash,
    *,
    location: str,
    state_cls: type[ViewState],
    controls: Mapping[str, str],
    resolve: Resolve = lambda state: state,
    adjust: Adjust | None = None,
) -> None:
    """`resolve` fills a state's defaults the way the page layout did, so that a URL without
    parameters moves the controls to what the page shows, not to empty values."""
    fields = list(controls)
    untouched = {"search": no_update, "controls": {f: no_update for f in fields}}

    @app.callback(
        output={
            "search": Output(location, "search"),
            "controls": {f: Output(controls[f], "value") for f in fields},
        },
        inputs={
            "search": Input(location, "search"),
            "values": {f: Input(controls[f], "value") for f in fields},
            "pathname": State(location, "pathname"),
        },
        prevent_initial_call=True,
    )
    def sync(search: str | None, values: dict[str, Any], pathname: str | None) -> dict[str, Any]:
        if not shows(location, pathname):
            # Back from this page to another: every page's location sees the other page's
            # address before this page goes. Read as this view's state, it rewrote that address
            # (and added a step to the history: a second "back" was needed).
            return untouched
        if ctx.triggered_id == location:  # back/forward or an edited URL: move the controls
            state = resolve(state_cls.parse(search or "")[0])
            wanted = {f: form_value(getattr(state, f)) for f in fields}
            moved = {f: no_update if wanted[f] == values[f] else wanted[f] for f in fields}
            return {"search": no_update, "controls": moved}
        new = next_search(state_cls, search, values, adjust)
        kept = {f: no_update for f in fields}
        return {"search": new if new != (search or "") else no_update, "controls": kept}


def shows(location: str, pathname: str | None) -> bool:
    """Whether the page of `location` is the one at `pathname`."""
    found = VIEWS.at(pathname or "")
    return found is not None and found[0].location == location


def register_view(
    app: Dash,
    *,
    location: str,
    state_cls: type[ViewState],
    controls: Mapping[str, str],
    outputs: list[tuple[str, str]],
    update: Callable[[str | None], tuple[Any, ...]],
    resolve: Resolve = lambda state: state,
    adjust: Adjust | None = None,
    after: tuple[str, str] | None = None,
) -> None:
    """Wire a page: its controls to its URL, and its URL to `update`, which fills `outputs`.

    `after` is an input that the URL alone decides and that is set once the page's main chart is
    on screen: the outputs then wait for it (update receives its value after the query)."""
    sync_url(
        app,
        location=location,
        state_cls=state_cls,
        controls=controls,
        resolve=resolve,
        adjust=adjust,
    )
    cache_location(app.server, location)  # the URL alone decides the answer: cache it
    inputs = [Input(location, "search")]
    if after is not None:
        cached_inputs(app.server).add(after)
        inputs.append(Input(*after))
    else:  # the page comes with its first answer: the callback answers the user's changes
        prefills(app.server)[location] = (outputs, lambda _path, search: update(search))
    app.callback(
        *[Output(i, prop) for i, prop in outputs], *inputs, prevent_initial_call=after is None
    )(update)


def register_views(app: Dash, repo: Repository) -> None:
    """Every view whose page follows its URL the generic way (its record's `wiring`)."""
    for view in VIEWS:
        wiring = view.wiring
        if wiring is None or view.location is None:
            continue
        register_view(
            app,
            location=view.location,
            state_cls=view.state,
            controls=wiring.controls,
            outputs=list(wiring.outputs),
            update=partial(wiring.update, repo),
            resolve=partial(wiring.resolve, repo) if wiring.resolve else lambda state: state,
            adjust=wiring.adjust,
            after=wiring.after,
        )
