"""Podman: its command line is docker's; images are built in Docker's format so that
HEALTHCHECK, SHELL and STOPSIGNAL are kept (the OCI format drops the first two)."""

from __future__ import annotations

from typing import Any, ClassVar

from dlint_dockerfile.verify.builders import (
    Builder,
    BuilderError,
    ImageInfo,
    checked,
    load_json,
    quick,
)
from dlint_dockerfile.verify.builders.docker import Docker

__all__ = ["Podman", "parse_podman_inspect"]


class Podman(Docker):
    """The podman command line."""

    name: ClassVar[str] = "podman"
    build_options: ClassVar[tuple[str, ...]] = ("--format", "docker")
    reads_own_ignore_file: ClassVar[bool] = False

    @classmethod
    def probe(cls) -> Builder | str:
        problem = quick([cls.name, "info", "--format", "{{.Version.Version}}"])
        return cls() if problem is None else problem

    def inspect(self, image: str) -> ImageInfo:
        output = checked([self.name, "image", "inspect", image])
        return parse_podman_inspect(load_json(output, "podman image inspect"))


def parse_podman_inspect(data: Any) -> ImageInfo:
    """The config and size in ``podman image inspect`` output: the OCI config, with the
    health check podman reports beside it (podman reports no ONBUILD and SHELL)."""
    image = data[0] if isinstance(data, list) and data else data
    if not isinstance(image, dict):
        raise BuilderError("podman image inspect: no image in the output")
    config = dict(image.get("Config") or {})
    if image.get("HealthCheck"):
        config["Healthcheck"] = image["HealthCheck"]
    size = image.get("Size")
    return ImageInfo(config, size if isinstance(size, int) else None)
