"""What the data can say about the years after an intervention started, and what it cannot.

Gathers the city's series around the start, the comparison cities, and the specific reasons for
caution this series has (a peak just before, autocorrelation, small counts, flagged years, other
interventions at the same time), then hands the numbers to `data.queries.evidence`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

import pandas as pd

from data.geo import REGIONS
from data.i18n import _, number
from data.queries.common import observations
from data.queries.evidence import (
    ASSUMED_AUTOCORRELATION,
    AUTOCORRELATION_WARNING,
    DifferenceInDifferences,
    Means,
    NotEnoughData,
    Segmented,
    difference_in_differences,
    means,
    segmented_regression,
)
from data.queries.interventions import others_nearby, records
from data.queries.small_numbers import MIN_EVENTS
from data.repository import Indicator, Repository
from data.schema import THEMES

MAX_YEARS_BEFORE = 10  # older years say more about a different city than about the pre-trend
MAX_YEARS_AFTER = 10  # the start year and 9 more: later changes owe little to the start
MIN_COMPARISON_CITIES = 3


@dataclass(frozen=True)
class Comparison:
    """Cities without an intervention of the same theme during the window, averaged per year."""

    city_names: tuple[str, ...]
    region: str  # the region they were drawn from, '' when from every region
    series: pd.DataFrame  # year, value (mean of the comparison cities)
    result: DifferenceInDifferences | None
    problem: str = ""


@dataclass(frozen=True)
class BeforeAfter:
    indicator: Indicator
    city: str
    theme: str
    start_year: int
    series: pd.DataFrame  # year, value, count, flags, simulated, source_id, after
    means: Means | None
    fit: Segmented | None
    problem: str  # why there is no estimate ('' when there is one)
    comparison: Comparison | None
    cautions: list[str] = field(default_factory=list)  # reasons for caution in this series

    @property
    def simulated(self) -> bool:
        return bool(self.series["simulated"].any()) if not self.series.empty else False


def general_caveats() -> list[str]:
    """Shown with every before/after comparison, whatever its numbers."""
    return [
        _(
            "Association is not causation: these numbers describe what happened after the start, "
            "not what the intervention caused."
        ),
        _(
            "Other things changed at the same time: policing, the economy, the pandemic, other "
            "programmes. A before/after comparison cannot tell them apart."
        ),
        _(
            "Few years give wide intervals. When an interval includes zero, the data cannot tell "
            "a change from ordinary ups and downs."
        ),
        _(
            "Violence often falls back after a bad year on its own (regression to the mean), and "
            "programmes often start right after one: part of a fall may have come anyway."
        ),
        _(
            "A city-wide rate dilutes a project that reaches one neighbourhood or a few hundred "
            "people: no visible change does not mean no effect on those it reached."
        ),
    ]


def _city_series(repo: Repository, city_id: str, indicator: str) -> pd.DataFrame:
    rows = observations(repo, indicator, [city_id])
    return rows[["year", "value", "count", "population", "flags", "simulated", "source_id"]].astype(
        {"year": "int64"}
    )


def _problem(error: NotEnoughData, start: int, last_year: int) -> str:
    text = _(
        "Not enough years to estimate a change: {before} with a value before {start} and "
        "{after} from {start} on. At least {needed} are needed on each side.",
        before=error.before,
        after=error.after,
        start=start,
        needed=error.needed,
    )
    if error.after < error.needed and error.before >= error.needed:
        text += " " + _(
            "With every year reported, that is possible from the {year} data on.",
            year=max(start + error.needed - 1, last_year + 1),
        )
    return text


def _years(row: Any) -> str:
    if row.open_end:
        return _("{start} to ongoing", start=row.start.year)
    if row.start.year == row.end.year:
        return str(row.start.year)
    return f"{row.start.year}-{row.end.year}"


def _cautions(
    repo: Repository,
    record: pd.Series,
    indicator: Indicator,
    window: pd.DataFrame,
    fit: Segmented | None,
    start: int,
) -> list[str]:
    out: list[str] = []
    before = window[window["year"] < start]
    if len(before) and len(window) >= 3:
        values = window["value"]
        peak = values.max() if indicator.lower_is_better else values.min()
        last = before.iloc[-1]
        # only when the start follows the series' own peak (or trough, for goods): a year that
        # was merely the worst of a few before it says little about regression to the mean
        if last["value"] == peak and last["year"] == start - 1:
            out.append(
                _(
                    "It started right after the worst year of the series ({year}: {value}). "
                    "Some improvement would be expected even without it.",
                    year=int(last["year"]),
                    value=number(float(last["value"])),
                )
            )
    if fit is not None and not fit.autocorrelation_ruled_out:
        out.append(
            _(
                "With {before} years before and {after} from the start, autocorrelation (good "
                "and bad years coming in runs) cannot be ruled out: the intervals allow for a "
                "lag-1 correlation up to {rho}, which makes them wider.",
                before=fit.n_before,
                after=fit.n_after,
                rho=number(ASSUMED_AUTOCORRELATION),
            )
        )
    elif fit is not None and fit.residual_autocorrelation > AUTOCORRELATION_WARNING:
        out.append(
            _(
                "Good and bad years come in runs in this series (autocorrelation {r}): the "
                "intervals allow for it, which makes them wider.",
                r=number(fit.residual_autocorrelation, 2),
            )
        )
    counts = window["count"].dropna()
    if len(counts) and counts.min() < MIN_EVENTS:
        out.append(
            _(
                "Small numbers: as few as {n:,.0f} events in a year, so a handful more or less "
                "moves the rate a lot.",
                n=float(counts.min()),
            )
        )
    flagged = window[window["flags"].fillna("").str.len() > 0]
    if "break" in ";".join(flagged["flags"]):
        out.append(
            _(
                "The series has a break (a change of definition or method) inside these years: "
                "values on either side are not comparable."
            )
        )
    soft = flagged[~flagged["flags"].str.contains("break")]
    if len(soft):
        out.append(
            _(
                "Provisional or estimated values in {years}: they may still change.",
                years=", ".join(str(int(y)) for y in soft["year"]),
            )
        )
    month = pd.Timestamp(record["start"]).month
    if record["start_precision"] != "year" and month >= 7:
        out.append(
            _(
                "It started in month {month} of {year}: that year counts as the first year after, "
                "though it was mostly before.",
                month=month,
                year=start,
            )
        )
    if not window.empty:
        nearby = others_nearby(repo, record, int(window["year"].min()), int(window["year"].max()))
        if len(nearby):
            names = [
                _("{title} ({years})", title=r.title, years=_years(r))
                for r in nearby.head(5).itertuples()
            ]
            more = len(nearby) - len(names)
            out.append(
                _(
                    "Other interventions ran in {city} during these years: {names}{more}. Any "
                    "change belongs to all of them together.",
                    city=record["city"],
                    names="; ".join(names),
                    more=_(" and {n} more", n=more) if more else "",
                )
            )
    return out


def _comparison(
    repo: Repository, record: pd.Series, indicator: str, window: pd.DataFrame, start: int
) -> Comparison:
    """The other cities reporting the indicator in every year the city does, with no
    intervention of the same theme overlapping the window; from the same region when it has
    enough of them."""
    empty = pd.DataFrame(columns=["year", "value"])
    if record["theme"] == "unspecified":
        return Comparison(
            (),
            "",
            empty,
            None,
            _(
                "The source does not say what this intervention worked on, so there is no way to "
                "pick cities without similar work."
            ),
        )
    first, last = int(window["year"].min()), int(window["year"].max())
    interventions = records(repo)
    similar = interventions[
        (interventions["theme"] == record["theme"])
        & (interventions["start"].dt.year <= last)
        & (interventions["end"].dt.year >= first)
    ]
    excluded = set(similar["city_id"]) | {record["city_id"]}
    obs = repo.table("observations")
    years = set(window["year"].astype(int))
    rows = obs[
        (obs["indicator_id"] == indicator)
        & obs["year"].isin(years)
        & ~obs["city_id"].isin(excluded)
        & obs["value"].notna()
    ]
    complete = rows.groupby("city_id")["year"].nunique()
    pool = complete[complete == len(years)].index
    cities = repo.table("cities")
    region = str(cities.at[record["city_id"], "region"])
    same_region = [c for c in pool if cities.at[c, "region"] == region]
    chosen = same_region if len(same_region) >= MIN_COMPARISON_CITIES else list(pool)
    names = tuple(sorted(str(cities.at[c, "name"]) for c in chosen))
    drawn_from = region if chosen is same_region else ""
    if len(chosen) < MIN_COMPARISON_CITIES:
        return Comparison(
            names,
            drawn_from,
            empty,
            None,
            _(
                "Only {n} other cities report this indicator in every one of these years without "
                "an intervention on the same theme; at least {needed} are needed.",
                n=len(chosen),
                needed=MIN_COMPARISON_CITIES,
            ),
        )
    series = (
        (rows[rows["city_id"].isin(chosen)].groupby("year")["value"].mean().rename("value"))
        .reset_index()
        .astype({"year": "int64"})
    )
    merged = window.merge(series, on="year", suffixes=("", "_comparison"))
    try:
        result = difference_in_differences(
            merged["year"].tolist(),
            merged["value"].tolist(),
            merged["value_comparison"].tolist(),
            start,
        )
    except NotEnoughData as error:
        return Comparison(names, drawn_from, series, None, _problem(error, start, last))
    return Comparison(names, drawn_from, series, result)


def before_after(
    repo: Repository,
    intervention_id: str,
    indicator_id: str,
    *,
    compare: bool = False,
    today: date | None = None,
) -> BeforeAfter | None:
    """None when the intervention or the indicator is unknown."""
    found = records(repo, today)
    rows = found[found["intervention_id"] == intervention_id]
    indicator = repo.indicator(indicator_id)
    if rows.empty or indicator is None:
        return None
    record = rows.iloc[0]
    start = int(record["start"].year)
    series = _city_series(repo, str(record["city_id"]), indicator.indicator_id)
    window = series[
        (series["year"] >= start - MAX_YEARS_BEFORE) & (series["year"] < start + MAX_YEARS_AFTER)
    ].reset_index(drop=True)
    window = window.assign(after=window["year"] >= start)
    last_year = int(window["year"].max()) if len(window) else start
    base = {
        "indicator": indicator,
        "city": str(record["city"]),
        "theme": str(record["theme"]),
        "start_year": start,
    }
    if window.empty:
        problem = _(
            "{city} has no {indicator} values from {year} on.",
            city=record["city"],
            indicator=indicator.label,
            year=start - MAX_YEARS_BEFORE,
        )
        return BeforeAfter(
            **base, series=window, means=None, fit=None, problem=problem, comparison=None
        )
    if record["status"] == "planned" or start > last_year:
        problem = _(
            "It starts in {year}, after the latest {indicator} value ({last}): there is no "
            "year after it to look at yet.",
            year=start,
            indicator=indicator.label,
            last=last_year,
        )
        return BeforeAfter(
            **base, series=window, means=None, fit=None, problem=problem, comparison=None
        )
    years = window["year"].tolist()
    values = window["value"].tolist()
    counts = window["count"].tolist() if indicator.per_100k else None
    populations = window["population"].astype("float64").tolist() if indicator.per_100k else None
    fit: Segmented | None = None
    problem = ""
    try:
        fit = segmented_regression(years, values, start, counts, populations)
    except NotEnoughData as error:
        problem = _problem(error, start, last_year)
    comparison = (
        _comparison(repo, record, indicator.indicator_id, window, start) if compare else None
    )
    return BeforeAfter(
        **base,
        series=window,
        means=means(years, values, start, counts, populations),
        fit=fit,
        problem=problem,
        comparison=comparison,
        cautions=_cautions(repo, record, indicator, window, fit, start),
    )


def region_label(region: str) -> str:
    return _(REGIONS[region]) if region in REGIONS else _("every region")


def theme_label(theme: str) -> str:
    return _(THEMES.get(theme, theme))


def best_indicator(repo: Repository, city_id: str, start_year: int) -> str:
    """The indicator with the most values around the start in this city (the observatory's
    default indicator on a tie), so that a detail opens on the richest series there is."""
    obs = repo.table("observations")
    rows = obs[
        (obs["city_id"] == city_id)
        & obs["value"].notna()
        & (obs["year"] >= start_year - MAX_YEARS_BEFORE)
        & (obs["year"] < start_year + MAX_YEARS_AFTER)
    ]
    counts = rows.groupby("indicator_id").size()
    default = repo.default_indicator()
    if counts.empty:
        return default
    best = counts.max()
    return default if counts.get(default, 0) == best else str(counts.idxmax())
