"""``dlint pin`` and DLX203's fix as a user runs them, against the real registry
(``plain_registry``: docker-registry over plain HTTP, named insecure, mirroring docker.io)."""

from __future__ import annotations

import subprocess
from pathlib import Path

import pytest

from tests.registry.conftest import Registry
from tests.test_cli import DLINT

pytestmark = pytest.mark.usefixtures("isolated")


def _dlint(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    import os

    return subprocess.run(
        [DLINT, *args], cwd=cwd, capture_output=True, text=True, check=False, env=dict(os.environ)
    )


def _project(tmp_path: Path, registry: Registry, dockerfile: str) -> Path:
    folder = tmp_path / "project"
    folder.mkdir()
    (folder / ".dlint.yaml").write_text(
        f"pin:\n  mirrors:\n    docker.io: {registry.host}\n"
        f"  insecure-registries: [{registry.host}]\n"
    )
    (folder / "Dockerfile").write_text(dockerfile)
    return folder


def test_pin_then_nothing_then_check_then_a_moved_tag(
    tmp_path: Path, plain_registry: Registry
) -> None:
    python = plain_registry.push_image("library/python", "3.12-pin")
    nginx = plain_registry.push_image("library/nginx", "1.27-pin")
    folder = _project(
        tmp_path,
        plain_registry,
        "FROM python:3.12-pin AS build\nCOPY --from=nginx:1.27-pin /a /a\nFROM build\n"
        "FROM scratch\n",
    )
    first = _dlint("pin", cwd=folder)
    assert first.returncode == 0, first.stderr
    assert (folder / "Dockerfile").read_text() == (
        f"FROM python:3.12-pin@{python} AS build\nCOPY --from=nginx:1.27-pin@{nginx} /a /a\n"
        "FROM build\nFROM scratch\n"
    )
    assert "Dockerfile:1:6: pinned base image 'python:3.12-pin' to " in first.stderr
    second = _dlint("pin", cwd=folder)
    assert second.returncode == 0
    assert "0 pins changed" in second.stderr
    assert _dlint("pin", "--check", cwd=folder).returncode == 0
    moved = plain_registry.push_image("library/python", "3.12-pin")
    check = _dlint("pin", "--check", cwd=folder)
    assert check.returncode == 1
    assert "Dockerfile:1:6: stale pin (the tag moved)" in check.stderr
    assert moved in check.stderr
    assert "nginx" not in check.stderr
    kept = _dlint("pin", cwd=folder)  # without --update a pin stays
    assert python in (folder / "Dockerfile").read_text() and kept.returncode == 0
    assert _dlint("pin", "--update", cwd=folder).returncode == 0
    assert moved in (folder / "Dockerfile").read_text()
    assert _dlint("pin", "--check", cwd=folder).returncode == 0


def test_diff_writes_nothing_and_check_reports_a_missing_pin(
    tmp_path: Path, plain_registry: Registry
) -> None:
    digest = plain_registry.push_image("library/alpine", "3.20-pin")
    folder = _project(tmp_path, plain_registry, "FROM alpine:3.20-pin\n")
    diff = _dlint("pin", "--diff", cwd=folder)
    assert diff.returncode == 1
    assert f"+FROM alpine:3.20-pin@{digest}\n" in diff.stdout
    assert (folder / "Dockerfile").read_text() == "FROM alpine:3.20-pin\n"
    check = _dlint("pin", "--check", cwd=folder)
    assert check.returncode == 1
    assert "Dockerfile:1:6: missing pin: base image 'alpine:3.20-pin'" in check.stderr


def test_platform_pins_one_platforms_manifest(tmp_path: Path, plain_registry: Registry) -> None:
    index, platforms = plain_registry.push_index("library/multi", "1-pin")
    folder = _project(tmp_path, plain_registry, "FROM multi:1-pin\n")
    assert _dlint("pin", "--diff", cwd=folder).stdout.count(index) == 1
    arm = _dlint("pin", "--diff", "--platform", "linux/arm64", cwd=folder)
    assert f"multi:1-pin@{platforms['linux/arm64']}" in arm.stdout


def test_errors_name_each_reference_and_the_others_are_pinned(
    tmp_path: Path, plain_registry: Registry
) -> None:
    digest = plain_registry.push_image("library/busybox", "1.36-pin")
    folder = _project(
        tmp_path,
        plain_registry,
        "FROM busybox:1.36-pin\nFROM busybox:no-such-tag\nFROM nothing-here:1\n"
        "ARG UNSET\nFROM debian:$UNSET\n",
    )
    result = _dlint("pin", cwd=folder)
    assert result.returncode == 2
    assert f"FROM busybox:1.36-pin@{digest}\n" in (folder / "Dockerfile").read_text()
    assert "Dockerfile:2:6: error: cannot pin base image 'busybox:no-such-tag'" in result.stderr
    assert "Dockerfile:3:6: error: cannot pin base image 'nothing-here:1'" in result.stderr
    assert "Dockerfile:5:6: not pinned: base image" in result.stderr
    assert "a variable without a default hides it" in result.stderr


def test_offline_uses_the_cache_only(tmp_path: Path, plain_registry: Registry) -> None:
    digest = plain_registry.push_image("library/ruby", "3-pin")
    folder = _project(tmp_path, plain_registry, "FROM ruby:3-pin\n")
    offline = _dlint("pin", "--offline", "--diff", cwd=folder)
    assert offline.returncode == 2
    assert "not in the cache" in offline.stderr
    assert _dlint("pin", "--diff", cwd=folder).returncode == 1  # looks it up, caches it
    again = _dlint("pin", "--offline", "--diff", cwd=folder)
    assert again.returncode == 1
    assert digest in again.stdout


def test_dlx203_fix_with_lookups(tmp_path: Path, plain_registry: Registry) -> None:
    digest = plain_registry.push_image("library/golang", "1.23-pin")
    folder = _project(tmp_path, plain_registry, "FROM golang:1.23-pin\n")
    without = _dlint("--select", "DLX203", "--fix", "Dockerfile", cwd=folder)
    assert without.returncode == 1
    assert (folder / "Dockerfile").read_text() == "FROM golang:1.23-pin\n"
    with (folder / ".dlint.yaml").open("a") as config:
        config.write("settings:\n  pin-lookups: true\n")
    fixed = _dlint("--select", "DLX203", "--fix", "Dockerfile", cwd=folder)
    assert fixed.returncode == 0, fixed.stderr
    assert (folder / "Dockerfile").read_text() == f"FROM golang:1.23-pin@{digest}\n"
