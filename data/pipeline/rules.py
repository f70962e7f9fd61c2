"""Rules that span columns or tables: references, rates, dates that must come in order."""

from __future__ import annotations

from datetime import date

import numpy as np
import pandas as pd

from data.i18n import _
from data.pipeline.lookup import lookup
from data.pipeline.problems import Problem, Severity, flag_rows
from data.schema import TABLES

RATE_TOLERANCE = 0.005  # relative gap between a given rate and count/population before we warn


def check_references(tables: dict[str, pd.DataFrame]) -> list[Problem]:
    """Every id that points at another table must exist there."""
    problems: list[Problem] = []
    for name, frame in tables.items():
        for column in TABLES[name].columns:
            if column.references is None:
                continue
            target_table, target_column = column.references.split(".")
            if target_table not in tables:
                continue  # the target file itself was reported
            known = set(tables[target_table][target_column].dropna())
            values = frame[column.name]
            unknown = values.notna() & ~values.isin(known)
            problems.extend(
                Problem(
                    TABLES[name].file_name,
                    _(
                        "'{value}' is not a known {target} in {file}.",
                        value=values[i],
                        target=target_column,
                        file=TABLES[target_table].file_name,
                    ),
                    row=int(i) + 2,
                    column=column.name,
                    rule="unknown-reference",
                )
                for i in unknown[unknown].index
            )
    return problems


def check_observations(obs: pd.DataFrame, indicators: pd.DataFrame) -> list[Problem]:
    file = TABLES["observations"].file_name
    # a repeated indicator row is reported as a repeated key; its first definition counts here
    defined = indicators.drop_duplicates("indicator_id").set_index("indicator_id")
    per_100k = lookup(obs["indicator_id"], defined["per_100k"])
    unit = lookup(obs["indicator_id"], defined["unit"])
    has_value, has_count, has_pop = (obs[c].notna() for c in ("value", "count", "population"))
    rate = per_100k.fillna(False).astype(bool)
    problems = [
        *flag_rows(
            obs,
            ~has_value & ~(has_count & has_pop) & rate,
            file=file,
            column="value",
            rule="no-value",
            message=_(
                "is empty, and count and population are not both given, so the "
                "rate cannot be computed."
            ),
        ),
        *flag_rows(
            obs,
            ~has_value & ~rate & per_100k.notna(),
            file=file,
            column="value",
            rule="no-value",
            message=_("is empty; this indicator needs a value."),
        ),
        *flag_rows(
            obs,
            (has_count | has_pop) & ~rate & per_100k.notna(),
            file=file,
            column="count",
            rule="count-not-rate",
            message=_(
                "count and population are only used for per-100,000 indicators; "
                "'{indicator_id}' is not one. Leave them empty."
            ),
        ),
        *flag_rows(
            obs,
            has_count & has_pop & (obs["count"] > obs["population"]),
            file=file,
            column="count",
            rule="count-over-population",
            message=_("{count:g} events is more than the population of {population}."),
        ),
        *flag_rows(
            obs,
            has_value & (unit == "%") & (obs["value"] > 100),
            file=file,
            column="value",
            rule="over-100-percent",
            message=_("{value:g} is more than 100%."),
        ),
    ]
    computed = obs["count"] / obs["population"] * 100_000
    gap = (obs["value"] - computed).abs() > RATE_TOLERANCE * computed.abs().clip(lower=0.01)
    problems += flag_rows(
        obs,
        rate & has_value & has_count & has_pop & gap,
        file=file,
        column="value",
        rule="rate-mismatch",
        severity=Severity.WARNING,
        message=_(
            "{value:g} differs from count / population × 100,000; the computed rate is used."
        ),
    )
    return problems


def check_memberships(memberships: pd.DataFrame) -> list[Problem]:
    return list(
        flag_rows(
            memberships,
            memberships["left"] < memberships["joined"],
            file=TABLES["memberships"].file_name,
            column="left",
            rule="left-before-joined",
            message=_("left ({left}) is before joined ({joined})."),
        )
    )


def check_interventions(interventions: pd.DataFrame, today: date) -> list[Problem]:
    file = TABLES["interventions"].file_name
    frame = interventions.assign(
        start_text=interventions["start"].dt.strftime("%Y-%m-%d"),
        end_text=interventions["end"].dt.strftime("%Y-%m-%d"),
    )
    status = frame["status"]
    return [
        *flag_rows(
            frame,
            frame["end"] < frame["start"],
            file=file,
            column="end",
            rule="end-before-start",
            message=_("ends ({end_text}) before it starts ({start_text})."),
        ),
        *flag_rows(
            frame,
            (status == "completed") & frame["end"].isna(),
            file=file,
            column="end",
            rule="completed-without-end",
            message=_("is empty, but the status is 'completed': give the end date."),
        ),
        *flag_rows(
            frame,
            frame["budget"].notna() & frame["currency"].isna(),
            file=file,
            column="currency",
            rule="budget-without-currency",
            message=_("is empty; give the currency of the budget, e.g. USD."),
        ),
        *flag_rows(
            frame,
            (status == "planned") & (frame["start"] < pd.Timestamp(today)),
            file=file,
            column="status",
            rule="planned-in-past",
            severity=Severity.WARNING,
            message=_("is 'planned' but it started on {start_text}."),
        ),
    ]


def _years(years: pd.Series) -> str:
    values = sorted(int(y) for y in years.dropna().unique())
    if len(values) > 1 and values == list(range(values[0], values[-1] + 1)):
        return f"{values[0]}–{values[-1]}"
    return ", ".join(str(y) for y in values)


def check_mixed_series(obs: pd.DataFrame, sources: pd.DataFrame) -> list[Problem]:
    """One line, and one status, never join simulated and real values: a city's series of one
    indicator must be all simulated or all real."""
    # a source whose `simulated` cell is unreadable was reported already: count it as real
    # a repeated source row is reported as a repeated key; its first definition counts here
    flags = sources.drop_duplicates("source_id").set_index("source_id")["simulated"]
    simulated = lookup(obs["source_id"], flags).eq(True)
    # the series that mix, found in one grouped pass: a frame per series cost most of a build
    keys = ["city_id", "indicator_id"]
    known = pd.Series(simulated.to_numpy(dtype="float64", na_value=np.nan), index=obs.index)
    spread = known.groupby([obs[k] for k in keys], sort=False).agg(["min", "max"])
    mixed = spread.index[spread["min"].notna() & (spread["min"] != spread["max"])]
    if not len(mixed):
        return []
    frame = obs.assign(_simulated=simulated)
    frame = frame[pd.MultiIndex.from_frame(obs[keys]).isin(mixed)]
    problems = []
    for (city, indicator), rows in frame.groupby(keys, sort=True):
        if rows["_simulated"].nunique() < 2:
            continue
        fake = rows[rows["_simulated"]]
        real = rows[~rows["_simulated"]]
        problems.append(
            Problem(
                TABLES["observations"].file_name,
                _(
                    "{city}'s {indicator} series mixes real values ({real}) and simulated demo "
                    "values ({fake}): one line would join them. Remove the simulated rows of "
                    "{city} for {indicator} (an import of real values into this folder does it "
                    "for you).",
                    city=city,
                    indicator=indicator,
                    real=_years(real["year"]),
                    fake=_years(fake["year"]),
                ),
                row=int(fake.index[0]) + 2,
                column="source_id",
                rule="mixed-series",
            )
        )
    return problems
