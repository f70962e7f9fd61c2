"""Reading a foreign table (CSV in any common delimiter and encoding, or Excel) as text cells.

Official exports arrive as Latin-1 CSV with semicolons, UTF-8 with a byte-order mark, or Excel
workbooks. Everything is read as text, row numbers counted as a spreadsheet shows them, so that
the importer, not a library, decides what a bad cell is and can name its row. Excel formulas are
never evaluated: a cell gives the value the workbook saved, and a formula without one is empty.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import unicodedata
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

import charset_normalizer
import pandas as pd

from data.i18n import _

DELIMITERS = (",", ";", "\t", "|")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")
_ZIP_MAGIC = b"PK\x03\x04"
_BOM = b"\xef\xbb\xbf"
_SAMPLE_LINES = 200
_WESTERN_SIGNS = set("ºª°«»¡¿€£§·–—‘’“”\u00a0")
MAX_UNZIPPED_FACTOR = 50  # an .xlsx larger than this when unzipped is refused (a zip bomb)


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


def read_sheet(
    data: bytes | Path,
    *,
    name: str | None = None,
    encoding: str | None = None,
    delimiter: str | None = None,
    sheet: str | None = None,
    header_row: int = 1,
) -> Sheet:
    """Read a CSV or Excel file (told apart by its content, not its name)."""
    if isinstance(data, Path):
        name = name or data.name
        try:
            data = data.read_bytes()
        except OSError as error:
            raise ImportFailed(
                _("{file}: cannot be read ({error}).", file=name, error=error.strerror)
            ) from None
    name = name or "upload"
    if header_row < 1:
        raise ImportFailed(_("The header row must be 1 or more."))
    if name.lower().endswith(".xls") and not data.startswith(_ZIP_MAGIC):
        raise ImportFailed(
            _(
                "{file} is an old-style .xls workbook. Open it and save it as .xlsx or CSV.",
                file=name,
            )
        )
    if data.startswith(_ZIP_MAGIC) or name.lower().endswith(EXCEL_SUFFIXES):
        return _read_excel(data, name, sheet, header_row)
    return _read_csv(data, name, encoding, delimiter, header_row)


def decode(data: bytes, name: str, encoding: str | None = None) -> tuple[str, str]:
    """The text and the encoding used: UTF-8 when it decodes, otherwise the best guess."""
    if data.startswith(_BOM):
        data = data[len(_BOM) :]
        encoding = encoding or "utf-8"
    if encoding:
        try:
            return data.decode(encoding), encoding
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
        widths = [len(r) for r in csv.reader(lines, delimiter=candidate) if any(r)]
        if not widths or widths[0] < 2:
            continue
        score = (sum(w == widths[0] for w in widths), widths[0])
        if score > best_score:
            best, best_score = candidate, score
    return best


def _read_csv(
    data: bytes, name: str, encoding: str | None, delimiter: str | None, header_row: int
) -> Sheet:
    text, used = decode(data, name, encoding)
    if not text.strip():
        raise ImportFailed(_("{file} is empty.", file=name))
    delimiter = delimiter or sniff_delimiter(text)
    if delimiter == "\\t":
        delimiter = "\t"
    try:
        rows = list(csv.reader(io.StringIO(text), delimiter=delimiter))
    except csv.Error as error:
        raise ImportFailed(
            _("{file} cannot be read as CSV: {error}.", file=name, error=error)
        ) from None
    return _sheet(rows, name, header_row, encoding=used, delimiter=delimiter)


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


def _read_excel(data: bytes, name: str, sheet: str | None, header_row: int) -> Sheet:
    import openpyxl  # imported here: only Excel imports pay for it

    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unzipped = sum(i.file_size for i in archive.infolist())
    except zipfile.BadZipFile:
        raise ImportFailed(_("{file} is not a readable .xlsx workbook.", file=name)) from None
    if unzipped > MAX_UNZIPPED_FACTOR * max(len(data), 1 << 20):
        raise ImportFailed(
            _("{file} unpacks to far more than its size; it was refused.", file=name)
        )
    try:
        # data_only: cached results of formulas, never the formulas (which are not evaluated).
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds for a damaged file
        raise ImportFailed(
            _("{file} is not a readable .xlsx workbook ({error}).", file=name, error=error)
        ) from None
    names = tuple(book.sheetnames)
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
    rows = [[_cell_text(v) for v in row] for row in book[chosen].iter_rows(values_only=True)]
    book.close()
    result = _sheet(rows, name, header_row, sheet=chosen)
    result.sheets = names
    unsaved = _formulas_without_values(data, chosen, rows)
    if unsaved:
        result.notes.append(
            _(
                "{count} cells hold a formula whose result was not saved in the file (e.g. "
                "{cells}); formulas are never calculated here, so they were read as empty. Open "
                "the file in a spreadsheet, save it, and import again to use them.",
                count=len(unsaved),
                cells=", ".join(unsaved[:5]),
            )
        )
    return result


def _formulas_without_values(data: bytes, sheet: str, values: list[list[str]]) -> list[str]:
    import openpyxl
    from openpyxl.utils import get_column_letter

    book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    found = []
    for r, row in enumerate(book[sheet].iter_rows(values_only=True)):
        for c, value in enumerate(row):
            if (
                isinstance(value, str)
                and value.startswith("=")
                and not (r < len(values) and c < len(values[r]) and values[r][c])
            ):
                found.append(f"{get_column_letter(c + 1)}{r + 1}")
    book.close()
    return found


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
    header = [c.strip() for c in rows[header_row - 1]]
    while header and not header[-1]:
        header.pop()
    if not header:
        raise ImportFailed(_("{file}: row {row} (the header) is empty.", file=name, row=header_row))
    notes: list[str] = []
    columns: list[str] = []
    for n, title in enumerate(header, start=1):
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
        row = [c.strip() for c in row]
        if not any(row):
            blank += 1
            continue
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
