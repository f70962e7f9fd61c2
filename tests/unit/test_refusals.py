"""Every crash the hardening issue found in `observatory build`, `observatory import` and the
wizard is now a refusal naming the file, row and column (or the limit), with nothing written.
One test per finding, each built the way the finding was."""

from __future__ import annotations

import base64
import os
from pathlib import Path

import pytest

from app import main
from data.importers import wizard
from data.importers.mapping import ObservationMapping, Source
from data.importers.observations import import_observations
from data.importers.reading import ImportFailed, read_sheet
from data.pipeline.build import build


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _errors(raw: Path, tmp_path: Path) -> list[str]:
    result = build(raw, tmp_path / "out")
    assert not result.ok and not (tmp_path / "out").exists()  # refused: nothing written
    return [str(p) for p in result.errors]


# observatory build ------------------------------------------------------------------------


def test_not_utf8_with_cr_line_endings_names_row_and_column(raw_copy: Path, tmp_path: Path) -> None:
    cities = raw_copy / "cities.csv"
    text = cities.read_text(encoding="utf-8").replace("\n", "\r")
    cities.write_bytes(text.encode("latin-1"))  # 'Á' of Álpha in Latin-1, lines ended by CR
    assert _errors(raw_copy, tmp_path) == [
        "cities.csv, row 2, column 'name': is not UTF-8 text (byte 0xC1). Save the file as "
        "'CSV UTF-8' and build again."
    ]


def test_a_repeated_indicator_row_is_a_repeated_key(raw_copy: Path, tmp_path: Path) -> None:
    indicators = raw_copy / "indicators.csv"
    lines = indicators.read_text(encoding="utf-8").splitlines()
    indicators.write_text("\n".join([*lines, lines[1]]) + "\n", encoding="utf-8")
    errors = _errors(raw_copy, tmp_path)
    assert errors == [
        "indicators.csv, row 4, column 'indicator_id': the key (indicator_id) = (homicide-rate) "
        "repeats row 2; each must appear once."
    ]


@pytest.mark.parametrize("table", ["networks.csv", "national.csv"])  # required, optional
def test_a_table_that_is_a_folder_or_a_link_loop(
    raw_copy: Path, tmp_path: Path, table: str
) -> None:
    (raw_copy / table).unlink()
    (raw_copy / table).mkdir()
    assert _errors(raw_copy, tmp_path) == [f"{table}: is a folder, not a file."]
    (raw_copy / table).rmdir()
    os.symlink(table, raw_copy / table)  # a link to itself
    assert _errors(raw_copy, tmp_path) == [
        f"{table}: cannot be read (Too many levels of symbolic links)."
    ]


def test_populations_too_large_to_keep_exactly(raw_copy: Path, tmp_path: Path) -> None:
    cities = raw_copy / "cities.csv"
    cities.write_text(cities.read_text().replace(",1000000,76001,", ",1e20,76001,"))
    assert _errors(raw_copy, tmp_path) == [
        "cities.csv, row 2, column 'population': 1e20 is larger than any whole number kept "
        "exactly (9,007,199,254,740,992)."
    ]


def test_numbers_that_are_not_finite(raw_copy: Path, tmp_path: Path) -> None:
    cities = raw_copy / "cities.csv"
    cities.write_text(cities.read_text().replace(",3.45,", ",inf,").replace(",6.25,", ",1e400,"))
    assert _errors(raw_copy, tmp_path) == [
        "cities.csv, row 2, column 'lat': 'inf' is not a number.",
        "cities.csv, row 3, column 'lat': '1e400' is not a number.",
    ]


def test_two_byte_order_marks_are_read_past(raw_copy: Path, tmp_path: Path) -> None:
    cities = raw_copy / "cities.csv"
    cities.write_bytes(b"\xef\xbb\xbf\xef\xbb\xbf" + cities.read_bytes())
    assert build(raw_copy, tmp_path / "out").ok


def test_a_cell_longer_than_a_spreadsheet_cell(raw_copy: Path, tmp_path: Path) -> None:
    cities = raw_copy / "cities.csv"
    cities.write_text(cities.read_text().replace("Beta,", "B" * 140_000 + ",", 1))
    assert _errors(raw_copy, tmp_path) == [
        "cities.csv, row 3, column 'name': this cell holds more than 32,767 characters, more "
        "than a spreadsheet cell can. Is a quote missing?"
    ]


def test_a_leading_tab_is_not_stripped_into_a_live_formula(raw_copy: Path, tmp_path: Path) -> None:
    cities = raw_copy / "cities.csv"
    cities.write_text(cities.read_text().replace("Beta,", "\t=1+2,", 1))
    assert _errors(raw_copy, tmp_path) == [
        "cities.csv, row 3, column 'name': '=1+2' begins with '=', so spreadsheets would run "
        "it as a formula. Write the text without that sign in front."
    ]


def test_command_line_build_exits_1_with_the_message(
    raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (raw_copy / "networks.csv").unlink()
    (raw_copy / "networks.csv").mkdir()
    assert main(["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "networks.csv: is a folder, not a file." in err and "Traceback" not in err


# observatory import -------------------------------------------------------------------------

HEADER = "Municipio,Departamento,Año,Homicidios,Población\n"
ARGS = [
    "--country", "COL", "--city-column", "Municipio", "--admin-column", "Departamento",
    "--year-column", "Año", "--count-column", "Homicidios", "--population-column", "Población",
    "--source-id", "police", "--on-unknown-city", "skip",
]  # fmt: skip
MAPPING = ObservationMapping(
    city_column="Municipio", admin_column="Departamento", country="COL", year_column="Año",
    count_columns=("Homicidios",), population_column="Población",
    source=Source(source_id="police"), on_unknown_city="skip",
)  # fmt: skip


def _import(
    raw: Path, path: Path, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, dict[str, bytes]]:
    before = _files(raw)
    code = main(["import", "observations", str(path), "--raw", str(raw), *ARGS])
    said = capsys.readouterr()
    return code, said.out + said.err, before


def test_import_of_a_header_only_file_stops(
    raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "h.csv"
    path.write_text(HEADER, encoding="utf-8")
    code, said, before = _import(raw_copy, path, capsys)
    assert code == 2 and _files(raw_copy) == before
    assert "Import stopped: h.csv has no rows below its header (row 1): nothing to import." in said


def test_import_of_two_byte_order_marks_reads_the_header(tmp_path: Path) -> None:
    path = tmp_path / "b.csv"
    path.write_bytes(
        b"\xef\xbb\xbf\xef\xbb\xbf" + (HEADER + "Beta,Antioquia,2011,5,500000\n").encode()
    )
    assert read_sheet(path).columns[0] == "Municipio"


def test_import_of_a_cell_over_the_csv_field_limit_names_the_row(
    raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "long.csv"
    path.write_text(HEADER + "Beta,Antioquia,2011,5,500000\n" + "x" * 131_073 + ",A,2011,1,2\n")
    code, said, before = _import(raw_copy, path, capsys)
    assert code == 2 and _files(raw_copy) == before
    assert "long.csv, row 3: a cell holds more than 32,767 characters" in said


def test_import_of_populations_like_1e20_skips_the_row(
    raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "p.csv"
    path.write_text(HEADER + "Beta,Antioquia,2011,5,1e20\nBeta,Antioquia,2012,5,500000\n")
    code, said, _before = _import(raw_copy, path, capsys)
    assert code == 0 and "Traceback" not in said
    assert "the population is larger than any whole number kept exactly (1)" in said
    assert "row 2, column 'Población': 1e20" in said
    assert build(raw_copy, tmp_path / "out").ok  # what was written builds


def test_import_skips_an_admin_area_written_as_a_formula(
    raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "f.csv"
    path.write_text(HEADER + "Nueva,=1+1,2011,5,500000\nBeta,Antioquia,2011,5,500000\n")
    code, said, _before = _import(raw_copy, path, capsys)
    assert code == 0
    assert "the text begins with =, +, - or @, which spreadsheets run as a formula (1)" in said
    assert "=1+1" not in (raw_copy / "cities.csv").read_text()


@pytest.mark.parametrize("kind", ["folder", "loop"])
def test_import_of_a_folder_or_a_link_loop_stops(
    raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    path = tmp_path / "t.csv"
    if kind == "folder":
        path.mkdir()
    else:
        os.symlink(path.name, path)
    code, said, before = _import(raw_copy, path, capsys)
    assert code == 2 and _files(raw_copy) == before and "Import stopped: t.csv" in said


def test_import_reads_latin1_with_cr_line_endings(tmp_path: Path) -> None:
    path = tmp_path / "cr.csv"
    path.write_bytes((HEADER + "Álpha,Valle,2011,5,1000\n").replace("\n", "\r").encode("cp1252"))
    sheet = read_sheet(path)
    assert sheet.frame["Municipio"].tolist() == ["Álpha"] and sheet.encoding == "cp1252"


# the /admin/import wizard -------------------------------------------------------------------


def _upload(text: str, folder: Path) -> wizard.Upload:
    url = "data:text/csv;base64," + base64.b64encode(text.encode()).decode()
    upload, _sheet = wizard.save_upload(url, "t.csv", folder)
    return upload


def test_wizard_check_and_confirm_of_a_header_only_file_answer_with_a_message(
    raw_copy: Path, tmp_path: Path
) -> None:
    upload = _upload(HEADER, tmp_path / "uploads")
    sheet = wizard.load_upload(upload.upload_id, upload.name, tmp_path / "uploads")
    before = _files(raw_copy)
    with pytest.raises(ImportFailed, match="no rows below its header"):
        wizard.check(sheet, MAPPING, raw_copy)
    with pytest.raises(ImportFailed, match="no rows below its header"):
        wizard.confirm(sheet, MAPPING, raw_copy, tmp_path / "processed")
    assert _files(raw_copy) == before and not (tmp_path / "processed").exists()


def test_wizard_check_of_huge_numbers_reports_the_rows(raw_copy: Path, tmp_path: Path) -> None:
    upload = _upload(HEADER + "Beta,Antioquia,2011,1e400,1e20\n", tmp_path / "uploads")
    sheet = wizard.load_upload(upload.upload_id, upload.name, tmp_path / "uploads")
    report = wizard.check(sheet, MAPPING, raw_copy)
    assert [i.row for i in report.skipped] == [2]


def test_wizard_turns_an_unforeseen_failure_into_a_message(
    raw_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_args: object, **_kwargs: object) -> None:
        raise KeyError("a bug")

    monkeypatch.setattr(wizard, "import_observations", broken)
    upload = _upload(HEADER + "Beta,Antioquia,2011,5,500000\n", tmp_path / "uploads")
    sheet = wizard.load_upload(upload.upload_id, upload.name, tmp_path / "uploads")
    before = _files(raw_copy)
    with pytest.raises(ImportFailed, match="nothing was changed"):
        wizard.confirm(sheet, MAPPING, raw_copy, tmp_path / "processed")
    assert _files(raw_copy) == before


def test_import_library_refuses_the_header_only_sheet_too(raw_copy: Path) -> None:
    with pytest.raises(ImportFailed, match="nothing to import"):
        import_observations(read_sheet(HEADER.encode(), name="h.csv"), MAPPING, raw_copy)


@pytest.mark.parametrize(
    "table", [HEADER, HEADER + "Beta,Antioquia,2011,1e400,1e20\n"], ids=["header-only", "huge"]
)
def test_wizard_check_and_confirm_answer_over_http_not_with_a_server_error(
    raw_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, table: str
) -> None:
    """The finding as it was met: Dash's callback requests for Check and Confirm."""
    from app import create_app
    from components.ids import AdminImport as ids
    from data.repository import Repository

    processed = tmp_path / "processed"
    assert build(raw_copy, processed).ok
    monkeypatch.setenv("OBSERVATORY_ADMIN_TOKEN", "s3cret")
    monkeypatch.setenv("OBSERVATORY_RAW", str(raw_copy))
    monkeypatch.setenv("OBSERVATORY_CACHE", str(tmp_path / "cache"))
    upload = _upload(table, tmp_path / "cache" / "uploads")
    client = create_app(repo=Repository(processed)).server.test_client()
    form = {
        ids.FILE: {"id": upload.upload_id, "name": upload.name, "header_row": 1},
        ids.TOKEN: "s3cret", ids.INDICATOR: "homicide-rate", ids.CITY: "Municipio",
        ids.COUNTRY: "COL", ids.ADMIN: "Departamento", ids.YEAR: "Año",
        ids.COUNTS: ["Homicidios"], ids.POPULATION: "Población", ids.SOURCE_ID: "police",
        ids.UNKNOWN: "skip",
    }  # fmt: skip
    before = _files(raw_copy)
    for button, shown in ((ids.CHECK, ids.REPORT), (ids.CONFIRM, ids.RESULT)):
        deps = client.get("/_dash-dependencies").get_json()
        dep = next(d for d in deps if d["inputs"][0]["id"] == button)
        outputs = [
            {"id": p.split(".")[0], "property": p.split(".")[1]}
            for p in dep["output"].strip(".").split("...")
        ]
        body = {
            "output": dep["output"],
            "outputs": outputs,
            "inputs": [{"id": button, "property": "n_clicks", "value": 1}],
            "changedPropIds": [f"{button}.n_clicks"],
            "state": [{**s, "value": form.get(s["id"])} for s in dep["state"]],
        }
        answer = client.post("/_dash-update-component", json=body)
        assert answer.status_code == 200, answer.get_data(as_text=True)[-500:]
        assert str(shown) in answer.get_json()["response"]
    assert _files(raw_copy) == before or table != HEADER


def test_a_device_or_pipe_in_place_of_a_table_is_refused(raw_copy: Path, tmp_path: Path) -> None:
    (raw_copy / "networks.csv").unlink()
    os.symlink("/dev/zero", raw_copy / "networks.csv")  # would never end
    assert _errors(raw_copy, tmp_path) == ["networks.csv: is not a regular file."]
    pipe = tmp_path / "t.csv"
    os.mkfifo(pipe)
    with pytest.raises(ImportFailed, match=r"t\.csv is not a regular file"):
        read_sheet(pipe)
