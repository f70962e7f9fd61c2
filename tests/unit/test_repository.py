"""The data-access layer: one load, typed lookups, and the last good build kept on failure."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from data.builds import CURRENT, MANIFEST
from data.pipeline.build import build
from data.repository import NoData, Repository
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


def test_a_processed_link_switched_to_another_copied_build_is_loaded(tmp_path: Path) -> None:
    """docs/deployment.md's synchronised folders: each host gets the build's files copied
    into a folder of their own, then its `processed` link is renamed over in one step."""
    first, second = tmp_path / "builds" / "1", tmp_path / "builds" / "2"
    assert build(RAW, first).ok and build(RAW, second).ok
    processed = tmp_path / "processed"
    processed.symlink_to(first)
    repo = Repository(processed, check_every=0)
    assert repo.snapshot.build_id == json.loads((first / MANIFEST).read_text())["build_id"]
    (tmp_path / "processed.next").symlink_to(second)
    (tmp_path / "processed.next").rename(processed)  # `mv -T processed.next processed`
    assert repo.snapshot.build_id == json.loads((second / MANIFEST).read_text())["build_id"]
