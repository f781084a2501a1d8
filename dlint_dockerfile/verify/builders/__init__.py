"""The builders ``dlint verify`` drives, behind one interface.

A builder builds a Dockerfile into a tagged image (its id), inspects an image (its
config in Docker's shape and its size), runs a command in an image as the image would
run it (user, working directory and environment from its config) within a time limit,
and removes an image by its tag. It never pushes; it pulls only what a build pulls.
`find_builder` picks the first one that works: docker (with a reachable daemon),
podman, buildah.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from abc import ABC, abstractmethod
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any, ClassVar

from dlint_dockerfile.verify.builders.process import Finished

__all__ = [
    "BUILDER_NAMES",
    "Builder",
    "BuilderError",
    "Finished",
    "ImageInfo",
    "find_builder",
    "load_json",
]

#: The ``--builder`` choices, in the order ``auto`` tries them.
BUILDER_NAMES = ("docker", "podman", "buildah")
#: Seconds a builder's quick check (``docker info`` ...) may take.
PROBE_TIMEOUT = 15.0


class BuilderError(Exception):
    """No builder works, or a builder command failed (not a build: a build that fails is
    a result)."""


@dataclass(frozen=True)
class ImageInfo:
    """What ``inspect`` reports: the image config in Docker's shape (``Cmd``, ``Env``,
    ``Healthcheck``...) and the image's size in bytes (None when unknown)."""

    config: dict[str, Any]
    size: int | None


class Builder(ABC):
    """One container builder's command-line tool."""

    #: The ``--builder`` name.
    name: ClassVar[str]

    @classmethod
    @abstractmethod
    def probe(cls) -> Builder | str:
        """A ready builder, or why this one cannot be used."""

    @abstractmethod
    def build(self, dockerfile: Path, context: Path, tag: str, log: Path) -> str | None:
        """Build ``dockerfile`` with ``context`` as ``tag``; the build's output goes to
        ``log``. The image id, or None when the build failed."""

    @abstractmethod
    def inspect(self, image: str) -> ImageInfo:
        """The config and size of ``image``."""

    @abstractmethod
    def run(self, image: str, argv: Sequence[str], timeout: float) -> Finished:
        """Run ``argv`` in a new container of ``image`` as the image runs its own command
        (its user, working directory and environment), without standard input; the
        container is removed afterwards."""

    @abstractmethod
    def remove(self, image: str) -> None:
        """Remove the tag ``image`` (the image goes with its last tag)."""


def own_ignore_file(dockerfile: Path) -> Path | None:
    """``<Dockerfile>.dockerignore`` beside ``dockerfile``: the ignore file BuildKit reads
    instead of the context's; buildah and podman read it only when told (``--ignorefile``)."""
    candidate = dockerfile.with_name(dockerfile.name + ".dockerignore")
    return candidate if candidate.is_file() else None


def find_builder(choice: str = "auto") -> Builder:
    """The builder named ``choice``, or with ``auto`` the first that works."""
    from dlint_dockerfile.verify.builders.buildah import Buildah
    from dlint_dockerfile.verify.builders.docker import Docker
    from dlint_dockerfile.verify.builders.podman import Podman

    classes: dict[str, type[Builder]] = {"docker": Docker, "podman": Podman, "buildah": Buildah}
    names = BUILDER_NAMES if choice == "auto" else (choice,)
    reasons = []
    for name in names:
        found = classes[name].probe()
        if isinstance(found, Builder):
            return found
        reasons.append(f"{name}: {found}")
    raise BuilderError("no container builder works (" + "; ".join(reasons) + ")")


def quick(argv: Sequence[str]) -> str | None:
    """Run a quick check; None when it succeeds, else why not (its last line of output)."""
    if shutil.which(argv[0]) is None:
        return "not installed"
    try:
        done = subprocess.run(
            list(argv),
            stdin=subprocess.DEVNULL,
            capture_output=True,
            text=True,
            timeout=PROBE_TIMEOUT,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return f"'{' '.join(argv)}' did not answer within {PROBE_TIMEOUT:.0f} s"
    except OSError as exc:
        return str(exc)
    if done.returncode == 0:
        return None
    lines = (done.stderr or done.stdout).strip().splitlines()
    return lines[-1] if lines else f"'{' '.join(argv)}' exited with {done.returncode}"


def checked(argv: Sequence[str]) -> str:
    """The standard output of a builder command that must succeed (BuilderError if not)."""
    try:
        done = subprocess.run(
            list(argv), stdin=subprocess.DEVNULL, capture_output=True, text=True, check=False
        )
    except OSError as exc:
        raise BuilderError(f"{argv[0]}: {exc}") from None
    if done.returncode != 0:
        problem = done.stderr.strip() or done.stdout.strip()
        raise BuilderError(f"'{' '.join(argv)}' failed: {problem}")
    return done.stdout


def load_json(text: str, what: str) -> Any:
    """``text`` parsed as JSON (BuilderError when it is not)."""
    try:
        return json.loads(text)
    except ValueError as exc:
        raise BuilderError(f"{what}: not JSON ({exc})") from None


def read_image_id(iidfile: Path) -> str | None:
    """The image id a build wrote to ``iidfile`` (None when it wrote none)."""
    try:
        text = iidfile.read_text().strip()
    except OSError:
        return None
    return text or None
