"""The pre-commit hooks, run by the real ``pre-commit try-repo`` against this checkout on a
throw-away git repository with a bad Dockerfile. Slow (pre-commit builds a virtual
environment and installs dlint into it), so it runs once, with both hooks."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PRE_COMMIT = Path(sys.executable).parent / "pre-commit"
BAD = "from alpine:3.20 AS build\nrun echo hi\n"
FIXED = "from alpine:3.20 as build\nrun echo hi\n"
#: A clean Dockerfile whose only finding has a safe fix that creates a .dockerignore.
COPIES_ALL = "# syntax=docker/dockerfile:1.7-labs\nFROM alpine:3.20\nCOPY --exclude=*.log . /app/\n"


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git checkout")
def test_try_repo_runs_both_hooks(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "Dockerfile").write_text(BAD, encoding="utf-8")
    (project / "app.Dockerfile").write_text(BAD, encoding="utf-8")
    (project / "README.md").write_text("not a Dockerfile\n", encoding="utf-8")
    (project / "web").mkdir()
    (project / "web" / "Dockerfile").write_text(COPIES_ALL, encoding="utf-8")
    (project / "web" / "debug.log").write_text("", encoding="utf-8")
    _git("init", "-q", cwd=project)
    _git("add", ".", cwd=project)
    environment = dict(
        os.environ,
        PRE_COMMIT_HOME=str(tmp_path / "cache"),
        GIT_AUTHOR_NAME="t",
        GIT_AUTHOR_EMAIL="t@example.com",
        GIT_COMMITTER_NAME="t",
        GIT_COMMITTER_EMAIL="t@example.com",
    )
    environment.pop("VIRTUAL_ENV", None)
    run = subprocess.run(
        [str(PRE_COMMIT), "try-repo", str(ROOT), "--all-files", "--color", "never"],
        cwd=project,
        capture_output=True,
        text=True,
        env=environment,
        check=False,
        timeout=900,
    )
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    lines = output.splitlines()
    check = next(line for line in lines if line.startswith("dlint.."))
    fix = next(line for line in lines if line.startswith("dlint (fix).."))
    assert check.endswith("Failed"), output
    assert fix.endswith("Failed"), output
    assert "DLX007" in output  # the check hook reports the finding
    assert "files were modified by this hook" in output
    assert (project / "Dockerfile").read_text(encoding="utf-8") == FIXED
    assert (project / "app.Dockerfile").read_text(encoding="utf-8") == FIXED
    # the second file a fix writes: created, and the hook fails for it (pre-commit itself
    # sees only changes to tracked files)
    assert (project / "web" / ".dockerignore").read_text(encoding="utf-8") == "# logs\n**/*.log\n"
    assert "web/Dockerfile: created web/.dockerignore" in output
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)
