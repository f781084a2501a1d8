"""The pre-commit hooks, run by the real ``pre-commit try-repo`` against this checkout on a
throw-away git repository with bad Dockerfiles. Slow (each ``try-repo`` builds a virtual
environment and installs dlint into it), so it runs every hook once, then the format hook
again to see it pass."""

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
#: ``BAD`` after the fix hook (one case for the instructions and ``AS``), then the format
#: hook (instructions and ``AS`` in capitals).
FORMATTED = "FROM alpine:3.20 AS build\nRUN echo hi\n"
#: Only the format hook changes it (no finding has a fix).
MESSY = (
    "FROM alpine:3.20\nRUN  apk add --no-cache  git curl wget bash && \\\n  echo  done\n"
    '\n\n\nCMD ["sh"]\n'
)
#: ``MESSY`` formatted (continuation lines keep the file's indent, two spaces).
TIDY = (
    "FROM alpine:3.20\nRUN apk add --no-cache \\\n  bash \\\n  curl \\\n  git \\\n  wget \\\n"
    '  && echo done\n\nCMD ["sh"]\n'
)
#: A clean Dockerfile whose only finding has a safe fix that creates a .dockerignore.
COPIES_ALL = "# syntax=docker/dockerfile:1.7-labs\nFROM alpine:3.20\nCOPY --exclude=*.log . /app/\n"


def _git(*args: str, cwd: Path) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, capture_output=True)


@pytest.mark.skipif(not (ROOT / ".git").exists(), reason="needs the git checkout")
def test_try_repo_runs_the_hooks(tmp_path: Path) -> None:
    project = tmp_path / "project"
    project.mkdir()
    (project / "Dockerfile").write_text(BAD, encoding="utf-8")
    (project / "app.Dockerfile").write_text(BAD, encoding="utf-8")
    (project / "messy.Dockerfile").write_text(MESSY, encoding="utf-8")
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

    def try_repo(*hook: str) -> tuple[int, str]:
        run = subprocess.run(
            [str(PRE_COMMIT), "try-repo", str(ROOT), *hook, "--all-files", "--color", "never"],
            cwd=project,
            capture_output=True,
            text=True,
            env=environment,
            check=False,
            timeout=900,
        )
        return run.returncode, run.stdout + run.stderr

    code, output = try_repo()  # every hook, in the order of their ids
    assert code == 1, output
    lines = output.splitlines()
    check = next(line for line in lines if line.startswith("dlint.."))
    fix = next(line for line in lines if line.startswith("dlint (fix).."))
    formatting = next(line for line in lines if line.startswith("dlint (format).."))
    assert check.endswith("Failed"), output
    assert fix.endswith("Failed"), output
    assert formatting.endswith("Failed"), output
    assert "DLX007" in output  # the check hook reports the finding
    assert output.count("files were modified by this hook") == 2  # the fix and format hooks
    assert "dlint: fixed 3 problems in 3 files" in output
    assert "dlint: 3 files reformatted, 1 left unchanged" in output
    assert (project / "Dockerfile").read_text(encoding="utf-8") == FORMATTED
    assert (project / "app.Dockerfile").read_text(encoding="utf-8") == FORMATTED
    assert (project / "messy.Dockerfile").read_text(encoding="utf-8") == TIDY
    # the second file a fix writes: created, and the hook fails for it (pre-commit itself
    # sees only changes to tracked files)
    assert (project / "web" / ".dockerignore").read_text(encoding="utf-8") == "# logs\n**/*.log\n"
    assert "web/Dockerfile: created web/.dockerignore" in output

    # the format hook again: nothing left to change, it passes
    code, output = try_repo("dlint-format")
    assert code == 0, output
    formatting = next(line for line in output.splitlines() if line.startswith("dlint (format).."))
    assert formatting.endswith("Passed"), output
    assert (project / "messy.Dockerfile").read_text(encoding="utf-8") == TIDY
    shutil.rmtree(tmp_path / "cache", ignore_errors=True)
