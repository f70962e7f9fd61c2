"""Reading a foreign table (CSV in any common delimiter and encoding, or Excel) as text cells.

Official exports arrive as Latin-1 CSV with semicolons, UTF-8 with a byte-order mark, or Excel
workbooks. Everything is read as text, row numbers counted as a spreadsheet shows them, so that
the importer, not a library, decides what a bad cell is and can name its row. Excel formulas are
never evaluated: a cell gives the value the workbook saved, and a formula without one is empty.

A file is read once, within `data.limits.ReadLimits` (size, unpacked size, cells, seconds): a
file made to exhaust memory or time is refused with a message naming the limit it reached.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import stat
import time
import unicodedata
import zipfile
from dataclasses import asdict, dataclass, field
from pathlib import Path

import charset_normalizer
import orjson
import pandas as pd

from data.i18n import _
from data.limits import COMMAND_LINE, MAX_CELL_CHARS, MIB, ReadLimits

DELIMITERS = (",", ";", "\t", "|")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"
_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_SAMPLE_LINES = 200
_WESTERN_SIGNS = set("ºª°«»¡¿€£§·–—‘’“”\u00a0")
_CHECK_EVERY = 1000  # rows between two looks at the clock


class ImportFailed(ValueError):
    """The import cannot go on; the message says why in the coordinator's words."""


@dataclass
class Sheet:
    """A table's text cells. `frame.index` is the row number a spreadsheet would show."""

    name: str
    frame: pd.DataFrame
    header_row: int = 1
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    bad_rows: dict[int, str] = field(default_factory=dict)  # rows that cannot be read, and why
    blank_rows: int = 0
    notes: list[str] = field(default_factory=list)

    @property
    def columns(self) -> list[str]:
        return [str(c) for c in self.frame.columns]

    def describe(self) -> str:
        """How the file was read, for the report: encoding and delimiter, or the sheet."""
        if self.sheet is not None:
            return _(
                "Excel sheet '{sheet}', header on row {row}", sheet=self.sheet, row=self.header_row
            )
        names = {",": _("comma"), ";": _("semicolon"), "\t": _("tab"), "|": _("pipe")}
        return _(
            "{encoding} text, {delimiter}-separated, header on row {row}",
            encoding=self.encoding,
            delimiter=names.get(self.delimiter or ",", self.delimiter),
            row=self.header_row,
        )


@dataclass
class Cells:
    """A file's rows as text, before a header row is chosen: read once, then kept (the wizard
    keeps this, so choosing another header row or checking again does not read the file again).
    `rows[0]` is the file's row 1."""

    name: str
    rows: list[list[str]]
    encoding: str | None = None
    delimiter: str | None = None
    sheet: str | None = None
    sheets: tuple[str, ...] = ()
    notes: list[str] = field(default_factory=list)

    def table(self, header_row: int = 1) -> Sheet:
        """The table whose column names are on `header_row`."""
        if header_row < 1:
            raise ImportFailed(_("The header row must be 1 or more."))
        sheet = _sheet(
            self.rows,
            self.name,
            header_row,
            encoding=self.encoding,
            delimiter=self.delimiter,
            sheet=self.sheet,
        )
        sheet.sheets = self.sheets
        sheet.notes = [*self.notes, *sheet.notes]
        return sheet

    def to_json(self) -> bytes:
        return orjson.dumps(asdict(self))

    @classmethod
    def from_json(cls, data: bytes) -> Cells:
        fields = orjson.loads(data)
        return cls(**{**fields, "sheets": tuple(fields["sheets"])})


class _Budget:
    """The cells and seconds one read may still use."""

    def __init__(self, name: str, limits: ReadLimits) -> None:
        self.name = name
        self.limits = limits
        self.cells = 0
        self.deadline = time.monotonic() + limits.seconds

    def spend(self, cells: int, rows: int) -> None:
        self.cells += cells
        if self.cells > self.limits.cells:
            raise ImportFailed(
                _(
                    "{file} has more than {limit} cells, more than one import reads. Split it, "
                    "or keep only the columns and rows you need.",
                    file=self.name,
                    limit=f"{self.limits.cells:,}",
                )
            )
        if rows % _CHECK_EVERY == 0 and time.monotonic() > self.deadline:
            raise ImportFailed(
                _(
                    "Reading {file} took longer than {seconds} seconds (the limit) and was "
                    "stopped at row {row}. Save only the sheet you need as CSV, or import it "
                    "with `observatory import` on the server.",
                    file=self.name,
                    seconds=f"{self.limits.seconds:g}",
                    row=f"{rows:,}",
                )
            )


def check_rows(sheet: Sheet, left_out: int = 0) -> None:
    """An import needs at least one row below the header (after --where, if given)."""
    if not sheet.frame.empty:
        return
    if left_out:
        raise ImportFailed(
            _(
                "No row of {file} is left after --where ({n} left out): nothing to import.",
                file=sheet.name,
                n=f"{left_out:,}",
            )
        )
    raise ImportFailed(
        _(
            "{file} has no rows below its header (row {row}): nothing to import.",
            file=sheet.name,
            row=sheet.header_row,
        )
    )


def read_sheet(
    data: bytes | Path,
    *,
    name: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    header_row: int = 1,
    limits: ReadLimits = COMMAND_LINE,
) -> Sheet:
    """Read a CSV or Excel file (told apart by its content, not its name)."""
    if header_row < 1:
        raise ImportFailed(_("The header row must be 1 or more."))
    cells = read_cells(
        data, name=name, encoding=encoding, delimiter=delimiter, sheet=sheet, limits=limits
    )
    return cells.table(header_row)


def read_cells(
    data: bytes | Path,
    *,
    name: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    limits: ReadLimits = COMMAND_LINE,
) -> Cells:
    """Every row of a CSV or Excel file as text."""
    if isinstance(data, Path):
        name = name or data.name
        data = _read_file(data, name, limits)
    name = name or "upload"
    _check_size(len(data), name, limits)
    if name.lower().endswith(".xls") and not data.startswith(_ZIP_MAGIC):
        raise ImportFailed(
            _(
                "{file} is an old-style .xls workbook. Open it and save it as .xlsx or CSV.",
                file=name,
            )
        )
    budget = _Budget(name, limits)
    if data.startswith(_ZIP_MAGIC) or name.lower().endswith(EXCEL_SUFFIXES):
        return _read_excel(data, name, sheet, budget)
    return _read_csv(data, name, encoding, delimiter, budget)


def _read_file(path: Path, name: str, limits: ReadLimits) -> bytes:
    """The file's bytes, never more than the limit (a device or a pipe has no size to check)."""
    try:
        if path.is_dir():
            raise ImportFailed(_("{file} is a folder, not a file.", file=name))
        if not stat.S_ISREG(path.stat().st_mode):  # a device or a pipe would never end
            raise ImportFailed(_("{file} is not a regular file.", file=name))
        with path.open("rb") as handle:
            data = handle.read(limits.file_bytes + 1)
    except OSError as error:
        raise ImportFailed(
            _("{file}: cannot be read ({error}).", file=name, error=error.strerror or error)
        ) from None
    return data


def _check_size(size: int, name: str, limits: ReadLimits) -> None:
    if size > limits.file_bytes:
        raise ImportFailed(
            _(
                "{file} is larger than {limit} MB, more than one import reads. Split it, or "
                "keep only the rows and columns you need.",
                file=name,
                limit=f"{limits.file_bytes / MIB:g}",
            )
        )


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text and the encoding used: UTF-8 when it decodes, otherwise the best guess."""
    if data.startswith(_BOM):
        while data.startswith(_BOM):  # a file saved twice by a careless tool has two
            data = data[len(_BOM) :]
        encoding = encoding or "utf-8"
    elif data.startswith(_UTF16_BOMS) and not encoding:
        encoding = "utf-16"
    if encoding:
        try:
            return data.decode(encoding).lstrip("\ufeff"), encoding
        except (UnicodeDecodeError, LookupError) as error:
            raise ImportFailed(
                _(
                    "{file} cannot be read as {encoding}: {error}.",
                    file=name,
                    encoding=encoding,
                    error=str(error),
                )
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    western = data.decode("cp1252", errors="replace")
    if "\ufffd" not in western and all(
        "LATIN" in unicodedata.name(c, "") or c in _WESTERN_SIGNS for c in western if ord(c) > 127
    ):  # accents of Spanish, French, Portuguese: short Latin-1 files fool the detector
        return western, "cp1252"
    best = charset_normalizer.from_bytes(data[: 1 << 20]).best()
    if best is None:
        raise ImportFailed(
            _("{file} is not text that can be read; is it a CSV or Excel file?", file=name)
        )
    guess = _readable_name(best.encoding)
    try:
        return data.decode(guess), guess
    except UnicodeDecodeError:
        raise ImportFailed(
            _(
                "{file}: its encoding could not be recognised. Save it as 'CSV UTF-8', or give "
                "the encoding (e.g. --encoding latin-1).",
                file=name,
            )
        ) from None


def _readable_name(encoding: str) -> str:
    """Latin-1 files guessed as a cousin code page read best as Windows-1252, its superset."""
    return "cp1252" if encoding in ("latin_1", "iso8859_15", "cp1250", "cp1252") else encoding


def sniff_delimiter(text: str) -> str:
    """The delimiter that splits the first lines into the same, largest number of cells."""
    lines = text.splitlines()[:_SAMPLE_LINES]
    best, best_score = ",", (0, 0)
    for candidate in DELIMITERS:
        try:
            widths = [len(r) for r in csv.reader(lines, delimiter=candidate) if any(r)]
        except csv.Error:  # a cell too long for this reading: not the delimiter to choose
            continue
        if not widths or widths[0] < 2:
            continue
        score = (sum(w == widths[0] for w in widths), widths[0])
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_csv(
    data: bytes, name: str, encoding: str | None, delimiter: str | None, budget: _Budget
) -> Cells:
    text, used = decode(data, name, encoding)
    if not text.strip():
        raise ImportFailed(_("{file} is empty.", file=name))
    delimiter = delimiter or sniff_delimiter(text)
    if delimiter == "\\t":
        delimiter = "\t"
    if len(delimiter) != 1:
        raise ImportFailed(
            _("The delimiter must be one character, e.g. ';' (not '{given}').", given=delimiter)
        )
    # newline="": a file that ends its lines with a lone CR (old Mac exports) reads as lines
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[list[str]] = []
    try:
        for row in reader:
            rows.append(row)
            budget.spend(max(len(row), 1), len(rows))
    except csv.Error as error:
        row_number = len(rows) + 1
        if "field larger than field limit" in str(error):
            raise _too_long(name, row_number, None) from None
        raise ImportFailed(
            _(
                "{file}, row {row}: cannot be read as CSV ({error}).",
                file=name,
                row=row_number,
                error=error,
            )
        ) from None
    return Cells(name, rows, encoding=used, delimiter=delimiter)


def _too_long(name: str, row: int, column: str | None) -> ImportFailed:
    where = (
        _("{file}, row {row}, column '{column}'", file=name, row=row, column=column)
        if column
        else _("{file}, row {row}", file=name, row=row)
    )
    return ImportFailed(
        _(
            "{where}: a cell holds more than {limit} characters, more than a spreadsheet cell "
            "can. Is the file's delimiter or quoting wrong?",
            where=where,
            limit=f"{MAX_CELL_CHARS:,}",
        )
    )


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value).strip()


def _read_excel(data: bytes, name: str, sheet: str | None, budget: _Budget) -> Cells:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(i.file_size for i in archive.infolist())
    except (zipfile.BadZipFile, zipfile.LargeZipFile, ValueError, EOFError):
        raise ImportFailed(_("{file} is not a readable .xlsx workbook.", file=name)) from None
    if unzipped > budget.limits.unzipped_bytes:
        # The sizes are the archive's own: reading stops there even when they lie.
        raise ImportFailed(
            _(
                "{file} unpacks to {size} MB, more than the {limit} MB one import reads. Save "
                "only the sheet you need as CSV, or import it with `observatory import`.",
                file=name,
                size=f"{unzipped / MIB:,.0f}",
                limit=f"{budget.limits.unzipped_bytes / MIB:g}",
            )
        )
    from data.importers import xlsx  # imported here: only Excel imports pay for openpyxl

    try:
        book = xlsx.Workbook(data)
        names = book.sheet_names
        if not names:
            raise ImportFailed(_("{file} has no sheet.", file=name))
        chosen = sheet or names[0]
        if chosen not in names:
            raise ImportFailed(
                _(
                    "{file} has no sheet '{sheet}'. Its sheets: {sheets}.",
                    file=name,
                    sheet=chosen,
                    sheets=", ".join(names),
                )
            )
        rows: list[list[str]] = []
        for number, cells in book.rows(chosen):
            while len(rows) < number - 1:  # rows the file leaves out are empty
                rows.append([])
                budget.spend(1, len(rows))  # an empty row costs memory too
            width = max((column for column, _value in cells), default=0)
            budget.spend(max(width, 1), len(rows) + 1)
            row = [""] * width
            for column, value in cells:
                row[column - 1] = _cell_text(value)
            rows.append(row)
    except ImportFailed:
        raise
    except Exception as error:  # a damaged file: openpyxl and the XML parser raise many kinds
        raise ImportFailed(
            _("{file} is not a readable .xlsx workbook ({error}).", file=name, error=error)
        ) from None
    notes = []
    if book.unsaved:
        notes.append(
            _(
                "{count} cells hold a formula whose result was not saved in the file (e.g. "
                "{cells}); formulas are never calculated here, so they were read as empty. Open "
                "the file in a spreadsheet, save it, and import again to use them.",
                count=len(book.unsaved),
                cells=", ".join(book.unsaved[:5]),
            )
        )
    return Cells(name, rows, sheet=chosen, sheets=names, notes=notes)


def _one_line(cell: str) -> str:
    """A cell's text on one line: exports break long headers and names over lines ("Tasa por
    100.000\nhabitantes"), and a line break inside a name would break the raw table it goes to."""
    return " ".join(cell.split()) if len(cell) <= MAX_CELL_CHARS else cell


def _sheet(
    rows: list[list[str]],
    name: str,
    header_row: int,
    *,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
) -> Sheet:
    if len(rows) < header_row:
        raise ImportFailed(
            _("{file} has no row {row} to read the column names from.", file=name, row=header_row)
        )
    header = [_one_line(c) for c in rows[header_row - 1]]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise ImportFailed(_("{file}: row {row} (the header) is empty.", file=name, row=header_row))
    notes: list[str] = []
    columns: list[str] = []
    for n, title in enumerate(header, start=1):
        if len(title) > MAX_CELL_CHARS:
            raise _too_long(name, header_row, None)
        title = title or _("column {n}", n=n)
        if title in columns:
            renamed = f"{title} ({columns.count(title) + 1})"
            while renamed in columns:
                renamed += "'"
            notes.append(
                _(
                    "Column '{name}' appears twice; the second is called '{renamed}'.",
                    name=title,
                    renamed=renamed,
                )
            )
            title = renamed
        columns.append(title)
    width = len(columns)
    cells: list[list[str]] = []
    numbers: list[int] = []
    bad: dict[int, str] = {}
    blank = 0
    for number, row in enumerate(rows[header_row:], start=header_row + 1):
        row = [_one_line(c) for c in row]
        if not any(row):
            blank += 1
            continue
        if max(map(len, row)) > MAX_CELL_CHARS:
            longest = next(i for i, c in enumerate(row) if len(c) > MAX_CELL_CHARS)
            raise _too_long(name, number, columns[longest] if longest < width else None)
        if len(row) > width and any(row[width:]):
            bad[number] = _(
                "this row has {saw} cells but the header has {expected}: does a cell hold an "
                "unquoted delimiter?",
                saw=len(row),
                expected=width,
            )
        row = (row + [""] * width)[:width]
        cells.append(row)
        numbers.append(number)
    frame = pd.DataFrame(cells, columns=columns, index=pd.Index(numbers, name="row"), dtype=str)
    return Sheet(
        name,
        frame,
        header_row=header_row,
        encoding=encoding,
        delimiter=delimiter,
        sheet=sheet,
        bad_rows=bad,
        blank_rows=blank,
        notes=notes,
    )
