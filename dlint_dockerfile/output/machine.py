"""Line- and JSON-based machine formats: ``json``, ``gitlab``, ``github`` and ``gnu``.

JSON reports are pretty-printed ASCII (non-ASCII characters as ``\\u`` escapes), so they are
correct whatever the encoding of the stream. Columns are 1-based code points with an
exclusive end, except in ``gnu``, which counts columns as the GNU Coding Standards say:
tab stops every 8 columns and wide characters as two.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any, TextIO

from dlint_dockerfile.lint.diagnostic import Diagnostic, Edit, Severity
from dlint_dockerfile.lint.files import shown_path
from dlint_dockerfile.output.common import (
    RenderOptions,
    char_width,
    clean,
    edit_range,
    last_line,
    line_index,
)
from dlint_dockerfile.syntax import LineIndex

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.lint.diagnostic import FileResult

__all__ = ["render_github", "render_gitlab", "render_gnu", "render_json"]

_GITLAB_SEVERITY = {
    Severity.STYLE: "info",
    Severity.INFO: "minor",
    Severity.WARNING: "major",
    Severity.ERROR: "critical",
}
_GITHUB_COMMAND = {
    Severity.STYLE: "notice",
    Severity.INFO: "notice",
    Severity.WARNING: "warning",
    Severity.ERROR: "error",
}
_GNU_TAB = 8


def _dump(data: Any, stream: TextIO) -> None:
    stream.write(json.dumps(data, indent=2, ensure_ascii=True))
    stream.write("\n")


# -- json ------------------------------------------------------------------------------


def render_json(results: Sequence[FileResult], stream: TextIO, options: RenderOptions) -> None:
    """A JSON array with one object per finding."""
    items: list[dict[str, Any]] = []
    for result in results:
        index = line_index(result) if any(d.fix for d in result.diagnostics) else None
        items.extend(_json_item(result.path, d, index) for d in result.diagnostics)
    _dump(items, stream)


def _json_edits(edits: Sequence[Edit], index: LineIndex) -> list[dict[str, Any]]:
    out = []
    for edit in edits:
        where = edit_range(index, edit)
        out.append(
            {
                "line": where.start.line,
                "column": where.start.column,
                "end_line": where.end.line,
                "end_column": where.end.column,
                "text": clean(edit.content),
            }
        )
    return out


def _json_item(path: str, d: Diagnostic, index: LineIndex | None) -> dict[str, Any]:
    start, end = d.range.start, d.range.end
    fix = None
    if d.fix is not None and index is not None:
        fix = {
            "applicability": d.fix.applicability.value,
            "title": clean(d.fix.title),
            "edits": _json_edits(d.fix.edits, index),
        }
        if d.fix.files:
            fix["files"] = [
                {
                    "path": clean(shown_path(other.path)),
                    "create": other.creates,
                    "edits": _json_edits(other.edits, LineIndex(other.original or "")),
                }
                for other in d.fix.files
            ]
    return {
        "path": clean(path),
        "line": start.line,
        "column": start.column,
        "end_line": end.line,
        "end_column": end.column,
        "code": d.code,
        "name": d.name,
        "aliases": list(d.aliases),
        "severity": d.severity.label,
        "message": clean(d.message),
        "fix": fix,
    }


# -- gitlab ----------------------------------------------------------------------------


def render_gitlab(results: Sequence[FileResult], stream: TextIO, options: RenderOptions) -> None:
    """A GitLab Code Quality report (the subset of the Code Climate spec GitLab reads).

    The fingerprint hashes path, code, message and the flagged source text (whitespace
    collapsed), not the line, so a finding keeps its identity when lines above it move;
    repeats of the same finding in one file are told apart by their occurrence number.
    """
    items: list[dict[str, Any]] = []
    for result in results:
        text = result.text or ""
        seen: dict[tuple[str, str, str], int] = {}
        for d in result.diagnostics:
            snippet = " ".join(text[d.start : d.end].split())
            key = (d.code, d.message, snippet)
            occurrence = seen.get(key, 0)
            seen[key] = occurrence + 1
            identity = "\0".join((result.path, *key, str(occurrence)))
            digest = hashlib.md5(clean(identity).encode(), usedforsecurity=False).hexdigest()
            start, end = d.range.start, d.range.end
            items.append(
                {
                    "description": clean(f"{d.code} [{d.name}] {d.message}"),
                    "check_name": d.code,
                    "fingerprint": digest,
                    "severity": _GITLAB_SEVERITY[d.severity],
                    "location": {
                        "path": clean(result.path),
                        "lines": {"begin": start.line, "end": last_line(d.range)},
                        "positions": {
                            "begin": {"line": start.line, "column": start.column},
                            "end": {"line": end.line, "column": end.column},
                        },
                    },
                }
            )
    _dump(items, stream)


# -- github ----------------------------------------------------------------------------


def _github_data(text: str) -> str:
    return clean(text).replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def _github_property(text: str) -> str:
    return _github_data(text).replace(":", "%3A").replace(",", "%2C")


def render_github(results: Sequence[FileResult], stream: TextIO, options: RenderOptions) -> None:
    """GitHub Actions workflow commands: one annotation per finding or unreadable file."""
    write = stream.write
    for result in results:
        path = _github_property(result.path)
        if result.error is not None:
            write(f"::error file={path},title=dlint::{_github_data(result.error)}\n")
            continue
        for d in result.diagnostics:
            start, end = d.range.start, d.range.end
            title = _github_property(f"{d.code} {d.name}")
            write(
                f"::{_GITHUB_COMMAND[d.severity]} file={path},line={start.line},"
                f"col={start.column},endLine={end.line},endColumn={end.column},"
                f"title={title}::{_github_data(d.message)}\n"
            )


# -- gnu -------------------------------------------------------------------------------


def render_gnu(results: Sequence[FileResult], stream: TextIO, options: RenderOptions) -> None:
    """``path:line.column-end_line.end_column: severity: CODE message``, one per line."""
    write = stream.write
    for result in results:
        if not result.diagnostics:
            continue
        index = line_index(result) if result.text is not None else None
        for d in result.diagnostics:
            start, end = d.range.start, d.range.end
            column, end_column = start.column, end.column
            if index is not None:
                column = _gnu_column(index, start.line, d.start)
                end_column = _gnu_column(index, end.line, d.end)
            message = " ".join(clean(d.message).splitlines())
            write(
                f"{clean(result.path)}:{start.line}.{column}-{end.line}.{end_column}: "
                f"{d.severity.label}: {d.code} {message}\n"
            )


def _gnu_column(index: LineIndex, line: int, offset: int) -> int:
    """1-based display column of ``offset``: tab stops every 8, wide characters count 2."""
    prefix = index.text[index.line_start(line) : offset]
    if prefix.isascii() and "\t" not in prefix:
        return len(prefix) + 1
    column = 0
    for ch in prefix:
        if ch == "\t":
            column += _GNU_TAB - column % _GNU_TAB
        elif ch < " " or "\x7f" <= ch <= "\x9f":
            column += 1
        else:
            column += char_width(ch)
    return column + 1
