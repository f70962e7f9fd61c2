"""Every validation rule, on a fixture file that breaks it: the message names file, row, column."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from data.pipeline.build import build
from data.pipeline.problems import Severity
from tests.conftest import FIXTURES

BROKEN = FIXTURES / "broken"

# case -> (text on the offending line, or None for the header/file; column; words in the message)
CASES: dict[str, tuple[str | None, str | None, str]] = {
    "cities__missing_column": (None, "population", "missing"),
    "cities__extra_column": (None, "mayor", "not part of the 'cities' table"),
    "cities__lat_out_of_range": ("95.25", "lat", "outside -90 to 90"),
    "cities__population_zero": (",0,", "population", "greater than 0"),
    "cities__bad_country": ("KE,", "country", "ISO 3166-1 alpha-3"),
    "cities__duplicate_key": ("Alpha again", "city_id", "repeats row 2"),
    "cities__not_utf8": ("lpha,COL", "name", "not UTF-8"),
    "cities__empty": (None, None, "empty"),
    "cities__bad_id": ("Beta City", "city_id", "not a valid id"),
    "observations__negative_count": ("-115", "count", "negative"),
    "observations__impossible_year": ("2099", "year", "not a possible year"),
    "observations__unknown_city": ("omega", "city_id", "not a known city_id in cities.csv"),
    "observations__unknown_indicator": ("safety,2019", "indicator_id", "not a known indicator_id"),
    "observations__unknown_source": ("police-2020", "source_id", "not a known source_id"),
    "observations__decimal_comma": ('"44,5"', "value", "'.' as the decimal mark"),
    "observations__no_value": ("2021,,3,,", "value", "cannot be computed"),
    "observations__count_over_population": ("90000", "count", "more than the population"),
    "observations__bad_flag": ("final", "flags", "not allowed"),
    "memberships__left_before_joined": ("2015,2010", "left", "before joined"),
    "memberships__unknown_network": ("net-z", "network_id", "not a known network_id"),
    "memberships__bad_role": ("mayor", "role", "not allowed"),
    "interventions__end_before_start": ("2017-06", "end", "before it starts"),
    "interventions__bad_date": ("2027-13-15", "start", "YYYY-MM-DD"),
    "interventions__completed_without_end": ("2018-03,,completed", "end", "completed"),
    "interventions__bad_url": ("example.org/alpha-youth,", "link", "web address"),
    "interventions__budget_without_currency": ("250000,,", "currency", "currency"),
    "sources__bad_boolean": ("maybe", "simulated", "not true or false"),
    "indicators__ragged": ("Intentional homicides,", None, "header has 6"),
    "indicators__unknown_language": (None, "label_xq", "'xq' is not a language code"),
    # "por 100,000" reads as "per one hundred" in Spanish, where ',' is the decimal mark
    "indicators__grouping_of_another_language": (
        '"por 100,000"',
        "unit_es",
        "the decimal mark of Spanish: readers see a decimal. Write 100\u202f000.",
    ),
}


def test_every_broken_fixture_has_a_case() -> None:
    assert {p.stem for p in BROKEN.glob("*.csv")} == set(CASES)


def _line_of(path: Path, text: str) -> int:
    lines = path.read_bytes().decode("utf-8", errors="replace").splitlines()
    return next(n for n, line in enumerate(lines, start=1) if text in line)


@pytest.mark.parametrize("case", sorted(CASES))
def test_broken_file_is_reported_and_nothing_is_written(
    case: str, raw_copy: Path, tmp_path: Path
) -> None:
    table = case.split("__")[0]
    broken = BROKEN / f"{case}.csv"
    shutil.copy(broken, raw_copy / f"{table}.csv")
    marker, column, words = CASES[case]
    out = tmp_path / "processed"

    result = build(raw_copy, out)

    assert not result.ok
    assert not out.exists()
    matching = [p for p in result.errors if p.file == f"{table}.csv" and words in p.message]
    assert matching, [str(p) for p in result.errors]
    problem = matching[0]
    assert problem.column == column
    if marker is not None:
        expected_row: int | None = _line_of(broken, marker)
    else:
        expected_row = 1 if column else None  # header problems are on row 1
    assert problem.row == expected_row
    text = str(problem)
    assert text.startswith(f"{table}.csv")
    if expected_row is not None:
        assert f"row {expected_row}" in text
    if column is not None:
        assert f"column '{column}'" in text


def test_all_problems_of_a_run_are_listed(raw_copy: Path, tmp_path: Path) -> None:
    for case in (
        "observations__negative_count",
        "memberships__bad_role",
        "interventions__end_before_start",
    ):
        shutil.copy(BROKEN / f"{case}.csv", raw_copy / f"{case.split('__')[0]}.csv")
    result = build(raw_copy, tmp_path / "out")
    assert {p.file for p in result.errors} >= {
        "observations.csv",
        "memberships.csv",
        "interventions.csv",
    }


def test_missing_required_file_is_named(raw_copy: Path, tmp_path: Path) -> None:
    (raw_copy / "networks.csv").unlink()
    result = build(raw_copy, tmp_path / "out")
    assert not result.ok
    assert any(p.file == "networks.csv" and "missing" in p.message for p in result.errors)
    # memberships that point at networks cannot be checked, and must not crash the build
    assert all(p.file != "memberships.csv" for p in result.errors)


def test_optional_file_may_be_absent(raw_copy: Path, tmp_path: Path) -> None:
    (raw_copy / "national.csv").unlink()
    assert build(raw_copy, tmp_path / "out").ok


def test_header_only_folder_builds_empty_tables(raw_copy: Path, tmp_path: Path) -> None:
    """A new real-data folder holds only headers until the first import: it builds and serves."""
    for path in raw_copy.glob("*.csv"):
        path.write_text(path.read_text(encoding="utf-8").splitlines()[0] + "\n", encoding="utf-8")
    result = build(raw_copy, tmp_path / "out")
    assert result.ok, [str(p) for p in result.errors]
    assert result.manifest is not None
    assert {t["rows"] for t in result.manifest["tables"].values()} == {0}
    assert result.manifest["years"] == []


def test_unknown_file_is_a_warning_not_an_error(raw_copy: Path, tmp_path: Path) -> None:
    (raw_copy / "observation.csv").write_text("typo\n")
    result = build(raw_copy, tmp_path / "out")
    assert result.ok
    assert [p.file for p in result.warnings] == ["observation.csv"]


def test_rate_that_disagrees_with_count_is_a_warning_and_the_computed_rate_wins(
    raw_copy: Path, tmp_path: Path
) -> None:
    obs = raw_copy / "observations.csv"
    obs.write_text(
        obs.read_text().replace(
            "alpha,homicide-rate,2019,,100,", "alpha,homicide-rate,2019,12.5,100,"
        )
    )
    result = build(raw_copy, tmp_path / "out")
    assert result.ok
    (warning,) = [p for p in result.warnings if p.rule == "rate-mismatch"]
    assert warning.severity == Severity.WARNING and warning.column == "value"
    import pandas as pd

    table = pd.read_parquet(tmp_path / "out" / "current" / "observations.parquet")
    row = table[
        (table["city_id"] == "alpha")
        & (table["year"] == 2019)
        & (table["indicator_id"] == "homicide-rate")
    ]
    assert row["value"].item() == pytest.approx(10.0)


def test_long_lists_of_one_problem_are_summarised() -> None:
    from data.pipeline.problems import Problem, summarise

    problems = [
        Problem("observations.csv", "negative", row=n, column="count", rule="neg")
        for n in range(2, 30)
    ]
    lines = summarise(problems, limit=5)
    assert len(lines) == 6
    assert "23 more rows" in lines[-1]
