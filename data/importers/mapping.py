"""How a foreign table's columns map onto the data model, saved as a small JSON file so that
next year's update of the same export is one command (`--mapping FILE`).

The CLI options and the wizard's dropdowns fill the same dataclasses; a saved mapping holds
everything but the input file and the raw folder.
"""

from __future__ import annotations

import dataclasses
import difflib
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TypeVar

from data.atomic import write_text
from data.i18n import _
from data.importers.reading import ImportFailed, Sheet

OnUnknownCity = Literal["fail", "skip", "create"]
OnExisting = Literal["replace", "keep", "fail"]
FORMAT = "observatory-import-mapping"


@dataclass
class Reading:
    """How to read a file when detection is not enough."""

    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    header_row: int = 1
    decimal: str | None = None  # '.' or ','; None: ',' for ';'-separated files, else '.'
    where: tuple[str, ...] = ()  # COLUMN=VALUE: only rows where the column holds the value


@dataclass
class Source:
    title: str | None = None
    source_id: str | None = None
    url: str | None = None
    publisher: str | None = None
    year: int | None = None
    licence: str | None = None
    definition: str | None = None  # what the values count: "police records", "UNODC estimate"


@dataclass
class PopulationFile(Reading):
    """A second file with population by official code and year (e.g. CONAPO for INEGI)."""

    file: str = ""
    code_column: str | None = None  # default: the main file's --code-column
    year_column: str | None = None  # default: the main file's --year-column
    value_column: str = "population"


@dataclass
class ObservationMapping(Reading):
    indicator: str = "homicide-rate"
    city_column: str = ""
    country: str | None = None
    country_column: str | None = None
    admin_column: str | None = None
    code_column: str | None = None
    year_column: str | None = None
    count_columns: tuple[str, ...] = ()
    population_column: str | None = None
    value_column: str | None = None
    year_columns: tuple[str, ...] = ()  # a wide table: ("auto",) takes every column named a year
    wide_as: Literal["value", "count"] = "value"
    lat_column: str | None = None
    lon_column: str | None = None
    on_unknown_city: OnUnknownCity = "fail"
    on_existing: OnExisting = "replace"
    missing_means_zero: bool = False  # the source lists every event: an absent city-year is 0
    break_years: tuple[int, ...] = ()  # years from which values are not comparable with before
    source: Source = field(default_factory=Source)
    population_file: PopulationFile | None = None

    @property
    def wide(self) -> bool:
        return bool(self.year_columns)

    def columns(self) -> dict[str, str]:
        """Every column this mapping reads from the main file, by the option naming it."""
        named = {
            "--city-column": self.city_column,
            "--country-column": self.country_column,
            "--admin-column": self.admin_column,
            "--code-column": self.code_column,
            "--year-column": self.year_column,
            "--population-column": self.population_column,
            "--value-column": self.value_column,
            "--lat-column": self.lat_column,
            "--lon-column": self.lon_column,
        }
        found = {k: v for k, v in named.items() if v}
        for n, column in enumerate(self.count_columns):
            found[f"--count-column #{n + 1}"] = column
        if self.year_columns != ("auto",):
            for column in self.year_columns:
                found[f"--year-columns '{column}'"] = column
        return found


@dataclass
class NationalMapping(Reading):
    indicator: str = "homicide-rate"
    entity_column: str | None = None
    code_column: str | None = None
    year_column: str | None = None
    value_column: str | None = None
    on_existing: OnExisting = "replace"
    source: Source = field(default_factory=Source)

    def columns(self) -> dict[str, str]:
        named = {
            "--entity-column": self.entity_column,
            "--code-column": self.code_column,
            "--year-column": self.year_column,
            "--value-column": self.value_column,
        }
        return {k: v for k, v in named.items() if v}


M = TypeVar("M", ObservationMapping, NationalMapping)


def check_columns(sheet: Sheet, columns: dict[str, str]) -> None:
    """Every mapped column exists in the file, or the import stops naming the nearest ones."""
    problems = []
    for option, column in columns.items():
        if column in sheet.columns:
            continue
        near = difflib.get_close_matches(column, sheet.columns, n=3, cutoff=0.5)
        problems.append(
            _(
                "{option}: the file has no column '{column}'{hint}.",
                option=option,
                column=column,
                hint=(" " + _("(did you mean {names}?)", names=", ".join(f"'{n}'" for n in near)))
                if near
                else "",
            )
        )
    if problems:
        raise ImportFailed(
            " ".join(problems)
            + " "
            + _("Columns in {file}: {columns}.", file=sheet.name, columns=", ".join(sheet.columns))
        )


def filter_rows(sheet: Sheet, where: tuple[str, ...]) -> tuple[Sheet, int]:
    """Only the rows where each COLUMN=VALUE holds; also how many were left out."""
    frame = sheet.frame
    for condition in where:
        column, sep, value = condition.partition("=")
        column = column.strip()
        if not sep:
            raise ImportFailed(_("--where '{condition}' is not COLUMN=VALUE.", condition=condition))
        check_columns(sheet, {"--where": column})
        frame = frame[frame[column].str.strip() == value.strip()]
    left_out = len(sheet.frame) - len(frame)
    return dataclasses.replace(sheet, frame=frame), left_out


# Saving and loading.


def _plain(value: Any) -> Any:
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        return {f.name: _plain(getattr(value, f.name)) for f in dataclasses.fields(value)}
    if isinstance(value, tuple):
        return list(value)
    return value


def _build(cls: type[Any], data: dict[str, Any], origin: str) -> Any:
    names = {f.name: f for f in dataclasses.fields(cls)}
    unknown = set(data) - set(names)
    if unknown:
        raise ImportFailed(
            _(
                "{file}: unknown settings {names}. Known: {known}.",
                file=origin,
                names=", ".join(sorted(unknown)),
                known=", ".join(names),
            )
        )
    values: dict[str, Any] = {}
    for name, value in data.items():
        if name == "source" and isinstance(value, dict):
            value = _build(Source, value, origin)
        elif name == "population_file" and isinstance(value, dict):
            value = _build(PopulationFile, value, origin)
        elif isinstance(value, list):
            value = tuple(value)
        values[name] = value
    return cls(**values)


def save(mapping: ObservationMapping | NationalMapping, path: Path) -> None:
    kind = "observations" if isinstance(mapping, ObservationMapping) else "national"
    data = {"format": FORMAT, "kind": kind, **_plain(mapping)}
    path.parent.mkdir(parents=True, exist_ok=True)
    write_text(path, json.dumps(data, indent=2, ensure_ascii=False) + "\n")


def load(cls: type[M], path: Path) -> M:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as error:
        raise ImportFailed(
            _("{file}: cannot read the mapping ({error}).", file=path, error=error)
        ) from None
    kind = "observations" if cls is ObservationMapping else "national"
    if not isinstance(data, dict) or data.pop("format", None) != FORMAT:
        raise ImportFailed(
            _("{file} is not an import mapping saved by the observatory.", file=path)
        )
    if data.pop("kind", kind) != kind:
        raise ImportFailed(
            _("{file} is a mapping for another kind of import, not '{kind}'.", file=path, kind=kind)
        )
    mapping: M = _build(cls, data, str(path))
    if isinstance(mapping, ObservationMapping) and mapping.population_file is not None:
        population = Path(mapping.population_file.file)
        if not population.is_absolute():  # relative to the mapping, so both can move together
            mapping.population_file.file = str((path.parent / population).resolve())
    return mapping


def with_overrides(mapping: M, changes: dict[str, Any], source: dict[str, Any]) -> M:
    """The mapping with every change that is not None applied (CLI options over a saved file)."""
    result: M = dataclasses.replace(mapping, **{k: v for k, v in changes.items() if v is not None})
    picked = {k: v for k, v in source.items() if v is not None}
    if picked:
        result.source = dataclasses.replace(result.source, **picked)
    return result
