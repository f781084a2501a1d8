"""What a stage's base image is built on: its family (debian, rpm, arch, alpine, busybox)."""

from __future__ import annotations

import re

from dlint_dockerfile.model.model import DockerfileModel, Stage
from dlint_dockerfile.syntax import Instruction

__all__ = ["BaseFamily", "base_family"]

#: What a stage's base image is built on, as far as the shell rules care:
#: ``debian`` (``/bin/sh`` is dash, bash is installed, apt with Docker's ``docker-clean``),
#: ``rpm`` and ``arch`` (``/bin/sh`` is bash), ``alpine`` (``/bin/sh`` and ``wget`` are
#: BusyBox), ``busybox``. None when unknown.
BaseFamily = str

#: Images named after a distribution, or official images built on one (no variant tag).
_FAMILY_BY_NAME: dict[str, BaseFamily] = {
    **dict.fromkeys(
        (
            "debian",
            "ubuntu",
            "buildpack-deps",
            "python",
            "node",
            "golang",
            "ruby",
            "php",
            "perl",
            "rust",
            "gcc",
            "eclipse-temurin",
            "r-base",
            "julia",
            "erlang",
            "elixir",
            "haskell",
            "nginx",
            "httpd",
            "postgres",
        ),
        "debian",
    ),
    **dict.fromkeys(
        (
            "fedora",
            "centos",
            "rockylinux",
            "almalinux",
            "amazonlinux",
            "oraclelinux",
            "ubi",
            "ubi8",
            "ubi9",
            "ubi10",
            "ubi-minimal",
            "ubi8-minimal",
            "ubi9-minimal",
            "ubi10-minimal",
            "ubi-init",
            "leap",
            "tumbleweed",
            "sle15",
            "bci-base",
        ),
        "rpm",
    ),
    "archlinux": "arch",
    "alpine": "alpine",
    "busybox": "busybox",
}
_DEBIAN_CODENAMES = frozenset(
    {
        *("jessie", "stretch", "buster", "bullseye", "bookworm", "trixie", "sid"),
        *("xenial", "bionic", "focal", "jammy", "noble", "oracular", "plucky"),
    }
)
#: Tag or name words that leave the base unknown (no shell, another OS, a minimal variant).
_UNKNOWN_HINTS = frozenset(
    {"windowsservercore", "nanoserver", "windows", "distroless", "scratch", "micro", "chiseled"}
    | {"static"}
)
_TOKEN = re.compile(r"[a-z]+")


def _family_of_root(stage: Stage) -> BaseFamily | None:
    image = stage.image
    if image is None:
        return None
    name = image.repository.rsplit("/", 1)[-1]
    tag = (image.tag or "").lower()
    words = set(_TOKEN.findall(tag)) | set(_TOKEN.findall(image.repository))
    if words & _UNKNOWN_HINTS or "distroless" in image.repository:
        return None
    if "alpine" in words:
        return "alpine"
    if any(w.startswith("ubi") for w in _TOKEN.findall(tag)):
        return "rpm"
    if words & _DEBIAN_CODENAMES or {"debian", "ubuntu"} & words:
        return "debian"
    return _FAMILY_BY_NAME.get(name)


def base_family(model: DockerfileModel, instruction: Instruction) -> BaseFamily | None:
    """The family of the image the instruction's stage is built on (through ``FROM
    stage`` chains); None when the base is unknown, a variable or ``scratch``."""
    stage = model.stage_of(model.outer(instruction))
    for _ in range(len(model.stages) + 1):
        if stage is None:
            return None
        if stage.parent is None:
            return None if stage.is_scratch else _family_of_root(stage)
        stage = stage.parent
    return None  # pragma: no cover - a FROM cycle cannot be built
