"""Unit tests of the copy/context helpers the fixtures do not reach easily."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlint.model.context import BuildContext
from dlint.rules._copy_util import (
    StageFacts,
    is_absolute_dest,
    is_archive_name,
    is_remote,
    is_tar_archive_name,
    listing,
    secret_kind,
    unwanted_items,
)


@pytest.mark.parametrize(
    ("dest", "absolute"),
    [("/app", True), ("C:\\app", True), ("c:/app", True), ("\\app", True), (".", False),
     ("app/", False), ("C:", False), ("./x", False)],
)  # fmt: skip
def test_is_absolute_dest(dest: str, absolute: bool) -> None:
    assert is_absolute_dest(dest) is absolute


def test_archive_names() -> None:
    assert is_archive_name("a.tar.gz") and is_archive_name("A.TGZ") and is_archive_name("x.gz")
    assert not is_archive_name("a.zip") and not is_archive_name("a.txt")
    assert is_tar_archive_name("a.tar.xz") and is_tar_archive_name("a.tgz")
    assert not is_tar_archive_name("data.gz")


def test_remote_sources() -> None:
    assert is_remote("https://x/y") and is_remote("git@github.com:a/b.git")
    assert not is_remote("./https")


def test_listing() -> None:
    assert listing(["a"]) == "a"
    assert listing(["a", "b", "c", "d", "e"]) == "a, b, c and 2 more"


def _context(tmp_path: Path, files: dict[str, str]) -> BuildContext:
    for name, content in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(content, encoding="utf-8")
    return BuildContext.for_dockerfile(tmp_path / "Dockerfile")


def test_secret_kinds(tmp_path: Path) -> None:
    ctx = _context(
        tmp_path,
        {
            ".netrc": "machine example.com login me password hunter2\n",
            "a/.git-credentials": "https://me:token@github.com\n",
            "home/.aws/credentials": "[default]\n",
            "empty/.npmrc": "registry=https://registry.npmjs.org/\n",
            "y/.yarnrc.yml": 'npmAuthToken: "abc"\n',
            "k/cert.key": "-----BEGIN CERTIFICATE-----\n",
        },
    )
    assert secret_kind(ctx, ".netrc") == "credentials"
    assert secret_kind(ctx, "a/.git-credentials") == "credentials"
    assert secret_kind(ctx, "home/.aws/credentials") == "AWS credentials"
    assert secret_kind(ctx, "empty/.npmrc") is None
    assert secret_kind(ctx, "y/.yarnrc.yml") == "credentials"
    assert secret_kind(ctx, "k/cert.key") is None
    assert secret_kind(ctx, "missing.pem") is None


def test_unwanted_items_outermost_only(tmp_path: Path) -> None:
    ctx = _context(
        tmp_path,
        {
            ".git/HEAD": "",
            ".git/objects/x/__pycache__/y": "",
            "sub/.git": "gitdir: ../.git/modules/sub\n",
            "a/__pycache__/m.pyc": "",
            "a/b/__pycache__/n.pyc": "",
        },
    )
    found = unwanted_items(ctx, ctx.included_files(), StageFacts())
    assert found == [
        (".git/", "git metadata"),
        ("a/__pycache__/", "Python bytecode cache"),
        ("a/b/__pycache__/", "Python bytecode cache"),
        ("sub/.git", "git metadata"),
    ]
    with_git = unwanted_items(ctx, ctx.included_files(), StageFacts(runs_git=True))
    assert [path for path, _ in with_git if "git" in path] == [".git/objects/x/__pycache__/"]
