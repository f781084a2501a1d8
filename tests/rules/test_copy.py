"""Unit tests of the copy/context helpers the fixtures do not reach easily."""

from __future__ import annotations

from pathlib import Path

import pytest

from dlint_dockerfile.model.context import BuildContext
from dlint_dockerfile.model.copies import is_absolute_dest, is_remote
from dlint_dockerfile.model.copy_sources import (
    StageFacts,
    is_archive_name,
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


def _tar(name: str = "assets/logo.txt", *, v7: bool = False) -> bytes:
    """A small tar archive (ustar, or the old V7 format without the ``ustar`` magic)."""
    import io
    import tarfile

    stream = io.BytesIO()
    with tarfile.open(fileobj=stream, mode="w", format=tarfile.USTAR_FORMAT) as archive:
        info = tarfile.TarInfo(name)
        info.size = 3
        archive.addfile(info, io.BytesIO(b"hi\n"))
    data = bytearray(stream.getvalue())
    if v7:  # no magic, version, user or group names: recompute the header's checksum
        data[257:345] = bytes(88)
        data[148:156] = b" " * 8
        data[148:156] = b"%06o\0 " % sum(data[:512])
    return bytes(data)


def _add_findings(tmp_path: Path, files: dict[str, bytes], dockerfile: str) -> list[str]:
    """DLX401's findings (``message [fix title]``) on ``dockerfile`` with ``files`` as its
    build context."""
    from dlint_dockerfile.lint.registry import default_registry
    from dlint_dockerfile.lint.runner import LintSettings, lint_text

    for name, content in files.items():
        target = tmp_path / name
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(content)
    path = tmp_path / "Dockerfile"
    path.write_text(dockerfile, encoding="utf-8")
    registry = default_registry()
    rule = registry.get("DLX401")
    assert rule is not None
    result = lint_text(
        dockerfile,
        LintSettings((rule,), registry=registry),
        file_path=path,
        context=BuildContext.for_dockerfile(path),
    )
    return [f"{d.message} [{d.fix.title if d.fix else 'no fix'}]" for d in result.diagnostics]


@pytest.mark.parametrize(
    "content",
    [
        pytest.param(__import__("gzip").compress(_tar()), id="gzip"),
        pytest.param(__import__("bz2").compress(_tar()), id="bzip2"),
        pytest.param(__import__("lzma").compress(_tar()), id="xz"),
        pytest.param(_tar(), id="ustar"),
        pytest.param(_tar(v7=True), id="v7"),
    ],
)
def test_add_of_a_tar_archive_by_content_is_not_reported(tmp_path: Path, content: bytes) -> None:
    """ADD unpacks a local tar archive whatever its name: 'use COPY' would break it."""
    findings = _add_findings(
        tmp_path, {"assets.dat": content}, "FROM alpine:3.20\nADD assets.dat /srv/\n"
    )
    assert findings == []


def test_add_of_plain_files_is_reported_with_its_fix(tmp_path: Path) -> None:
    gzipped_text = __import__("gzip").compress(b"not a tar archive\n" * 40)
    findings = _add_findings(
        tmp_path,
        {"notes.dat": b"hello\n", "data.bin": gzipped_text, "short.bin": _tar()[:300]},
        "FROM alpine:3.20\nADD notes.dat /srv/\nADD data.bin /srv/\nADD short.bin /srv/\n",
    )
    assert findings == [
        f"use COPY instead of ADD to copy '{name}': ADD is for URLs, git repositories and "
        "local tar archives [use COPY]"
        for name in ("notes.dat", "data.bin", "short.bin")
    ]


def test_add_of_a_plain_file_and_a_tar_archive_is_reported_without_fix(tmp_path: Path) -> None:
    findings = _add_findings(
        tmp_path,
        {"app.conf": b"x=1\n", "rootfs.img": _tar()},
        "FROM alpine:3.20\nADD app.conf rootfs.img /srv/\n",
    )
    assert findings == [
        "use COPY instead of ADD to copy 'app.conf': ADD is for URLs, git repositories and "
        "local tar archives [no fix]"
    ]
