"""Docker: ``docker buildx build --load`` (``docker build`` without buildx), ``docker image
inspect``, ``docker run``; usable when ``docker info`` reaches a daemon."""

from __future__ import annotations

import contextlib
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

__all__ = ["Docker", "parse_docker_inspect"]


class Docker(Builder):
    """The docker command line (podman's is the same, see `Podman`)."""

    name: ClassVar[str] = "docker"
    #: Build options this tool needs besides the common ones.
    build_options: ClassVar[tuple[str, ...]] = ()
    #: Whether the build reads ``<Dockerfile>.dockerignore`` itself (BuildKit does);
    #: otherwise it is passed with ``--ignorefile``.
    reads_own_ignore_file: ClassVar[bool] = True

    def __init__(self, buildx: bool = False) -> None:
        self.buildx = buildx

    @classmethod
    def probe(cls) -> Builder | str:
        problem = quick([cls.name, "info", "--format", "{{.ServerVersion}}"])
        if problem is not None:
            return problem if problem == "not installed" else f"no daemon: {problem}"
        return cls(buildx=quick([cls.name, "buildx", "version"]) is None)

    def build(self, dockerfile: Path, context: Path, tag: str, log: Path) -> str | None:
        iidfile = log.with_suffix(".iid")
        command = [self.name, "buildx", "build", "--load", "--progress", "plain"]
        if not self.buildx:
            command = [self.name, "build"]
        argv = [*command, *self.build_options, "--iidfile", str(iidfile), "-t", tag]
        ignore = own_ignore_file(dockerfile)
        if ignore is not None and not self.reads_own_ignore_file:
            argv += ["--ignorefile", str(ignore)]
        finished = run_process([*argv, "-f", str(dockerfile), str(context)], log=log)
        return read_image_id(iidfile) if finished.exit_code == 0 else None

    def inspect(self, image: str) -> ImageInfo:
        output = checked([self.name, "image", "inspect", image])
        return parse_docker_inspect(load_json(output, f"{self.name} image inspect"))

    def run(self, image: str, argv: Sequence[str], timeout: float) -> Finished:
        container = f"dlint-verify-smoke-{secrets.token_hex(6)}"
        command = [self.name, "run", "--rm", "--pull", "never", "--name", container]
        command += ["--entrypoint", argv[0], image, *argv[1:]]
        return run_process(
            command, timeout=timeout, on_timeout=lambda: self._remove_container(container)
        )

    def remove(self, image: str) -> None:
        checked([self.name, "image", "rm", image])

    def _remove_container(self, container: str) -> None:
        with contextlib.suppress(BuilderError):  # already gone
            checked([self.name, "rm", "--force", container])


def parse_docker_inspect(data: Any) -> ImageInfo:
    """The config and size in ``docker image inspect`` output (a list of one image)."""
    image = data[0] if isinstance(data, list) and data else data
    if not isinstance(image, dict):
        raise BuilderError("image inspect: no image in the output")
    config = image.get("Config") or {}
    size = image.get("Size")
    return ImageInfo(dict(config), size if isinstance(size, int) else None)
