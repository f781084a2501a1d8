"""Helpers shared by the output formats: options, positions of edits, text clean-up."""

from __future__ import annotations

import os
import sys
import unicodedata
from collections.abc import Iterable
from typing import TYPE_CHECKING, TextIO

from dlint_dockerfile._record import record
from dlint_dockerfile.lint.diagnostic import Edit, Severity
from dlint_dockerfile.syntax import LineIndex, Range

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.lint.diagnostic import Diagnostic, FileResult
    from dlint_dockerfile.lint.registry import Registry

__all__ = [
    "RenderOptions",
    "char_width",
    "clean",
    "diff_lines",
    "edit_range",
    "file_diff",
    "last_line",
    "line_index",
    "plural",
    "severity_counts",
    "use_color",
    "write_stdout",
]


@record
class RenderOptions:
    """Everything a renderer may consult besides the results."""

    #: The rules (only SARIF needs them; None: the built-in registry, loaded on demand).
    registry: Registry | None
    color: bool = False
    show_fixes: bool = False
    statistics: bool = False
    quiet: bool = False


#: Severities, worst first (the order summaries list them in).
SEVERITIES = (Severity.ERROR, Severity.WARNING, Severity.INFO, Severity.STYLE)


def use_color(choice: str, stream: TextIO) -> bool:
    """``--color`` (``always``, ``never``, ``auto``): auto is a terminal without ``NO_COLOR``."""
    if choice == "always":
        return True
    if choice == "never" or os.environ.get("NO_COLOR"):
        return False
    return stream.isatty()


def line_index(result: FileResult) -> LineIndex:
    """A `LineIndex` of the result's text (empty if the text is unknown)."""
    return LineIndex(result.text or "")


def edit_range(index: LineIndex, edit: Edit) -> Range:
    """The line/column range an edit replaces."""
    return index.range(edit.start, edit.end)


def last_line(where: Range) -> int:
    """The last line a range touches: a range ending right after a newline stops before it."""
    end = where.end
    if end.line > where.start.line and end.column == 1:
        return end.line - 1
    return end.line


def clean(text: str) -> str:
    """``text`` with lone surrogates (undecodable bytes) replaced by U+FFFD."""
    if text.isascii():
        return text
    return "".join("\ufffd" if "\ud800" <= ch <= "\udfff" else ch for ch in text)


def char_width(ch: str) -> int:
    """Terminal cells taken by one printable character: 0, 1 or 2 (East Asian wide)."""
    if ch < "\u0300":
        return 1
    if unicodedata.combining(ch) or unicodedata.category(ch) in ("Mn", "Me", "Cf"):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def plural(count: int, word: str, many: str | None = None) -> str:
    """``1 error``, ``2 errors``; ``many`` for irregular plurals."""
    if count == 1:
        return f"{count} {word}"
    return f"{count} {many if many is not None else word + 's'}"


def severity_counts(found: Iterable[Diagnostic | Severity], *, zeros: bool = True) -> str:
    """``1 error, 2 warnings, 0 info, 0 style`` (without the zeros unless ``zeros``), for
    findings or their severities."""
    counts = dict.fromkeys(SEVERITIES, 0)
    for d in found:
        counts[d if isinstance(d, Severity) else d.severity] += 1
    parts = []
    for severity, count in counts.items():
        if count or zeros:
            label = severity.label
            irregular = severity in (Severity.INFO, Severity.STYLE)
            parts.append(plural(count, label, label if irregular else None))
    return ", ".join(parts)


def write_stdout(text: str) -> None:
    """Write a Dockerfile's text (or a diff of it) to stdout as the bytes it came from:
    bytes that are not UTF-8 are lone surrogates in the text (`decode_dockerfile`), which a
    strict UTF-8 stdout (an en_US.UTF-8 locale) refuses; no newline translation either."""
    buffer = getattr(sys.stdout, "buffer", None)
    if buffer is None:  # a text-only stream (a test's capture)
        sys.stdout.write(text)
        sys.stdout.flush()
        return
    sys.stdout.flush()
    buffer.write(text.encode("utf-8", "surrogateescape"))
    buffer.flush()


def diff_lines(text: str) -> list[str]:
    """``text`` cut after each newline, the only line break diff and patch know (not at
    every Unicode one, as ``splitlines`` does); a last line without a newline is marked
    as diff marks it, on either side of the diff."""
    lines = [line + "\n" for line in text.split("\n")]
    last = lines.pop()
    if last != "\n":
        lines.append(last + "\\ No newline at end of file\n")
    return lines


def file_diff(before: str | None, after: str, name: str) -> str:
    """A unified diff of one file (``a/name``, ``b/name``; from ``/dev/null`` when
    ``before`` is None: the file is new), as ``--diff`` prints it."""
    import difflib

    return "".join(
        difflib.unified_diff(
            diff_lines(before or ""),
            diff_lines(after),
            fromfile="/dev/null" if before is None else f"a/{name}",
            tofile=f"b/{name}",
        )
    )
