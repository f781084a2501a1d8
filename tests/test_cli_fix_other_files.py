"""Fixes that write a second file (the `.dockerignore`): written with the Dockerfile or
not at all, shown by ``--diff``, never written for standard input, run as a user runs them."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from tests.test_cli import dlint, write

DOCKERFILE = "FROM python:3.12-slim\nMAINTAINER Jane <jane@example.com>\nCOPY . /app/\n"
FIXED = (
    "FROM python:3.12-slim\n"
    'LABEL org.opencontainers.image.authors="Jane <jane@example.com>"\n'
    "COPY . /app/\n"
)
CREATED = "# version control\n.git\n\n# Python virtual environments\n.venv\n"
ONLY = ("--select", "DLX009,DLX406,DLX407")


def _project(root: Path, dockerfile: str = DOCKERFILE) -> Path:
    write(root / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(root / ".venv" / "pyvenv.cfg", "home = /usr\n")
    write(root / "app.py", "print(1)\n")
    return write(root / "Dockerfile", dockerfile)


def test_fix_writes_the_dockerfile_and_creates_the_ignore_file(tmp_path: Path) -> None:
    path = _project(tmp_path)
    result = dlint("--fix", "--unsafe-fixes", *ONLY, "Dockerfile", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.read_text(encoding="utf-8") == FIXED
    assert (tmp_path / ".dockerignore").read_text(encoding="utf-8") == CREATED
    assert "Dockerfile: created .dockerignore" in result.stderr
    assert "fixed 2 problems in 1 file" in result.stderr
    again = dlint("--fix", "--unsafe-fixes", *ONLY, "Dockerfile", cwd=tmp_path)
    assert "fixed 0 problems" in again.stderr and "created" not in again.stderr
    assert (tmp_path / ".dockerignore").read_text(encoding="utf-8") == CREATED


def test_unsafe_ignore_file_fix_needs_the_flag(tmp_path: Path) -> None:
    _project(tmp_path)
    result = dlint("--fix", *ONLY, "Dockerfile", cwd=tmp_path)
    assert not (tmp_path / ".dockerignore").exists()
    assert "DLX406" in result.stdout


def test_diff_shows_both_files_and_writes_neither(tmp_path: Path) -> None:
    path = _project(tmp_path)
    result = dlint("--diff", "--unsafe-fixes", *ONLY, "Dockerfile", cwd=tmp_path)
    assert result.returncode == 1
    assert path.read_text(encoding="utf-8") == DOCKERFILE
    assert not (tmp_path / ".dockerignore").exists()
    assert result.stdout.splitlines() == [
        "--- a/Dockerfile",
        "+++ b/Dockerfile",
        "@@ -1,3 +1,3 @@",
        " FROM python:3.12-slim",
        "-MAINTAINER Jane <jane@example.com>",
        '+LABEL org.opencontainers.image.authors="Jane <jane@example.com>"',
        " COPY . /app/",
        "--- /dev/null",
        "+++ b/.dockerignore",
        "@@ -0,0 +1,5 @@",
        "+# version control",
        "+.git",
        "+",
        "+# Python virtual environments",
        "+.venv",
    ]
    assert "would fix 2 problems in 2 files" in result.stderr


def test_diff_of_an_extended_ignore_file(tmp_path: Path) -> None:
    _project(tmp_path, "FROM python:3.12-slim\nCOPY . /app/\n")
    write(tmp_path / ".dockerignore", "*.md")
    result = dlint("--diff", "--unsafe-fixes", *ONLY, "Dockerfile", cwd=tmp_path)
    assert result.stdout.splitlines() == [
        "--- a/.dockerignore",
        "+++ b/.dockerignore",
        "@@ -1 +1,7 @@",
        "-*.md",
        "\\ No newline at end of file",
        "+*.md",
        "+",
        "+# version control",
        "+.git",
        "+",
        "+# Python virtual environments",
        "+.venv",
    ]


def test_fix_stdin_never_writes_the_ignore_file_and_says_so(tmp_path: Path) -> None:
    _project(tmp_path)
    result = dlint(
        "--fix", "--unsafe-fixes", *ONLY, "-", "--stdin-filename", "Dockerfile",
        stdin=DOCKERFILE, cwd=tmp_path,
    )
    assert result.stdout == FIXED
    assert not (tmp_path / ".dockerignore").exists()
    assert (
        "dlint: Dockerfile: not applied: Create .dockerignore keeping out .git, .venv (it "
        "writes .dockerignore, which dlint never does for standard input; run dlint --fix "
        "on the file)"
    ) in result.stderr


def test_read_only_ignore_file_leaves_both_files_as_they_were(tmp_path: Path) -> None:
    path = _project(tmp_path)
    ignore = write(tmp_path / ".dockerignore", "*.md\n")
    ignore.chmod(0o444)
    try:
        result = dlint("--fix", "--unsafe-fixes", *ONLY, "Dockerfile", cwd=tmp_path)
        assert result.returncode == 2
        assert "cannot write fixes: .dockerignore is read-only" in result.stderr
        assert path.read_text(encoding="utf-8") == DOCKERFILE
        assert ignore.read_text(encoding="utf-8") == "*.md\n"
        assert "DLX009" in result.stdout and "DLX407" in result.stdout
        assert not [n for n in os.listdir(tmp_path) if n.startswith(".Dockerfile.")]
    finally:
        ignore.chmod(stat.S_IRUSR | stat.S_IWUSR)


def test_exit_non_zero_on_fix_sees_a_created_file(tmp_path: Path) -> None:
    _project(tmp_path, "FROM python:3.12-slim\nCOPY --exclude=.git --exclude=.venv . /app/\n")
    plain = dlint("--fix", *ONLY, "Dockerfile", cwd=tmp_path / ".")
    assert plain.returncode == 0, plain.stdout + plain.stderr  # a safe fix: nothing left
    assert (tmp_path / ".dockerignore").exists()
    (tmp_path / ".dockerignore").unlink()
    flagged = dlint("--fix", "--exit-non-zero-on-fix", *ONLY, "Dockerfile", cwd=tmp_path)
    assert flagged.returncode == 1
    assert (tmp_path / ".dockerignore").exists()
    idle = dlint("--fix", "--exit-non-zero-on-fix", *ONLY, "Dockerfile", cwd=tmp_path)
    assert idle.returncode == 0, idle.stdout + idle.stderr


def test_diff_of_two_dockerfiles_sharing_an_ignore_file_applies_in_order(tmp_path: Path) -> None:
    write(tmp_path / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(tmp_path / ".env", "TOKEN=1\n")
    write(tmp_path / ".dockerignore", "*.md\n")
    write(tmp_path / "Dockerfile", "FROM python:3.12-slim\nCOPY . /app/\n")
    write(tmp_path / "Dockerfile.dev", "FROM python:3.12\nCOPY . /src/\nRUN git log\n")
    result = dlint("--diff", "--unsafe-fixes", "--select", "DLX407,DLX408", ".", cwd=tmp_path)
    # Dockerfile keeps out .git and .env; Dockerfile.dev runs git, so only .env was its to
    # add, and the second diff starts from the first one's result
    assert result.stdout.splitlines() == [
        "--- a/.dockerignore",
        "+++ b/.dockerignore",
        "@@ -1 +1,4 @@",
        " *.md",
        "+",
        "+# secrets: pass them to the build with RUN --mount=type=secret",
        "+.env",
    ]
