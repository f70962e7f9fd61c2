"""The frame around every page: navigation, the main landmark and the footer."""

from __future__ import annotations

from collections.abc import Sequence

import dash_bootstrap_components as dbc
from babel import Locale
from dash import dcc, html
from dash.development.base_component import Component

from components.ids import Presentation, Shell
from components.share import share_bar
from data.i18n import _, available_languages, current_language, language_name


def language_select() -> Component | None:
    """Shown once a second language has a catalog; switching reloads the page in it."""
    languages = available_languages()
    if len(languages) < 2:
        return None
    return html.Div(
        [
            dbc.Label(_("Language"), html_for=Shell.LANGUAGE, class_name="visually-hidden"),
            dbc.Select(
                id=Shell.LANGUAGE,
                options=[
                    {"label": Locale.parse(code).get_display_name(code).capitalize(), "value": code}
                    for code in languages
                ],
                value=current_language(),
                size="sm",
            ),
        ],
        className="ms-lg-3 my-2 my-lg-0",
    )


def untranslated_notice(labels: list[str]) -> Component | None:
    """Said once, above the page, when the data gives some indicators in English only: they are
    then shown in English everywhere, which a reader should not have to discover mid-sentence."""
    if not labels:
        return None
    sentence = _(
        "Some indicator names or units have no {language} version in the data and are shown "
        "in English: {names}.",
        language=language_name(current_language()),
        names="\x00",
    )
    before, _sep, after = sentence.partition("\x00")  # the names, marked as English
    return html.P(
        [before, html.Span(", ".join(labels), lang="en"), after],
        className="small text-body-secondary mb-2",
        id=Shell.UNTRANSLATED,
    )


def shell(
    *,
    built_at: str,
    public_url: str = "",
    nav: Sequence[tuple[str, str]],
    pathname: str | None = None,
    page: Component | None = None,
    untranslated: list[str] | None = None,
) -> Component:
    """`nav` is the menu: (path, label to translate). `pathname` is the page's path when `page`
    is already rendered for it: the location then does not announce it again, and the routing
    callback stays quiet until the user moves. `untranslated`: labels of indicators the data
    gives in English only (see `Repository.untranslated`). `public_url`: OBSERVATORY_PUBLIC_URL,
    the address a chart's downloaded picture names under it (assets/export.js)."""
    navbar = dbc.NavbarSimple(
        [
            *(dbc.NavItem(dbc.NavLink(_(label), href=href, active="exact")) for href, label in nav),
            dbc.NavItem(
                dbc.NavLink(
                    [_("Presentation"), " ", dbc.Badge(id=Presentation.COUNT, color="secondary")],
                    href="/presentation",
                    active="exact",
                )
            ),
            language_select(),
        ],
        brand=_("Urban Peace Observatory"),
        brand_href="/",
        color="dark",
        dark=True,
        fluid=True,
        className="mb-3",
        id=Shell.NAV,
    )
    footer = html.Footer(
        dbc.Container(
            html.Small(
                [
                    _("Data built {date}.", date=built_at[:10]),
                    " ",
                    html.A(_("All cities (CSV)"), href="/data/cities.csv"),
                    " · ",
                    _("Open source; no cookies, no tracking."),
                ],
                className="text-body-secondary",
            ),
            fluid=True,
        ),
        className="py-3 mt-4 border-top",
        id=Shell.BUILD,
        # assets/export.js: the line under a downloaded chart; it puts in the view's address
        **{
            "data-footer": _("Data built {date} · {url}", date=built_at[:10], url="{url}"),
            "data-base": public_url,
        },
    )
    return html.Div(
        [
            dcc.Location(id=Shell.URL, pathname=pathname),
            dcc.Store(id=Presentation.STORE, storage_type="local"),
            dcc.Store(id=Presentation.PENDING),
            html.A(
                _("Skip to main content"),
                href="#" + Shell.MAIN,
                className="visually-hidden-focusable",
            ),
            navbar,
            html.Main(
                dbc.Container(
                    [
                        share_bar(),
                        untranslated_notice(untranslated or []),
                        html.Div(page, id=Shell.PAGE),
                    ],
                    fluid=True,
                ),
                id=Shell.MAIN,
                tabIndex="-1",
            ),
            footer,
        ]
    )
