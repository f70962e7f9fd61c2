"""The callbacks the budgets name, with the URL state each one is measured with."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from components.ids import Benchmark, City, Interventions, Map, Trends


@dataclass(frozen=True)
class Scenario:
    name: str
    output: str  # the callback's first output, "component-id.property"
    search: str  # the page's query string: every main callback reads it
    pathname: str = ""  # the city page also reads its path


def scenarios(processed: Path) -> list[Scenario]:
    cities = pd.read_parquet(
        processed / "current" / "cities.parquet", columns=["city_id", "population"]
    )
    ten = cities.nlargest(10, "population")["city_id"]
    return [
        Scenario("no-op", f"{Benchmark.NOOP}.children", ""),
        Scenario("trends, 10 cities", f"{Trends.GRAPH}.figure", "?cities=" + ",".join(ten)),
        Scenario("map, all cities, every year", f"{Map.MAP_DATA}.data", ""),
        Scenario("timeline, all interventions", f"{Interventions.GRAPH}.figure", ""),
        Scenario("timeline, one region", f"{Interventions.GRAPH}.figure", "?regions=africa"),
        Scenario(
            "city page, largest city",
            f"{City.CARDS}.children",
            "",
            pathname=f"/city/{cities.nlargest(1, 'population')['city_id'].iloc[0]}",
        ),
    ]
