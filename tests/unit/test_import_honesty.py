"""Imports that lose nothing big and join nothing that does not belong together: municipalities
placed by their official code, the places left out weighed and ranked, absent city-years of a
complete source as zeros, official spellings and unambiguous ids, breaks, and no line that joins
simulated and real values.

The raw folder is a copy of tests/fixtures/raw: Álpha (COL, 76001, police records), Beta (COL),
Gamma (KEN, simulated homicide values for 2019 and 2023), Delta (BEL, simulated).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from data.importers.mapping import ObservationMapping, PopulationFile, Source
from data.importers.names import official_spelling
from data.importers.observations import import_observations
from data.importers.reading import read_sheet
from data.pipeline.build import build


def _write(folder: Path, name: str, text: str) -> Path:
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def _table(raw: Path, name: str) -> pd.DataFrame:
    return pd.read_csv(raw / f"{name}.csv", dtype=str, keep_default_na=False)


def _mapping(**changes: object) -> ObservationMapping:
    base: dict[str, object] = {
        "city_column": "municipio",
        "admin_column": "estado",
        "code_column": "clave",
        "year_column": "anio",
        "count_columns": ("homicidios",),
        "population_column": "poblacion",
        "on_unknown_city": "create",
        "source": Source(title="Mortalidad", source_id="mortalidad"),
    }
    return ObservationMapping(**{**base, **changes})  # type: ignore[arg-type]


MEXICO = """municipio,estado,clave,anio,homicidios,poblacion
Benito Juárez,Quintana Roo,23005,2015,120,743626
Centro,Tabasco,27004,2015,90,684847
General Escobedo,Nuevo León,19021,2015,60,425148
Escobedo,Coahuila de Zaragoza,05014,2015,1,3010
Zzyzx Imaginaria,Oaxaca,20999,2015,7,9000
Otra Imaginaria,Oaxaca,20998,2015,12,250000
"""


def test_municipalities_are_placed_at_their_seat_and_big_losses_said_first(
    raw_copy: Path, tmp_path: Path
) -> None:
    sheet = read_sheet(_write(tmp_path, "mx.csv", MEXICO))
    report = import_observations(sheet, _mapping(country="MEX"), raw_copy)
    assert report.ok and report.written
    cities = _table(raw_copy, "cities").set_index("external_code")
    # Benito Juárez is Cancún's municipality, Centro Villahermosa's: GeoNames' admin-2 areas
    # know them, and they are placed at their seats (21.17 N, 86.85 W; 17.99 N, 92.93 W)
    cancun = cities.loc["23005"]
    assert (cancun["name"], cancun["admin_area"]) == ("Benito Juárez", "Quintana Roo")
    assert abs(float(cancun["lat"]) - 21.17) < 0.1 and abs(float(cancun["lon"]) + 86.85) < 0.1
    assert abs(float(cities.loc["27004", "lat"]) - 17.99) < 0.1
    how = {p.city_id: p.how for p in report.created}
    assert "municipality Benito Juárez (Quintana Roo)" in how[cancun["city_id"]]
    assert "Cancún" in how[cancun["city_id"]]
    # the places left out, weighed: 7 + 12 = 19 of 290 events (6.6%), the largest first
    lines = report.lines()
    assert (
        "2 places with 19 events (6.6% of the file's events) not imported; largest: "
        "Otra Imaginaria (Oaxaca, 20998, MEX), population 250,000, "
        "Zzyzx Imaginaria (Oaxaca, 20999, MEX), population 9,000."
    ) in lines
    assert lines.index(next(x for x in lines if x.startswith("2 places"))) < lines.index(
        next(x for x in lines if x.startswith("New cities"))
    )
    assert [p.name for p in report.not_imported()] == ["Otra Imaginaria", "Zzyzx Imaginaria"]
    csv = report.frame()
    lost = csv[csv["kind"] == "unknown-city"]
    assert lost["population"].tolist() == [250_000, 9_000] and lost["events"].tolist() == [12, 7]


def test_a_new_id_never_takes_a_name_that_means_another_place(
    raw_copy: Path, tmp_path: Path
) -> None:
    sheet = read_sheet(_write(tmp_path, "mx.csv", MEXICO))
    report = import_observations(sheet, _mapping(country="MEX"), raw_copy)
    cities = _table(raw_copy, "cities").set_index("external_code")
    # "Escobedo" is how people call General Escobedo (Nuevo León): the town of 3,010 in
    # Coahuila does not get that id
    assert cities.loc["19021", "city_id"] == "general-escobedo"
    small = cities.loc["05014", "city_id"]
    assert small != "escobedo" and small.startswith("escobedo-")
    assert (small, "'Escobedo' alone could be read as General Escobedo (Nuevo León)") in (
        report.suffixed
    )
    assert any(line.startswith("New ids that needed a qualifier: 1") for line in report.lines())


def test_official_spelling_and_capitals_survive_a_title_cased_file() -> None:
    assert official_spelling("Bogotá, D.c.") == "Bogotá, D.C."
    assert official_spelling("Cartagena De Indias") == "Cartagena de Indias"
    assert official_spelling("Valle Del Cauca") == "Valle del Cauca"
    assert official_spelling("El Carmen De Bolívar") == "El Carmen de Bolívar"
    assert official_spelling("Port of Spain") == "Port of Spain"  # nothing to mend
    assert official_spelling("De Bilt") == "De Bilt"  # a first word keeps its capital


def test_missing_means_zero_fills_the_absent_years_of_a_complete_source(
    raw_copy: Path, tmp_path: Path
) -> None:
    # a source that lists a municipality only in years with a death: no row is 0, not a gap
    deaths = "clave,municipio,anio,homicidios\n76001,ALPHA,2011,30\n76001,ALPHA,2013,20\n"
    people = "clave,anio,poblacion\n" + "".join(f"76001,{y},1000000\n" for y in (2011, 2012, 2013))
    population = _write(tmp_path, "pop.csv", people)
    mapping = _mapping(
        country="COL",
        admin_column=None,
        population_column=None,
        population_file=PopulationFile(file=str(population), value_column="poblacion"),
        missing_means_zero=True,
    )
    report = import_observations(
        read_sheet(_write(tmp_path, "d.csv", deaths)),
        mapping,
        raw_copy,
        population=read_sheet(population),
    )
    assert report.ok and report.zeros_filled == 1
    obs = _table(raw_copy, "observations")
    row = obs[(obs["city_id"] == "alpha") & (obs["year"] == "2012")].iloc[0]
    assert (row["count"], row["population"]) == ("0", "1000000")
    assert any("Zeros filled: 1 city-years" in line for line in report.lines())
    # without the option the year stays a gap
    raw2 = tmp_path / "again"
    raw2.mkdir()
    for f in raw_copy.iterdir():
        if f.name != "observations.csv":
            (raw2 / f.name).write_bytes(f.read_bytes())
    _write(raw2, "observations.csv", (raw_copy / "observations.csv").read_text().split("\n")[0])
    plain = import_observations(
        read_sheet(_write(tmp_path, "d.csv", deaths)),
        _mapping(
            country="COL",
            admin_column=None,
            population_column=None,
            population_file=PopulationFile(file=str(population), value_column="poblacion"),
        ),
        raw2,
        population=read_sheet(population),
    )
    assert plain.zeros_filled == 0 and "2012" not in set(_table(raw2, "observations")["year"])


def test_real_values_replace_a_simulated_series_whole(raw_copy: Path, tmp_path: Path) -> None:
    # Gamma's homicide values (2019, 2023) are simulated; real ones for 2020-2021 arrive
    real = "municipio,pais,anio,homicidios,poblacion\nGamma,KEN,2020,150,2000000\n"
    real += "Gamma,KEN,2021,160,2000000\n"
    mapping = _mapping(
        country=None,
        country_column="pais",
        admin_column=None,
        code_column=None,
        source=Source(title="Kenya police", source_id="kenya-police"),
    )
    report = import_observations(read_sheet(_write(tmp_path, "k.csv", real)), mapping, raw_copy)
    assert report.ok
    obs = _table(raw_copy, "observations")
    gamma = obs[(obs["city_id"] == "gamma") & (obs["indicator_id"] == "homicide-rate")]
    assert sorted(gamma["year"]) == ["2020", "2021"]
    assert set(gamma["source_id"]) == {"kenya-police"}
    # its other indicator keeps its simulated value: a series is a city and an indicator
    assert len(obs[(obs["city_id"] == "gamma") & (obs["indicator_id"] == "perceived-safety")])
    assert report.series_replaced == [
        "Gamma, homicide-rate: 2 simulated values (2019–2023) removed"
    ]
    assert build(raw_copy, tmp_path / "out").ok


def test_the_build_refuses_a_series_that_mixes_simulated_and_real(
    raw_copy: Path, tmp_path: Path
) -> None:
    rows = raw_copy / "observations.csv"
    rows.write_text(rows.read_text() + "gamma,homicide-rate,2021,,150,2000000,police,\n")
    result = build(raw_copy, tmp_path / "out")
    assert not result.ok
    (problem,) = [p for p in result.errors if p.rule == "mixed-series"]
    assert "gamma's homicide-rate series mixes real values (2021)" in problem.message
    assert "simulated demo values (2019, 2023)" in problem.message


def test_breaks_from_an_option_and_from_a_change_of_source(raw_copy: Path, tmp_path: Path) -> None:
    older = "municipio,estado,clave,anio,homicidios,poblacion\n"
    older += "ALPHA,Valle del Cauca,76001,2013,130,1000000\n"
    older += "ALPHA,Valle del Cauca,76001,2014,125,1000000\n"
    mapping = _mapping(
        country="COL",
        break_years=(2014,),
        source=Source(title="Medicina Legal", source_id="medicina-legal", definition="autopsies"),
    )
    report = import_observations(read_sheet(_write(tmp_path, "o.csv", older)), mapping, raw_copy)
    assert report.ok
    obs = _table(raw_copy, "observations")
    alpha = obs[(obs["city_id"] == "alpha") & (obs["indicator_id"] == "homicide-rate")]
    flags = dict(zip(alpha["year"], alpha["flags"]))
    assert flags["2013"] == ""  # the first year of the series
    assert flags["2014"] == "break"  # --break-year 2014
    assert flags["2015"] == "break"  # the police series takes over from Medicina Legal
    assert flags["2016"] == ""
    sources = _table(raw_copy, "sources").set_index("source_id")
    assert sources.loc["medicina-legal", "definition"] == "autopsies"
    assert build(raw_copy, tmp_path / "out").ok
