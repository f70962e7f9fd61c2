"""Reading one raw CSV file as text cells, with the header and encoding checked first.

Everything is read as strings so that the parse step, not pandas, decides what a bad cell is
and can say so in the coordinator's words.
"""

from __future__ import annotations

import csv
import io
import warnings
from pathlib import Path

import pandas as pd

from data.i18n import _, is_language
from data.pipeline.problems import Problem
from data.schema import Column, Table

_BOM = b"\xef\xbb\xbf"


def _encoding_problem(raw: bytes, error: UnicodeDecodeError, file: str) -> Problem:
    """Name the row and, when the header can be read, the column of the first bad byte."""
    line_start = raw.rfind(b"\n", 0, error.start) + 1
    row = raw.count(b"\n", 0, error.start) + 1
    byte = raw[error.start : error.start + 1].hex().upper()
    column = None
    header = raw.split(b"\n", 1)[0].decode("latin-1")
    before = raw[line_start : error.start].decode("latin-1")
    names = next(csv.reader([header]), [])
    field = len(next(csv.reader([before]), [""])) - 1
    if 0 <= field < len(names):
        column = names[field].strip()
    return Problem(
        file,
        _(
            "is not UTF-8 text (byte 0x{byte}). Save the file as 'CSV UTF-8' and build again.",
            byte=byte,
        ),
        row=row,
        column=column,
        rule="encoding",
    )


def _ragged_row(text: str, file: str) -> Problem | None:
    """The first row with more cells than the header (pandas only says the line)."""
    reader = csv.reader(io.StringIO(text))
    width = len(next(reader, []))
    for cells in reader:
        if len(cells) > width:
            return Problem(
                file,
                _(
                    "this row has {saw} cells but the header has {expected}: "
                    "does a cell hold an unquoted comma?",
                    saw=len(cells),
                    expected=width,
                ),
                row=reader.line_num,
                rule="csv",
            )
    return None


def read_table(path: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The file's cells as stripped strings ('' when empty), or None with the reasons why not."""
    file = path.name
    raw = path.read_bytes()
    if raw.startswith(_BOM):
        raw = raw[len(_BOM) :]
    if not raw.strip():
        return None, [
            Problem(file, _("the file is empty: it needs at least a header row."), rule="empty")
        ]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [_encoding_problem(raw, error, file)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(
                io.StringIO(text),
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=True,
                index_col=False,
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning) as error:
        return None, [
            _ragged_row(text, file)
            or Problem(
                file, _("cannot be read as CSV: {error}", error=str(error).strip()), rule="csv"
            )
        ]
    frame.columns = [str(c).strip() for c in frame.columns]
    problems = _header_problems(list(frame.columns), table, file)
    if problems:
        return None, problems
    return frame.apply(lambda col: col.str.strip()), []


def _not_a_language(file: str, name: str, column: Column, code: str) -> Problem:
    return Problem(
        file,
        _(
            "'{code}' is not a language code. Columns in another language are named after the "
            "column and a two-letter ISO 639-1 code: {column}_es, {column}_fr.",
            code=code,
            column=column.name,
        ),
        row=1,
        column=name,
        rule="extra-column",
    )


def _header_problems(columns: list[str], table: Table, file: str) -> list[Problem]:
    expected = table.column_names
    problems = [
        Problem(
            file,
            _("this column is missing. Expected columns: {columns}.", columns=", ".join(expected)),
            row=1,
            column=name,
            rule="missing-column",
        )
        for name in expected
        if name not in columns
    ]
    for name in columns:
        translation = table.translation_of(name)
        if translation is not None:
            if not is_language(translation[1]):
                problems.append(_not_a_language(file, name, *translation))
            continue
        if name not in expected:
            base = name.rsplit(".", 1)[0]
            message = (
                _("this column appears twice.")
                if base in expected and base != name
                else _(
                    "this column is not part of the '{table}' table. Remove or rename it; "
                    "expected columns: {columns}.",
                    table=table.name,
                    columns=", ".join(expected),
                )
            )
            problems.append(Problem(file, message, row=1, column=name, rule="extra-column"))
    return problems
