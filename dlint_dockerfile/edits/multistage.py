"""Edit builders of the multistage family: rewrite the stage a reference names."""

from __future__ import annotations

import re

from dlint_dockerfile.lint.diagnostic import Edit
from dlint_dockerfile.model.model import DockerfileModel, StageReference
from dlint_dockerfile.syntax import Flag, Word

__all__ = ["reference_edit"]

_QUOTES = ("'", '"')


def reference_edit(model: DockerfileModel, ref: StageReference, new: str) -> Edit | None:
    """An edit writing ``new`` in place of the stage name a reference spells out
    (``FROM name``, ``COPY --from=name``, ``RUN --mount=...,from=name``); None when the
    name is not written as is (a variable, an escape, quotes in a mount)."""
    node = ref.node
    start = model.index.span(node)[0]
    text = ref.text
    if not text:
        return None
    if ref.kind == "from":
        if not isinstance(node, Word) or node.raw != text:
            return None
        return Edit(start, start + len(node.raw), new)
    if not isinstance(node, Flag):
        return None
    raw = node.raw
    if ref.kind == "copy-from":
        if node.argument != text:
            return None
        if raw.endswith("=" + text):
            at = len(raw) - len(text)
        elif any(raw.endswith(f"={q}{text}{q}") for q in _QUOTES):
            at = len(raw) - len(text) - 1
        else:
            return None
        return Edit(start + at, start + at + len(text), new)
    if ref.kind == "mount-from":
        if raw != node.value:
            return None
        found = [
            m for m in re.finditer(r"(?:\A--mount=|,)(?i:from)=([^,]*)", raw) if m.group(1) == text
        ]
        if len(found) != 1:
            return None
        return Edit(start + found[0].start(1), start + found[0].end(1), new)
    return None
