"""Progress toward halving by 2030, said in words, badges and a table (trends and city pages).

Every sentence here restates a number computed by `data.queries.goals`; docs/methods.md
("Halving violence by 2030: baseline, target and status") explains each one.
"""

from __future__ import annotations

from dash import html
from dash.development.base_component import Component

from components.common import simple_table
from data import i18n
from data.i18n import N_, _
from data.queries.goals import Baseline, Progress, Reason, Status
from data.queries.small_numbers import MIN_EVENTS

STATUS_TEXT = {
    Status.ON_TRACK: N_("On track"),
    Status.OFF_TRACK: N_("Off track"),
    Status.NOT_ENOUGH_DATA: N_("Not enough data"),
}
STATUS_MARK = {Status.ON_TRACK: "✓", Status.OFF_TRACK: "✗", Status.NOT_ENOUGH_DATA: "?"}


def number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else i18n.number(value, digits)


def percent(change: float | None) -> str:
    """'+8.8%' or '−3.8%' (a true minus sign, which screen readers say as 'minus')."""
    if change is None:
        return "–"
    return i18n.percent(change, 1)


def status_badge(status: Status | None) -> Component:
    """Text and a mark as well as a colour: the status never depends on colour alone."""
    if status is None:
        return html.Span(_("No halving goal"), className="status status-none")
    return html.Span(
        [html.Span(STATUS_MARK[status], **{"aria-hidden": "true"}), " ", _(STATUS_TEXT[status])],
        className=f"status status-{status.value}",
    )


def baseline_years(baseline: Baseline) -> str:
    years = baseline.years
    if len(years) == 3:
        return _("average of {a}, {b} and {c}", a=years[0], b=years[1], c=years[2])
    if len(years) == 2:
        return _(
            "average of {a} and {b}; no value for {year}",
            a=years[0],
            b=years[1],
            year=baseline.reference_year,
        )
    return _("{year} alone", year=years[0])


def reason_text(progress: Progress, label: str) -> str:
    r = progress.reference_year
    if progress.reason is Reason.NO_BASELINE:
        return _(
            "There is no {label} value for {year}, nor for both {before} and {after}: there is "
            "no baseline to halve.",
            label=label.lower(),
            year=r,
            before=r - 1,
            after=r + 1,
        )
    if progress.reason is Reason.ZERO_BASELINE:
        return _("The baseline is zero: there is nothing to halve.")
    if progress.reason is Reason.FEW_EVENTS:
        assert progress.baseline is not None and progress.baseline.events is not None
        return _(
            "The baseline rests on {events} events: too few to tell a real halving from chance "
            "(at least {minimum} are needed).",
            events=number(progress.baseline.events, 0),
            minimum=MIN_EVENTS,
        )
    if progress.reason is Reason.NO_LATER_YEAR:
        return _("There is no value after the baseline years yet: progress cannot be measured.")
    return ""


def explain(progress: Progress, *, city: str, label: str, unit: str, network: str) -> str:
    """The status with its reasons, in the order a reader checks them."""
    if progress.status is Status.NOT_ENOUGH_DATA:
        return _(
            "{city}: not enough data to judge progress toward halving the {label} by {goal}. "
            "{reason}",
            city=city,
            label=label.lower(),
            goal=progress.goal_year,
            reason=reason_text(progress, label),
        )
    base, latest_year = progress.baseline, progress.latest_year
    assert base is not None and latest_year is not None
    sentences = [
        _(
            "{city}'s {label} was {baseline} {unit} at baseline ({years}; reference year of "
            "{network}: {year}). Halving it means {target} by {goal}.",
            city=city,
            label=label.lower(),
            baseline=number(base.value),
            unit=unit,
            years=baseline_years(base),
            network=network,
            year=base.reference_year,
            target=number(progress.target),
            goal=progress.goal_year,
        ),
        _(
            "In {year} it was {latest}, {change} against the baseline: {achieved} a year on "
            "average since {reference}.",
            year=latest_year,
            latest=number(progress.latest_value),
            change=percent(progress.change),
            achieved=percent(progress.achieved),
            reference=base.reference_year,
        ),
    ]
    status = _(STATUS_TEXT[progress.status]).lower()
    sentences.append(
        _(
            "The glide path (the same fall every year from baseline to target) passes "
            "{expected} in {year}, so {city} is {status}.",
            expected=number(progress.expected),
            year=latest_year,
            city=city,
            status=status,
        )
    )
    if progress.needed is not None:
        sentences.append(
            _(
                "To reach {target} by {goal} it now needs {needed} a year.",
                target=number(progress.target),
                goal=progress.goal_year,
                needed=percent(progress.needed),
            )
        )
    elif progress.reached:
        sentences.append(_("It is already at or below the target; the task is to stay there."))
    return " ".join(sentences)


def progress_table(
    rows: list[tuple[str, str, Progress]], *, unit: str, caption: str | None = None
) -> Component:
    """One row per city: (city_id, name, progress). City names link to their profile."""
    header = [
        _("City"),
        _("Baseline ({unit})", unit=unit),
        _("Target"),
        _("Latest"),
        _("Change since baseline"),
        _("Per year so far"),
        _("Per year needed"),
        _("Status"),
    ]
    body = []
    for city_id, name, p in rows:
        base = p.baseline
        body.append(
            [
                html.A(name, href=f"/city/{city_id}"),
                "–" if base is None else f"{number(base.value)} ({baseline_years(base)})",
                number(p.target),
                "–" if p.latest_year is None else f"{number(p.latest_value)} ({p.latest_year})",
                percent(p.change),
                percent(p.achieved),
                _("target reached")
                if p.reached and p.status is not Status.NOT_ENOUGH_DATA
                else percent(p.needed),
                status_badge(p.status),
            ]
        )
    return html.Div(simple_table(header, body, caption=caption), className="table-responsive")
