"""The `observatory` command as a coordinator uses it: clear messages and honest exit codes."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from app import main
from tests.conftest import FIXTURES, RAW


def test_build_reports_success(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["build", "--raw", str(RAW), "--out", str(tmp_path / "out")]) == 0
    assert "Built 9 tables" in capsys.readouterr().out


def test_build_failure_lists_problems_and_exits_non_zero(
    raw_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    shutil.copy(
        FIXTURES / "broken" / "observations__negative_count.csv", raw_copy / "observations.csv"
    )
    assert main(["build", "--raw", str(raw_copy), "--out", str(tmp_path / "out")]) == 1
    err = capsys.readouterr().err
    assert "observations.csv, row 3, column 'count': -115 is negative" in err
    assert "Nothing in" in err and "was changed" in err


def test_demo_then_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["demo", "--out", str(tmp_path / "raw")]) == 0
    assert main(["build", "--raw", str(tmp_path / "raw"), "--out", str(tmp_path / "out")]) == 0
    assert (tmp_path / "out" / "current" / "manifest.json").is_file()


def test_demo_refuses_a_folder_with_other_files(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "mine.csv").write_text("x")
    assert main(["demo", "--out", str(tmp_path)]) == 2
    assert "nothing was changed" in capsys.readouterr().err


def test_serve_without_data_says_what_to_do(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["serve", "--data", str(tmp_path / "none")]) == 2
    assert "observatory demo" in capsys.readouterr().err
