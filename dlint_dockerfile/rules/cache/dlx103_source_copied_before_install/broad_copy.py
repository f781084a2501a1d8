"""A COPY of the source tree: where it copies from and to, and the install outputs it brings."""

from __future__ import annotations

import posixpath
import re
from dataclasses import dataclass

from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.shell.installs import InstallStep
from dlint_dockerfile.syntax import Instruction, Node

__all__ = ["WILDCARD", "BroadCopy", "copied_outputs", "source_base", "under"]

#: Characters that make a COPY source a pattern.
WILDCARD = re.compile(r"[*?\[]")


def source_base(source: str) -> str:
    """The context folder a broad source copies from: ``""`` for ``.``, ``src`` for ``src/*``."""
    parts = [p for p in source.strip("/").split("/") if p not in ("", ".")]
    kept: list[str] = []
    for part in parts:
        if WILDCARD.search(part):
            break
        kept.append(part)
    return "/".join(kept)


def under(path: str, folder: str) -> bool:
    """Whether ``path`` is ``folder`` or lies below it."""
    return folder == "/" or path == folder or path.startswith(folder.rstrip("/") + "/")


@dataclass(frozen=True)
class BroadCopy:
    """A COPY/ADD of a whole tree, waiting for the installs after it."""

    instruction: Instruction
    node: Node
    source: str
    dest: str | None
    installed_before: frozenset[str]
    copied_before: tuple[tuple[str, int], ...]  # (manifest name or pattern, line)


_ECOSYSTEM_OF = {
    "npm": "node",
    "yarn": "node",
    "pnpm": "node",
    "pnpm-fetch": "node",
    "bun": "node",
    "poetry": "venv",
    "pipenv": "venv",
    "uv": "venv",
    "bundler": "ruby",
}
#: What an install writes in its folder, which a later COPY of the tree would overwrite.
_OUTPUTS = {"node": ("node_modules",), "venv": (".venv",), "ruby": ("vendor/bundle", ".bundle")}


def copied_outputs(model: DockerfileModel, broad: BroadCopy, step: InstallStep) -> list[str]:
    """What the install creates (``node_modules``, ``.venv``...) that the broad COPY
    brings from the context into the install's folder."""
    context = model.context
    dest = broad.dest
    if context is None or dest is None or step.directory is None:
        return []
    if not under(step.directory, dest):
        return []
    inside = posixpath.join(source_base(broad.source), posixpath.relpath(step.directory, dest))
    return [
        output
        for output in _OUTPUTS.get(_ECOSYSTEM_OF.get(step.tool, ""), ())
        if context.copy_sources(posixpath.normpath(posixpath.join(inside, output))).included
    ]
