"""`observatory import observations`: a city table from a police, health or statistics office
export becomes rows of observations.csv (and the cities, source and indicator they need).

Every value read ends in the report: imported, replaced, unchanged, kept, or skipped with its
row and reason. Rows are checked here with the build's own limits, so an import never leaves
the folder in a state the build refuses because of the imported rows.
"""

from __future__ import annotations

import dataclasses
import re
from contextlib import nullcontext
from datetime import date
from pathlib import Path

import numpy as np
import pandas as pd

from data.geo import countries
from data.i18n import _
from data.importers.cities import Cities, Resolved, Wanted, resolve_country
from data.importers.gazetteer import SOURCE as GEONAMES_SOURCE
from data.importers.gazetteer import Gazetteer
from data.importers.mapping import ObservationMapping, check_columns, filter_rows
from data.importers.names import is_placeholder, normal_code
from data.importers.numbers import default_decimal, format_number, parse_numbers
from data.importers.plan import COLUMN, ROW, append, ensure_indicator, ensure_source, finish, merge
from data.importers.rawfolder import is_true, locked, read_raw_table
from data.importers.reading import ImportFailed, Sheet, check_rows
from data.importers.report import Item, Place, Report
from data.limits import MAX_WHOLE_NUMBER
from data.pipeline.derive import PER_100K
from data.safe_csv import looks_like_formula
from data.schema import FIRST_YEAR

SUSPICIOUS_RATE = 300.0  # per 100,000: higher than any city's recorded homicide rate
SUSPICIOUS_JUMP = 0.5  # population change between two reported years
_YEAR_HEADER = re.compile(r"^\s*(\d{4})(?:\.0)?\s*$")


def check_mapping(mapping: ObservationMapping, indicator: dict[str, str]) -> None:
    """Contradictory or incomplete options, stopped before any row is read."""
    problems = []
    per_100k = is_true(indicator["per_100k"])
    if not mapping.city_column:
        problems.append(_("Name the column holding the city: --city-column."))
    if bool(mapping.country) == bool(mapping.country_column):
        problems.append(
            _("Give the country of every row: either --country ISO3 or --country-column.")
        )
    if mapping.country and resolve_country(mapping.country) is None:
        problems.append(
            _("--country '{value}' is not a country code (e.g. COL, MEX).", value=mapping.country)
        )
    if mapping.wide and mapping.year_column:
        problems.append(_("A wide table has its years as columns: drop --year-column."))
    if not mapping.wide and not mapping.year_column:
        problems.append(
            _("Name the year column (--year-column), or the year columns of a wide table.")
        )
    has_population = bool(mapping.population_column or mapping.population_file)
    counts = bool(mapping.count_columns) or (mapping.wide and mapping.wide_as == "count")
    if mapping.population_column and mapping.population_file:
        problems.append(_("Take the population from a column or from a file, not both."))
    if counts and not per_100k:
        problems.append(
            _(
                "'{indicator}' is not a per-100,000 indicator, so it takes values, not counts: "
                "use --value-column.",
                indicator=indicator["indicator_id"],
            )
        )
    if counts and not has_population:
        problems.append(
            _(
                "Counts need a population to become rates: --population-column, or "
                "--population-file joined on the official code."
            )
        )
    if mapping.wide and mapping.population_column:
        problems.append(
            _("In a wide table the population must come from --population-file (by code and year).")
        )
    if (
        not counts
        and not mapping.value_column
        and not (mapping.wide and mapping.wide_as == "value")
    ):
        problems.append(_("Name what to import: --count-column or --value-column."))
    if mapping.population_file and not mapping.code_column:
        problems.append(_("Joining a population file needs the official code: --code-column."))
    if bool(mapping.lat_column) != bool(mapping.lon_column):
        problems.append(_("Give both --lat-column and --lon-column, or neither."))
    if mapping.decimal not in (None, ".", ","):
        problems.append(_("--decimal must be '.' or ','."))
    if problems:
        raise ImportFailed(" ".join(problems))


def year_columns(sheet: Sheet, mapping: ObservationMapping, this_year: int) -> list[str]:
    if mapping.year_columns != ("auto",):
        return list(mapping.year_columns)
    found = [
        c
        for c in sheet.columns
        if (m := _YEAR_HEADER.match(c)) and FIRST_YEAR <= int(m.group(1)) <= this_year
    ]
    if not found:
        raise ImportFailed(
            _(
                "No column of {file} is named like a year (e.g. 2019), so it is not a wide table. "
                "Its columns: {columns}.",
                file=sheet.name,
                columns=", ".join(sheet.columns),
            )
        )
    return found


def _records(sheet: Sheet, mapping: ObservationMapping, this_year: int) -> pd.DataFrame:
    """One record per value: a row of a long table, or a year cell of a wide one."""
    frame = sheet.frame

    def text(column: str | None) -> pd.Series:
        if not column:
            return pd.Series("", index=frame.index, dtype=str)
        return frame[column].astype(str)

    base = pd.DataFrame(
        {
            ROW: frame.index.to_numpy(),
            "name": text(mapping.city_column),
            "admin": text(mapping.admin_column),
            "code": text(mapping.code_column),
            "country_text": text(mapping.country_column)
            if mapping.country_column
            else pd.Series(mapping.country or "", index=frame.index, dtype=str),
            "population_text": text(mapping.population_column),
            "lat_text": text(mapping.lat_column),
            "lon_text": text(mapping.lon_column),
        },
        index=frame.index,
    )
    if not mapping.wide:
        records = base.assign(**{COLUMN: "", "year_text": text(mapping.year_column)})
        for n, column in enumerate(mapping.count_columns):
            records[f"count_{n}"] = text(column)
        records["value_text"] = text(mapping.value_column)
        return records.reset_index(drop=True)
    columns = year_columns(sheet, mapping, this_year)
    check_columns(sheet, {f"--year-columns '{c}'": c for c in columns})
    parts = []
    for column in columns:
        match = _YEAR_HEADER.match(column)
        part = base.assign(**{COLUMN: column, "year_text": match.group(1) if match else column})
        cells = text(column)
        if mapping.wide_as == "count":
            part = part.assign(count_0=cells, value_text="")
        else:
            part = part.assign(value_text=cells)
        parts.append(part)
    return pd.concat(parts).sort_values([ROW], kind="stable").reset_index(drop=True)


class _Skips:
    """The first reason each record is skipped for; later checks leave skipped records alone."""

    def __init__(self, records: pd.DataFrame) -> None:
        self.records = records
        self.reason = pd.Series(None, index=records.index, dtype=object)
        self.detail = pd.Series("", index=records.index, dtype=object)
        self.column = pd.Series("", index=records.index, dtype=object)

    @property
    def alive(self) -> pd.Series:
        return self.reason.isna()

    def mark(
        self, mask: pd.Series, reason: str, detail: pd.Series | str = "", column: str = ""
    ) -> None:
        mask = mask.fillna(False).astype(bool) & self.alive
        self.reason[mask] = reason
        self.detail[mask] = detail[mask] if isinstance(detail, pd.Series) else detail
        self.column[mask] = column

    def items(self) -> list[Item]:
        dead = self.reason.notna()
        recs = self.records[dead]
        return [
            Item(
                int(recs.at[i, ROW]),
                str(self.reason[i]),
                str(self.detail[i]),
                str(recs.at[i, COLUMN]) or (str(self.column[i]) or None),
            )
            for i in recs.index
        ]


def _numbers(skips: _Skips, text: pd.Series, decimal: str, column: str, what: str) -> pd.Series:
    values, bad = parse_numbers(text, decimal)
    hint = (
        " " + _("(if the file writes decimals with a comma, use --decimal ,)")
        if decimal == "."
        else " " + _("(if the file writes decimals with a point, use --decimal .)")
    )
    skips.mark(
        bad,
        _("the {what} is not a number", what=what) + hint,
        "'" + text + "'",
        column,
    )
    skips.mark(values < 0, _("the {what} is negative", what=what), text, column)
    return values


def _population_from_file(
    records: pd.DataFrame, skips: _Skips, mapping: ObservationMapping, population: Sheet
) -> pd.Series:
    lookup = _population_lookup(mapping, population)
    years_wanted, _bad = parse_numbers(records["year_text"], ".")
    index = pd.MultiIndex.from_arrays([records["code"].map(normal_code), years_wanted])
    return pd.Series(lookup.reindex(index).to_numpy(), index=records.index)


def _population_lookup(mapping: ObservationMapping, population: Sheet) -> pd.Series:
    """The population file's figures by (normalised code, year)."""
    spec = mapping.population_file
    assert spec is not None
    code_column = spec.code_column or mapping.code_column
    year_column = spec.year_column or mapping.year_column
    assert code_column and year_column
    check_columns(
        population,
        {
            "--population-code-column": code_column,
            "--population-year-column": year_column,
            "--population-value-column": spec.value_column,
        },
    )
    table, _left_out = filter_rows(population, spec.where)
    frame = table.frame
    decimal = spec.decimal or default_decimal(population.delimiter)
    values, bad = parse_numbers(frame[spec.value_column].astype(str), decimal)
    years, bad_years = parse_numbers(frame[year_column].astype(str), ".")
    keyed = pd.DataFrame(
        {
            "code": frame[code_column].astype(str).map(normal_code),
            "year": years,
            "population": values,
        }
    )[~bad & ~bad_years & years.notna()]
    repeated = keyed[keyed.duplicated(["code", "year"], keep=False)]
    if len(repeated):
        first = repeated.iloc[0]
        raise ImportFailed(
            _(
                "{file} has {n} rows for code {code} in {year}: a population file needs one row "
                "per code and year. Keep only the right rows with --population-where (e.g. "
                "sex=Total).",
                file=population.name,
                n=int(((keyed["code"] == first["code"]) & (keyed["year"] == first["year"])).sum()),
                code=first["code"],
                year=int(first["year"]),
            )
        )
    return keyed.dropna(subset=["population"]).set_index(["code", "year"])["population"]


def import_observations(
    sheet: Sheet,
    mapping: ObservationMapping,
    raw: Path,
    *,
    dry_run: bool = False,
    population: Sheet | None = None,
    today: date | None = None,
) -> Report:
    """Read `sheet` as `mapping` says and merge it into the raw folder (unless `dry_run`).

    Mistakes in the mapping raise ImportFailed before anything is read; problems with rows
    end in the report, and a policy that says "fail" sets `report.failed` (nothing written).
    """
    today = today or date.today()
    report = Report("observations", sheet.name, str(raw), dry_run, read_as=sheet.describe())
    report.notes += sheet.notes
    report.blank_rows = sheet.blank_rows
    if mapping.population_file and population is None:
        raise ImportFailed(_("The population file was not read."))
    check_columns(sheet, mapping.columns())
    with nullcontext() if dry_run else locked(raw):
        indicators, indicator = ensure_indicator(
            read_raw_table(raw, "indicators"), mapping.indicator, raw
        )
        check_mapping(mapping, indicator)
        sources, source_id = ensure_source(read_raw_table(raw, "sources"), mapping.source)
        sheet, report.filtered = filter_rows(sheet, mapping.where)
        check_rows(sheet, report.filtered)
        report.rows_read = len(sheet.frame)
        records = _records(sheet, mapping, today.year)
        report.values_read = len(records)
        tables = _plan(
            records, sheet, mapping, raw, report, indicator, source_id, population, today
        )
        if tables is None:
            return report
        uses_geonames = (tables["cities"]["source_id"] == GEONAMES_SOURCE["source_id"]).any()
        if uses_geonames and not (sources["source_id"] == GEONAMES_SOURCE["source_id"]).any():
            sources = append(sources, [GEONAMES_SOURCE])
        tables["sources"] = sources
        tables["indicators"] = indicators
        finish(raw, tables, report, dry_run=dry_run, today=today)
    return report


def _plan(
    records: pd.DataFrame,
    sheet: Sheet,
    mapping: ObservationMapping,
    raw: Path,
    report: Report,
    indicator: dict[str, str],
    source_id: str,
    population: Sheet | None,
    today: date,
) -> dict[str, pd.DataFrame] | None:
    skips = _Skips(records)
    decimal = mapping.decimal or default_decimal(sheet.delimiter)
    per_100k = is_true(indicator["per_100k"])

    unreadable = records[ROW].map(sheet.bad_rows)
    skips.mark(unreadable.notna(), _("the row cannot be read"), unreadable.fillna(""))
    skips.mark(records["name"].str.strip() == "", _("the city name is empty"))
    for part, column in (
        ("name", mapping.city_column),
        ("admin", mapping.admin_column),
        ("code", mapping.code_column),
    ):
        skips.mark(
            records[part].map(looks_like_formula),
            _("the text begins with =, +, - or @, which spreadsheets run as a formula"),
            "'" + records[part] + "'",
            column or "",
        )
    skips.mark(
        records["name"].map(is_placeholder) | records["admin"].map(is_placeholder),
        _("not a city: a row for an unknown place, for abroad, or a total"),
        "'" + records["name"] + "'",
    )
    country = records["country_text"].map(lambda t: resolve_country(t) if t.strip() else None)
    skips.mark(
        country.isna(),
        _("not a country code or name the observatory knows"),
        "'" + records["country_text"] + "'",
        mapping.country_column or "",
    )

    years, bad_years = parse_numbers(records["year_text"], ".")
    year_column = mapping.year_column or ""
    skips.mark(
        bad_years | years.isna(),
        _("the year is missing or not a year"),
        records["year_text"],
        year_column,
    )
    skips.mark(
        (years % 1 != 0) | (years < FIRST_YEAR) | (years > today.year),
        _("the year is not possible ({first} to {last})", first=FIRST_YEAR, last=today.year),
        records["year_text"],
        year_column,
    )

    count_names = list(mapping.count_columns) or (["count"] if "count_0" in records else [])
    count_cells = [c for c in records.columns if c.startswith("count_")]
    count = pd.Series(np.nan, index=records.index)
    if count_cells:
        parsed = []
        for cell, name in zip(count_cells, count_names):
            parsed.append(_numbers(skips, records[cell], decimal, name, _("count")))
        matrix = pd.concat(parsed, axis=1)
        empty = matrix.isna().sum(axis=1)
        skips.mark(
            (empty > 0) & (empty < len(parsed)),
            _("some count columns are empty: their sum would undercount"),
            matrix.isna().apply(
                lambda r: _(
                    "empty: {columns}", columns=", ".join(n for n, e in zip(count_names, r) if e)
                ),
                axis=1,
            ),
        )
        count = matrix.sum(axis=1, min_count=len(parsed))
        skips.mark(
            count > MAX_WHOLE_NUMBER,
            _("the count is larger than any whole number kept exactly"),
            count.astype(str),
        )
        skips.mark(
            count.notna() & (count % 1 != 0),
            _("the count is not a whole number"),
            count.astype(str),
        )

    if mapping.population_file and population is not None:
        pop = _population_from_file(records, skips, mapping, population)
        pop_source = _("no population for this code and year in {file}", file=population.name)
    else:
        pop = _numbers(
            skips,
            records["population_text"],
            decimal,
            mapping.population_column or "",
            _("population"),
        )
        pop_source = _("the population is empty, so the rate cannot be computed")
    skips.mark(pop == 0, _("the population is 0"), "", mapping.population_column or "")
    skips.mark(
        pop > MAX_WHOLE_NUMBER,
        _("the population is larger than any whole number kept exactly"),
        records["population_text"],
        mapping.population_column or "",
    )
    skips.mark(
        pop.notna() & (pop % 1 != 0), _("the population is not a whole number"), pop.astype(str)
    )

    value = _numbers(skips, records["value_text"], decimal, mapping.value_column or "", _("value"))
    if per_100k:
        skips.mark(
            count.isna() & value.isna(),
            _("no count and no value (empty cells)"),
            "",
            mapping.value_column or (count_names[0] if count_names else ""),
        )
        skips.mark(count.notna() & pop.isna() & value.isna(), pop_source)
        skips.mark(
            count.notna() & pop.notna() & (count > pop),
            _("more events than the population: the build refuses this"),
            count.map(format_number) + " > " + pop.fillna(0).map(format_number),
        )
    else:
        skips.mark(value.isna(), _("the value is empty"), "", mapping.value_column or "")
        if indicator["unit"].strip() == "%":
            skips.mark(value > 100, _("more than 100%"), records["value_text"])

    lat = lon = None
    if mapping.lat_column and mapping.lon_column:
        lat, bad_lat = parse_numbers(records["lat_text"], decimal)
        lon, bad_lon = parse_numbers(records["lon_text"], decimal)
        lat = lat.where(~bad_lat & lat.between(-90, 90))
        lon = lon.where(~bad_lon & lon.between(-180, 180))

    report.file_events = float(count.sum())
    records = records.assign(country=country, year=years, count=count, population=pop, value=value)
    cities = read_raw_table(raw, "cities")
    resolved = _resolve_places(records, skips, mapping, cities, report, lat, lon, source_id)
    if resolved is None:
        return None
    city_ids, new_cities, codes = resolved
    records["city_id"] = city_ids

    alive = skips.alive
    key = records.loc[alive, ["city_id", "year"]]
    repeated = key.duplicated(keep=False)
    if repeated.any():
        rows = (
            records.loc[alive]
            .loc[repeated]
            .groupby(["city_id", "year"])[ROW]
            .agg(lambda rs: ", ".join(str(r) for r in rs))
        )
        detail = (
            records.loc[alive]
            .loc[repeated]
            .apply(
                lambda r: _(
                    "{city} {year}: rows {rows}",
                    city=r["city_id"],
                    year=int(r["year"]),
                    rows=rows[(r["city_id"], r["year"])],
                ),
                axis=1,
            )
        )
        skips.mark(
            pd.Series(repeated, index=key.index).reindex(records.index, fill_value=False),
            _("more than one row for the same city and year; none was taken"),
            detail.reindex(records.index, fill_value=""),
        )

    good = records[skips.alive]
    report.skipped = skips.items()
    _suspicious(good, report, per_100k)
    if len(good):
        report.years = (int(good["year"].min()), int(good["year"].max()))

    if mapping.missing_means_zero:
        zeros = _zeros(good, mapping, population)
        report.zeros_filled = len(zeros)
        good = pd.concat([good, zeros], ignore_index=True) if len(zeros) else good
    new_rows = pd.DataFrame(
        {
            "city_id": good["city_id"],
            "indicator_id": indicator["indicator_id"],
            "year": good["year"].astype(int).astype(str),
            "value": good["value"].map(lambda v: "" if pd.isna(v) else format_number(v)),
            "count": good["count"].map(lambda v: "" if pd.isna(v) else format_number(v)),
            "population": good["population"].map(lambda v: "" if pd.isna(v) else format_number(v)),
            "source_id": source_id,
            "flags": np.where(good["year"].isin(mapping.break_years), "break", ""),
            ROW: good[ROW],
            COLUMN: good[COLUMN],
        }
    )
    if not per_100k:
        new_rows["count"] = ""
        new_rows["population"] = ""
    names = dict(zip(cities["city_id"], cities["name"]))
    names.update({c["city_id"]: c["name"] for c in new_cities})
    existing = _without_simulated_series(
        read_raw_table(raw, "observations"),
        read_raw_table(raw, "sources"),
        new_rows,
        report,
        names,
    )
    observations = merge(
        existing,
        new_rows,
        table="observations",
        on_existing=mapping.on_existing,
        report=report,
        label=lambda r: f"{names.get(r['city_id'], r['city_id'])} {r['year']}",
    )
    if report.failed:
        return None
    observations = _breaks_where_the_source_changes(observations, new_rows)

    for city_id, code in codes.items():
        cities.loc[cities["city_id"] == city_id, "external_code"] = code
    cities = append(cities, new_cities) if new_cities else cities
    return {"cities": cities, "observations": observations}


def _resolve_places(
    records: pd.DataFrame,
    skips: _Skips,
    mapping: ObservationMapping,
    cities: pd.DataFrame,
    report: Report,
    lat: pd.Series | None,
    lon: pd.Series | None,
    source_id: str,
) -> tuple[pd.Series, list[dict[str, str]], dict[str, str]] | None:
    """The city of each record, with new cities created as --on-unknown-city says."""
    alive = records[skips.alive]
    keys = ["country", "name", "admin", "code"]
    groups = alive.groupby(keys, sort=False, dropna=False)
    latest = (
        alive.dropna(subset=["population"])
        .sort_values("year")
        .groupby(keys, sort=False)["population"]
        .last()
    )
    wanted: dict[tuple[str, str, str, str], Wanted] = {}
    rows: dict[tuple[str, str, str, str], tuple[int, ...]] = {}
    for group_key, group in groups:
        country, name, admin, code = (str(k) for k in group_key)
        population = latest.get(group_key)
        glat = glon = None
        if lat is not None and lon is not None:
            coords = pd.DataFrame({"lat": lat[group.index], "lon": lon[group.index]}).dropna()
            if len(coords):
                glat, glon = float(coords["lat"].iloc[-1]), float(coords["lon"].iloc[-1])
        wanted[group_key] = Wanted(
            country, name.strip(), admin.strip(), code.strip(),
            int(population) if population is not None and not pd.isna(population) else None,
            glat, glon,
        )  # fmt: skip
        rows[group_key] = tuple(int(r) for r in group[ROW].unique())

    iso2 = {countries()[w.country].iso2 for w in wanted.values()}
    index = Cities(cities, None)
    gazetteer: Gazetteer | None = None
    outcome: dict[tuple[str, str, str, str], Resolved] = {}
    unmatched = []
    for group_key, want in wanted.items():
        found = index.match(want)
        if found is None:
            unmatched.append(group_key)
        else:
            outcome[group_key] = found
    if unmatched and mapping.on_unknown_city == "create":
        needs_gazetteer = [k for k in unmatched if wanted[k].lat is None]
        if needs_gazetteer:
            gazetteer = Gazetteer(iso2)
            gazetteer.learn_admin_codes(
                (countries()[w.country].iso2, w.name, w.admin) for w in wanted.values()
            )
        index.gazetteer = gazetteer
        index.plan_ids([wanted[k] for k in unmatched], list(wanted.values()))
        for group_key in unmatched:
            found = index.match(wanted[group_key])  # an earlier group may have created it
            outcome[group_key] = found or index.create(wanted[group_key], source_id)
    else:
        for group_key in unmatched:
            outcome[group_key] = Resolved(None, _("not in cities.csv"), problem="unknown")

    city_of = pd.Series(None, index=records.index, dtype=object)
    new_cities: list[dict[str, str]] = []
    codes: dict[str, str] = {}
    for group_key, found in outcome.items():
        want = wanted[group_key]
        events = groups.get_group(group_key)["count"].sum(min_count=1)
        place = Place(
            want.name,
            want.admin,
            want.code,
            want.country,
            found.city_id,
            found.how,
            rows[group_key],
            want.population,
            None if pd.isna(events) else float(events),
        )
        members = groups.get_group(group_key).index
        if found.city_id is None:
            report.unknown.append(place)
            skips.mark(
                pd.Series(True, index=members).reindex(records.index, fill_value=False),
                _("the city is unknown or ambiguous (see the list of places)"),
                want.name,
            )
            continue
        city_of[members] = found.city_id
        if found.new is not None:
            new_cities.append(found.new)
            report.created.append(place)
        else:
            report.matched.append(place)
        if found.code_to_record:
            codes[found.city_id] = found.code_to_record
    report.suffixed = index.suffixed
    if report.unknown and mapping.on_unknown_city == "fail":
        report.skipped = skips.items()
        report.failed = _(
            "{n} places in the file are not cities of the observatory (--on-unknown-city fail). "
            "Use --on-unknown-city create to add them (placed by GeoNames), or skip to leave "
            "their rows out.",
            n=f"{len(report.unknown):,}",
        )
        return None
    return city_of, new_cities, codes


def _zeros(
    good: pd.DataFrame, mapping: ObservationMapping, population: Sheet | None
) -> pd.DataFrame:
    """Rows of 0 events for the city-years a complete source leaves out (INEGI lists a
    municipality only in years with a death). Only years the file covers, only cities it names,
    and only where the population file knows the population (the rate needs it): an unknown
    population stays a gap."""
    if good.empty or population is None or mapping.population_file is None:
        return good.iloc[0:0]
    lookup = _population_lookup(mapping, population)
    years = range(int(good["year"].min()), int(good["year"].max()) + 1)
    have = set(zip(good["city_id"], good["year"].astype(int)))
    places = good.drop_duplicates("city_id")
    rows = []
    for place in places.itertuples(index=False):
        code = normal_code(str(place.code))
        for year in years:
            if (place.city_id, year) in have:
                continue
            people = lookup.get((code, float(year)))
            if people is None or pd.isna(people):
                continue
            rows.append(
                place._asdict()
                | {"year": year, "count": 0.0, "population": float(people), "value": np.nan}
                | {ROW: None, COLUMN: ""}
            )
    return pd.DataFrame(rows, columns=good.columns)


def _without_simulated_series(
    existing: pd.DataFrame,
    sources: pd.DataFrame,
    new: pd.DataFrame,
    report: Report,
    names: dict[str, str],
) -> pd.DataFrame:
    """Real values for a city and indicator replace its simulated series whole: one line never
    joins real and simulated years."""
    simulated = set(sources.loc[sources["simulated"].map(is_true), "source_id"])
    touched = set(zip(new["city_id"], new["indicator_id"]))
    key = list(zip(existing["city_id"], existing["indicator_id"]))
    drop = existing["source_id"].isin(simulated) & pd.Series(
        [k in touched for k in key], index=existing.index, dtype=bool
    )
    if not drop.any():
        return existing
    for (city, indicator), rows in existing[drop].groupby(["city_id", "indicator_id"]):
        years = rows["year"].astype(int)
        report.series_replaced.append(
            _(
                "{city}, {indicator}: {n} simulated values ({first}–{last}) removed",
                city=names.get(city, city),
                indicator=indicator,
                n=len(rows),
                first=years.min(),
                last=years.max(),
            )
        )
    return existing[~drop].reset_index(drop=True)


def _breaks_where_the_source_changes(observations: pd.DataFrame, new: pd.DataFrame) -> pd.DataFrame:
    """A `break` flag on the first year of a city's series that comes from another source than
    the year before it (only for the series this import touched)."""
    touched = set(zip(new["city_id"], new["indicator_id"]))
    frame = observations.assign(_year=observations["year"].astype(int))
    mine = pd.Series(  # bool even when the folder has no observations yet (a new folder)
        [k in touched for k in zip(frame["city_id"], frame["indicator_id"])],
        index=frame.index,
        dtype=bool,
    )
    ordered = frame[mine].sort_values(["city_id", "indicator_id", "_year"])
    previous = ordered.groupby(["city_id", "indicator_id"])["source_id"].shift()
    changed = ordered.index[previous.notna() & (previous != ordered["source_id"])]
    out = observations.copy()
    for i in changed:
        flags = [f for f in str(out.at[i, "flags"]).split(";") if f]
        if "break" not in flags:
            out.at[i, "flags"] = ";".join([*flags, "break"])
    return out


def _suspicious(good: pd.DataFrame, report: Report, per_100k: bool) -> None:
    """Values worth a second look: imported, but listed."""
    if per_100k:
        rate = (good["count"] / good["population"] * PER_100K).fillna(good["value"])
        for i in good.index[rate > SUSPICIOUS_RATE]:
            report.suspicious.append(
                Item(
                    int(good.at[i, ROW]),
                    _("rate above {limit:g} per 100,000:", limit=SUSPICIOUS_RATE),
                    _(
                        "{city} {year}: {rate:,.1f}",
                        city=good.at[i, "name"],
                        year=int(good.at[i, "year"]),
                        rate=rate[i],
                    ),
                    good.at[i, COLUMN] or None,
                )
            )
    with_pop = good.dropna(subset=["population"]).sort_values(["city_id", "year"])
    previous = with_pop.groupby("city_id")[["population", "year"]].shift()
    change = with_pop["population"] / previous["population"] - 1
    for i in with_pop.index[change.abs() > SUSPICIOUS_JUMP]:
        report.suspicious.append(
            Item(
                int(with_pop.at[i, ROW]),
                _("population changes by more than {pct:.0%} between years:", pct=SUSPICIOUS_JUMP),
                _(
                    "{city}: {a:,.0f} in {y1} → {b:,.0f} in {y2} ({change:+.0%})",
                    city=with_pop.at[i, "name"],
                    a=previous.at[i, "population"],
                    y1=int(previous.at[i, "year"]),
                    b=with_pop.at[i, "population"],
                    y2=int(with_pop.at[i, "year"]),
                    change=change[i],
                ),
            )
        )
    report.suspicious.sort(key=lambda item: item.row or 0)


def population_sheet_options(mapping: ObservationMapping) -> dict[str, object]:
    spec = mapping.population_file
    assert spec is not None
    return dataclasses.asdict(spec)
