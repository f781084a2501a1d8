"""The ``dlint`` command: syntax findings, exit codes, stdin."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from dlint.cli import main

ROOT = Path(__file__).resolve().parent.parent


def test_clean_file_exits_zero(capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(ROOT / "examples" / "Dockerfile")]) == 0
    assert capsys.readouterr().out == ""


def test_broken_file_reports_exact_positions(capsys: pytest.CaptureFixture[str]) -> None:
    path = str(ROOT / "examples" / "broken.Dockerfile")
    assert main([path]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{path}:2:1: DLX002 unknown instruction: RUNN (did you mean RUN?)",
        f"{path}:3:5: DLX001 ENV must have two arguments",
        f"{path}:4:12: DLX001 when using JSON array syntax, "
        "arrays must be comprised of strings only",
    ]


def test_unreadable_file_exits_two(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main([str(tmp_path / "missing")]) == 2
    assert "cannot read" in capsys.readouterr().err


def test_stdin_with_filename() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dlint", "-", "--stdin-filename", "Dockerfile"],
        input="FROM a\nFOO x\n",
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert result.stdout.startswith("Dockerfile:2:1: DLX002 unknown instruction: FOO")


def test_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "dlint", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0
    assert result.stdout.startswith("dlint ")
