"""The data-access layer: one load, typed lookups, and the last good build kept on failure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from data.builds import CURRENT, MANIFEST
from data.i18n import language
from data.pipeline.build import build
from data.repository import NoData, Repository, load_snapshot, read_parquet
from tests.conftest import RAW


def test_missing_folder_says_so(tmp_path: Path) -> None:
    repo = Repository(tmp_path / "nothing")
    assert not repo.ready
    with pytest.raises(NoData):
        repo.snapshot  # noqa: B018


def test_lookups(repo: Repository) -> None:
    indicator = repo.indicator("homicide-rate")
    assert indicator is not None and indicator.per_100k and indicator.lower_is_better
    assert repo.indicator("nope") is None
    assert repo.default_indicator() == "homicide-rate"
    assert repo.city_names(["beta", "alpha", "zeta"]) == {"beta": "Beta", "alpha": "Álpha"}
    assert repo.table("cities").index.name == "city_id"


def test_indicators_and_countries_come_in_the_current_language(repo: Repository) -> None:
    """The fixture's indicators.csv gives homicide-rate in Spanish and French (label_es, ...)
    and perceived-safety in English only; country names come from CLDR."""
    with language("es"):
        homicide = repo.indicator("homicide-rate")
        assert homicide is not None
        assert (homicide.label, homicide.unit) == ("Tasa de homicidios", "por 100 000")
        assert homicide.untranslated == ()
        safety = repo.indicator("perceived-safety")
        assert safety is not None and safety.label == "Feeling safe at night"
        assert safety.untranslated == ("label", "unit", "description")
        assert repo.untranslated() == ["Feeling safe at night"]
        assert repo.table("indicators").at["homicide-rate", "label"] == "Tasa de homicidios"
        countries = repo.table("cities")["country_name"].to_dict()
        assert (countries["delta"], countries["gamma"]) == ("Bélgica", "Kenia")
    with language("fr"):
        assert repo.table("cities").at["delta", "country_name"] == "Belgique"
        assert repo.indicator("homicide-rate").unit == "pour 100 000"  # type: ignore[union-attr]
    # English, the data's own language: nothing to excuse
    assert repo.indicator("homicide-rate").label == "Homicide rate"  # type: ignore[union-attr]
    assert repo.untranslated() == []
    assert repo.table("cities").at["delta", "country_name"] == "Belgium"


def test_a_broken_new_build_does_not_replace_the_loaded_one(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    assert build(RAW, out).ok
    repo = Repository(out, check_every=0)
    first = repo.snapshot.build_id
    served = out / CURRENT
    (served / "cities.parquet").write_bytes(b"not parquet")  # someone edits the build by hand
    (served / MANIFEST).write_text((served / MANIFEST).read_text().replace(first, "f" * 32))
    assert repo.snapshot.build_id == first
    assert len(repo.table("cities")) == 4


def test_a_build_copied_to_a_host_and_switched_to_is_loaded(tmp_path: Path) -> None:
    """docs/deployment.md's synchronised folders: a build made on one machine is copied into a
    host's builds/ folder, then the host's `current` link is switched to it in one step."""
    made, host = tmp_path / "build-machine", tmp_path / "host"

    def copy_the_served_build() -> str:  # rsync, then ln -s and mv -T
        build_id = json.loads((made / CURRENT / MANIFEST).read_text())["build_id"]
        shutil.copytree(made / "builds" / build_id, host / "builds" / build_id)
        (host / ".current-new").symlink_to(Path("builds") / build_id)
        (host / ".current-new").rename(host / CURRENT)
        return build_id

    assert build(RAW, made).ok
    first = copy_the_served_build()
    repo = Repository(host, check_every=0)
    assert repo.snapshot.build_id == first
    assert build(RAW, made).ok
    second = copy_the_served_build()
    assert second != first
    assert repo.snapshot.build_id == second


def test_a_table_is_read_as_pandas_reads_it_in_one_piece(tmp_path: Path) -> None:
    """Written in row groups of 2, read as pandas reads it (strings, gaps, nullable years), but
    each column in one chunk: a few rows of a chunked column cost a join of all its chunks."""
    table = pa.table(
        {
            "city_id": ["a", "b", None, "d", "e"],
            "year": pa.array([2019, None, 2021, 2022, 2023], pa.int64()),
            "value": [1.5, None, 3.0, 4.0, 5.5],
        }
    )
    frame = table.to_pandas().astype({"year": "Int64"})
    path = tmp_path / "t.parquet"
    frame.to_parquet(path, index=False, row_group_size=2)
    assert pq.ParquetFile(path).num_row_groups == 3
    read = read_parquet(path)
    pd.testing.assert_frame_equal(read, pd.read_parquet(path), check_exact=True)
    assert read["city_id"].tolist()[:2] == ["a", "b"] and np.isnan(read["value"][1])
    assert read["city_id"].array.__arrow_array__().num_chunks == 1  # numbers are numpy arrays


def test_the_served_tables_are_the_parquet_tables_mapped_from_the_arrow_files(
    tmp_path: Path,
) -> None:
    """Every worker maps the build's Arrow files (data/mapped.py): each table equals what pandas
    reads from its Parquet file, column types included, and its texts and decimals lie in the
    mapped file, not in the worker's own memory."""
    out = tmp_path / "processed"
    assert build(RAW, out).ok
    snapshot = load_snapshot(out)
    served = out / CURRENT
    for name, frame in snapshot.tables.items():
        path = served / f"{name}.parquet"
        if not path.is_file():  # an optional table the fixture lacks
            continue
        expected = pd.read_parquet(path)
        pd.testing.assert_frame_equal(
            frame.reset_index(drop=True), expected, check_exact=True, check_index_type=False
        )
    obs = snapshot["observations"]
    mapped = (served / "observations.arrow").read_bytes()
    city_ids = obs["city_id"].array.__arrow_array__().chunk(0)
    assert city_ids.buffers()[2].to_pybytes() in mapped  # the texts as the file holds them
    assert obs["value"].to_numpy().base is not None  # a view of the mapped file, not a copy
    assert not obs["value"].to_numpy().flags.writeable


def test_a_build_made_before_the_mapped_files_is_read_from_parquet(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    assert build(RAW, out).ok
    served = out / CURRENT
    manifest = json.loads((served / MANIFEST).read_text())
    for path in served.glob("*.arrow"):
        path.unlink()
        del manifest["files"][path.name]
    (served / MANIFEST).write_text(json.dumps(manifest))
    obs = load_snapshot(out)["observations"]
    pd.testing.assert_frame_equal(obs, pd.read_parquet(served / "observations.parquet"))
