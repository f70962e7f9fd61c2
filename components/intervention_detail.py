"""One intervention: its record, and what the data can and cannot say about the years after it.

The evidence text is written for a funder's slide: every number comes with its interval, every
interval that includes zero says so in words, and the cautions are always in view.
"""

from __future__ import annotations

import dash_bootstrap_components as dbc
import pandas as pd
from dash import dcc, html
from dash.development.base_component import Component

from components.figures.timeline import budget_text, period
from components.intervention_library import demo_badge, status_badge, theme_badge
from data.i18n import _, number, percent, signed
from data.queries.before_after import BeforeAfter, general_caveats, region_label, theme_label
from data.queries.evidence import Estimate


def _text(value: object) -> str:
    return value if isinstance(value, str) and value else ""


def _item(term: str, value: str | Component | list[Component | str]) -> list[Component]:
    return [html.Dt(term, className="col-sm-3"), html.Dd(value, className="col-sm-9")]


def record(row: pd.Series, *, trends_href: str) -> Component:
    """Everything the record says, in the order a reader asks: what, where, who, money, result."""
    partners = [p.strip() for p in _text(row["partners"]).split(";") if p.strip()]
    link = _text(row["link"])
    badges = [theme_badge(str(row["theme"])), status_badge(str(row["status"]))]
    if bool(row["simulated"]):
        badges.append(demo_badge())
    items = [
        *_item(_("Theme"), theme_label(str(row["theme"]))),
        *_item(_("Where"), _("{city}, {country}", city=row["city"], country=row["country_name"])),
        *_item(_("When"), period(row)),
        *_item(_("Lead organisation"), str(row["lead_organisation"])),
        *_item(_("Partners"), "; ".join(partners) if partners else _("not stated")),
        *_item(_("Funder"), _text(row["funder"]) or _("not stated")),
        *_item(_("Budget"), budget_text(row["budget"], row["currency"])),
        *_item(_("Network programme"), _text(row["network"]) or _("none")),
        *_item(_("Reported outcomes"), _text(row["outcomes"]) or _("none reported")),
        *_item(
            _("Documents"),
            html.A(link, href=link, target="_blank", rel="noopener") if link else _("no link"),
        ),
        *_item(_("Source of this record"), _text(row["source"]) or _("not stated")),
    ]
    return html.Article(
        [
            html.Div(badges, className="mb-2"),
            html.H2(str(row["title"]), className="h4"),
            html.P(str(row["description"]), className="lead fs-6"),
            html.Dl(items, className="row small mb-2"),
            dcc.Link(_("See {city}'s trends over the years", city=row["city"]), href=trends_href),
        ],
        className="intervention-record",
    )


def not_found(intervention_id: str) -> Component:
    return dbc.Alert(
        _("There is no intervention with the id '{id}'.", id=intervention_id), color="warning"
    )


def _number(value: float) -> str:
    return number(value)


def _amount(value: float, relative: bool, digits: int = 1) -> str:
    """A change as the reader needs it: '−18.0%' of the rate for counts, '−2.1' otherwise."""
    return percent(value, 1) if relative else signed(value, digits)


def _interval(estimate: Estimate, digits: int = 1) -> str:
    return _(
        "95% interval {low} to {high}",
        low=_amount(estimate.low, estimate.relative, digits),
        high=_amount(estimate.high, estimate.relative, digits),
    )


def _direction(value: float) -> str:
    return _("higher") if value > 0 else _("lower")


def _judgement(estimate: Estimate) -> str:
    if estimate.excludes_zero:
        return _("The interval excludes zero: a change this size is unlikely to be chance alone.")
    return _("The interval includes zero: the data cannot tell this from ordinary ups and downs.")


def _means(result: BeforeAfter, unit: str) -> Component | None:
    m = result.means
    if m is None:
        return None
    change = m.change
    relative = f" ({percent(change / m.before)})" if m.before else ""
    rows = [
        (
            _(
                "Before ({first}-{last}, {n} years)",
                first=m.years_before[0],
                last=m.years_before[1],
                n=m.n_before,
            ),
            _number(m.before),
        ),
        (
            _(
                "From the start ({first}-{last}, {n} years)",
                first=m.years_after[0],
                last=m.years_after[1],
                n=m.n_after,
            ),
            _number(m.after),
        ),
        (_("Difference"), f"{signed(change)}{relative}"),
    ]
    if m.difference is not None:
        label = (
            _("Change in the rate, years pooled")
            if m.difference.relative
            else _("Difference, with its interval")
        )
        rows.append(
            (
                label,
                f"{_amount(m.difference.value, m.difference.relative)} ({_interval(m.difference)})",
            )
        )
    return html.Table(
        [
            html.Caption(
                _("{indicator}: means ({unit})", indicator=result.indicator.label, unit=unit),
                className="caption-top",
            ),
            html.Tbody(
                [html.Tr([html.Th(label, scope="row"), html.Td(value)]) for label, value in rows]
            ),
        ],
        className="table table-sm w-auto evidence-means",
    )


def _headline(result: BeforeAfter) -> str:
    fit = result.fit
    assert fit is not None and result.means is not None
    gap = fit.average
    first, last = result.means.years_after
    if gap.relative:
        return _(
            "{indicator} from {first} to {last}: on average {value} {direction} than the trend "
            "of the years before would have given",
            indicator=result.indicator.label,
            first=first,
            last=last,
            value=percent(abs(gap.value), 1).lstrip("+"),
            direction=_direction(gap.value),
        )
    return _(
        "{indicator} from {first} to {last}: on average {value} {direction} than the trend of "
        "the years before would have given",
        indicator=result.indicator.label,
        first=first,
        last=last,
        value=_number(abs(gap.value)),
        direction=_direction(gap.value),
    )


def _segmented(result: BeforeAfter) -> Component:
    fit = result.fit
    assert fit is not None
    gap = fit.average
    model = (
        _(
            "A count model (Poisson regression of the yearly events, population as offset): "
            "changes are in percent of the rate."
        )
        if fit.counts
        else _("Least squares on the yearly values: changes are in the indicator's unit.")
    )
    sentences = [
        html.P(
            [
                html.Strong(_headline(result)),
                " ",
                _("({interval}).", interval=_interval(gap)),
                " ",
                _judgement(gap),
            ]
        ),
        html.Ul(
            [
                html.Li(
                    _(
                        "In {year}, the last year with data: {value} ({interval}).",
                        year=fit.last_year,
                        value=_amount(fit.at_last.value, fit.at_last.relative),
                        interval=_interval(fit.at_last),
                    )
                ),
                html.Li(
                    _(
                        "Change in level at the start: {value} ({interval}).",
                        value=_amount(fit.level.value, fit.level.relative),
                        interval=_interval(fit.level),
                    )
                ),
                html.Li(
                    _(
                        "Change in the yearly trend: {value} a year ({interval}).",
                        value=_amount(fit.slope.value, fit.slope.relative, 2),
                        interval=_interval(fit.slope, 2),
                    )
                ),
                html.Li(
                    _(
                        "Trend before the start: {value} a year, from {n} years.",
                        value=_amount(fit.pre_slope.value, fit.pre_slope.relative, 2),
                        n=fit.n_before,
                    )
                ),
                html.Li(model),
            ],
            className="small",
        ),
    ]
    return html.Div(sentences)


def _comparison(result: BeforeAfter) -> Component | None:
    comparison = result.comparison
    if comparison is None:
        return None
    heading = html.H3(_("Against comparison cities"), className="h6 mt-3")
    if comparison.result is None:
        return html.Div([heading, html.P(comparison.problem, className="small")])
    did = comparison.result
    cities = ", ".join(comparison.city_names)
    parts: list[Component] = [
        heading,
        html.P(
            _(
                "Mean of {n} cities from {region} that report this indicator every year and had "
                "no intervention on '{theme}' in these years: {cities}.",
                n=len(comparison.city_names),
                region=region_label(comparison.region),
                theme=theme_label(result.theme),
                cities=cities,
            ),
            className="small",
        ),
        html.P(
            [
                html.Strong(
                    _(
                        "The gap between {city} and them moved by {value} after the start",
                        city=result.city,
                        value=signed(did.estimate.value),
                    )
                ),
                " ",
                _(
                    "(from {before} to {after}; {interval}).",
                    before=signed(did.gap_before),
                    after=signed(did.gap_after),
                    interval=_interval(did.estimate),
                ),
                " ",
                _judgement(did.estimate),
            ]
        ),
    ]
    if not did.parallel_before:
        parts.append(
            dbc.Alert(
                _(
                    "The gap was already moving before the start ({value} a year): the "
                    "comparison cities are not a fair picture of what would have happened.",
                    value=f"{did.pre_gap_slope.value:+,.2f}",
                ),
                color="warning",
                className="small py-2",
            )
        )
    return html.Div(parts)


def evidence(result: BeforeAfter | None, *, indicator_known: bool) -> Component:
    """Numbers first when there are any; the reason when there are none; cautions always."""
    if result is None:
        message = (
            _("There is no such intervention.")
            if indicator_known
            else _("There is no such indicator.")
        )
        return dbc.Alert(message, color="warning")
    parts: list[Component | None] = []
    if result.problem:
        parts.append(dbc.Alert(result.problem, color="secondary", className="evidence-problem"))
    parts.append(_means(result, result.indicator.unit))
    if result.fit is not None:
        parts.append(_segmented(result))
    parts.append(_comparison(result))
    cautions = result.cautions
    parts.append(
        html.Section(
            [
                html.H3(_("Read this before quoting any number"), className="h6 mt-3"),
                html.Ul(
                    [html.Li(c, className="fw-semibold") for c in cautions]
                    + [html.Li(c) for c in general_caveats()],
                    className="small evidence-caveats",
                ),
            ],
            **{"aria-label": _("Cautions")},
        )
    )
    return html.Div([p for p in parts if p is not None], className="evidence")


def evidence_lines(result: BeforeAfter) -> list[str]:
    """The evidence as plain sentences, for where no page stands beside the chart (a slide,
    an embed): the estimate with its interval and what it means, the means, the cautions of
    this series and the first of the general ones."""
    lines = []
    if result.problem:
        lines.append(result.problem)
    if result.fit is not None and result.means is not None:
        gap = result.fit.average
        lines.append(f"{_headline(result)} ({_interval(gap)}). {_judgement(gap)}")
    m = result.means
    if m is not None:
        difference = m.difference
        lines.append(
            _(
                "Mean before ({first}-{last}): {before}; from the start: {after}; difference "
                "{change}.",
                first=m.years_before[0],
                last=m.years_before[1],
                before=_number(m.before),
                after=_number(m.after),
                change=signed(m.change)
                if difference is None
                else f"{_amount(difference.value, difference.relative)} ({_interval(difference)})",
            )
        )
    lines += [*result.cautions, general_caveats()[0]]
    return lines
