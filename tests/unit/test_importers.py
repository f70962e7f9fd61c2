"""`observatory import` on small hand-made tables: every option, every rejection, and the report.

The raw folder is a copy of tests/fixtures/raw: Álpha (COL, Valle del Cauca, code 76001), Beta
(COL, Antioquia), Gamma (KEN), Delta (BEL); indicators homicide-rate (per 100k) and
perceived-safety (%).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from app import main
from data.importers.mapping import NationalMapping, ObservationMapping, PopulationFile, Source
from data.importers.names import name_keys
from data.importers.national import import_national
from data.importers.observations import import_observations
from data.importers.reading import ImportFailed, read_sheet
from data.pipeline.build import build

LONG = """Municipio,Departamento,Código,Año,Homicidios,Población
ALPHA,Valle del Cauca,76001,2011,300,1000000
Beta,Antioquia,,2011,50,500000
Beta,Antioquia,,2012,,500000
No especificado,Antioquia,05999,2011,7,
"""


def _write(folder: Path, name: str, text: str, encoding: str = "utf-8") -> Path:
    path = folder / name
    path.write_bytes(text.encode(encoding))
    return path


def _obs(raw: Path) -> pd.DataFrame:
    return pd.read_csv(raw / "observations.csv", dtype=str, keep_default_na=False)


def _cities(raw: Path) -> pd.DataFrame:
    return pd.read_csv(raw / "cities.csv", dtype=str, keep_default_na=False)


def _row(raw: Path, city: str, year: str, indicator: str = "homicide-rate") -> pd.Series:
    obs = _obs(raw)
    hit = obs[(obs.city_id == city) & (obs.year == year) & (obs.indicator_id == indicator)]
    assert len(hit) == 1, hit
    return hit.iloc[0]


def _mapping(**changes: object) -> ObservationMapping:
    base: dict[str, object] = {
        "city_column": "Municipio",
        "admin_column": "Departamento",
        "code_column": "Código",
        "country": "COL",
        "year_column": "Año",
        "count_columns": ("Homicidios",),
        "population_column": "Población",
        "source": Source(title="Policía, tabla municipal", source_id="policia"),
    }
    return ObservationMapping(**{**base, **changes})  # type: ignore[arg-type]


def test_long_table_with_counts_and_population(raw_copy: Path, tmp_path: Path) -> None:
    sheet = read_sheet(_write(tmp_path, "m.csv", LONG))
    report = import_observations(sheet, _mapping(), raw_copy)
    assert report.ok and report.written
    assert report.rows_read == 4 and report.added == 2
    assert report.accounted() == report.values_read
    # ALPHA matched by its official code, Beta by name, country and department.
    assert {p.city_id for p in report.matched} == {"alpha", "beta"}
    alpha = _row(raw_copy, "alpha", "2011")
    assert (alpha["count"], alpha["population"], alpha["value"]) == ("300", "1000000", "")
    reasons = {i.row: i.reason for i in report.skipped}
    assert "no count and no value" in reasons[4]
    assert "not a city" in reasons[5]
    assert report.years == (2011, 2011)
    assert build(raw_copy, tmp_path / "out").ok


def test_dry_run_writes_nothing_and_reports_the_same(raw_copy: Path, tmp_path: Path) -> None:
    before = {p.name: p.read_bytes() for p in raw_copy.iterdir()}
    sheet = read_sheet(_write(tmp_path, "m.csv", LONG))
    dry = import_observations(sheet, _mapping(), raw_copy, dry_run=True)
    assert {p.name: p.read_bytes() for p in raw_copy.iterdir()} == before
    assert not dry.written and "Dry run: nothing was written." in dry.lines()
    real = import_observations(sheet, _mapping(), raw_copy)
    assert (dry.added, len(dry.skipped), dry.matched) == (
        real.added,
        len(real.skipped),
        real.matched,
    )


def test_latin1_semicolons_and_decimal_commas(raw_copy: Path, tmp_path: Path) -> None:
    text = "Ciudad;Año;Porcentaje\nÁlpha;2020;61,5\nBeta;2020;1.234,5\n"
    sheet = read_sheet(_write(tmp_path, "s.csv", text, "latin-1"))
    assert sheet.delimiter == ";" and sheet.encoding == "cp1252"
    mapping = ObservationMapping(
        indicator="perceived-safety", city_column="Ciudad", country="COL", year_column="Año",
        value_column="Porcentaje", source=Source(source_id="survey"),
    )  # fmt: skip
    report = import_observations(sheet, mapping, raw_copy)
    assert _row(raw_copy, "alpha", "2020", "perceived-safety")["value"] == "61.5"
    assert [i.reason for i in report.skipped] == ["more than 100%"]  # 1234.5 %


def test_wide_table_one_column_per_year(raw_copy: Path, tmp_path: Path) -> None:
    text = "city,2013,2014,note\nÁlpha,40.5,,x\nGamma,,12\n"
    mapping = ObservationMapping(
        city_column="city", country_column=None, country="COL", year_columns=("auto",),
        source=Source(source_id="police"), on_unknown_city="skip",
    )  # fmt: skip
    report = import_observations(read_sheet(_write(tmp_path, "w.csv", text)), mapping, raw_copy)
    assert report.values_read == 4  # two rows x two year columns; 'note' is not a year
    assert _row(raw_copy, "alpha", "2013")["value"] == "40.5"
    # Gamma is in Kenya, not Colombia: unknown here, so skipped and listed.
    assert [p.name for p in report.unknown] == ["Gamma"]
    assert {i.column for i in report.skipped} >= {"2014"}


def test_monthly_counts_are_summed_and_partial_years_refused(
    raw_copy: Path, tmp_path: Path
) -> None:
    months = [f"m{m:02d}" for m in range(1, 13)]
    text = (
        "name,year,pop," + ",".join(months) + "\n"
        "Álpha,2012,1000000," + ",".join(["10"] * 12) + "\n"
        "Beta,2012,500000," + ",".join(["1"] * 11) + ",\n"
    )
    mapping = _mapping(
        city_column="name", admin_column=None, code_column=None, year_column="year",
        count_columns=tuple(months), population_column="pop",
    )  # fmt: skip
    report = import_observations(read_sheet(_write(tmp_path, "m.csv", text)), mapping, raw_copy)
    assert _row(raw_copy, "alpha", "2012")["count"] == "120"
    [skip] = report.skipped
    assert "some count columns are empty" in skip.reason and "m12" in skip.detail


def test_population_from_a_second_file(raw_copy: Path, tmp_path: Path) -> None:
    counts = "code,name,year,deaths\n76001,Álpha,2012,250\n76001,Álpha,2013,260\n"
    population = (
        "mun_code,year,sex,population\n"
        "76001,2012,Total,1000000\n76001,2012,Males,490000\n76001,2013,Total,\n"
    )
    _write(tmp_path, "pop.csv", population)
    mapping = _mapping(
        city_column="name", admin_column=None, code_column="code", year_column="year",
        count_columns=("deaths",), population_column=None,
    )  # fmt: skip
    mapping.population_file = PopulationFile(
        file=str(tmp_path / "pop.csv"), code_column="mun_code", where=("sex=Total",)
    )
    report = import_observations(
        read_sheet(_write(tmp_path, "c.csv", counts)),
        mapping,
        raw_copy,
        population=read_sheet(tmp_path / "pop.csv"),
    )
    assert _row(raw_copy, "alpha", "2012")["population"] == "1000000"
    assert [i.row for i in report.skipped] == [3]  # 2021: no population, so no rate
    assert "no population for this code and year" in report.skipped[0].reason


def test_population_file_with_repeated_rows_is_refused(raw_copy: Path, tmp_path: Path) -> None:
    _write(
        tmp_path,
        "pop.csv",
        "mun_code,year,sex,population\n76001,2020,Total,1\n76001,2020,Males,1\n",
    )

    mapping = _mapping(
        city_column="name", admin_column=None, code_column="code", year_column="year",
        count_columns=("deaths",), population_column=None,
        population_file=PopulationFile(file="pop.csv", code_column="mun_code"),
    )  # fmt: skip
    sheet = read_sheet(_write(tmp_path, "c.csv", "code,name,year,deaths\n76001,Álpha,2020,5\n"))
    with pytest.raises(ImportFailed, match="sex=Total"):
        import_observations(sheet, mapping, raw_copy, population=read_sheet(tmp_path / "pop.csv"))


def test_excel_values_without_running_formulas(raw_copy: Path, tmp_path: Path) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["Reporte de homicidios"])
    sheet.append(["Municipio", "Año", "Tasa"])
    sheet.append(["Álpha", 2018, 55.25])
    sheet.append(["Beta", 2018, "=1+1"])  # saved without a computed value
    book.save(tmp_path / "t.xlsx")
    read = read_sheet(tmp_path / "t.xlsx", header_row=2)
    mapping = _mapping(
        city_column="Municipio", admin_column=None, code_column=None, count_columns=(),
        population_column=None, value_column="Tasa",
    )  # fmt: skip
    report = import_observations(read, mapping, raw_copy)
    assert _row(raw_copy, "alpha", "2018")["value"] == "55.25"
    assert any("formula" in n for n in report.notes)
    assert [i.row for i in report.skipped] == [4]


def test_unknown_cities_fail_skip_or_create(raw_copy: Path, tmp_path: Path) -> None:
    text = "name,year,rate,lat,lon,pop\nÁlpha,2012,10,,,\nNueva Villa,2012,20,4.5,-74.1,120000\n"
    path = _write(tmp_path, "u.csv", text)
    common = {
        "city_column": "name", "admin_column": None, "code_column": None, "count_columns": (),
        "population_column": None, "value_column": "rate", "year_column": "year",
    }  # fmt: skip
    before = _obs(raw_copy)
    failed = import_observations(read_sheet(path), _mapping(**common), raw_copy)
    assert not failed.ok and not failed.written and "--on-unknown-city" in failed.failed
    assert _obs(raw_copy).equals(before)

    skipped = import_observations(
        read_sheet(path), _mapping(**common, on_unknown_city="skip"), raw_copy
    )
    assert (
        skipped.ok and skipped.added == 1 and [p.name for p in skipped.unknown] == ["Nueva Villa"]
    )

    created = import_observations(
        read_sheet(path),
        _mapping(
            **{**common, "population_column": "pop"},
            on_unknown_city="create",
            lat_column="lat",
            lon_column="lon",
        ),
        raw_copy,
    )
    assert [p.city_id for p in created.created] == ["nueva-villa"]
    city = _cities(raw_copy).set_index("city_id").loc["nueva-villa"]
    assert (city["lat"], city["lon"], city["country"]) == ("4.5", "-74.1", "COL")
    assert build(raw_copy, tmp_path / "out").ok


def test_new_city_placed_by_the_gazetteer(raw_copy: Path, tmp_path: Path) -> None:
    text = "name,dept,year,homicidios,poblacion\nPalmira,Valle del Cauca,2013,186,300707\n"
    mapping = _mapping(
        city_column="name", admin_column="dept", code_column=None, count_columns=("homicidios",),
        population_column="poblacion", year_column="year", on_unknown_city="create",
    )  # fmt: skip
    report = import_observations(read_sheet(_write(tmp_path, "p.csv", text)), mapping, raw_copy)
    [place] = report.created
    assert place.city_id == "palmira" and "GeoNames" in place.how
    city = _cities(raw_copy).set_index("city_id").loc["palmira"]
    assert 3 < float(city["lat"]) < 4 and city["population"] == "300707"


def test_same_name_in_two_departments_is_never_guessed(raw_copy: Path, tmp_path: Path) -> None:
    cities = _cities(raw_copy)
    extra = cities.iloc[[1]].assign(city_id="beta-2", admin_area="Cauca")
    pd.concat([cities, extra]).to_csv(raw_copy / "cities.csv", index=False)
    text = "name,year,rate\nBeta,2020,10\n"
    mapping = _mapping(
        city_column="name", admin_column=None, code_column=None, count_columns=(),
        population_column=None, value_column="rate", year_column="year", on_unknown_city="skip",
    )  # fmt: skip
    report = import_observations(read_sheet(_write(tmp_path, "a.csv", text)), mapping, raw_copy)
    [place] = report.unknown
    assert "ambiguous" in place.how and "beta" in place.how and "beta-2" in place.how
    with_area = "name,dept,year,rate\nBeta,Cauca,2020,10\n"
    report = import_observations(
        read_sheet(_write(tmp_path, "b.csv", with_area)),
        dataclass_replace(mapping, admin_column="dept"),
        raw_copy,
    )
    assert [p.city_id for p in report.matched] == ["beta-2"]


def dataclass_replace(mapping: ObservationMapping, **changes: object) -> ObservationMapping:
    import dataclasses

    return dataclasses.replace(mapping, **changes)  # type: ignore[arg-type]


def test_suspicious_values_are_imported_but_listed(raw_copy: Path, tmp_path: Path) -> None:
    text = (
        "Municipio,Departamento,Código,Año,Homicidios,Población\n"
        "Álpha,,76001,2009,20,100000\n"
        "Álpha,,76001,2010,400,100000\n"  # 400 per 100k
        "Álpha,,76001,2011,20,160000\n"  # population +60%
        "Beta,Antioquia,,2010,600,500\n"  # more deaths than people: refused
    )
    report = import_observations(read_sheet(_write(tmp_path, "s.csv", text)), _mapping(), raw_copy)
    suspicious = {i.row: i.reason for i in report.suspicious}
    assert "rate above 300" in suspicious[3] and "more than 50%" in suspicious[4]
    assert report.added == 3
    assert ["more events than the population" in i.reason for i in report.skipped] == [True]


def test_existing_values_replace_keep_or_fail(raw_copy: Path, tmp_path: Path) -> None:
    path = _write(tmp_path, "m.csv", LONG)
    import_observations(read_sheet(path), _mapping(), raw_copy)
    changed = _write(tmp_path, "n.csv", LONG.replace("300,1000000", "310,1000000"))
    kept = import_observations(read_sheet(changed), _mapping(on_existing="keep"), raw_copy)
    assert kept.kept == 1 and _row(raw_copy, "alpha", "2011")["count"] == "300"
    failed = import_observations(read_sheet(changed), _mapping(on_existing="fail"), raw_copy)
    assert not failed.ok and _row(raw_copy, "alpha", "2011")["count"] == "300"
    replaced = import_observations(read_sheet(changed), _mapping(), raw_copy)
    assert len(replaced.replaced) == 1 and replaced.unchanged == 1
    assert _row(raw_copy, "alpha", "2011")["count"] == "310"


@pytest.mark.parametrize(
    ("changes", "words"),
    [
        ({"city_column": "Municpio"}, "did you mean 'Municipio'"),
        ({"country_column": "Departamento"}, "either --country ISO3 or --country-column"),
        ({"country": "XX"}, "not a country code"),
        ({"population_column": None}, "Counts need a population"),
        ({"indicator": "robberies"}, "neither in"),
        ({"source": Source()}, "--source TITLE"),
        ({"year_column": None}, "year column"),
        ({"count_columns": (), "population_column": None}, "--count-column or --value-column"),
        ({"indicator": "perceived-safety"}, "takes values, not counts"),
    ],
)
def test_contradictory_or_incomplete_mappings_are_refused(
    raw_copy: Path, tmp_path: Path, changes: dict[str, object], words: str
) -> None:
    before = _obs(raw_copy)
    with pytest.raises(ImportFailed, match=words):
        import_observations(
            read_sheet(_write(tmp_path, "m.csv", LONG)), _mapping(**changes), raw_copy
        )
    assert _obs(raw_copy).equals(before)


@pytest.mark.parametrize(
    ("cell", "words"),
    [("2099", "the year is not possible"), ("20x1", "not a year"), ("", "not a year")],
)
def test_bad_years_are_skipped_with_their_row(
    raw_copy: Path, tmp_path: Path, cell: str, words: str
) -> None:
    text = LONG.replace("76001,2011", f"76001,{cell}")
    report = import_observations(read_sheet(_write(tmp_path, "m.csv", text)), _mapping(), raw_copy)
    assert any(i.row == 2 and words in i.reason for i in report.skipped)


def test_bad_counts_are_skipped_with_their_row(raw_copy: Path, tmp_path: Path) -> None:
    text = LONG.replace("2011,300,", "2011,-3,").replace("2011,50,", "2011,cinco,")
    report = import_observations(read_sheet(_write(tmp_path, "m.csv", text)), _mapping(), raw_copy)
    reasons = {i.row: i.reason for i in report.skipped}
    assert "negative" in reasons[2] and "not a number" in reasons[3]


def test_old_xls_and_garbage_are_refused(tmp_path: Path) -> None:
    with pytest.raises(ImportFailed, match=r"old-style \.xls"):
        read_sheet(_write(tmp_path, "old.xls", "\xd0\xcf"))
    with pytest.raises(ImportFailed, match="empty"):
        read_sheet(_write(tmp_path, "e.csv", "\n\n"))


def test_name_keys_ignore_case_accents_and_ceremonial_prefixes() -> None:
    assert name_keys("Bogotá, D.C.")[0] == name_keys("BOGOTA D.C.")[0]
    assert "cali" in name_keys("Santiago de Cali")[1]
    assert "cucuta" in name_keys("San José de Cúcuta")[1]


NATIONAL = """Entity,Code,Year,Rate
Colombia,COL,2019,25.4
Colombia,COL,2020,24.3
World,OWID_WRL,2020,5.8
Africa (UN),,2020,12.7
Scotland,,2020,1.1
Kenya,KEN,2020,n/a
"""


def test_national_series_keeps_aggregates_apart(raw_copy: Path, tmp_path: Path) -> None:
    mapping = NationalMapping(
        entity_column="Entity", code_column="Code", year_column="Year", value_column="Rate",
        source=Source(title="UNODC via OWID", source_id="owid"),
    )  # fmt: skip
    report = import_national(read_sheet(_write(tmp_path, "n.csv", NATIONAL)), mapping, raw_copy)
    assert report.ok and report.countries == ["COL"]
    national = pd.read_csv(raw_copy / "national.csv", dtype=str)
    assert set(national.loc[national["source_id"] == "owid", "country"]) == {"COL"}
    areas = pd.read_csv(raw_copy / "areas.csv", dtype=str, keep_default_na=False)
    new = areas[areas["source_id"] == "owid"].set_index("area_id")
    assert new.loc["world", "kind"] == "world"
    assert new.loc["africa-un", "kind"] == "region"
    assert (new.loc["scotland", "kind"], new.loc["scotland", "country"]) == (
        "part-of-country",
        "GBR",
    )
    assert [(i.row, i.reason) for i in report.skipped] == [(7, "the value is empty")]
    assert build(raw_copy, tmp_path / "out").ok


def test_cli_saves_and_reuses_a_mapping(
    raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "m.csv", LONG)
    saved = tmp_path / "mapping.json"
    args = [
        "import", "observations", str(path), "--raw", str(raw_copy), "--country", "COL",
        "--city-column", "Municipio", "--admin-column", "Departamento",
        "--code-column", "Código", "--year-column", "Año", "--count-column", "Homicidios",
        "--population-column", "Población", "--source", "Policía", "--source-id", "policia",
        "--save-mapping", str(saved), "--dry-run",
    ]  # fmt: skip
    assert main(args) == 0
    out = capsys.readouterr().out
    assert "Rows read: 4." in out and "Dry run: nothing was written." in out
    next_year = _write(tmp_path, "2013.csv", LONG.replace("2011", "2013"))
    assert main(["import", "observations", str(next_year), "--raw", str(raw_copy),
                 "--mapping", str(saved)]) == 0  # fmt: skip
    assert _row(raw_copy, "alpha", "2013")["count"] == "300"
    assert "observatory build" in capsys.readouterr().out


def test_cli_stops_with_a_message_and_exit_code(
    raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "m.csv", LONG)
    code = main(["import", "observations", str(path), "--raw", str(raw_copy), "--country", "COL",
                 "--city-column", "Ciudad", "--year-column", "Año", "--value-column", "x",
                 "--source-id", "police"])  # fmt: skip
    assert code == 2
    assert (
        "Import stopped: --city-column: the file has no column 'Ciudad'" in capsys.readouterr().err
    )


def test_import_into_a_new_empty_folder_builds(tmp_path: Path) -> None:
    raw = tmp_path / "new"
    path = _write(tmp_path, "n.csv", NATIONAL)
    assert main(["import", "national", str(path), "--raw", str(raw), "--entity-column", "Entity",
                 "--code-column", "Code", "--year-column", "Year", "--value-column", "Rate",
                 "--source", "UNODC"]) == 0  # fmt: skip
    assert build(raw, tmp_path / "out").ok  # no cities yet: still a valid folder


def test_cli_report_file_and_where(
    raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _write(tmp_path, "m.csv", LONG)
    report = tmp_path / "report.csv"
    assert main(["import", "observations", str(path), "--raw", str(raw_copy), "--country", "COL",
                 "--city-column", "Municipio", "--admin-column", "Departamento",
                 "--year-column", "Año", "--count-column", "Homicidios",
                 "--population-column", "Población", "--source-id", "police",
                 "--where", "Departamento=Antioquia", "--report", str(report)]) == 0  # fmt: skip
    out = capsys.readouterr().out
    assert "Rows left out by --where: 1." in out
    items = pd.read_csv(report)
    assert set(items.loc[items["kind"] == "skipped", "row"]) == {4, 5}
    assert set(items.loc[items["kind"] == "matched-city", "detail"]) == {
        "Beta (Antioquia, COL) -> beta"
    }
