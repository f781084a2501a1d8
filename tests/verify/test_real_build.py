"""One real ``dlint verify`` with buildah, run only with ``DLINT_REAL_BUILDS=1`` where
buildah works and the stand-in ``debian:bookworm-slim`` image is in its storage (the
issue's recipe builds it; ``DLINT_REAL_BUILDS_BASE`` names another base image). Without a
daemon, ``STORAGE_DRIVER=vfs BUILDAH_ISOLATION=chroot`` are the defaults here."""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from dlint_dockerfile.verify import command

BASE = os.environ.get("DLINT_REAL_BUILDS_BASE", "docker.io/library/debian:bookworm-slim")
DOCKERFILE = f"""\
FROM {BASE}
MAINTAINER Jane Doe <jane@example.com>
RUN echo hello > /hello.txt
CMD ["cat", "/hello.txt"]
"""


def _skip_reason() -> str | None:
    if os.environ.get("DLINT_REAL_BUILDS") != "1":
        return "real builds run with DLINT_REAL_BUILDS=1"
    if shutil.which("buildah") is None:
        return "buildah is not installed"
    found = subprocess.run(
        ["buildah", "inspect", "--type", "image", BASE],
        capture_output=True,
        check=False,
        env={"STORAGE_DRIVER": "vfs", "BUILDAH_ISOLATION": "chroot", **os.environ},
    )
    return None if found.returncode == 0 else f"{BASE} is not in buildah's storage"


@pytest.mark.skipif(_skip_reason() is not None, reason=str(_skip_reason()))
def test_verify_a_safe_fix_with_buildah(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in (("STORAGE_DRIVER", "vfs"), ("BUILDAH_ISOLATION", "chroot")):
        monkeypatch.setenv(name, os.environ.get(name, value))
    project = tmp_path / "project"
    project.mkdir()
    (project / "Dockerfile").write_text(DOCKERFILE)
    code = command.main([str(project / "Dockerfile"), "--builder", "buildah", "--format", "json"])
    result = json.loads(capsys.readouterr().out)
    assert code == 0, result
    assert result["verdict"] == "same"
    assert [f["code"] for f in result["fixes"]] == ["DLX009"]
    for side in ("before", "after"):
        assert result[side]["built"] is True
        assert result[side]["image_size"] > 1_000_000
        assert result[side]["smoke"]["output"] == "hello\n"
    authors = "org.opencontainers.image.authors"
    assert result["added_by_fix"] == [
        {"field": "Labels", "key": authors, "value": "Jane Doe <jane@example.com>"}
    ]
    listed = subprocess.run(
        ["buildah", "images", "--format", "{{.Name}}"], capture_output=True, text=True, check=True
    )
    assert not re.search(r"dlint-verify-[0-9a-f]{12}-(before|after)", listed.stdout)
    assert (project / "Dockerfile").read_text() == DOCKERFILE
