"""The national comparison series: countries only, by indicator and years."""

from __future__ import annotations

from data.queries.national import national_series
from data.repository import Repository


def test_national_series_for_the_cities_countries(repo: Repository) -> None:
    frame = national_series(repo, "homicide-rate", ["COL", "KEN"], start=2020)
    assert list(frame["year"]) == [2020, 2021]
    assert list(frame["value"]) == [24.0, 26.5]
    assert set(frame["country_name"]) == {"Colombia"}
    assert national_series(repo, "perceived-safety", ["COL"]).empty


def test_areas_are_never_a_countrys_line(repo: Repository) -> None:
    areas = repo.table("areas")
    assert {"world", "scotland"} <= set(areas["area_id"])
    frame = national_series(repo, "homicide-rate", ["GBR"])
    assert frame.empty  # Scotland's series is in areas, not GBR's national line
