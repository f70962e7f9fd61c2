"""Imports of the real public tables in ../shared/data/public (read in place, never copied).

Skipped when the folder is absent. These run the documented recipes (docs/importing.md) and hold
the results to the figures the files publish themselves.
"""

from __future__ import annotations

import io
from pathlib import Path

import pandas as pd
import pytest

from app import main
from data.pipeline.build import build
from tests.conftest import PUBLIC_DATA

pytestmark = pytest.mark.skipif(not PUBLIC_DATA.is_dir(), reason="no public data folder")

COLOMBIA = PUBLIC_DATA / "co_homicides_municipal_1990_2013.csv"
INEGI = PUBLIC_DATA / "mx_inegi_homicides_municipal_monthly_1990_2015.csv"
CONAPO = PUBLIC_DATA / "mx_municipal_population_1990_2030.csv"
OWID = PUBLIC_DATA / "owid_homicide_rate_unodc_1990_2024.csv"
MONTHS = [f"m{m:02d}" for m in range(1, 13)]


def _import(*args: str) -> None:
    assert main(["import", *args]) == 0


def _raw_table(raw: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(raw / f"{name}.csv", dtype=str, keep_default_na=False)


@pytest.fixture(scope="module")
def colombia(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The Colombian recipe and the OWID series imported into one new folder, then built."""
    raw = tmp_path_factory.mktemp("co") / "raw"
    _import(
        "observations", str(COLOMBIA), "--raw", str(raw), "--country", "COL",
        "--city-column", "municipality", "--admin-column", "department",
        "--code-column", "mun_code", "--year-column", "year", "--count-column", "homicides",
        "--population-column", "population", "--on-unknown-city", "create",
        "--source", "Homicidios municipales 1990-2013", "--source-id", "co-homicidios",
        "--publisher", "Policía Nacional de Colombia; DANE",
    )  # fmt: skip
    _import(
        "national", str(OWID), "--raw", str(raw), "--entity-column", "entity",
        "--code-column", "code", "--year-column", "year",
        "--value-column", "homicide_rate_per_100k", "--source", "Homicide rate (UNODC)",
        "--source-id", "owid-unodc", "--publisher", "UNODC via Our World in Data",
    )  # fmt: skip
    out = raw.parent / "processed"
    result = build(raw, out)
    assert result.ok, [str(p) for p in result.errors]
    return raw, out


def test_colombia_reproduces_the_published_rate(colombia: tuple[Path, Path]) -> None:
    _raw, out = colombia
    published = pd.read_csv(COLOMBIA, dtype={"mun_code": str})
    cities = pd.read_parquet(out / "current" / "cities.parquet")
    obs = pd.read_parquet(out / "current" / "observations.parquet")
    obs = obs.assign(mun_code=obs["city_id"].map(cities.set_index("city_id")["external_code"]))
    joined = published.dropna(subset=["rate_per_100k"]).merge(
        obs, on=["mun_code", "year"], how="left"
    )
    imported = joined.dropna(subset=["value"])
    # Every city-year with a population and count is imported, except the places the gazetteer
    # cannot place, which the report lists by name.
    missing = joined[joined["value"].isna()]["mun_code"].unique()
    assert len(missing) < 50
    assert len(imported) > 24_000
    assert (imported["value"] - imported["rate_per_100k"]).abs().max() < 0.01
    assert (imported["count"] == imported["homicides"]).all()
    cali = obs[(obs["city_id"] == "cali") & (obs["year"] == 2013)].iloc[0]
    assert cali["count"] == 1964 and cali["population"] == 2319684
    assert round(cali["value"], 2) == 84.67
    assert not obs["simulated"].any()


def test_cali_and_palmira_are_cities_with_their_codes(colombia: tuple[Path, Path]) -> None:
    _raw, out = colombia
    cities = pd.read_parquet(out / "current" / "cities.parquet").set_index("city_id")
    assert cities.loc["cali", "external_code"] == "76001"
    assert cities.loc["palmira", "external_code"] == "76520"
    assert cities.loc["cali", "admin_area"] == "Valle Del Cauca"
    assert 3 < cities.loc["cali", "lat"] < 4 and -77 < cities.loc["cali", "lon"] < -76


def test_owid_series_keeps_regions_apart(colombia: tuple[Path, Path]) -> None:
    _raw, out = colombia
    national = pd.read_parquet(out / "current" / "national.parquet")
    areas = pd.read_parquet(out / "current" / "areas.parquet")
    owid = pd.read_csv(OWID, keep_default_na=False)
    assert len(national) + len(areas) == len(owid)
    assert not national["country"].str.startswith("OWID").any()
    assert {"World", "Africa (UN)", "Scotland"} <= set(areas["name"])
    assert areas.set_index("name").loc["Scotland", "kind"].iloc[0] == "part-of-country"
    assert set(areas.loc[areas["name"] == "World", "kind"]) == {"world"}
    colombia_2023 = national[(national["country"] == "COL") & (national["year"] == 2023)]
    assert colombia_2023["value"].iloc[0] == pytest.approx(24.913443)


def test_trends_csv_returns_the_published_figures(colombia: tuple[Path, Path]) -> None:
    from app import create_app
    from data.repository import Repository

    _raw, out = colombia
    client = create_app(repo=Repository(out)).server.test_client()
    response = client.get("/data/trends.csv?cities=cali,palmira&from=2013")
    assert response.status_code == 200
    table = pd.read_csv(io.StringIO(response.get_data(as_text=True)))
    cities = table[table["series"] == "city"].set_index("city_id")
    assert set(cities.index) == {"cali", "palmira"}
    national = table[table["series"] == "national"]
    assert set(national["city"]) == {"Colombia (national)"}
    assert national.set_index("year").at[2013, "value"] == 33.416
    assert cities.at["cali", "value"] == 84.6667  # 100,000 * 1,964 / 2,319,684
    assert cities.at["palmira", "value"] == 61.8542  # 100,000 * 186 / 300,707


def test_mexico_monthly_counts_join_conapo_population(tmp_path: Path) -> None:
    raw = tmp_path / "raw"
    _import(
        "observations", str(INEGI), "--raw", str(raw), "--country", "MEX",
        "--where", "state=Jalisco", "--city-column", "municipality", "--admin-column", "state",
        "--code-column", "mun_code", "--year-column", "year",
        *[a for m in MONTHS for a in ("--count-column", m)],
        "--population-file", str(CONAPO), "--population-where", "sex=Total",
        "--on-unknown-city", "create", "--source", "INEGI mortalidad", "--source-id", "inegi",
    )  # fmt: skip
    obs = _raw_table(raw, "observations")
    cities = _raw_table(raw, "cities").set_index("city_id")
    inegi = pd.read_csv(INEGI, dtype={"mun_code": str})
    conapo = pd.read_csv(CONAPO, dtype={"mun_code": str})
    conapo = conapo[conapo["sex"] == "Total"].set_index(["mun_code", "year"])["population"]
    obs = obs.assign(mun_code=obs["city_id"].map(cities["external_code"]).str.zfill(5))
    inegi = inegi.set_index(["mun_code", "year"])
    for r in obs.itertuples():
        key = (r.mun_code, int(r.year))
        assert float(r.count) == inegi.loc[key, "homicides_total"]  # twelve months summed
        assert int(r.population) == conapo.loc[key]
    guadalajara = obs[(obs["mun_code"] == "14039") & (obs["year"] == "2011")].iloc[0]
    assert guadalajara["count"] == "346"
    # CONAPO has no population for 2007 to 2009: those years are skipped, not guessed.
    assert not obs["year"].isin(["2007", "2008", "2009"]).any()
    assert build(raw, tmp_path / "out").ok
