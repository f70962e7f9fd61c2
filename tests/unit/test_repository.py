"""The data-access layer: one load, typed lookups, and the last good build kept on failure."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from data.builds import CURRENT, MANIFEST
from data.i18n import language
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
