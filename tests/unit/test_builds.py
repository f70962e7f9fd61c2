"""The last good build, always: the manifest lists and hashes its files, the app serves a build
only when they check out, a damaged build is never swapped in (at start-up or reload), a worker
with no good build answers "no data yet", and a build never renames the processed folder (so it
may be a mount point)."""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil
from pathlib import Path

import pandas as pd
import pytest

from app import create_app
from data import atomic, builds
from data.builds import BUILDS, CURRENT, MANIFEST
from data.pipeline.build import build
from data.repository import Repository
from data.settings import Settings
from tests.conftest import RAW


def _built(out: Path, raw: Path = RAW) -> str:
    result = build(raw, out)
    assert result.ok, [str(p) for p in result.errors]
    return str(result.manifest["build_id"])  # type: ignore[index]


def test_manifest_lists_and_hashes_every_file(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    _built(out)
    served = out / CURRENT
    manifest = json.loads((served / MANIFEST).read_text())
    parquet = sorted(p.name for p in served.glob("*.parquet"))
    mapped = sorted(p.name for p in served.glob("*.arrow"))  # the copies the app maps
    assert len(parquet) == 9 and [p.replace(".parquet", ".arrow") for p in parquet] == mapped
    assert sorted(manifest["files"]) == sorted(parquet + mapped)
    for name, entry in manifest["files"].items():
        data = (served / name).read_bytes()
        assert entry == {"sha256": hashlib.sha256(data).hexdigest(), "bytes": len(data)}


def test_a_deleted_table_keeps_the_last_good_build_served(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    first = _built(out)
    repo = Repository(out, check_every=0)
    client = create_app(repo=repo).server.test_client()
    (out / CURRENT / "observations.parquet").unlink()
    (out / CURRENT / MANIFEST).touch()  # as the issue did: the manifest says "look again"
    assert repo.snapshot.build_id == first
    answer = client.get("/data/trends.csv?cities=alpha")
    assert answer.status_code == 200
    table = pd.read_csv(pd.io.common.StringIO(answer.get_data(as_text=True)))
    assert (table["city_id"] == "alpha").sum() >= 8  # alpha's years, not an empty answer


def test_a_damaged_build_at_start_up_serves_the_one_before(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    first = _built(out)
    second = _built(out)
    (out / CURRENT / "cities.parquet").write_bytes(b"not parquet")
    repo = Repository(out)
    assert repo.snapshot.build_id == first != second


def test_with_no_good_build_the_app_starts_and_says_no_data_yet(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    _built(out)
    (out / CURRENT / "observations.parquet").write_bytes(b"damaged")
    settings = Settings(data_dir=out, reload_seconds=0, cache_dir=tmp_path / "cache")
    client = create_app(settings).server.test_client()  # what `gunicorn app:server` runs
    page = client.get("/trends")
    assert page.status_code == 503 and "No data yet" in page.get_data(as_text=True)
    assert page.headers["Retry-After"] == "30"
    assert client.get("/data/trends.csv").status_code == 503
    assert client.get("/assets/style.css").status_code == 200  # the page keeps its styles
    _built(out)  # a good build is published: served without a restart
    assert client.get("/trends").status_code == 200


def test_the_processed_folder_is_never_renamed(tmp_path: Path) -> None:
    """A mount point cannot be renamed: the folder keeps its identity across builds, and only
    the `current` link inside it changes."""
    out = tmp_path / "processed"
    out.mkdir()
    inode = out.stat().st_ino
    first = _built(out)
    second = _built(out)
    third = _built(out)
    assert out.stat().st_ino == inode
    assert sorted(p.name for p in tmp_path.iterdir()) == ["processed"]  # nothing beside it
    assert (out / CURRENT).readlink() == Path(BUILDS) / third
    kept = sorted(p.name for p in (out / BUILDS).iterdir())
    assert kept == sorted([second, third]) and first not in kept  # the one before stays


def test_a_folder_of_the_earlier_layout_is_read_and_then_converted(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    _built(tmp_path / "new")
    out.mkdir()
    for path in (tmp_path / "new" / CURRENT).iterdir():
        if path.suffix != ".arrow":  # the earlier layout had its Parquet files only
            shutil.copy(path, out / path.name)
    manifest = json.loads((out / MANIFEST).read_text())
    del manifest["files"]  # earlier manifests did not list files
    (out / MANIFEST).write_text(json.dumps(manifest))
    repo = Repository(out, check_every=0)
    assert repo.snapshot.build_id == manifest["build_id"]
    newer = _built(out)
    assert repo.snapshot.build_id == newer
    assert sorted(p.name for p in out.iterdir()) == [BUILDS, CURRENT]


def test_a_raw_folder_that_is_a_mount_point_is_replaced_entry_by_entry(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def busy(_a: Path, _b: Path) -> None:
        raise OSError(errno.EBUSY, os.strerror(errno.EBUSY))

    monkeypatch.setattr(atomic, "exchange", busy)  # what renameat2 says of a mount point
    target = tmp_path / "raw"
    target.mkdir()
    (target / "old.csv").write_text("old")
    (target / "kept.csv").write_text("before")
    inode = target.stat().st_ino
    with atomic.replace_dir(target) as staging:
        (staging / "kept.csv").write_text("after")
        (staging / "new.csv").write_text("new")
    assert target.stat().st_ino == inode
    assert {p.name: p.read_text() for p in target.iterdir()} == {
        "kept.csv": "after",
        "new.csv": "new",
    }
    assert sorted(p.name for p in tmp_path.iterdir()) == ["raw"]


def test_verify_names_what_is_wrong(tmp_path: Path) -> None:
    out = tmp_path / "processed"
    _built(out)
    served = out / CURRENT
    (served / "areas.parquet").write_bytes((served / "areas.parquet").read_bytes() + b"x")
    with pytest.raises(builds.DamagedBuild, match=r"areas\.parquet: changed since the build"):
        builds.verify(served)
