"""The formatter's options: the ``format`` table of the configuration.

They live beside the configuration that reads them (`lint.config`); the formatter
(`dlint_dockerfile.format`) takes them as they are.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

__all__ = ["FORMAT_KEYS", "FormatOptions"]

#: The keys of the ``format`` table, as written in the configuration.
FORMAT_KEYS = ("indent", "operators", "sort-packages", "split-packages")


@dataclass(frozen=True)
class FormatOptions:
    """How `format_text` writes a Dockerfile."""

    #: Continuation lines: this many spaces per level, ``"tab"``, or ``"keep"``: the
    #: unit the file already uses most.
    indent: int | Literal["tab", "keep"] = "keep"
    #: Where ``&&``, ``||`` and ``|`` go at a line break in a RUN: ``"start"`` of the
    #: next line or ``"end"`` of the line.
    operators: Literal["start", "end"] = "start"
    #: Sort the packages of an install (one list per group, as DLX312 does).
    sort_packages: bool = True
    #: An install of at least this many packages gets one package per line (0: never).
    split_packages: int = 4
