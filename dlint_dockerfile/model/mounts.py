"""What a RUN's ``--mount`` flags put where: relative targets, cache mounts, and bind
mounts of the build context."""

from __future__ import annotations

from collections.abc import Iterator

from dlint_dockerfile.model.model import parse_mount
from dlint_dockerfile.syntax import Flag, Instruction

__all__ = ["cache_mount", "context_binds", "relative_mount"]


def _mounts(instruction: Instruction) -> Iterator[tuple[dict[str, str], str]]:
    """The fields and the target (as written, without a final ``/``) of each ``--mount``."""
    for flag in instruction.flags:
        if flag.name != "mount" or flag.argument is None:
            continue
        fields = parse_mount(flag.argument)
        target = fields.get("target") or fields.get("dst") or fields.get("destination") or ""
        yield fields, target.rstrip("/")


def relative_mount(instruction: Instruction) -> bool:
    """Whether the RUN mounts something on a relative target: BuildKit puts it under the
    working directory."""
    return any(target and not target.startswith("/") for _, target in _mounts(instruction))


def cache_mount(instruction: Instruction, directory: str) -> bool:
    """Whether the RUN mounts a cache (or tmpfs) on ``directory``, inside it or above it:
    what the RUN writes there stays out of the layer."""
    for fields, target in _mounts(instruction):
        if fields.get("type") not in ("cache", "tmpfs") or not target:
            continue
        if target == directory or f"{directory}/".startswith(f"{target}/"):
            return True
        if target.startswith(f"{directory}/"):
            return True
    return False


def context_binds(instruction: Instruction) -> Iterator[tuple[Flag, str]]:
    """Each ``--mount`` that binds the build context (``type=bind``, BuildKit's default
    type, without ``from=``), with its source as written (``""``: the context root)."""
    for flag in instruction.flags:
        if flag.name != "mount" or flag.argument is None:
            continue
        fields = parse_mount(flag.argument)
        if fields.get("type", "bind").lower() != "bind" or fields.get("from"):
            continue
        yield flag, fields.get("source") or fields.get("src") or ""
