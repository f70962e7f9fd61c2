"""Shared fixtures: the small hand-made dataset, built once, and browser settings."""

from __future__ import annotations

import dataclasses
import os
import shutil
import socket
import tempfile
from pathlib import Path

import pytest
from flask.testing import FlaskClient

from data.pipeline.build import build
from data.repository import Repository
from data.settings import Settings

FIXTURES = Path(__file__).parent / "fixtures"
RAW = FIXTURES / "raw"
ROOT = Path(__file__).resolve().parent.parent


def _public_data() -> Path:
    """../shared/data/public beside the clone (or beside a folder holding worktrees)."""
    for parent in ROOT.parents:
        if (parent / "shared" / "data" / "public").is_dir():
            return parent / "shared" / "data" / "public"
    return ROOT.parent / "shared" / "data" / "public"


# Tests count what the answer cache holds: no pages rendered behind their backs.
os.environ["OBSERVATORY_WARM"] = "0"
# Kept answers and compressed files of the apps tests start: never the repository's own folder.
os.environ["OBSERVATORY_CACHE"] = tempfile.mkdtemp(prefix="observatory-tests-")
# The fixture data end in 2023: statuses are judged as in 2026, so that they do not turn into
# "data too old" as the calendar moves on.
os.environ["OBSERVATORY_STATUS_YEAR"] = "2026"

PUBLIC_DATA = Path(os.environ.get("OBSERVATORY_PUBLIC_DATA") or _public_data())


@pytest.fixture(scope="session")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture dataset, built once per test session. Do not write into it."""
    out = tmp_path_factory.mktemp("built") / "processed"
    result = build(RAW, out)
    assert result.ok, [str(p) for p in result.errors]
    return out


@pytest.fixture(scope="session")
def repo(built: Path) -> Repository:
    return Repository(built)


@pytest.fixture(scope="module")
def client(repo: Repository) -> FlaskClient:
    """The app on the fixture data, one per test module."""
    from app import create_app

    return create_app(repo=repo).server.test_client()


@pytest.fixture
def own_cache(tmp_path: Path) -> Settings:
    """Settings whose app keeps its answers apart from every other test's."""
    return dataclasses.replace(Settings.from_env(), cache_dir=tmp_path / "cache")


@pytest.fixture
def raw_copy(tmp_path: Path) -> Path:
    """A private copy of the fixture raw folder, for tests that break or change it."""
    target = tmp_path / "raw"
    shutil.copytree(RAW, target)
    return target


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def pytest_setup_options():
    """Chromium as the project runs it: no background traffic, and every host but the local
    one unresolvable, so a request to a CDN fails loudly instead of passing unnoticed."""
    from selenium.webdriver.chrome.options import Options

    options = Options()
    for flag in (
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--no-first-run",
        "--disable-gpu",
        "--window-size=1280,1000",
        # Bootstrap scrolls smoothly unless motion is reduced; Selenium then clicks mid-scroll.
        "--force-prefers-reduced-motion",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost, EXCLUDE 127.0.0.1",
    ):
        options.add_argument(flag)
    return options
