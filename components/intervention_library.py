"""The good-practice library: the listed interventions as cards, search words marked."""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from components.figures.timeline import period, theme_colours
from data.i18n import _
from data.queries.interventions import fold
from data.schema import STATUSES, THEMES

SNIPPET = 240


def _spans(text: str, terms: list[str]) -> list[tuple[int, int]]:
    """Where the search words occur in `text`, accents and case ignored, as (start, end)
    positions in the original text."""
    folded, origin = [], []
    for i, char in enumerate(text):
        for f in fold(char):
            folded.append(f)
            origin.append(i)
    haystack = "".join(folded)
    spans: list[tuple[int, int]] = []
    for term in terms:
        at = haystack.find(term)
        while at >= 0 and term:
            spans.append((origin[at], origin[at + len(term) - 1] + 1))
            at = haystack.find(term, at + len(term))
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def highlight(text: str, terms: list[str]) -> list[str | Component]:
    """`text` with each search word wrapped in <mark>."""
    out: list[str | Component] = []
    position = 0
    for start, end in _spans(text, terms):
        out += [text[position:start], html.Mark(text[start:end])]
        position = end
    out.append(text[position:])
    return [part for part in out if part != ""]


def snippet(text: str, terms: list[str], limit: int = SNIPPET) -> str:
    """The description cut at a word, around the first search word when it comes late."""
    if len(text) <= limit:
        return text
    spans = _spans(text, terms)
    begin = 0
    if spans and spans[0][1] > limit - 40:
        begin = text.rfind(" ", 0, max(0, spans[0][0] - 60)) + 1
    cut = text[begin : begin + limit]
    cut = cut[: cut.rfind(" ")] if " " in cut else cut
    return ("…" if begin else "") + cut.rstrip(",.;: ") + "…"


def theme_badge(theme: str) -> Component:
    """The theme's colour as a dot beside its name: coloured text would fail contrast."""
    return html.Span(
        [
            html.Span(
                className="theme-dot",
                style={"backgroundColor": theme_colours().get(theme, "#999999")},
                **{"aria-hidden": "true"},
            ),
            _(THEMES.get(theme, theme)),
        ],
        className="badge rounded-pill text-bg-light border fw-normal me-1",
    )


def theme_key(themes: list[str]) -> Component:
    """The timeline's colour key, and what a hatched bar means."""
    return html.Div(
        [
            *[theme_badge(t) for t in themes],
            html.Span(
                [html.Span(className="open-end-swatch", **{"aria-hidden": "true"}), _("ongoing")],
                className="badge rounded-pill text-bg-light border fw-normal me-1",
            ),
        ],
        className="timeline-key mb-2",
        **{"aria-label": _("Colour key")},
    )


def status_badge(status: str) -> Component:
    colour = {"ongoing": "success", "planned": "info", "completed": "secondary"}.get(
        status, "light"
    )
    return html.Span(
        _(STATUSES.get(status, status)),
        className=f"badge rounded-pill text-bg-{colour} me-1",
    )


def demo_badge() -> Component:
    return html.Span(_("Demo record"), className="badge rounded-pill text-bg-warning me-1")


def card(row: pd.Series, *, href: str, terms: list[str]) -> Component:
    funder = row["funder"] if isinstance(row["funder"], str) else _("not stated")
    badges = [theme_badge(row["theme"]), status_badge(row["status"])]
    if row["simulated"]:
        badges.append(demo_badge())
    return dbc.Col(
        dbc.Card(
            dbc.CardBody(
                [
                    html.Div(badges, className="mb-2"),
                    html.H3(
                        dcc.Link(highlight(str(row["title"]), terms), href=href),
                        className="h6 card-title",
                    ),
                    html.P(
                        _(
                            "{city}, {country} · {period}",
                            city=row["city"],
                            country=row["country_name"],
                            period=period(row),
                        ),
                        className="small text-body-secondary mb-2",
                    ),
                    html.P(
                        highlight(snippet(str(row["description"]), terms), terms),
                        className="small mb-2",
                    ),
                    html.P(
                        [
                            html.Span(_("Lead: {lead}", lead=row["lead_organisation"])),
                            html.Br(),
                            html.Span(_("Funder: {funder}", funder=funder)),
                        ],
                        className="small text-body-secondary mb-0",
                    ),
                ]
            ),
            class_name="h-100 intervention-card",
        ),
        className="mb-3",
    )


def library(rows: pd.DataFrame, *, hrefs: list[str], terms: list[str]) -> Component:
    if rows.empty:
        return html.P(_("No interventions match."), className="text-body-secondary")
    return dbc.Row(
        [card(row, href=href, terms=terms) for (_i, row), href in zip(rows.iterrows(), hrefs)],
        class_name="row-cols-1 row-cols-md-2 row-cols-xl-3",
    )
