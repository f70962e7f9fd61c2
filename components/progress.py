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
from data.queries.city import Profile
from data.queries.goals import JUDGED, Baseline, Progress, Reason, Status
from data.queries.small_numbers import MIN_EVENTS
from data.queries.trends import Chart
from data.schema import ROLES

STATUS_TEXT = {
    Status.ON_TRACK: N_("On track"),
    Status.OFF_TRACK: N_("Off track"),
    Status.TOO_CLOSE: N_("Too close to call"),
    Status.TOO_OLD: N_("Data too old to judge"),
    Status.NOT_ENOUGH_DATA: N_("Not enough data"),
}
STATUS_MARK = {
    Status.ON_TRACK: "✓",
    Status.OFF_TRACK: "✗",
    Status.TOO_CLOSE: "≈",
    Status.TOO_OLD: "…",
    Status.NOT_ENOUGH_DATA: "?",
}


def number(value: float | None, digits: int = 1) -> str:
    return "–" if value is None else i18n.number(value, digits)


def percent(change: float | None) -> str:
    """'+8.8%' or '−3.8%' (a true minus sign, which screen readers say as 'minus')."""
    if change is None:
        return "–"
    return i18n.percent(change, 1)


def status_text(status: Status, latest_year: int | None = None, *, reached: bool = False) -> str:
    """'Too close to call (latest: 2023)': wherever a status shows, the age of what it judges
    shows with it."""
    word = _("Target reached") if reached else _(STATUS_TEXT[status])
    if latest_year is None or status is Status.NOT_ENOUGH_DATA:
        return word
    return _("{status} (latest: {year})", status=word, year=latest_year)


def progress_status(p: Progress) -> str:
    """The status of one series in words, with its latest year and any series break."""
    text = status_text(p.status, p.latest_year, reached=p.reached)
    if p.break_year is not None and p.status in JUDGED:
        text += " · " + _("series break in {year}", year=p.break_year)
    return text


def status_badge(status: Status | Progress | None, latest_year: int | None = None) -> Component:
    """Text and a mark as well as a colour: the status never depends on colour alone."""
    if status is None:
        return html.Span(_("No halving goal"), className="status status-none")
    if isinstance(status, Progress):
        value, text = status.status, progress_status(status)
    else:
        value, text = status, status_text(status, latest_year)
    return html.Span(
        [html.Span(STATUS_MARK[value], **{"aria-hidden": "true"}), " ", text],
        className=f"status status-{value.value}",
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
    if progress.reason is Reason.NO_INTERVAL:
        return _(
            "Its values come without a count of events or an interval, so a change cannot be "
            "told from chance. Give the counts and the population (or, for a survey, the 95% "
            "interval in the low and high columns) to get a status."
        )
    return ""


def too_old_text(progress: Progress, *, city: str) -> str:
    assert progress.latest_year is not None
    return _(
        "{city}'s latest value is from {year}. A status says where a city stands today, so it "
        "is only given when the latest value is at most {age} years older than the current "
        "year: data too old to judge.",
        city=city,
        year=progress.latest_year,
        age=progress.max_age,
    )


def judged_text(progress: Progress) -> str:
    """Which value was judged, with its interval, against which stretch of the glide path."""
    judged = progress.judged
    assert judged is not None
    if len(judged.years) > 1:
        what = _(
            "Judged on {first}–{last} together ({events} events): {value}, 95% interval {low} "
            "to {high}, against the glide path's {expected} over those years.",
            first=judged.years[0],
            last=judged.years[-1],
            events=number(judged.events, 0),
            value=number(judged.value),
            low=number(judged.low),
            high=number(judged.high),
            expected=number(judged.expected),
        )
    else:
        what = _(
            "Judged on {year}: {value}, 95% interval {low} to {high}, against the glide path's "
            "{expected}.",
            year=judged.years[0],
            value=number(judged.value),
            low=number(judged.low),
            high=number(judged.high),
            expected=number(judged.expected),
        )
    if progress.status is Status.TOO_CLOSE:
        what += " " + _(
            "The interval reaches both sides of the glide path: chance alone could put the "
            "city on either side, so it is too close to call."
        )
    return what


def explain(progress: Progress, *, city: str, label: str, unit: str, network: str) -> str:
    """The status with its reasons, in the order a reader checks them."""
    if progress.status is Status.TOO_OLD:
        return too_old_text(progress, city=city)
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
    status = (_("Target reached") if progress.reached else _(STATUS_TEXT[progress.status])).lower()
    sentences.append(
        _(
            "The glide path (the same fall every year from baseline to target) passes "
            "{expected} in {year}.",
            expected=number(progress.expected),
            year=latest_year,
        )
    )
    sentences.append(judged_text(progress))
    sentences.append(_("Status: {status}.", status=status))
    if progress.break_year is not None:
        sentences.append(
            _(
                "Caution: the series breaks in {year} (a change of source or definition), "
                "between the baseline and the latest value, so part of the change may come "
                "from the break.",
                year=progress.break_year,
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
        sentences.append(_("It is already below the target; the task is to stay there."))
    return " ".join(sentences)


def progress_table(
    rows: list[tuple[str, str, Progress]],
    *,
    unit: str,
    caption: str | None = None,
    notes: dict[str, str] | None = None,
) -> Component:
    """One row per city: (city_id, name, progress). City names link to their profile;
    `notes` adds a word after a name (a grantee that has not pledged the goal)."""
    notes = notes or {}
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
        note = notes.get(city_id)
        latest = "–" if p.latest_year is None else f"{number(p.latest_value)} ({p.latest_year})"
        if p.latest_events is not None and p.latest_events < MIN_EVENTS:
            latest += "*"
        body.append(
            [
                [html.A(name, href=f"/city/{city_id}")]
                + ([html.Br(), html.Small(note, className="text-body-secondary")] if note else []),
                "–" if base is None else f"{number(base.value)} ({baseline_years(base)})",
                number(p.target),
                latest,
                percent(p.change),
                percent(p.achieved),
                _("target reached") if p.reached else percent(p.needed),
                status_badge(p),
            ]
        )
    return html.Div(simple_table(header, body, caption=caption), className="table-responsive")


def not_pledged_text(p: Profile, *, city: str) -> str:
    """A city judged against a goal it has not pledged (a grantee, or not in the network)."""
    assert p.goal is not None
    if p.goal_roles:
        roles = ", ".join(_(ROLES.get(r, r)).lower() for r in p.goal_roles)
        return _(
            "{city} is in {network} as {roles}, not as a city that pledged its goal: the goal is "
            "used here for comparison, and {city} is not ranked on it.",
            city=city,
            network=p.goal.name,
            roles=roles,
        )
    return _(
        "{city} is not a member of {network}; its goal is used here for comparison.",
        city=city,
        network=p.goal.name,
    )


def status_subtitle(data: Chart) -> str:
    """One city's status as a chart's subtitle, so that PNG, PDF and slides carry it."""
    [p] = data.progress.values()
    return _("Toward halving by {goal}: {status}", goal=p.goal_year, status=progress_status(p))
