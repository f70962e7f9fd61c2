"""`observatory import observations|national`: the options, a saved mapping under them, the report.

Options given on the command line win over a saved `--mapping FILE`; `--save-mapping FILE` writes
what was used, so next year's update of the same export is `observatory import observations
NEW.csv --mapping FILE`.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path
from typing import Any

from data.atomic import write_text
from data.i18n import _
from data.importers import mapping as mappings
from data.importers.mapping import NationalMapping, ObservationMapping, PopulationFile
from data.importers.reading import ImportFailed, read_sheet
from data.importers.report import Report
from data.safe_csv import to_csv

_READING = ("encoding", "delimiter", "sheet", "header_row", "decimal", "where")
_SOURCE = ("title", "source_id", "url", "publisher", "year", "licence", "definition")


def _reading_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--encoding", help=_("text encoding (default: detected)"))
    p.add_argument("--delimiter", help=_("CSV delimiter (default: detected)"))
    p.add_argument("--sheet", help=_("Excel sheet (default: the first)"))
    p.add_argument("--header-row", type=int, help=_("row holding the column names (default 1)"))
    p.add_argument("--decimal", choices=[".", ","], help=_("decimal mark of the numbers"))
    p.add_argument(
        "--where",
        action="append",
        metavar="COLUMN=VALUE",
        help=_("only rows where the column holds the value (repeatable)"),
    )


def _common(p: argparse.ArgumentParser, raw: Path) -> None:
    p.add_argument("file", type=Path, help=_("CSV or .xlsx file"))
    p.add_argument("--raw", type=Path, default=raw, help=_("raw data folder to write into"))
    p.add_argument("--mapping", type=Path, help=_("saved mapping to start from"))
    p.add_argument("--save-mapping", type=Path, metavar="FILE", help=_("save the mapping used"))
    p.add_argument("--indicator", help=_("indicator id (default homicide-rate)"))
    p.add_argument("--year-column")
    p.add_argument("--code-column")
    p.add_argument("--value-column")
    p.add_argument("--source", dest="title", help=_("title of the source"))
    p.add_argument("--source-id")
    p.add_argument("--source-url", dest="url")
    p.add_argument("--publisher")
    p.add_argument("--source-year", dest="year", type=int)
    p.add_argument("--licence")
    p.add_argument(
        "--definition",
        help=_("what the values count, shown with every line: e.g. 'police records'"),
    )
    p.add_argument(
        "--on-existing",
        choices=["replace", "keep", "fail"],
        help=_("values already in the folder for the same key (default replace)"),
    )
    p.add_argument("--dry-run", action="store_true", help=_("report only; write nothing"))
    p.add_argument("--report", type=Path, metavar="FILE", help=_("write every item as CSV"))
    _reading_options(p)


def add_commands(commands: Any, raw: Path) -> None:
    """The `import` command and its two kinds, on the app's argparse subparsers."""
    top = commands.add_parser("import", help=_("import an official table into a raw folder"))
    kinds = top.add_subparsers(dest="kind", required=True)

    obs = kinds.add_parser("observations", help=_("a table of city values (one row per city)"))
    _common(obs, raw)
    obs.add_argument("--city-column")
    obs.add_argument("--country", help=_("ISO3 code of every row's country"))
    obs.add_argument("--country-column")
    obs.add_argument("--admin-column", help=_("state or department, to tell same names apart"))
    obs.add_argument(
        "--count-column",
        action="append",
        dest="count_columns",
        help=_("count column; repeat to sum several (e.g. monthly columns)"),
    )
    obs.add_argument("--population-column")
    obs.add_argument(
        "--year-columns",
        nargs="+",
        metavar="COLUMN",
        help=_("wide table: the year columns, or 'auto' for every column named like a year"),
    )
    obs.add_argument(
        "--wide-as",
        choices=["value", "count"],
        help=_("what a wide table's cells are (default value)"),
    )
    obs.add_argument("--lat-column")
    obs.add_argument("--lon-column")
    obs.add_argument(
        "--on-unknown-city",
        choices=["create", "skip", "fail"],
        help=_("places not among the cities (default fail)"),
    )
    obs.add_argument(
        "--missing-means-zero",
        action="store_true",
        default=None,
        help=_("the source lists every event: a city-year without a row had none"),
    )
    obs.add_argument(
        "--break-year",
        action="append",
        type=int,
        dest="break_years",
        metavar="YEAR",
        help=_("values from this year on are not comparable with earlier ones (repeatable)"),
    )
    obs.add_argument("--population-file", type=Path, help=_("population by code and year"))
    obs.add_argument("--population-code-column")
    obs.add_argument("--population-year-column")
    obs.add_argument("--population-value-column")
    obs.add_argument(
        "--population-where",
        action="append",
        metavar="COLUMN=VALUE",
        help=_("only these rows of the population file, e.g. sex=Total"),
    )
    obs.set_defaults(run=run_observations)

    national = kinds.add_parser("national", help=_("a country-level series (entity, code, year)"))
    _common(national, raw)
    national.add_argument("--entity-column")
    national.set_defaults(run=run_national)


def _changes(args: argparse.Namespace, cls: type[Any]) -> dict[str, Any]:
    names = {f.name for f in dataclasses.fields(cls)} - {"source", "population_file"}
    changes = {n: getattr(args, n, None) for n in names}
    for n in ("where", "count_columns", "year_columns", "break_years"):
        if changes.get(n) is not None:
            changes[n] = tuple(changes[n])
    return changes


def _mapping(args: argparse.Namespace, cls: type[Any]) -> Any:
    start = mappings.load(cls, args.mapping) if args.mapping else cls()
    source = {n: getattr(args, n) for n in _SOURCE}
    return mappings.with_overrides(start, _changes(args, cls), source)


def _population(args: argparse.Namespace, mapping: ObservationMapping) -> ObservationMapping:
    given = {
        "file": str(args.population_file) if args.population_file else None,
        "code_column": args.population_code_column,
        "year_column": args.population_year_column,
        "value_column": args.population_value_column,
        "where": tuple(args.population_where) if args.population_where else None,
    }
    if all(v is None for v in given.values()):
        return mapping
    spec = mapping.population_file or PopulationFile()
    spec = dataclasses.replace(spec, **{k: v for k, v in given.items() if v is not None})
    if not spec.file:
        raise ImportFailed(_("The --population-* options need --population-file."))
    return dataclasses.replace(mapping, population_file=spec)


def _read(path: Path, reading: Any) -> Any:
    return read_sheet(
        path,
        encoding=reading.encoding,
        delimiter=reading.delimiter,
        sheet=reading.sheet,
        header_row=reading.header_row,
    )


def _finish(args: argparse.Namespace, report: Report, mapping: Any) -> int:
    if args.report:
        write_text(args.report, to_csv(report.frame()))
    if args.save_mapping and report.ok:
        mappings.save(mapping, args.save_mapping)
    for line in report.lines():
        print(line)
    if args.report:
        print(_("Every item of the report: {file}", file=args.report))
    if args.save_mapping and report.ok:
        print(_("Mapping saved to {file}", file=args.save_mapping))
    if not report.ok:
        return 1
    if report.written:
        print(_("Next: observatory build --raw {raw}", raw=args.raw))
    return 0


def run_observations(args: argparse.Namespace) -> int:
    from data.importers.observations import import_observations

    try:
        mapping = _population(args, _mapping(args, ObservationMapping))
        sheet = _read(args.file, mapping)
        population = None
        if mapping.population_file is not None:
            population = _read(Path(mapping.population_file.file), mapping.population_file)
        report = import_observations(
            sheet, mapping, args.raw, dry_run=args.dry_run, population=population
        )
    except ImportFailed as error:
        print(_("Import stopped: {reason}", reason=error), file=sys.stderr)
        return 2
    return _finish(args, report, mapping)


def run_national(args: argparse.Namespace) -> int:
    from data.importers.national import import_national

    try:
        mapping = _mapping(args, NationalMapping)
        sheet = _read(args.file, mapping)
        report = import_national(sheet, mapping, args.raw, dry_run=args.dry_run)
    except ImportFailed as error:
        print(_("Import stopped: {reason}", reason=error), file=sys.stderr)
        return 2
    return _finish(args, report, mapping)
