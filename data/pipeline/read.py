"""Reading one raw CSV file as text cells, with the header and encoding checked first.

Everything is read as strings so that the parse step, not pandas, decides what a bad cell is
and can say so in the coordinator's words.
"""

from __future__ import annotations

import csv
import io
import re
import stat
import warnings
from pathlib import Path

import pandas as pd

from data.i18n import _, is_language
from data.limits import MAX_CELL_CHARS, MAX_RAW_FILE_BYTES
from data.pipeline.problems import Problem
from data.schema import Column, Table

_BOM = b"\xef\xbb\xbf"
_NEWLINE = re.compile(rb"\r\n|\r|\n")


def _encoding_problem(raw: bytes, error: UnicodeDecodeError, file: str) -> Problem:
    """Name the row and, when the header can be read, the column of the first bad byte."""
    lines = _NEWLINE.split(raw[: error.start])  # a file may end its lines with CR alone
    row = len(lines)
    byte = raw[error.start : error.start + 1].hex().upper()
    column = None
    header = _NEWLINE.split(raw, maxsplit=1)[0].decode("latin-1")
    before = lines[-1].decode("latin-1")
    try:
        names = next(csv.reader([header]), [])
        field = len(next(csv.reader([before]), [""])) - 1
    except csv.Error:  # a cell too long to be one: the row is enough
        names, field = [], -1
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
    reader = csv.reader(io.StringIO(text, newline=""))
    try:
        width = len(next(reader, []))
        rows = list(reader)
    except csv.Error:
        return None
    for line, cells in enumerate(rows, start=2):
        if len(cells) > width:
            return Problem(
                file,
                _(
                    "this row has {saw} cells but the header has {expected}: "
                    "does a cell hold an unquoted comma?",
                    saw=len(cells),
                    expected=width,
                ),
                row=line,
                rule="csv",
            )
    return None


def read_table(path: Path, table: Table) -> tuple[pd.DataFrame | None, list[Problem]]:
    """The file's cells as stripped strings ('' when empty), or None with the reasons why not."""
    file = path.name
    try:
        if path.is_dir():
            return None, [Problem(file, _("is a folder, not a file."), rule="not-a-file")]
        if not stat.S_ISREG(path.stat().st_mode):  # a device or a pipe would never end
            return None, [Problem(file, _("is not a regular file."), rule="not-a-file")]
        with path.open("rb") as handle:
            raw = handle.read(MAX_RAW_FILE_BYTES + 1)
    except OSError as error:
        reason = error.strerror or str(error)
        return None, [
            Problem(file, _("cannot be read ({error}).", error=reason), rule="unreadable")
        ]
    if len(raw) > MAX_RAW_FILE_BYTES:
        return None, [
            Problem(
                file,
                _(
                    "is larger than {limit} MB, the most a build reads.",
                    limit=MAX_RAW_FILE_BYTES >> 20,
                ),
                rule="too-large",
            )
        ]
    while raw.startswith(_BOM):  # a file saved twice by a careless tool has two
        raw = raw[len(_BOM) :]
    if not raw.strip():
        return None, [
            Problem(file, _("the file is empty: it needs at least a header row."), rule="empty")
        ]
    try:
        raw.decode("utf-8")
    except UnicodeDecodeError as error:
        return None, [_encoding_problem(raw, error, file)]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", pd.errors.ParserWarning)
            frame = pd.read_csv(  # from the bytes: a StringIO of the text held 4 bytes a letter
                io.BytesIO(raw),
                encoding="utf-8",
                dtype=str,
                keep_default_na=False,
                na_filter=False,
                skip_blank_lines=True,
                index_col=False,
            )
    except (pd.errors.ParserError, pd.errors.ParserWarning, pd.errors.EmptyDataError) as error:
        return None, [
            _ragged_row(raw.decode("utf-8"), file)
            or Problem(
                file, _("cannot be read as CSV: {error}", error=str(error).strip()), rule="csv"
            )
        ]
    frame.columns = [str(c).strip() for c in frame.columns]
    problems = _header_problems(list(frame.columns), table, file)
    if problems:
        return None, problems
    for name in table.absent_ok:  # a column added later, left out: read as empty
        if name not in frame.columns:
            frame[name] = ""
    cells = frame.apply(lambda col: col.str.strip())
    problems = _long_cells(cells, file)
    return (None, problems) if problems else (cells, [])


def _long_cells(cells: pd.DataFrame, file: str) -> list[Problem]:
    """Cells longer than a spreadsheet cell can be: a delimiter or quote gone wrong."""
    problems = []
    for column in cells.columns:
        long = cells[column].str.len() > MAX_CELL_CHARS
        problems += [
            Problem(
                file,
                _(
                    "this cell holds more than {limit} characters, more than a spreadsheet "
                    "cell can. Is a quote missing?",
                    limit=f"{MAX_CELL_CHARS:,}",
                ),
                row=int(i) + 2,
                column=column,
                rule="too-long",
            )
            for i in long[long].index
        ]
    return problems


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
        if name not in columns and name not in table.absent_ok
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
