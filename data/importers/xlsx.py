"""An .xlsx workbook's cells in one streaming pass: the one place that reaches into openpyxl's
reader internals (checked by tests/unit/test_reading_limits.py against the pinned 3.1.5).

openpyxl's public read-only workbook reads each sheet whole to find its size when the sheet
does not declare one, pads rows to the size a sheet declares (a hostile file declares a million
rows of sixteen thousand cells), and gives either saved values or formulas, so telling a formula
saved without its result took another pass. Its reader and sheet parser, driven directly, read
the workbook's parts and then each row's real cells once, noting formulas without a result.
"""

from __future__ import annotations

import io
from collections.abc import Iterator
from typing import Any

from openpyxl.reader.excel import ExcelReader
from openpyxl.styles.stylesheet import apply_stylesheet
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._reader import FORMULA_TAG, VALUE_TAG, WorkSheetParser


class _SavedValues(WorkSheetParser):  # type: ignore[misc]
    """Saved values of a sheet's cells, with the addresses of formulas that have none."""

    def __init__(self, source: Any, shared_strings: list[str], **options: Any) -> None:
        super().__init__(source, shared_strings, data_only=True, **options)
        self.unsaved: list[str] = []

    def parse_cell(self, element: Any) -> dict[str, Any]:
        cell: dict[str, Any] = super().parse_cell(element)
        if (
            cell["value"] is None
            and element.find(FORMULA_TAG) is not None
            and not element.findtext(VALUE_TAG)
        ):
            self.unsaved.append(f"{get_column_letter(cell['column'])}{cell['row']}")
        return cell


class Workbook:
    """A workbook's sheet names, and the rows of any of its sheets on demand."""

    def __init__(self, data: bytes) -> None:
        reader = ExcelReader(io.BytesIO(data), read_only=True, data_only=True)
        reader.read_manifest()
        reader.read_strings()
        reader.read_workbook()
        apply_stylesheet(reader.archive, reader.wb)  # which number formats are dates
        self._reader = reader
        self._paths = {
            sheet.name: rel.target
            for sheet, rel in reader.parser.find_sheets()
            if rel.target in reader.valid_files and "chartsheet" not in rel.Type
        }
        self.unsaved: list[str] = []

    @property
    def sheet_names(self) -> tuple[str, ...]:
        return tuple(self._paths)

    def rows(self, name: str) -> Iterator[tuple[int, list[tuple[int, object]]]]:
        """(row number, [(column number, saved value), ...]) for each row the sheet holds."""
        reader = self._reader
        book = reader.wb
        with reader.archive.open(self._paths[name]) as source:
            parser = _SavedValues(
                source,
                reader.shared_strings,
                epoch=book.epoch,
                date_formats=book._date_formats,
                timedelta_formats=book._timedelta_formats,
            )
            for number, cells in parser.parse():
                yield number, [(c["column"], c["value"]) for c in cells]
            self.unsaved = parser.unsaved
