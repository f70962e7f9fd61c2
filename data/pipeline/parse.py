"""Text cells -> typed columns, one column kind at a time, vectorised, every bad cell reported."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from typing import Any

import numpy as np
import pandas as pd
from babel import Locale

from data.geo import countries
from data.i18n import _, is_language, language_name
from data.limits import MAX_WHOLE_NUMBER
from data.pipeline.problems import Problem
from data.safe_csv import looks_like_formula
from data.schema import FIRST_YEAR, LIST_SEPARATOR, Column, Kind, Table

_ID = re.compile(r"^[a-z0-9][a-z0-9._-]*$")
_DATE = re.compile(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$")
_DECIMAL_COMMA = re.compile(r"^-?\d+,\d+$")
_THOUSANDS = re.compile(r"^-?\d{1,3}([,. ]\d{3})+$")
_TRUE = {"true", "yes", "1"}
_FALSE = {"false", "no", "0"}
LAST_PLANNED_YEAR = 2100  # interventions may be planned ahead; observations may not


class Parsed:
    """Collects typed columns and problems for one table."""

    def __init__(self, cells: pd.DataFrame, table: Table, this_year: int) -> None:
        self.cells = cells
        self.table = table
        self.this_year = this_year
        self.problems: list[Problem] = []

    def report(
        self, column: Column, mask: pd.Series, rule: str, message: Callable[[str], str]
    ) -> None:
        values = self.cells[column.name]
        for index in mask[mask].index:
            self.problems.append(
                Problem(
                    self.table.file_name,
                    message(str(values[index])),
                    row=int(index) + 2,
                    column=column.name,
                    rule=rule,
                )
            )


def _number_message(value: str) -> str:
    if _DECIMAL_COMMA.match(value):
        return _("'{value}' is not a number: use '.' as the decimal mark.", value=value)
    if _THOUSANDS.match(value):
        return _("'{value}' is not a number: write it without thousands separators.", value=value)
    return _("'{value}' is not a number.", value=value)


def _numbers(p: Parsed, column: Column, text: pd.Series, present: pd.Series) -> pd.Series:
    # each distinct cell read once: a million years or populations hold few distinct values
    codes, distinct = pd.factorize(text.where(present))
    read = pd.to_numeric(pd.Series(distinct, dtype=object), errors="coerce")
    found = np.append(read.to_numpy(dtype="float64", na_value=np.nan), np.nan)  # -1: empty
    numbers = pd.Series(found[codes], index=text.index)
    unreadable = present & ~np.isfinite(numbers)  # 'inf' and '1e400' are no number we can use
    p.report(column, unreadable, "not-a-number", _number_message)
    return numbers.where(~unreadable)


def _range_message(column: Column) -> Callable[[str], str]:
    if column.minimum == 0 and column.maximum is None:
        if column.exclusive_minimum:
            return lambda v: _("{value} must be greater than 0.", value=v)
        return lambda v: _("{value} is negative; it cannot be.", value=v)
    low, high = f"{column.minimum:g}", f"{column.maximum:g}"
    return lambda v: _("{value} is outside {low} to {high}.", value=v, low=low, high=high)


def _check_range(p: Parsed, column: Column, numbers: pd.Series) -> None:
    message = _range_message(column)
    if column.minimum is not None:
        low = numbers <= column.minimum if column.exclusive_minimum else numbers < column.minimum
        p.report(column, low.fillna(False), "below-minimum", message)
    if column.maximum is not None:
        p.report(column, (numbers > column.maximum).fillna(False), "above-maximum", message)


def _parse_column(p: Parsed, column: Column) -> dict[str, pd.Series]:
    text = p.cells[column.name]
    present = text != ""
    if not column.optional:
        p.report(column, ~present, "required", lambda _v: _("is empty; a value is required."))
    kind = column.kind
    if kind in (Kind.NUMBER, Kind.INTEGER, Kind.YEAR):
        numbers = _numbers(p, column, text, present)
        if kind == Kind.NUMBER:
            _check_range(p, column, numbers)
            return {column.name: numbers.astype("float64")}
        whole = numbers.notna() & (numbers % 1 != 0)
        p.report(
            column, whole, "not-whole", lambda v: _("'{value}' is not a whole number.", value=v)
        )
        numbers = numbers.where(~whole)
        if kind == Kind.INTEGER:
            huge = (numbers.abs() > MAX_WHOLE_NUMBER).fillna(False)
            p.report(
                column,
                huge,
                "too-large",
                lambda v: _(
                    "{value} is larger than any whole number kept exactly ({limit}).",
                    value=v,
                    limit=f"{MAX_WHOLE_NUMBER:,}",
                ),
            )
            numbers = numbers.where(~huge)
        if kind == Kind.YEAR:
            bad = (numbers < FIRST_YEAR) | (numbers > p.this_year)
            p.report(
                column,
                bad.fillna(False),
                "impossible-year",
                lambda v: _(
                    "{value} is not a possible year ({first} to {last}).",
                    value=v,
                    first=FIRST_YEAR,
                    last=p.this_year,
                ),
            )
            numbers = numbers.where(~bad.fillna(False))
        else:
            _check_range(p, column, numbers)
        return {column.name: numbers.astype("Int64")}
    if kind == Kind.BOOLEAN:
        lower = text.str.lower()
        bad = present & ~lower.isin(_TRUE | _FALSE)
        p.report(
            column, bad, "not-boolean", lambda v: _("'{value}' is not true or false.", value=v)
        )
        values = pd.Series(pd.NA, index=text.index, dtype="boolean")
        values[lower.isin(_TRUE)] = True
        values[lower.isin(_FALSE)] = False
        return {column.name: values}
    if kind == Kind.DATE:
        return _parse_dates(p, column, text, present)
    strings = text.where(present)
    if kind in (Kind.TEXT, Kind.LIST):
        p.report(
            column,
            present & _each_distinct(text, looks_like_formula, bool),
            "formula",
            lambda v: _(
                "'{value}' begins with '{sign}', so spreadsheets would run it as a formula. "
                "Write the text without that sign in front.",
                value=v,
                sign=v[:1],
            ),
        )
    if kind == Kind.ID:
        p.report(
            column,
            present & ~text.str.match(_ID),
            "bad-id",
            lambda v: _(
                "'{value}' is not a valid id: use lowercase letters, digits, '-' "
                "or '_' (e.g. 'cali' or 'co-76001').",
                value=v,
            ),
        )
    elif kind == Kind.COUNTRY:
        p.report(
            column,
            present & ~text.isin(countries().keys()),
            "bad-country",
            lambda v: _(
                "'{value}' is not an ISO 3166-1 alpha-3 country code (e.g. COL, MEX, KEN).", value=v
            ),
        )
    elif kind == Kind.URL:
        p.report(
            column,
            present & ~text.str.match(r"^https?://\S+$"),
            "bad-url",
            lambda v: _(
                "'{value}' is not a web address starting with http:// or https://.", value=v
            ),
        )
    elif kind == Kind.CHOICE:
        p.report(
            column,
            present & ~text.isin(column.allowed),
            "not-allowed",
            lambda v: _(
                "'{value}' is not allowed here. Use one of: {allowed}.",
                value=v,
                allowed=", ".join(column.allowed),
            ),
        )
    elif kind == Kind.LIST:
        strings = _parse_list(p, column, text, present)
    return {column.name: strings.astype("str")}


def _each_distinct(text: pd.Series, read: Callable[[str], Any], dtype: Any) -> pd.Series:
    """`read` of every cell, called once per distinct cell: a million observations' cells
    hold a few thousand distinct values (flags, years, ids)."""
    codes, distinct = pd.factorize(text)  # Arrow's own hashing: no Python string per cell
    found = np.array([read(str(t)) for t in distinct], dtype=dtype)
    return pd.Series(found[codes] if len(found) else found[:0], index=text.index)


def _items(cell: str) -> list[str]:
    return [x.strip() for x in cell.split(LIST_SEPARATOR) if x.strip()]


def _parse_list(p: Parsed, column: Column, text: pd.Series, present: pd.Series) -> pd.Series:
    if column.allowed:
        allowed = set(column.allowed)
        bad = _each_distinct(text, lambda t: any(x not in allowed for x in _items(t)), bool)
        p.report(
            column,
            present & bad,
            "not-allowed",
            lambda v: _(
                "'{value}' has a value that is not allowed. Use any of: "
                "{allowed}, separated by ';'.",
                value=v,
                allowed=", ".join(column.allowed),
            ),
        )
    joined = _each_distinct(text, lambda t: LIST_SEPARATOR.join(_items(t)), object)
    return joined.where(present & (joined != ""))


def _parse_dates(
    p: Parsed, column: Column, text: pd.Series, present: pd.Series
) -> dict[str, pd.Series]:
    parts = text.str.extract(_DATE)
    year = pd.to_numeric(parts[0], errors="coerce")
    month = pd.to_numeric(parts[1], errors="coerce")
    day = pd.to_numeric(parts[2], errors="coerce")
    firsts = pd.to_datetime(
        {"year": year, "month": month.fillna(1), "day": day.fillna(1)}, errors="coerce"
    )
    bad = present & (firsts.isna() | (year < FIRST_YEAR) | (year > LAST_PLANNED_YEAR))
    p.report(
        column,
        bad,
        "bad-date",
        lambda v: _("'{value}' is not a date in the form YYYY, YYYY-MM or YYYY-MM-DD.", value=v),
    )
    precision = np.select(
        [day.notna(), month.notna(), year.notna()], ["day", "month", "year"], default=""
    )
    return {
        column.name: firsts.where(~bad),
        f"{column.name}_precision": pd.Series(precision, index=text.index)
        .where(~bad & present)
        .astype("str"),
    }


def parse_table(
    cells: pd.DataFrame, table: Table, *, today: date
) -> tuple[pd.DataFrame, list[Problem]]:
    """Typed columns for `cells`; cells that could not be read are missing and reported."""
    parsed = Parsed(cells, table, today.year)
    columns: dict[str, pd.Series] = {}
    for column in table.columns:
        columns.update(_parse_column(parsed, column))
    for column in table.translations(cells.columns):
        columns.update(_parse_column(parsed, column))
        _check_grouping(parsed, column)
    frame = pd.DataFrame(columns, index=cells.index)
    parsed.problems.extend(_duplicate_keys(cells, table))
    return frame, parsed.problems


def _check_grouping(p: Parsed, column: Column) -> None:
    """A number in a language's column must not group digits with that language's decimal mark:
    in Spanish 'por 100,000' reads as "per one hundred". The fix offered groups with a thin
    space ('por 100 000'), which no language reads as a decimal (ISO 80000, the RAE)."""
    found = p.table.translation_of(column.name)
    if found is None or not is_language(found[1]):
        return
    code = found[1]
    decimal = Locale.parse(code).number_symbols["latn"]["decimal"]
    if decimal not in ",.":
        return
    grouped = rf"\d{{1,3}}(?:{re.escape(decimal)}\d{{3}})+(?![\d{re.escape(decimal)}])"
    wrong = p.cells[column.name].str.contains(grouped, regex=True)

    def message(value: str) -> str:
        number = re.search(grouped, value)
        assert number is not None
        written = number.group(0).replace(decimal, "\u202f")
        return _(
            "'{value}' writes {number} with '{mark}', the decimal mark of {language}: readers "
            "see a decimal. Write {written}.",
            value=value,
            number=number.group(0),
            mark=decimal,
            language=language_name(code),
            written=written,
        )

    p.report(column, wrong, "number-format", message)


def _duplicate_keys(cells: pd.DataFrame, table: Table) -> list[Problem]:
    key = list(table.key)
    repeated = cells.duplicated(key, keep="first")
    if not repeated.any():  # the usual case: no need to find where each key came first
        return []
    duplicated = cells.duplicated(key, keep=False) & repeated
    first_rows = cells.reset_index().groupby(key, sort=False)["index"].transform("first")
    first_rows.index = cells.index
    return [
        Problem(
            table.file_name,
            _(
                "the key ({key}) = ({values}) repeats row {first}; each must appear once.",
                key=", ".join(key),
                values=", ".join(cells.loc[i, k] for k in key),
                first=int(first_rows[i]) + 2,
            ),
            row=int(i) + 2,
            column=key[-1],
            rule="duplicate-key",
        )
        for i in duplicated[duplicated].index
    ]
