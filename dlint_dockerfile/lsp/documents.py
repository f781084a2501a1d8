"""Open documents: the text the client holds, kept in sync with its changes.

The server keeps its own store instead of pygls' workspace so that incremental changes
are applied with the same line-break and position-encoding rules as everything else
(`PositionMap`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, urlparse

from lsprotocol import types

from dlint_dockerfile.lsp.positions import Encoding, PositionMap

__all__ = ["Document", "apply_change", "uri_to_path"]


@dataclass
class Document:
    """One open document and what the server knows about it."""

    uri: str
    text: str
    version: int
    language_id: str = "dockerfile"
    path: Path | None = field(init=False)

    def __post_init__(self) -> None:
        self.path = uri_to_path(self.uri)


def uri_to_path(uri: str) -> Path | None:
    """The local path of a ``file:`` URI (None for other schemes such as ``untitled:``)."""
    parsed = urlparse(uri)
    if parsed.scheme != "file":
        return None
    path = unquote(parsed.path)
    if parsed.netloc and parsed.netloc != "localhost":  # a UNC path
        path = f"//{parsed.netloc}{path}"
    if len(path) > 2 and path[0] == "/" and path[2] == ":":  # /C:/... on Windows
        path = path[1:]
    return Path(path)


def apply_change(
    text: str, change: types.TextDocumentContentChangeEvent, encoding: Encoding
) -> str:
    """``text`` after one content change (a whole new text, or a range replaced)."""
    if isinstance(change, types.TextDocumentContentChangeWholeDocument):
        return change.text
    positions = PositionMap(text, encoding)
    start = positions.offset(change.range.start.line, change.range.start.character)
    end = positions.offset(change.range.end.line, change.range.end.character)
    if end < start:
        start, end = end, start
    return text[:start] + change.text + text[end:]
