"""Buildah: ``buildah bud`` in Docker's format (the OCI format drops HEALTHCHECK, SHELL and
ONBUILD), ``buildah inspect``, and a smoke run in a working container (``buildah from``,
``buildah run``, ``buildah rm``). ``STORAGE_DRIVER`` and ``BUILDAH_ISOLATION`` in the
environment choose its storage and isolation (e.g. ``vfs`` and ``chroot`` without a
daemon or user namespaces).

``buildah run`` applies the container's user, working directory and environment but not
its entrypoint: the caller passes the whole command. ``buildah from`` runs an image's
ONBUILD triggers (docker run does not); an image that has some is smoke-run after them.
"""

from __future__ import annotations

import json
import os
import re
import secrets
from collections.abc import Sequence
from pathlib import Path
from typing import Any, ClassVar

from dlint_dockerfile.verify.builders import (
    Builder,
    BuilderError,
    ImageInfo,
    checked,
    load_json,
    own_ignore_file,
    quick,
    read_image_id,
)
from dlint_dockerfile.verify.builders.process import Finished, run_process

__all__ = ["Buildah", "clean_run_output", "parse_buildah_inspect"]

#: A line ``buildah run`` itself appends to a command's output when the command fails
#: (the first may be glued to the command's last line).
_TRAILER = re.compile(
    r"(?:subprocess exited (?:with status \d+|on \w+)|Error: exit status \d+)\Z"
)


def _buildah() -> list[str]:
    """The command with the storage driver of ``STORAGE_DRIVER`` (buildah itself reads
    it for some commands only)."""
    driver = os.environ.get("STORAGE_DRIVER")
    return ["buildah", "--storage-driver", driver] if driver else ["buildah"]


class Buildah(Builder):
    """The buildah command line."""

    name: ClassVar[str] = "buildah"

    @classmethod
    def probe(cls) -> Builder | str:
        problem = quick([*_buildah(), "version"])
        return cls() if problem is None else problem

    def build(self, dockerfile: Path, context: Path, tag: str, log: Path) -> str | None:
        iidfile = log.with_suffix(".iid")
        argv = [*_buildah(), "bud", "--format", "docker", "--iidfile", str(iidfile)]
        ignore = own_ignore_file(dockerfile)
        if ignore is not None:
            argv += ["--ignorefile", str(ignore)]
        argv += ["-t", tag, "-f", str(dockerfile), str(context)]
        finished = run_process(argv, log=log)
        return read_image_id(iidfile) if finished.exit_code == 0 else None

    def inspect(self, image: str) -> ImageInfo:
        output = checked([*_buildah(), "inspect", "--type", "image", image])
        return parse_buildah_inspect(load_json(output, "buildah inspect"))

    def run(self, image: str, argv: Sequence[str], timeout: float) -> Finished:
        container = f"dlint-verify-smoke-{secrets.token_hex(6)}"
        created = run_process(
            [*_buildah(), "from", "--pull=never", "--name", container, image], timeout=timeout
        )
        try:
            if created.exit_code != 0:
                problem = created.output.strip() or "timed out"
                return Finished(None, f"buildah from failed: {problem}\n")
            finished = run_process([*_buildah(), "run", container, "--", *argv], timeout=timeout)
        finally:
            run_process([*_buildah(), "rm", container])
        return Finished(
            finished.exit_code, clean_run_output(finished.output), finished.timed_out
        )

    def remove(self, image: str) -> None:
        checked([*_buildah(), "rmi", image])


def clean_run_output(output: str) -> str:
    """A command's output from ``buildah run`` without the lines buildah adds to it."""
    text = output
    while True:
        body = text.removesuffix("\n")
        start = body.rfind("\n") + 1
        found = _TRAILER.search(body, start)
        if found is None:
            return text
        text = body[: found.start()]
        if found.start() > start:  # glued to the command's own last line
            return text


def parse_buildah_inspect(data: Any) -> ImageInfo:
    """The config and size in ``buildah inspect --type image`` output: the Docker config
    (the OCI one for an OCI-format image), and the size of the layers in its manifest."""
    if not isinstance(data, dict):
        raise BuilderError("buildah inspect: no image in the output")
    docker = data.get("Docker") or {}
    config = docker.get("config") or (data.get("OCIv1") or {}).get("config") or {}
    return ImageInfo(dict(config), _manifest_size(data.get("Manifest")))


def _manifest_size(manifest: object) -> int | None:
    """The sum of the layer sizes of a manifest (JSON text), None when one is unknown."""
    if not isinstance(manifest, str):
        return None
    try:
        layers = json.loads(manifest).get("layers") or []
    except (ValueError, AttributeError):
        return None
    sizes = [layer.get("size") for layer in layers if isinstance(layer, dict)]
    if not sizes or any(not isinstance(s, int) or s < 0 for s in sizes):
        return None
    return sum(sizes)  # type: ignore[arg-type]
