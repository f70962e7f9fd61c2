"""Bounded reading: an .xlsx is read once, streaming, within a size, cell and time limit that
each answer with a message naming it; the wizard refuses an oversized upload before decoding
it, and keeps no upload for ever."""

from __future__ import annotations

import base64
import io
import os
import time
import zipfile
from pathlib import Path

import openpyxl
import pytest
from openpyxl.worksheet._reader import WorkSheetParser

from data.importers import wizard, xlsx
from data.importers.reading import ImportFailed, read_sheet
from data.limits import COMMAND_LINE, WIZARD, ReadLimits

ROW = (
    '<row><c t="inlineStr"><is><t>Alpha</t></is></c><c t="inlineStr"><is><t>Valle</t></is></c>'
    "<c><v>2011</v></c><c><v>100</v></c><c><v>1000000</v></c></row>"
)
HEAD = '<row><c t="inlineStr"><is><t>Municipio</t></is></c><c t="inlineStr"><is><t>Dep</t></is></c>'


def _workbook(sheet_data: str, dimension: str = "") -> bytes:
    """A minimal .xlsx whose one sheet holds `sheet_data`, as a hostile tool would write it."""
    main = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
    rel = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
    pkg = "http://schemas.openxmlformats.org/package/2006/relationships"
    parts = {
        "[Content_Types].xml": (
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
            'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
            'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/'
            'sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.worksheet+xml"/></Types>'
        ),
        "_rels/.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" Type="{rel}/'
        'officeDocument" Target="xl/workbook.xml"/></Relationships>',
        "xl/workbook.xml": f'<workbook xmlns="{main}" xmlns:r="{rel}"><sheets><sheet '
        'name="Hoja1" sheetId="1" r:id="rId1"/></sheets></workbook>',
        "xl/_rels/workbook.xml.rels": f'<Relationships xmlns="{pkg}"><Relationship Id="rId1" '
        f'Type="{rel}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        "xl/worksheets/sheet1.xml": f'<worksheet xmlns="{main}">{dimension}<sheetData>'
        f"{sheet_data}</sheetData></worksheet>",
    }
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as archive:
        for name, text in parts.items():
            archive.writestr(name, text)
    return out.getvalue()


def test_openpyxl_is_the_version_whose_internals_xlsx_py_drives() -> None:
    # data/importers/xlsx.py subclasses openpyxl's private sheet parser: check it again on upgrade
    assert openpyxl.__version__ == "3.1.5"


def test_a_sheet_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    calls = []
    parse = WorkSheetParser.parse

    def counted(self: WorkSheetParser) -> object:
        calls.append(1)
        return parse(self)

    def sizing(_self: WorkSheetParser) -> None:
        raise AssertionError("the sheet was read to find its size")

    monkeypatch.setattr(WorkSheetParser, "parse", counted)
    monkeypatch.setattr(WorkSheetParser, "parse_dimensions", sizing)
    book = openpyxl.Workbook()
    book.active.append(["Municipio", "Año", "Tasa"])
    book.active.append(["Álpha", 2018, "=1+1"])  # a formula saved without its result
    data = io.BytesIO()
    book.save(data)
    sheet = read_sheet(data.getvalue(), name="t.xlsx")
    assert len(calls) == 1
    assert sheet.frame["Tasa"].tolist() == [""] and "C2" in sheet.notes[0]


def test_a_workbook_that_unpacks_beyond_the_wizard_limit_is_refused_at_once() -> None:
    bomb = _workbook(HEAD + "</row>" + ROW * 240_000)  # about 150 KB, unpacking to 38 MB
    assert len(bomb) < 500_000
    started = time.monotonic()
    with pytest.raises(ImportFailed, match=r"unpacks to \d+ MB, more than the 32 MB"):
        read_sheet(bomb, name="b.xlsx", limits=WIZARD)
    assert time.monotonic() - started < WIZARD.seconds  # an answer, not a worker timeout


def test_a_sheet_declaring_a_million_rows_is_bounded_by_its_cells() -> None:
    far = '<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    data = _workbook(HEAD + "</row>" + far, dimension='<dimension ref="A1:XFD1048576"/>')
    with pytest.raises(ImportFailed, match="more than 1,000,000 cells"):
        read_sheet(data, name="far.xlsx", limits=WIZARD)


def test_reading_stops_at_the_time_limit_with_a_message() -> None:
    slow = ReadLimits(file_bytes=COMMAND_LINE.file_bytes, unzipped_bytes=1 << 30, cells=10**9,
                      seconds=0)  # fmt: skip
    text = "a,b\n" + "1,2\n" * 2000
    with pytest.raises(ImportFailed, match=r"took longer than 0 seconds \(the limit\)"):
        read_sheet(text.encode(), name="t.csv", limits=slow)
    data = _workbook(HEAD + "</row>" + ROW * 2000)
    with pytest.raises(ImportFailed, match="stopped at row 1,000"):
        read_sheet(data, name="t.xlsx", limits=slow)


def test_an_oversized_upload_is_refused_before_it_is_decoded(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def decode(*_args: object, **_kwargs: object) -> bytes:
        raise AssertionError("decoded")

    monkeypatch.setattr(wizard, "MAX_BYTES", 1000)
    monkeypatch.setattr(wizard.base64, "b64decode", decode)
    payload = base64.b64encode(b"x" * 1003).decode()
    with pytest.raises(ImportFailed, match="larger than"):
        wizard.save_upload("data:text/csv;base64," + payload, "big.csv", tmp_path)


def test_uploads_never_imported_expire_and_are_bounded(tmp_path: Path) -> None:
    now = time.time()
    for n in range(30):
        folder = tmp_path / f"{n:032x}"
        folder.mkdir()
        (folder / wizard.CELLS).write_bytes(b"{}")
        age = now - (25 * 3600 if n < 5 else n)  # five of them more than a day old
        os.utime(folder, (age, age))
    wizard.prune_uploads(tmp_path, now)
    left = sorted(int(p.name, 16) for p in tmp_path.iterdir())
    assert left == list(range(5, 24))  # the 19 newest: room for the one coming in


def test_a_workbook_reader_lists_sheets_and_rows() -> None:
    book = xlsx.Workbook(_workbook(HEAD + "</row>" + ROW))
    assert book.sheet_names == ("Hoja1",)
    rows = list(book.rows("Hoja1"))
    assert rows[1] == (2, [(1, "Alpha"), (2, "Valle"), (3, 2011), (4, 100), (5, 1000000)])
