"""COPY and ADD arguments: sources and destination, expanded as BuildKit does."""

from __future__ import annotations

import posixpath
from typing import TYPE_CHECKING

from dlint_dockerfile._record import record
from dlint_dockerfile.syntax import ExecForm, Instruction, JsonString, Node, Word

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.model import DockerfileModel

__all__ = ["CopyArgs", "Source", "copy_args", "dest_path", "is_absolute_dest", "is_remote"]


@record
class Source:
    """One COPY/ADD source: its node, its text as written and BuildKit's expansion of it
    (``text`` is None when a variable has no known value)."""

    node: Node
    raw: str
    text: str | None
    heredoc: bool = False

    @property
    def text_or_raw(self) -> str:
        """The expanded text, or the text as written when a variable has no value."""
        return self.text if self.text is not None else self.raw


@record
class CopyArgs:
    """The sources and destination of a COPY/ADD."""

    sources: tuple[Source, ...]
    dest: Source | None
    from_flag: bool


def copy_args(model: DockerfileModel, instruction: Instruction) -> CopyArgs:
    """Split a COPY/ADD (shell or JSON form) into sources and destination, expanded."""
    return model.derive("copy_args", instruction, lambda: _copy_args(model, instruction))


def _copy_args(model: DockerfileModel, instruction: Instruction) -> CopyArgs:
    nodes: list[Node] = []
    for arg in instruction.arguments:
        if isinstance(arg, ExecForm):
            nodes.extend(arg.elements)
        elif isinstance(arg, (Word, JsonString)):
            nodes.append(arg)
    has_heredocs = bool(instruction.heredocs)
    items: list[Source] = []
    for node in nodes:
        raw = node.value if isinstance(node, (Word, JsonString)) else ""
        if has_heredocs and isinstance(node, Word) and raw.startswith("<<"):
            items.append(Source(node, raw, None, heredoc=True))
            continue
        expansion = model.expand(raw, instruction)
        items.append(Source(node, raw, expansion.text if expansion.complete else None))
    from_flag = instruction.flag("from") is not None
    if len(items) < 2:
        return CopyArgs((), None, from_flag)
    return CopyArgs(tuple(items[:-1]), items[-1], from_flag)


def dest_path(model: DockerfileModel, instruction: Instruction) -> str | None:
    """The destination of a COPY/ADD as an absolute, normalised path in the image (a
    relative one is under the WORKDIR); None when a variable in it has no known value."""
    dest = copy_args(model, instruction).dest
    if dest is None or not dest.text:
        return None
    return posixpath.normpath(posixpath.join(model.workdir_at(instruction), dest.text))


def is_remote(text: str) -> bool:
    """A URL or git source ADD downloads (BuildKit: http(s), git transports)."""
    lower = text.lower()
    return lower.startswith(("http://", "https://", "git://", "git@", "ssh://", "github.com/"))


def is_absolute_dest(text: str) -> bool:
    """``/x``, or a Windows path: ``C:\\x``, ``C:/x``, ``\\x``."""
    if text.startswith(("/", "\\")):
        return True
    return len(text) >= 3 and text[0].isalpha() and text[1] == ":" and text[2] in "/\\"
