"""/presentation: collect views as slides, edit the deck, present it, export it.

The deck lives in the browser (a local-storage dcc.Store in the shell) as the JSON a deck file
holds. Handlers are plain functions on that JSON so tests call them without a browser; exports
run as background callbacks so a 12-slide render never blocks other users.
"""

from __future__ import annotations

import base64
import contextlib
import json
from typing import Any

import dash_bootstrap_components as dbc
from dash import ALL, Dash, Input, Output, State, ctx, dcc, html, no_update
from dash.development.base_component import Component
from dash.exceptions import PreventUpdate

from components import presentation as view
from components.common import TOPOJSON_URL, filled_chart_table
from components.embed import topojson_name
from components.ids import Presentation as P
from data.deck import Deck, DeckError
from data.i18n import DEFAULT_LANGUAGE, _, language
from data.repository import Repository
from exports import deck as deck_export
from views import VIEWS
from views.record import UnknownView
from web.embeds import chart_rows

DETAILS = ("title", "network", "period", "author", "closing", "closing_text")
DETAIL_IDS = (P.TITLE, P.NETWORK, P.PERIOD, P.AUTHOR, P.CLOSING, P.CLOSING_TEXT)


def load(store: dict[str, Any] | None) -> Deck:
    """The deck in the browser; a damaged store starts a fresh deck rather than break the page."""
    try:
        return Deck.from_dict(store or {}, origin=_("saved deck"))
    except DeckError:
        return Deck()


def dump(deck: Deck, revision: int) -> dict[str, Any]:
    """`revision` changes only when the whole deck is replaced (loaded), so the page knows to
    redraw the form rather than the fields someone is typing in."""
    return {**deck.to_dict(), "revision": revision}


def revision(store: dict[str, Any] | None) -> int:
    return int((store or {}).get("revision", 0))


def add(repo: Repository, store: dict[str, Any] | None, url: str) -> tuple[Any, Component]:
    """The current view as a new slide, titled like its chart."""
    try:
        chart = VIEWS.chart(repo, url)
    except UnknownView:
        return no_update, html.Span(_("This page cannot be a slide."))
    deck = load(store).add(url, chart.title)
    message = html.Span(
        [
            _("Added as slide {n}.", n=len(deck.slides)),
            " ",
            html.A(_("Open the presentation"), href="/presentation"),
        ]
    )
    return dump(deck, revision(store)), message


def show(store: dict[str, Any] | None, shown: list[Any] | None) -> tuple[Any, ...]:
    """Redraw the slide list when slides were added, moved, copied or removed (not on typing),
    and the title fields when the page opens or a deck was loaded."""
    deck = load(store)
    key = [revision(store), *(s.id for s in deck.slides)]
    if shown == key:
        return (no_update,) * (2 + len(DETAILS))
    fresh = shown is None or shown[:1] != key[:1]
    values = [getattr(deck, f) for f in DETAILS] if fresh else [no_update] * len(DETAILS)
    return (view.slide_list(deck), key, *values)


FORMAT_BUTTONS: dict[str, deck_export.Format] = {
    P.EXPORT_PPTX: "pptx",
    P.EXPORT_PDF: "pdf",
    P.EXPORT_ZIP: "zip",
}
ACTIONS = {P.SLIDE_UP: "up", P.SLIDE_DOWN: "down", P.SLIDE_COPY: "copy", P.SLIDE_REMOVE: "remove"}


def edit(
    store: dict[str, Any] | None,
    *,
    titles: dict[str, str],
    notes: dict[str, str],
    details: dict[str, Any],
    action: tuple[str, str] | None = None,
) -> dict[str, Any]:
    """Apply what the form shows, then the button pressed (action = (kind, slide id))."""
    deck = load(store)
    known = {s.id for s in deck.slides}
    for slide_id, text in titles.items():
        if slide_id in known:
            deck = deck.edit(slide_id, title=text or "")
    for slide_id, text in notes.items():
        if slide_id in known:
            deck = deck.edit(slide_id, notes=text or "")
    changes = {k: v for k, v in details.items() if v is not None}
    if "closing" in changes:
        changes["closing"] = bool(changes["closing"])
    deck = deck.replace(**changes)
    if action and action[1] in known:
        kind, slide_id = action
        if kind == "up":
            deck = deck.move(slide_id, -1)
        elif kind == "down":
            deck = deck.move(slide_id, 1)
        elif kind == "copy":
            deck = deck.duplicate(slide_id)
        elif kind == "remove":
            deck = deck.remove(slide_id)
    return dump(deck, revision(store))


def pressed(triggered: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The slide button pressed, as (kind, slide id), among everything that fired. Dash merges
    the calls of a callback that queue up, so a field left by Tab and a button clicked at once
    arrive as one call, the button not necessarily first. A button drawn anew fires with no
    clicks: it was not pressed."""
    for fired in triggered:
        component = fired.get("prop_id", "").rsplit(".", 1)[0]
        if not component.startswith("{") or not fired.get("value"):
            continue
        key = json.loads(component)
        if key.get("type") in ACTIONS:
            return ACTIONS[key["type"]], str(key["index"])
    return None


def as_shown(
    store: dict[str, Any] | None, titles: list[Any], notes: list[Any], details: list[Any]
) -> Deck:
    """The deck with what the form shows. A field typed just before a button is pressed may
    not have reached the store yet; the button's callback reads the form itself."""
    ids = [s.id for s in load(store).slides]
    shown = edit(
        store,
        titles=dict(zip(ids, titles)) if len(titles) == len(ids) else {},
        notes=dict(zip(ids, notes)) if len(notes) == len(ids) else {},
        details=dict(zip(DETAILS, details)),
    )
    return load(shown)


def upload(store: dict[str, Any] | None, contents: str, filename: str | None) -> tuple[Any, Any]:
    """A deck file replaces the deck in the browser; a bad file changes nothing and says why."""
    name = filename or "deck.json"
    try:
        raw = base64.b64decode(contents.split(",", 1)[1])
        deck = Deck.from_json(raw, origin=name)
    except (DeckError, IndexError, ValueError) as error:
        return no_update, dbc.Alert(str(error), color="danger", dismissable=True)
    message = _("Loaded {file}: {n} slides.", file=name, n=len(deck.slides))
    return dump(deck, revision(store) + 1), dbc.Alert(message, color="success", dismissable=True)


# Presenting: the title slide, one per view, the closing slide.


def sequence(deck: Deck) -> list[str | None]:
    """Slide urls in showing order; None for the title and closing slides."""
    return [None, *(s.url for s in deck.slides), *([None] if deck.closing else [])]


def present_slide(repo: Repository, deck: Deck, index: int) -> Component:
    built = repo.built_at[:10]
    order = sequence(deck)
    if index == 0:
        title, lines = deck_export.title_lines(deck, built)
        return _text_slide(title, lines, "display-5")
    if index == len(order) - 1 and deck.closing:
        charts = []
        for other in deck.slides:
            with contextlib.suppress(UnknownView):
                charts.append(VIEWS.chart(repo, other.url))
        title, lines = deck_export.closing_lines(deck, charts)
        return _text_slide(title, lines, "display-6")
    slide = deck.slides[index - 1]
    try:
        shown, state = VIEWS.parse(slide.url)  # parse() refuses views without a chart
        assert shown.chart is not None
        chart = shown.chart(repo, state)  # a city the data no longer holds refuses too
    except UnknownView as error:  # a deck file from a newer or older app
        return _text_slide(slide.title or slide.url, [str(error)], "display-6")
    table = chart_rows(repo, shown, state)
    figure = deck_export.slide_chart(chart).update_layout(height=None, autosize=True)
    config: dict[str, Any] = {"displayModeBar": False, "responsive": True}
    if topojson_name(figure) is not None:
        config["topojsonURL"] = TOPOJSON_URL
    return html.Div(
        [
            html.H2(slide.title or chart.title, className="display-6 mb-2"),
            html.Div(  # the chart's description, as on the exported slide's image
                dcc.Graph(figure=figure, config=config, style={"height": "68vh"}),
                role="figure",
                **{"aria-label": deck_export.alt_text(chart)},
            ),
            html.P(chart.attribution.text(), className="small text-body-secondary mb-0"),
            *([filled_chart_table(table)] if table else []),
        ],
        className="flex-grow-1",
    )


def _text_slide(title: str, lines: list[str], size: str) -> Component:
    return html.Div(
        [
            html.H2(title, className=f"{size} mb-4"),
            *(html.P(line, className="lead") for line in lines),
        ],
        className="m-auto text-center",
    )


def form() -> dict[str, Any]:
    """What the page shows, for callbacks that must not miss the last keystroke (see as_shown):
    a callback given `state=dict(form=form(), ...)` receives it as one dict."""
    return {
        "titles": State({"type": P.SLIDE_TITLE, "index": ALL}, "value"),
        "notes": State({"type": P.SLIDE_NOTES, "index": ALL}, "value"),
        "details": [State(i, "value") for i in DETAIL_IDS],
        "store": State(P.STORE, "data"),
    }


def _shown(shown: dict[str, Any]) -> Deck:
    """as_shown() of what form() gave a callback."""
    return as_shown(shown["store"], shown["titles"], shown["notes"], shown["details"])


def register(app: Dash, repo: Repository) -> None:
    app.clientside_callback(
        """function (n) {
            if (!n) { return window.dash_clientside.no_update; }
            return {url: window.location.pathname + window.location.search, n: n};
        }""",
        Output(P.PENDING, "data"),
        Input(P.ADD, "n_clicks"),
        prevent_initial_call=True,
    )
    app.clientside_callback(
        "function (deck) { const n = deck && deck.slides ? deck.slides.length : 0;"
        " return n ? String(n) : ''; }",
        Output(P.COUNT, "children"),
        Input(P.STORE, "data"),
    )

    @app.callback(
        Output(P.STORE, "data"),
        Output(P.ADDED, "children"),
        Input(P.PENDING, "data"),
        State(P.STORE, "data"),
        prevent_initial_call=True,
    )
    def _add(pending: dict[str, Any], store: dict[str, Any] | None) -> tuple[Any, Any]:
        return add(repo, store, pending["url"])

    @app.callback(
        Output(P.SLIDES, "children"),
        Output(P.SHOWN, "data"),
        *[Output(i, "value") for i in DETAIL_IDS],
        Input(P.STORE, "data"),
        State(P.SHOWN, "data"),
    )
    def _show(store: dict[str, Any] | None, shown: list[Any] | None) -> tuple[Any, ...]:
        return show(store, shown)

    @app.callback(
        output=Output(P.STORE, "data", allow_duplicate=True),
        inputs={
            "titles": Input({"type": P.SLIDE_TITLE, "index": ALL}, "value"),
            "notes": Input({"type": P.SLIDE_NOTES, "index": ALL}, "value"),
            "buttons": [Input({"type": kind, "index": ALL}, "n_clicks") for kind in ACTIONS],
            "details": [Input(i, "value") for i in DETAIL_IDS],
        },
        state={"store": State(P.STORE, "data")},
        prevent_initial_call=True,
    )
    def _edit(
        titles: list[Any], notes: list[Any], buttons: Any, details: list[Any], store: Any
    ) -> Any:
        del titles, notes, buttons  # by slide id below: the values alone do not name it
        titles_by_id = {i["id"]["index"]: i.get("value") for i in ctx.args_grouping["titles"]}
        notes_by_id = {i["id"]["index"]: i.get("value") for i in ctx.args_grouping["notes"]}
        action = pressed(ctx.triggered)
        new = edit(
            store,
            titles=titles_by_id,
            notes=notes_by_id,
            details=dict(zip(DETAILS, details)),
            action=action,
        )
        return no_update if new == store else new

    @app.callback(
        Output(P.STORE, "data", allow_duplicate=True),
        Output(P.LOAD_STATUS, "children"),
        Input(P.LOAD, "contents"),
        State(P.LOAD, "filename"),
        State(P.STORE, "data"),
        prevent_initial_call=True,
    )
    def _upload(contents: str | None, filename: str | None, store: dict[str, Any] | None) -> Any:
        if not contents:  # the page was drawn, nothing was chosen
            raise PreventUpdate
        return upload(store, contents, filename)

    @app.callback(
        output=Output(P.SAVE_FILE, "data"),
        inputs={"n": Input(P.SAVE, "n_clicks")},
        state={"shown": form()},
        prevent_initial_call=True,
    )
    def _save(n: int | None, shown: dict[str, Any]) -> dict[str, Any]:
        if not n:
            raise PreventUpdate
        deck = _shown(shown)
        name = deck_export.file_name(deck, "pptx").removesuffix(".pptx") + ".json"
        return dcc.send_string(deck.to_json(), name, type="application/json")

    @app.callback(
        output=[
            Output(P.SHOW, "is_open"),
            Output(P.SHOW_INDEX, "data"),
            Output(P.SHOW_BODY, "children"),
            Output(P.SHOW_NUMBER, "children"),
            Output(P.SHOW_PREV, "disabled"),
            Output(P.SHOW_NEXT, "disabled"),
        ],
        inputs={
            "buttons": [
                Input(button, "n_clicks")
                for button in (P.PRESENT, P.SHOW_PREV, P.SHOW_NEXT, P.SHOW_CLOSE)
            ]
        },
        state={"index": State(P.SHOW_INDEX, "data"), "shown": form()},
        prevent_initial_call=True,
    )
    def _present(buttons: list[Any], index: int | None, shown: dict[str, Any]) -> tuple[Any, ...]:
        del buttons  # which one: ctx.triggered_id
        if not ctx.triggered[0].get("value"):
            raise PreventUpdate  # buttons drawn, none pressed
        if ctx.triggered_id == P.SHOW_CLOSE:
            return False, *(no_update,) * 5
        deck = _shown(shown)
        last = len(sequence(deck)) - 1
        step = {P.PRESENT: None, P.SHOW_PREV: -1, P.SHOW_NEXT: 1}[ctx.triggered_id]
        index = 0 if step is None else min(max(int(index or 0) + step, 0), last)
        number = _("Slide {n} of {total}", n=index + 1, total=last + 1)
        slide = present_slide(repo, deck, index)
        return True, index, slide, number, index == 0, index == last

    app.clientside_callback(
        """function (open) {
            try {
                if (open && !document.fullscreenElement) {
                    document.documentElement.requestFullscreen().catch(() => {});
                } else if (!open && document.fullscreenElement) {
                    document.exitFullscreen().catch(() => {});
                }
            } catch (e) {}
            return window.dash_clientside.no_update;
        }""",
        Output(P.SHOW, "class_name"),
        Input(P.SHOW, "is_open"),
        prevent_initial_call=True,
    )

    @app.callback(
        output=[Output(P.EXPORT_FILE, "data"), Output(P.EXPORT_STATUS, "children")],
        inputs={"formats": [Input(i, "n_clicks") for i in FORMAT_BUTTONS]},
        state={"chosen_language": State(P.LANGUAGE, "data"), "shown": form()},
        background=True,
        progress=[Output(P.EXPORT_PROGRESS, "value"), Output(P.EXPORT_STEP, "children")],
        progress_default=[0, ""],
        running=[
            (Output(P.EXPORT_PANEL, "className"), "mb-2", "d-none"),
            (Output(P.EXPORT_PPTX, "disabled"), True, False),
            (Output(P.EXPORT_PDF, "disabled"), True, False),
            (Output(P.EXPORT_ZIP, "disabled"), True, False),
        ],
        cancel=[Input(P.EXPORT_CANCEL, "n_clicks")],
        interval=500,
        prevent_initial_call=True,
    )
    def _export(
        set_progress: Any, formats: list[Any], chosen_language: str | None, shown: dict[str, Any]
    ) -> tuple[Any, Any]:
        if not any(formats):
            raise PreventUpdate
        fmt = FORMAT_BUTTONS[ctx.triggered_id]
        with language(chosen_language or DEFAULT_LANGUAGE):  # a worker process: no request to ask
            return run_export(repo, _shown(shown), fmt, set_progress)

    @app.callback(
        Output(P.EXPORT_STATUS, "children", allow_duplicate=True),
        Input(P.EXPORT_CANCEL, "n_clicks"),
        prevent_initial_call=True,
    )
    def _cancelled(n: int | None) -> Component:
        if not n:
            raise PreventUpdate
        return dbc.Alert(_("Export cancelled."), color="secondary", dismissable=True)


def run_export(
    repo: Repository, deck: Deck, fmt: deck_export.Format, set_progress: Any
) -> tuple[Any, Any]:
    total = len(deck.slides)
    set_progress((0, _("Starting the chart renderer…")))

    def progress(done: int, total: int) -> None:
        set_progress((round(100 * done / total), _("Slide {n} of {total}", n=done, total=total)))

    try:
        content = deck_export.export(repo, deck, fmt, progress=progress)
    except (DeckError, deck_export.NoChromium) as error:
        return no_update, dbc.Alert(str(error), color="danger", dismissable=True)
    name = deck_export.file_name(deck, fmt)
    message = _("Exported {n} slides to {file}.", n=total, file=name)
    download = dcc.send_bytes(content, name, type=deck_export.MEDIA_TYPES[fmt])
    return download, dbc.Alert(message, color="success", dismissable=True)
