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
    # cannot place, which the report lists by name (all small: see the next test).
    missing = joined[joined["value"].isna()]["mun_code"].unique()
    assert len(missing) < 30
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
    assert cities.loc["cali", "admin_area"] == "Valle del Cauca"  # the file says "Valle Del"
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


def test_colombia_places_every_municipality_of_100000_or_more(
    colombia: tuple[Path, Path],
) -> None:
    raw, _out = colombia
    published = pd.read_csv(COLOMBIA, dtype={"mun_code": str})
    largest = published.groupby("mun_code")["population"].max()
    big = set(largest[largest >= 100_000].index)
    cities = _raw_table(raw, "cities")
    placed = set(cities["external_code"])
    assert len(big) > 50 and big <= placed, sorted(big - placed)
    named = cities.set_index("external_code")
    # official spelling and capitals, and the everyday id
    assert (
        named.loc["11001", "name"] == "Bogotá, D.C." and named.loc["11001", "city_id"] == "bogota"
    )
    assert named.loc["13001", "name"] == "Cartagena de Indias"


@pytest.fixture(scope="module")
def mexico(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, object]:
    """The documented INEGI recipe, whole country, into a new folder (not built)."""
    raw = tmp_path_factory.mktemp("mx") / "raw"
    report = tmp_path_factory.mktemp("mx-report") / "report.csv"
    _import(
        "observations", str(INEGI), "--raw", str(raw), "--country", "MEX",
        "--city-column", "municipality", "--admin-column", "state",
        "--code-column", "mun_code", "--year-column", "year",
        *[a for m in MONTHS for a in ("--count-column", m)],
        "--population-file", str(CONAPO), "--population-where", "sex=Total",
        "--on-unknown-city", "create", "--missing-means-zero", "--break-year", "2010",
        "--source", "INEGI, Estadísticas de mortalidad", "--source-id", "inegi",
        "--definition", "civil registration (death certificates)", "--report", str(report),
    )  # fmt: skip
    return raw, report


def test_mexico_places_every_municipality_of_100000_or_more(mexico: tuple[Path, Path]) -> None:
    raw, report = mexico
    conapo = pd.read_csv(CONAPO, dtype={"mun_code": str})
    latest = conapo[(conapo["sex"] == "Total") & (conapo["year"] == 2015)]
    inegi = pd.read_csv(INEGI, dtype={"mun_code": str})
    named = latest[latest["mun_code"].isin(inegi["mun_code"])]
    big = set(named.loc[named["population"] >= 100_000, "mun_code"])
    cities = _raw_table(raw, "cities")
    placed = set(cities["external_code"].str.zfill(5))
    assert len(big) > 200 and big <= placed, sorted(big - placed)
    by_code = cities.assign(code=cities["external_code"].str.zfill(5)).set_index("code")
    # Cancún, Villahermosa, Valle de Chalco, Los Cabos, La Paz: lost before, placed now
    for code in ("23005", "27004", "15122", "03008", "03003"):
        assert code in by_code.index, code
    # ids: General Escobedo keeps the name people use; Escobedo, Coahuila is qualified
    assert by_code.loc["19021", "city_id"] == "general-escobedo"
    assert by_code.loc["05014", "city_id"] != "escobedo"
    # the report ranks what it left out; every one is small
    items = pd.read_csv(report)
    lost = items[items["kind"] == "unknown-city"]
    assert lost["population"].fillna(0).max() < 100_000
    assert lost["population"].fillna(0).is_monotonic_decreasing


def test_mexico_absent_years_are_zeros_and_2010_a_break(mexico: tuple[Path, Path]) -> None:
    raw, _report = mexico
    obs = _raw_table(raw, "observations")
    escobedo = obs[obs["city_id"] == "general-escobedo"].set_index("year")
    # INEGI has no row for General Escobedo in 1990, 1991 and 2002: no death registered
    for year in ("1990", "1991", "2002"):
        assert escobedo.loc[year, "count"] == "0", year
        assert int(escobedo.loc[year, "population"]) > 0
    # 2007-2009 have no CONAPO population: gaps, never zeros
    assert not escobedo.index.isin(["2007", "2008", "2009"]).any()
    # CONAPO's series breaks between 2006 and 2010 (--break-year 2010)
    assert escobedo.loc["2010", "flags"] == "break"
    sources = _raw_table(raw, "sources").set_index("source_id")
    assert sources.loc["inegi", "definition"] == "civil registration (death certificates)"
