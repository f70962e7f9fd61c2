"""Layout of `/presentation`: the deck's details, its slides, and the ways out (present, export)."""

from __future__ import annotations

import json

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from components.common import page_header
from components.ids import Presentation as P
from data.deck import Deck, Slide
from data.i18n import _, current_language


def dom_id(component_id: dict[str, str]) -> str:
    """The id Dash gives a pattern-matching component in the page, for a label's `for`."""
    return json.dumps(component_id, sort_keys=True, separators=(",", ":"))


def _field(label: str, component: Component, width: int = 3) -> Component:
    return dbc.Col(
        [dbc.Label(label, html_for=str(component.id), class_name="fw-semibold small"), component],
        md=width,
        className="mb-2",
    )


def _input(component_id: str, example: str) -> Component:
    """An empty field shows an example, marked as one (italic, "e.g."), so that it does not
    read as a value the deck already has."""
    return dbc.Input(
        id=component_id,
        placeholder=_("e.g. {example}", example=example),
        debounce=True,
        size="sm",
        class_name="example-placeholder",
    )


def details() -> Component:
    """Title slide (network, period, author) and the optional closing slide."""
    return html.Section(
        [
            html.H2(_("Title and closing slides"), className="h5"),
            dbc.Row(
                [
                    _field(_("Title"), _input(P.TITLE, _("Two Years in Review")), 4),
                    _field(_("Network"), _input(P.NETWORK, _("Peace in Our Cities"))),
                    _field(_("Period"), _input(P.PERIOD, _("2024–2025")), 2),
                    _field(_("Author"), _input(P.AUTHOR, _("Name, organisation"))),
                ]
            ),
            dbc.Row(
                [
                    dbc.Col(
                        dbc.Checkbox(
                            id=P.CLOSING, label=_("End with a closing slide listing the sources")
                        ),
                        md=5,
                        className="mb-2 pt-md-4",
                    ),
                    _field(_("Closing slide text"), _input(P.CLOSING_TEXT, _("Thank you")), 4),
                ]
            ),
        ],
        className="mb-3",
        **{"aria-label": _("Title and closing slides")},
    )


def toolbar() -> Component:
    return html.Div(
        [
            dbc.Button(_("Present"), id=P.PRESENT, color="primary"),
            dbc.ButtonGroup(
                [
                    dbc.Button(_("PowerPoint"), id=P.EXPORT_PPTX, color="secondary", outline=True),
                    dbc.Button(_("PDF"), id=P.EXPORT_PDF, color="secondary", outline=True),
                    dbc.Button(
                        _("Images and data (ZIP)"), id=P.EXPORT_ZIP, color="secondary", outline=True
                    ),
                ],
            ),
            dbc.Button(_("Save deck (JSON)"), id=P.SAVE, color="link"),
            html.Label(  # names the upload's file input for screen readers
                dcc.Upload(
                    html.Span(_("Load deck…"), className="btn btn-link"),
                    id=P.LOAD,
                    accept=".json,application/json",
                    disable_click=True,  # the label opens the file dialog, once
                ),
                className="mb-0",
            ),
            dcc.Download(id=P.SAVE_FILE),
            dcc.Download(id=P.EXPORT_FILE),
            dcc.Store(id=P.LANGUAGE, data=current_language()),
        ],
        className="d-flex flex-wrap gap-2 align-items-center mb-2",
    )


def export_panel() -> Component:
    """Shown while an export runs: how far it got, and a way to stop it."""
    return html.Div(
        [
            html.Div(
                [
                    dbc.Progress(
                        id=P.EXPORT_PROGRESS,
                        value=0,
                        striped=True,
                        animated=True,
                        className="flex-grow-1",
                        style={"height": "1.25rem"},
                    ),
                    dbc.Button(
                        _("Cancel"), id=P.EXPORT_CANCEL, color="danger", outline=True, size="sm"
                    ),
                ],
                className="d-flex gap-2 align-items-center",
            ),
            html.Div(id=P.EXPORT_STEP, className="small text-body-secondary", role="status"),
        ],
        id=P.EXPORT_PANEL,
        className="d-none",
    )


def slide_card(slide: Slide, number: int, count: int) -> Component:
    index = slide.id

    def button(kind: str, text: str, label: str, disabled: bool = False) -> Component:
        """A short visible text, and the full action for screen readers and tooltips."""
        return dbc.Button(
            [
                html.Span(text, **{"aria-hidden": "true"}),
                html.Span(label, className="visually-hidden"),
            ],
            id={"type": kind, "index": index},
            color="secondary",
            outline=True,
            size="sm",
            disabled=disabled,
            title=label,
        )

    title_id = {"type": P.SLIDE_TITLE, "index": index}
    notes_id = {"type": P.SLIDE_NOTES, "index": index}
    return html.Li(
        dbc.Card(
            dbc.CardBody(
                dbc.Row(
                    [
                        dbc.Col(
                            [
                                dbc.Label(
                                    _("Slide {n} title", n=number + 1),
                                    html_for=dom_id(title_id),
                                    class_name="small fw-semibold",
                                ),
                                dbc.Input(id=title_id, value=slide.title, debounce=True, size="sm"),
                                html.A(
                                    slide.url,
                                    href=slide.url,
                                    className="small text-break d-inline-block mt-1",
                                    title=_("Open this view"),
                                ),
                            ],
                            md=5,
                        ),
                        dbc.Col(
                            [
                                dbc.Label(
                                    _("Slide {n} speaker notes", n=number + 1),
                                    html_for=dom_id(notes_id),
                                    class_name="small fw-semibold",
                                ),
                                dbc.Textarea(
                                    id=notes_id, value=slide.notes, debounce=True, size="sm", rows=2
                                ),
                            ],
                            md=5,
                        ),
                        dbc.Col(
                            html.Div(
                                [
                                    button(
                                        P.SLIDE_UP,
                                        "↑",
                                        _("Move slide {n} up", n=number + 1),
                                        number == 0,
                                    ),
                                    button(
                                        P.SLIDE_DOWN,
                                        "↓",
                                        _("Move slide {n} down", n=number + 1),
                                        number == count - 1,
                                    ),
                                    button(
                                        P.SLIDE_COPY,
                                        _("Duplicate"),
                                        _("Duplicate slide {n}", n=number + 1),
                                    ),
                                    button(
                                        P.SLIDE_REMOVE,
                                        _("Remove"),
                                        _("Remove slide {n}", n=number + 1),
                                    ),
                                ],
                                className="d-flex flex-wrap gap-1 justify-content-md-end",
                            ),
                            md=2,
                            className="pt-md-4",
                        ),
                    ]
                )
            ),
            className="mb-2",
        ),
        className="list-unstyled",
    )


def slide_list(deck: Deck) -> Component:
    if not deck.slides:
        return dbc.Alert(
            _(
                "No slides yet. Open a view (Overview, Trends, Interventions, Map), set it up as "
                "you want to show it, and press “Add to presentation”."
            ),
            color="light",
        )
    count = len(deck.slides)
    return html.Ol([slide_card(s, i, count) for i, s in enumerate(deck.slides)], className="ps-0")


def show_modal() -> Component:
    """Full-screen presenting: one slide at a time, arrows and buttons to move."""
    return dbc.Modal(
        [
            dbc.ModalBody(id=P.SHOW_BODY, className="d-flex flex-column"),
            dbc.ModalFooter(
                [
                    html.Span(id=P.SHOW_NUMBER, className="me-auto text-body-secondary"),
                    dbc.Button(
                        [
                            html.Span("←", **{"aria-hidden": "true"}),
                            html.Span(_("Previous slide"), className="visually-hidden"),
                        ],
                        id=P.SHOW_PREV,
                        color="secondary",
                        outline=True,
                        title=_("Previous slide"),
                    ),
                    dbc.Button(
                        [
                            html.Span("→", **{"aria-hidden": "true"}),
                            html.Span(_("Next slide"), className="visually-hidden"),
                        ],
                        id=P.SHOW_NEXT,
                        color="primary",
                        title=_("Next slide"),
                    ),
                    dbc.Button(_("Close"), id=P.SHOW_CLOSE, color="link"),
                ]
            ),
            dcc.Store(id=P.SHOW_INDEX, data=0),
        ],
        id=P.SHOW,
        fullscreen=True,
        is_open=False,
        keyboard=True,
        labelledby=P.SHOW_NUMBER,
        class_name="presentation-show",
    )


def layout() -> Component:
    return html.Div(
        [
            dcc.Location(id=P.URL, refresh=False),
            dcc.Store(id=P.SHOWN),
            page_header(
                _("Presentation"),
                _(
                    "Collect views as you explore, then present them here or export an editable "
                    "deck. The deck stays in this browser; save it as a file to share or reuse it."
                ),
            ),
            details(),
            toolbar(),
            export_panel(),
            html.Div(id=P.EXPORT_STATUS, role="status"),
            html.Div(id=P.LOAD_STATUS, role="status"),
            html.H2(_("Slides"), className="h5 mt-3"),
            html.Div(id=P.SLIDES),
            show_modal(),
        ]
    )
