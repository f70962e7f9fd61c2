"""The "Embed" button every embeddable view shows, and its dialog: snippet, options, preview."""

from __future__ import annotations

import dash_bootstrap_components as dbc
from dash import dcc, html
from dash.development.base_component import Component

from components.embed import DEFAULT_HEIGHT, HEIGHTS
from components.ids import Embed, Presentation
from data.i18n import _

BAR_CLASS = "d-flex justify-content-end align-items-center flex-wrap gap-2 mb-2"


def embed_dialog() -> Component:
    options = dbc.Row(
        [
            dbc.Col(
                [
                    dbc.Label(
                        _("Chart height (pixels)"), html_for=Embed.HEIGHT, class_name="small"
                    ),
                    dbc.Input(
                        id=Embed.HEIGHT,
                        type="number",
                        min=HEIGHTS.start,
                        max=HEIGHTS.stop - 1,
                        step=10,
                        value=DEFAULT_HEIGHT,
                        size="sm",
                    ),
                ],
                sm=4,
            ),
            dbc.Col(
                [
                    dbc.Label(_("Theme"), html_for=Embed.THEME, class_name="small"),
                    dbc.Select(
                        id=Embed.THEME,
                        options=[
                            {"label": _("Light"), "value": "light"},
                            {"label": _("Dark"), "value": "dark"},
                        ],
                        value="light",
                        size="sm",
                    ),
                ],
                sm=4,
            ),
            dbc.Col(
                dbc.Checkbox(
                    id=Embed.CONTROLS, label=_("Show controls"), value=True, class_name="mt-4"
                ),
                sm=4,
            ),
        ],
        class_name="mb-2",
    )
    code = html.Div(
        [
            dbc.Label(_("Code to paste into your page"), html_for=Embed.CODE, class_name="small"),
            html.Div(
                [
                    dbc.Textarea(
                        id=Embed.CODE, readonly=True, rows=4, class_name="font-monospace small"
                    ),
                    dcc.Clipboard(
                        target_id=Embed.CODE,
                        id=Embed.COPY,
                        title=_("Copy to clipboard"),
                        className="btn btn-outline-secondary btn-sm position-absolute top-0 end-0",
                    ),
                ],
                className="position-relative",
            ),
            html.P(
                _(
                    "The script line makes the chart take the height of its content; without it "
                    "the chart keeps the height above. No cookies, no tracking."
                ),
                className="small text-body-secondary mt-1",
            ),
        ]
    )
    preview = html.Div(
        [
            html.H3(_("Preview"), className="h6"),
            html.Iframe(
                id=Embed.PREVIEW,
                title=_("Preview of the embedded chart"),
                className="w-100 border rounded",
            ),
        ]
    )
    return dbc.Modal(
        [
            dbc.ModalHeader(dbc.ModalTitle(_("Embed this chart"))),
            dbc.ModalBody([options, code, preview]),
            dbc.ModalFooter(
                [
                    html.A(
                        _("Download as HTML"),
                        id=Embed.STANDALONE,
                        download="",
                        className="btn btn-outline-secondary btn-sm",
                    ),
                ]
            ),
        ],
        id=Embed.DIALOG,
        size="lg",
        scrollable=True,
    )


def share_bar() -> Component:
    """Keep the view as a slide, or embed it: shown on every view that can be drawn outside
    its page (views.VIEWS); a clientside callback hides it elsewhere."""
    return html.Div(
        [
            html.Span(id=Presentation.ADDED, className="small text-body-secondary", role="status"),
            dbc.Button(
                _("Add to presentation"),
                id=Presentation.ADD,
                color="primary",
                outline=True,
                size="sm",
            ),
            dbc.Button(
                _("Embed"),
                id=Embed.OPEN,
                color="secondary",
                outline=True,
                size="sm",
            ),
            embed_dialog(),
        ],
        id=Embed.BAR,
        className=BAR_CLASS,
    )
