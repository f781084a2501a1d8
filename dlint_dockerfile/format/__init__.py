"""``dlint format``: the Dockerfile formatter that never changes what BuildKit reads.

`format_text` writes a file in the house style (`FormatOptions`: the ``[format]`` table
of the configuration). The layers, top down: `document` (the whole file, the regions
left alone, the guard loop, sorting), `instructions` (one instruction), `shell_layout`
and `packages` (a shell command across lines), `shell_tokens` (what the shell reads),
`guard` (the proof that the output is the same build).
"""

from __future__ import annotations

from dlint_dockerfile.format.document import format_text
from dlint_dockerfile.lint.format_options import FormatOptions

__all__ = ["FormatOptions", "format_text"]
