"""The demo dataset: deterministic, big enough, real facts cited, simulated values labelled."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from data.demo import facts
from data.demo.generate import NotADemoFolder, Scale, demo_tables, write_demo
from data.geo import countries
from data.pipeline.build import build


@pytest.fixture(scope="module")
def tables() -> dict[str, pd.DataFrame]:
    return demo_tables()


def test_same_seed_same_data(tables: dict[str, pd.DataFrame]) -> None:
    again = demo_tables()
    for name, frame in tables.items():
        pd.testing.assert_frame_equal(frame, again[name])


def test_size_and_spread(tables: dict[str, pd.DataFrame]) -> None:
    cities = tables["cities"]
    assert len(cities) >= 60
    regions = {countries()[c].region for c in cities["country"]}
    assert len(regions) == 5
    assert len(tables["networks"]) == 5
    assert len(tables["interventions"]) >= 40
    years = tables["observations"]["year"]
    assert (years.min(), years.max()) == (2000, 2023)
    assert {"homicide-rate", "vaw-reports", "perceived-safety", "youth-violence"} <= set(
        tables["indicators"]["indicator_id"]
    )
    themes = set(tables["interventions"]["theme"])
    assert len(themes) >= 8


def test_every_indicator_value_is_simulated(tables: dict[str, pd.DataFrame]) -> None:
    sources = tables["sources"].set_index("source_id")
    for table in ("observations", "national"):
        used = set(tables[table]["source_id"])
        assert used and sources.loc[sorted(used), "simulated"].astype(str).eq("True").all()


def test_real_facts_cite_their_documents(tables: dict[str, pd.DataFrame]) -> None:
    interventions = tables["interventions"].set_index("intervention_id")
    assert interventions.at["pif-kano", "source_id"] == facts.PIOC
    assert "Hausa" in interventions.at["pif-kano", "description"]
    pif = interventions[interventions.index.str.startswith("pif-")]
    assert set(pif["city_id"]) == {
        "cali",
        "palmira",
        "escobedo",
        "guadalajara",
        "mechelen",
        "nairobi",
        "kano",
        "hargeisa",
    }
    assert len(pif) == 9
    networks = tables["networks"].set_index("network_id")
    assert networks.at["pioc", "founded"] == 2019 and networks.at["pioc", "reference_year"] == 2019
    assert networks.at["scn", "founded"] == 2015
    memberships = tables["memberships"]
    oslo = memberships[(memberships["city_id"] == "oslo") & (memberships["network_id"] == "scn")]
    assert oslo["source_id"].tolist() == [facts.SCN]
    # coordinates come from GeoNames, not typed by hand
    cities = tables["cities"].set_index("city_id")
    assert cities.at["cali", "source_id"] == facts.GEONAMES
    assert cities.at["cali", "lat"] == pytest.approx(3.44, abs=0.05)


def test_demo_builds_cleanly(tmp_path: Path) -> None:
    write_demo(tmp_path / "raw")
    result = build(tmp_path / "raw", tmp_path / "out")
    assert result.ok, [str(p) for p in result.errors]
    assert result.warnings == []


def test_scale_grows_the_demo(tmp_path: Path) -> None:
    tables = demo_tables(
        Scale(
            cities=150,
            indicators=6,
            interventions=120,
            memberships=300,
            first_year=2010,
            last_year=2015,
        )
    )
    assert len(tables["cities"]) == 150 and tables["cities"]["city_id"].is_unique
    assert len(tables["indicators"]) == 6
    assert len(tables["interventions"]) == 120
    assert len(tables["memberships"]) >= 300


def test_demo_never_overwrites_someone_elses_folder(tmp_path: Path) -> None:
    mine = tmp_path / "raw"
    mine.mkdir()
    (mine / "observations.csv").write_text("my real data")
    with pytest.raises(NotADemoFolder):
        write_demo(mine)
    assert (mine / "observations.csv").read_text() == "my real data"
    write_demo(tmp_path / "demo")
    write_demo(tmp_path / "demo")  # its own folder may be rewritten
