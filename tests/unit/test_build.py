"""A clean build writes every table and a manifest; a failed one changes nothing."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest

from data.atomic import exchange, replace_dir
from data.builds import CURRENT, MANIFEST
from data.pipeline.build import build
from data.repository import Repository
from data.schema import TABLES
from tests.conftest import FIXTURES, RAW


def _snapshot(folder: Path) -> dict[str, bytes]:
    """Every file under `folder` and where each link points."""
    return {
        str(p.relative_to(folder)): str(p.readlink()).encode() if p.is_symlink() else p.read_bytes()
        for p in sorted(folder.rglob("*"))
        if p.is_symlink() or p.is_file()
    }


def test_manifest_lists_tables_rows_and_input_hashes(built: Path) -> None:
    manifest = json.loads((built / CURRENT / MANIFEST).read_text())
    assert set(manifest["tables"]) == set(TABLES)
    assert manifest["tables"]["observations"]["rows"] == 21
    assert (
        manifest["inputs"]["cities.csv"]["sha256"]
        == __import__("hashlib").sha256((RAW / "cities.csv").read_bytes()).hexdigest()
    )
    assert manifest["years"] == [2015, 2023]
    assert manifest["simulated"] is True
    assert manifest["built_at"].endswith("+00:00")


def test_rates_are_computed_from_count_and_population(built: Path) -> None:
    obs = pd.read_parquet(built / CURRENT / "observations.parquet").set_index(
        ["city_id", "indicator_id", "year"]
    )
    assert obs.loc[("alpha", "homicide-rate", 2019), "value"] == pytest.approx(10.0)
    assert obs.loc[("delta", "homicide-rate", 2021), "value"] == pytest.approx(3 / 80_000 * 1e5)
    assert obs.loc[("delta", "homicide-rate", 2020), "value"] == 0  # a zero count is a zero
    assert obs.loc[("beta", "homicide-rate", 2019), "value"] == 40.0  # given rate kept
    assert bool(obs.loc[("gamma", "homicide-rate", 2019), "simulated"])
    assert not bool(obs.loc[("alpha", "homicide-rate", 2019), "simulated"])


def test_dates_become_periods(built: Path) -> None:
    interventions = pd.read_parquet(built / CURRENT / "interventions.parquet").set_index(
        "intervention_id"
    )
    assert interventions.at["alpha-youth", "start"] == pd.Timestamp("2018-03-01")
    assert interventions.at["alpha-youth", "end"] == pd.Timestamp("2021-06-30")
    assert pd.isna(interventions.at["beta-women", "end"])
    assert interventions.at["beta-women", "start"] == pd.Timestamp("2021-01-01")


def test_cities_get_country_and_region(built: Path) -> None:
    cities = pd.read_parquet(built / CURRENT / "cities.parquet").set_index("city_id")
    assert cities.at["alpha", "country_name"] == "Colombia"
    assert cities.at["alpha", "region"] == "lac"
    assert cities.at["gamma", "region"] == "africa"


def test_failed_build_leaves_the_served_build_untouched(raw_copy: Path, tmp_path: Path) -> None:
    out = tmp_path / "processed"
    assert build(raw_copy, out).ok
    before = _snapshot(out)
    repo = Repository(out, check_every=0)
    shutil.copy(
        FIXTURES / "broken" / "observations__negative_count.csv", raw_copy / "observations.csv"
    )

    result = build(raw_copy, out)

    assert not result.ok
    assert _snapshot(out) == before
    assert repo.snapshot.build_id == json.loads(_snapshot(out / CURRENT)[MANIFEST])["build_id"]
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed", "raw"]  # no staging left


def test_second_build_replaces_the_first_and_the_repository_picks_it_up(
    raw_copy: Path, tmp_path: Path
) -> None:
    out = tmp_path / "processed"
    assert build(raw_copy, out).ok
    repo = Repository(out, check_every=0)
    first = repo.snapshot.build_id
    obs = raw_copy / "observations.csv"
    obs.write_text(obs.read_text() + "beta,perceived-safety,2023,55.0,,,survey,\n")

    assert build(raw_copy, out).ok

    assert repo.snapshot.build_id != first
    assert len(repo.table("observations")) == 22
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed", "raw"]  # no leftovers


def test_out_folder_that_is_not_a_build_is_never_replaced(tmp_path: Path) -> None:
    out = tmp_path / "precious"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    result = build(RAW, out)
    assert not result.ok
    assert "not an observatory build" in result.errors[0].message
    assert (out / "notes.txt").read_text() == "mine"


def test_exchange_swaps_two_folders(tmp_path: Path) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    (a / "x").write_text("a")
    (b / "x").write_text("b")
    exchange(a, b)
    assert (a / "x").read_text() == "b" and (b / "x").read_text() == "a"


def test_replace_dir_keeps_the_old_contents_when_the_block_fails(tmp_path: Path) -> None:
    target = tmp_path / "t"
    target.mkdir()
    (target / "f").write_text("old")
    with pytest.raises(RuntimeError), replace_dir(target) as staging:
        (staging / "f").write_text("new")
        raise RuntimeError("disk full")
    assert (target / "f").read_text() == "old"
    assert [p.name for p in tmp_path.iterdir()] == ["t"]
