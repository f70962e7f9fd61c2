"""The upload wizard's server side: token, upload limits, check without writing, confirmed
import with an atomic rebuild, and the page that exists only with a token."""

from __future__ import annotations

import base64
from pathlib import Path

import pandas as pd
import pytest

from callbacks.routing import render
from data.importers import wizard
from data.importers.mapping import ObservationMapping, Source
from data.importers.reading import ImportFailed
from data.pipeline.build import build
from data.repository import Repository

TABLE = "Municipio,Año,Homicidios,Población\nÁlpha,2011,300,1000000\nBeta,2011,50,500000\n"
MAPPING = ObservationMapping(
    city_column="Municipio", country="COL", year_column="Año", count_columns=("Homicidios",),
    population_column="Población", source=Source(title="Policía", source_id="policia"),
)  # fmt: skip


def _data_url(text: str) -> str:
    return "data:text/csv;base64," + base64.b64encode(text.encode()).decode()


def _files(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and where each link points."""
    return {
        str(p.relative_to(folder)): str(p.readlink()).encode() if p.is_symlink() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_symlink() or p.is_file()
    }


def test_token_is_required_and_compared_exactly() -> None:
    assert wizard.token_ok("s3cret", "s3cret")
    assert not wizard.token_ok("s3cre", "s3cret")
    assert not wizard.token_ok(None, "s3cret")
    assert not wizard.token_ok("", "")  # no token configured: never enabled


def test_upload_is_kept_and_read_back(tmp_path: Path) -> None:
    upload, sheet = wizard.save_upload(_data_url(TABLE), "../../etc/tasas.csv", tmp_path)
    assert upload.name == "tasas.csv" and sheet.columns[0] == "Municipio"
    assert (tmp_path / upload.upload_id / wizard.CELLS).is_file()  # read once, kept as cells
    again = wizard.load_upload(upload.upload_id, upload.name, tmp_path)
    assert again.frame.equals(sheet.frame)
    with pytest.raises(ImportFailed, match="again"):
        wizard.load_upload("../x", upload.name, tmp_path)


def test_upload_with_a_title_line_reads_from_its_header_row(tmp_path: Path) -> None:
    upload, sheet = wizard.save_upload(_data_url("Tasas 2011\n" + TABLE), "t.csv", tmp_path, 2)
    assert sheet.columns == ["Municipio", "Año", "Homicidios", "Población"]
    assert list(sheet.frame.index) == [3, 4]  # row numbers as the spreadsheet shows them
    again = wizard.load_upload(upload.upload_id, upload.name, tmp_path, 2)
    assert again.columns == sheet.columns


def test_upload_over_the_limit_or_damaged_is_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(wizard, "MAX_BYTES", 10)
    with pytest.raises(ImportFailed, match="larger than"):
        wizard.save_upload(_data_url(TABLE), "big.csv", tmp_path)
    with pytest.raises(ImportFailed, match="damaged"):
        wizard.save_upload("data:text/csv;base64,@@@", "bad.csv", tmp_path)
    assert not any(tmp_path.iterdir())


def test_guess_picks_official_column_names() -> None:
    guessed = wizard.guess(["Código", "Municipio", "Departamento", "Año", "Homicidios", "Tasa"])
    assert guessed["city"] == "Municipio" and guessed["year"] == "Año"
    assert guessed["counts"] == ["Homicidios"] and guessed["value"] is None


def test_check_writes_nothing_then_confirm_rebuilds(raw_copy: Path, tmp_path: Path) -> None:
    processed = tmp_path / "processed"
    assert build(raw_copy, processed).ok
    repo = Repository(processed, check_every=0)
    before = _files(raw_copy)
    _upload, sheet = wizard.save_upload(_data_url(TABLE), "t.csv", tmp_path / "uploads")

    report = wizard.check(sheet, MAPPING, raw_copy)
    assert report.ok and report.added == 2 and _files(raw_copy) == before

    report, result = wizard.confirm(sheet, MAPPING, raw_copy, processed)
    assert report.ok and result is not None and result.ok
    obs = repo.table("observations")  # the running app's repository sees the new build
    assert ((obs["city_id"] == "alpha") & (obs["year"] == 2011)).any()
    raw_obs = pd.read_csv(raw_copy / "observations.csv", dtype=str)
    assert ((raw_obs["city_id"] == "beta") & (raw_obs["year"] == "2011")).any()


def test_confirm_that_the_build_refuses_changes_nothing(raw_copy: Path, tmp_path: Path) -> None:
    processed = tmp_path / "processed"
    assert build(raw_copy, processed).ok
    # A broken row already in the folder: the import is fine, the build is not.
    with (raw_copy / "interventions.csv").open("a", encoding="utf-8") as f:
        f.write("broken,alpha,T,not-a-theme,2020,,ongoing,Org,,,,,,D,,,police\n")
    raw_before, out_before = _files(raw_copy), _files(processed)
    _upload, sheet = wizard.save_upload(_data_url(TABLE), "t.csv", tmp_path / "uploads")
    report, result = wizard.confirm(sheet, MAPPING, raw_copy, processed)
    assert not report.ok and result is not None and not result.ok
    assert "interventions.csv" in " ".join(report.build_problems)
    assert _files(raw_copy) == raw_before and _files(processed) == out_before


def test_page_exists_only_with_a_token(repo: Repository, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("OBSERVATORY_ADMIN_TOKEN", raising=False)
    assert "Page not found" in str(render(repo, "/admin/import", ""))
    monkeypatch.setenv("OBSERVATORY_ADMIN_TOKEN", "s3cret")
    assert "Import a table" in str(render(repo, "/admin/import", ""))
