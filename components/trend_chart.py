"""The trend chart as the page, a slide and an embed draw it: title, unit, file name, words."""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from components.figures.style import empty, update_layout
from components.figures.trends import END_LABELS, small_multiples, trend_figure
from components.progress import progress_status, status_subtitle, status_text
from data.i18n import _, number
from data.queries.common import Attribution, attribution
from data.queries.trends import Chart
from data.repository import Repository


def slug(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def file_name(data: Chart) -> str:
    """'homicide-rate_cali-palmira_2000-2023': what, where and when, for exported images."""
    names = list(dict.fromkeys(data.cities["city_id"].tolist()))
    where = "-".join(names[:3]) + (f"-and-{len(names) - 3}-more" if len(names) > 3 else "")
    drawn = data.lines[data.lines["plotted"].notna()]
    when = f"{drawn['year'].min()}-{drawn['year'].max()}" if not drawn.empty else ""
    what = slug(data.indicator.indicator_id)
    extra = [
        x
        for x, on in (
            ("count", data.state.measure == "count"),
            ("3y-average", data.state.smooth),
            ("index", data.state.index),
        )
        if on
    ]
    return "_".join(p for p in (what, *extra, where, when) if p)


def labels(data: Chart) -> tuple[str, str]:
    """The chart's title and the unit of what it draws."""
    state, indicator = data.state, data.indicator
    unit = indicator.unit
    title = indicator.label
    if state.measure == "count":
        title, unit = _("{label}: number of events", label=indicator.label), _("events")
    if state.smooth:
        title = _("{title}, 3-year average", title=title)
    if state.index:
        year = data.goal.reference_year if data.goal else ""
        unit = _("index, {year} baseline = 100", year=year)
        title = _("{title}, indexed ({year} baseline = 100)", title=title, year=year)
    return title, unit


def _counted(data: Chart, label: str) -> list[str]:
    """Many lines in two sentences, however many: how many rose and fell, and how many are
    in each 2030 status (a sentence per city would be a wall of text nobody reads)."""
    drawn = data.cities[data.cities["plotted"].notna()]
    codes, ids = pd.factorize(drawn["city_id"].to_numpy(dtype=object))
    plotted = drawn["plotted"].to_numpy(dtype="float64")
    first = plotted[np.unique(codes, return_index=True)[1]]  # codes number cities 0, 1, ...
    last = plotted[len(codes) - 1 - np.unique(codes[::-1], return_index=True)[1]]
    several = np.bincount(codes, minlength=len(ids)) > 1
    first, last = first[several], last[several]
    sentences = [
        _(
            "{label}, {n} cities: rose in {rose}, fell in {fell}, unchanged in {same} "
            "(from each city's first to its last year with data).",
            label=label,
            n=len(ids),
            rose=int((last > first).sum()),
            fell=int((last < first).sum()),
            same=int((last == first).sum()),
        )
    ]
    if data.progress and data.goal:
        counts: dict[str, int] = {}
        for found in data.progress.values():
            status = status_text(found.status, reached=found.reached).lower()
            counts[status] = counts.get(status, 0) + 1
        sentences.append(
            _(
                "Toward halving by {goal} from the {year} baseline: {statuses}.",
                goal=next(iter(data.progress.values())).goal_year,
                year=data.goal.reference_year,
                statuses="; ".join(f"{status} ({n})" for status, n in counts.items()),
            )
        )
    return sentences


def describe(data: Chart) -> str:
    """Where each city's line starts and ends, then where it stands toward 2030; for more
    lines than the chart names at their ends, counts instead."""
    label, _unit = labels(data)
    if data.cities["city_id"].nunique() > END_LABELS:
        return " ".join(_counted(data, label))
    # each city's first and last drawn row, in the order the cities come (rows as pandas
    # Series, one per city, cost more than the sentences)
    codes = pd.factorize(data.cities["city_id"].to_numpy(dtype=object), sort=False)[0]
    plotted = data.cities["plotted"].to_numpy(dtype="float64", na_value=np.nan)
    names, years = data.cities["city"].tolist(), data.cities["year"].tolist()
    drawn = np.flatnonzero(~np.isnan(plotted))
    sentences = []
    for code in np.unique(codes[drawn]):
        mine = drawn[codes[drawn] == code]
        i, j = int(mine[0]), int(mine[-1])
        if len(mine) == 1:
            sentences.append(
                _(
                    "{label} in {city}: {value} in {year}.",
                    label=label,
                    city=names[i],
                    value=number(float(plotted[i])),
                    year=years[i],
                )
            )
            continue
        # one whole sentence per direction: translators need the verb inside the sentence
        if plotted[j] > plotted[i]:
            sentence = _("{label} in {city} rose from {a} in {y1} to {b} in {y2}.")
        elif plotted[j] < plotted[i]:
            sentence = _("{label} in {city} fell from {a} in {y1} to {b} in {y2}.")
        else:
            sentence = _("{label} in {city} stayed at {a} from {y1} to {y2}.")
        sentences.append(
            sentence.format(
                label=label,
                city=names[i],
                a=number(float(plotted[i])),
                y1=years[i],
                b=number(float(plotted[j])),
                y2=years[j],
            )
        )
    if data.progress and data.goal:
        names = dict(zip(data.cities["city_id"], data.cities["city"]))
        statuses = [
            _("{city} {status}", city=names.get(c, c), status=progress_status(p).lower())
            for c, p in data.progress.items()
        ]
        sentences.append(
            _(
                "Toward halving by {goal} from the {year} baseline: {statuses}.",
                goal=next(iter(data.progress.values())).goal_year,
                year=data.goal.reference_year,
                statuses="; ".join(statuses),
            )
        )
    if data.cities["unstable"].any():
        sentences.append(
            _("Open circles mark unstable values (fewer than 20 events), with their 95% interval.")
        )
    if data.not_indexed:
        sentences.append(
            _(
                "Left out of the index for want of a baseline value: {names}.",
                names=", ".join(data.not_indexed),
            )
        )
    return " ".join(sentences)


def figure_of(
    repo: Repository,
    data: Chart,
    *,
    title: str | None = None,
    height: int = 480,
    plain: bool = False,
) -> tuple[go.Figure, Attribution]:
    """The trend chart as the page, a slide and an embed draw it, with its sources. `plain`:
    as a figure dict, for a callback's answer (see style.finished)."""
    source = attribution(repo, data.source_ids)
    if data.lines["plotted"].notna().sum() == 0:
        return empty(data.indicator.label), source
    label, unit = labels(data)
    cities = data.cities.loc[data.cities["plotted"].notna(), "city_id"].nunique()
    if cities > END_LABELS:
        figure = small_multiples(
            data.cities,  # the only lines it draws: the others need no escaping
            title=_(
                "{title} · {n} cities, one chart each, same scales",
                title=title or label,
                n=cities,
            ),
            unit=unit,
            source=source.text(),
            log=data.state.log,
            plain=plain,
        )
        update_layout(figure, {"meta": {"export": file_name(data), "grid": True}})
        return figure, source
    figure = trend_figure(
        data.lines,
        data.spans,
        title=title or label,
        unit=unit,
        source=source.text(),
        log=data.state.log,
        smooth=data.state.smooth,
        reference_line=100.0 if data.state.index else None,
        height=height,
        plain=plain,
    )
    update_layout(figure, {"meta": {"export": file_name(data)}})
    if len(data.progress) == 1:  # one city: its status goes into every export of the chart
        update_layout(figure, {"title": {"subtitle": {"text": status_subtitle(data)}}})
    return figure, source


CHART_HEIGHT = 340  # on screen; printed lower (assets/print.js): the brief fits one A4 page


def city_figure(
    repo: Repository, data: Chart, city: str, *, plain: bool = False
) -> tuple[go.Figure, Attribution]:
    """The city page's trend of `city` (its name): `data` is its `Profile.chart`."""
    title, _unit = labels(data)
    named = _("{title}: {city}", title=title, city=city)
    return figure_of(repo, data, title=named, height=CHART_HEIGHT, plain=plain)
