"""`observatory import national`: a country-level series (UNODC, WHO, as Our World in Data
republishes them) becomes rows of national.csv, and its aggregates rows of areas.csv.

Publishers mix countries with the world, regions ('Africa (UN)') and parts of countries
('Scotland') in one file. Only an entity whose code is an ISO 3166-1 alpha-3 country code is a
country; every other entity is kept apart in areas.csv, so it is never drawn as a country's line
or counted among countries.
"""

from __future__ import annotations

from collections import Counter
from contextlib import nullcontext
from datetime import date
from pathlib import Path
from typing import Any

import pandas as pd

from data.geo import countries
from data.i18n import _
from data.importers.cities import resolve_country
from data.importers.mapping import NationalMapping, check_columns, filter_rows
from data.importers.names import fold, slug
from data.importers.numbers import default_decimal, format_number, parse_numbers
from data.importers.observations import SUSPICIOUS_RATE
from data.importers.plan import COLUMN, ROW, ensure_indicator, ensure_source, finish, merge
from data.importers.rawfolder import locked, read_raw_table
from data.importers.reading import ImportFailed, Sheet, check_rows
from data.importers.report import Item, Place, Report
from data.safe_csv import looks_like_formula
from data.schema import FIRST_YEAR, TABLES

# Parts of countries that publishers give their own series, by folded name.
PARTS_OF_COUNTRIES: dict[str, str] = {
    "scotland": "GBR",
    "england and wales": "GBR",
    "england": "GBR",
    "wales": "GBR",
    "northern ireland": "GBR",
    "kosovo under unsc res 1244": "SRB",
    "zanzibar": "TZA",
}
WORLD_CODES = {"OWID_WRL", "WLD", "WORLD"}


def check_mapping(mapping: NationalMapping) -> None:
    problems = []
    if not mapping.entity_column and not mapping.code_column:
        problems.append(_("Name the column of the country: --entity-column and/or --code-column."))
    if not mapping.year_column:
        problems.append(_("Name the year column: --year-column."))
    if not mapping.value_column:
        problems.append(_("Name the value column: --value-column."))
    if mapping.decimal not in (None, ".", ","):
        problems.append(_("--decimal must be '.' or ','."))
    if problems:
        raise ImportFailed(" ".join(problems))


def classify(name: str, code: str) -> tuple[str, str, str]:
    """('country', ISO3, '') for a country, else ('area', area kind, country of a part)."""
    code = code.strip()
    known = countries()
    if code.upper() in known:
        return "country", code.upper(), ""
    folded = fold(name)
    if code.upper() in WORLD_CODES or folded == "world":
        return "area", "world", ""
    if folded in PARTS_OF_COUNTRIES:
        return "area", "part-of-country", PARTS_OF_COUNTRIES[folded]
    if code.upper().startswith("UN_") or folded.endswith(" un"):
        return "area", "region", ""
    if "(" in name:  # 'Iraq (Kurdistan Region)': a part of the country named first
        whole = resolve_country(name.split("(")[0])
        if whole is not None:
            return "area", "part-of-country", whole
    if not code:
        iso3 = resolve_country(name)
        if iso3 is not None:  # a file without codes that names countries plainly
            return "country", iso3, ""
        return "area", "region", ""
    return "area", "other", ""


def import_national(
    sheet: Sheet,
    mapping: NationalMapping,
    raw: Path,
    *,
    dry_run: bool = False,
    today: date | None = None,
) -> Report:
    """Read `sheet` as `mapping` says and merge it into national.csv and areas.csv."""
    today = today or date.today()
    report = Report("national", sheet.name, str(raw), dry_run, read_as=sheet.describe())
    report.notes += sheet.notes
    report.blank_rows = sheet.blank_rows
    check_mapping(mapping)
    check_columns(sheet, mapping.columns())
    with nullcontext() if dry_run else locked(raw):
        indicators, indicator = ensure_indicator(
            read_raw_table(raw, "indicators"), mapping.indicator, raw
        )
        sources, source_id = ensure_source(read_raw_table(raw, "sources"), mapping.source)
        sheet, report.filtered = filter_rows(sheet, mapping.where)
        check_rows(sheet, report.filtered)
        frame = sheet.frame
        report.rows_read = report.values_read = len(frame)

        def text(column: str | None) -> pd.Series:
            return frame[column].astype(str) if column else pd.Series("", index=frame.index)

        names, codes = text(mapping.entity_column), text(mapping.code_column)
        decimal = mapping.decimal or default_decimal(sheet.delimiter)
        years, bad_years = parse_numbers(text(mapping.year_column), ".")
        values, bad_values = parse_numbers(text(mapping.value_column), decimal)
        skipped: list[Item] = []
        national_rows: list[dict[str, str]] = []
        area_rows: list[dict[str, str]] = []
        seen_countries: dict[str, None] = {}
        areas: dict[str, Place] = {}
        for row in frame.index:
            name, code = names[row].strip(), codes[row].strip()
            year, value = years[row], values[row]
            reason, column = None, None
            if row in sheet.bad_rows:
                reason = _("the row cannot be read")
            elif not name and not code:
                reason, column = _("no entity name and no code"), mapping.entity_column
            elif looks_like_formula(name) or looks_like_formula(code):
                reason = _("the text begins with =, +, - or @, which spreadsheets run as a formula")
                column = mapping.entity_column if looks_like_formula(name) else mapping.code_column
            elif (
                bad_years[row] or pd.isna(year) or year % 1 or not FIRST_YEAR <= year <= today.year
            ):
                reason, column = _("the year is missing or not a year"), mapping.year_column
            elif bad_values[row]:
                reason, column = _("the value is not a number"), mapping.value_column
            elif pd.isna(value):
                reason, column = _("the value is empty"), mapping.value_column
            elif value < 0:
                reason, column = _("the value is negative"), mapping.value_column
            if reason:
                detail = f"{name or code} {text(mapping.year_column)[row]}".strip()
                skipped.append(Item(int(row), reason, detail, column))
                continue
            kind, which, part_of = classify(name, code)
            base = {
                "indicator_id": indicator["indicator_id"],
                "year": str(int(year)),
                "value": format_number(float(value)),
                "source_id": source_id,
                "flags": "",
                ROW: int(row),
                COLUMN: "",
            }
            if kind == "country":
                seen_countries[which] = None
                national_rows.append({"country": which, **base})
                continue
            area_id = slug(name) or slug(code)
            if not area_id:  # e.g. a name of signs only: no id can be made of it
                skipped.append(
                    Item(
                        int(row),
                        _("the name and code have no letter or digit to make an id of"),
                        name or code,
                        mapping.entity_column,
                    )
                )
                continue
            areas.setdefault(
                area_id, Place(name or code, "", code, part_of, area_id, which, (int(row),))
            )
            area_rows.append(
                {"area_id": area_id, "name": name or code, "kind": which, "country": part_of,
                 "code": code, **base}
            )  # fmt: skip
        national_rows = _once(national_rows, "country", skipped)
        area_rows = _once(area_rows, "area_id", skipped)
        report.skipped = sorted(skipped, key=lambda item: item.row or 0)
        report.countries = list(seen_countries)
        report.areas = list(areas.values())
        good = pd.DataFrame(national_rows + area_rows)
        if len(good):
            report.years = (
                int(good["year"].astype(int).min()),
                int(good["year"].astype(int).max()),
            )
        if indicator.get("per_100k", "").strip().lower() == "true":
            high = [r for r in national_rows + area_rows if float(r["value"]) > SUSPICIOUS_RATE]
            report.suspicious = [
                Item(
                    r[ROW],
                    _("rate above {limit:g} per 100,000:", limit=SUSPICIOUS_RATE),
                    f"{r.get('country') or r.get('name')} {r['year']}: {r['value']}",
                )
                for r in high
            ]
        tables: dict[str, pd.DataFrame] = {}
        for table, rows, label in (
            ("national", national_rows, lambda r: f"{r['country']} {r['year']}"),
            ("areas", area_rows, lambda r: f"{r['name']} {r['year']}"),
        ):
            if not rows and not (raw / f"{table}.csv").is_file():
                continue
            tables[table] = merge(
                read_raw_table(raw, table),
                pd.DataFrame(rows, columns=[*_columns(table), ROW, COLUMN]).astype({ROW: "int64"}),
                table=table,
                on_existing=mapping.on_existing,
                report=_Tally(report),
                label=label,
            )
            if report.failed:
                return report
        tables["sources"] = sources
        tables["indicators"] = indicators
        finish(raw, tables, report, dry_run=dry_run, today=today)
    return report


def _once(rows: list[dict[str, Any]], place: str, skipped: list[Item]) -> list[dict[str, Any]]:
    """Rows whose place and year no other row of the file has; the others are skipped, all
    of them, as the observations importer does (which one is right cannot be told)."""
    count = Counter((r[place], r["year"]) for r in rows)
    for r in rows:
        if count[(r[place], r["year"])] > 1:
            skipped.append(
                Item(
                    r[ROW],
                    _("more than one row for the same place and year; none was taken"),
                    f"{r.get('name') or r[place]} {r['year']}",
                )
            )
    return [r for r in rows if count[(r[place], r["year"])] == 1]


def _columns(table: str) -> list[str]:
    return list(TABLES[table].column_names)


class _Tally:
    """Lets `merge` count into one report across the two tables it is called for."""

    def __init__(self, report: Report) -> None:
        self.__dict__["_report"] = report

    def __getattr__(self, name: str) -> object:
        return getattr(self._report, name)

    def __setattr__(self, name: str, value: object) -> None:
        report = self._report
        if name == "added":
            report.added += int(value)  # type: ignore[call-overload]
        elif name == "replaced":
            report.replaced = [*report.replaced, *value]  # type: ignore[misc]
        else:
            setattr(report, name, value)
