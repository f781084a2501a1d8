"""``dlint format``: the Dockerfile formatter that never changes what BuildKit reads.

(Work in progress: the style passes land in the modules of this package.)
"""

from __future__ import annotations

from dlint_dockerfile.format.options import FormatOptions

__all__ = ["FormatOptions", "format_text"]


def format_text(
    text: str, options: FormatOptions | None = None, *, lines: tuple[int, int] | None = None
) -> str:
    """``text`` in the style of ``options``; ``lines`` (1-based, inclusive) limits the
    changes to the instructions that overlap them. Never raises on any text."""
    return text
