"""``dlint context``'s report (`dlint_dockerfile.model.context_report`) as text or JSON.

The text is for people: sections with aligned columns, sizes in B, KB, MB or GB (1024
based, one decimal), file names shown harmlessly (`visual`), colour only when asked. The
JSON is for programs, and its schema is stable: ``"version": 1``, documented field by
field in ``docs/context.md``; a change that breaks a reader gets a new version.
"""

from __future__ import annotations

import json
from collections.abc import Collection, Sequence
from typing import TYPE_CHECKING, Any, Protocol, TextIO

from dlint_dockerfile.output.common import plural
from dlint_dockerfile.output.text import Line, join_lines, visual

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context_report import (
        Amount,
        ContextReport,
        FolderSize,
        Rest,
        SourceUse,
    )

__all__ = ["JSON_VERSION", "format_size", "render_json", "render_text", "report_json"]

#: The version of the JSON schema (``docs/context.md``).
JSON_VERSION = 1

_HEADING = "bold"
_MUTED = "dim"
_WARN = "yellow"
_BAD = "bold red"
_UNITS = ("KB", "MB", "GB", "TB")
#: Why a source that reads no context reads none, in the text.
_ELSEWHERE = {
    "from": "not from the context",
    "url": "not from the context: a URL",
    "heredoc": "not from the context: a heredoc",
    "onbuild": "not from this build's context: an ONBUILD trigger",
    "unknown": "unknown",
}


def format_size(size: int) -> str:
    """``0 B``, ``512 B``, ``1.5 KB``, ``3.2 MB``, ``1.4 GB`` (1024 based)."""
    if size < 1024:
        return f"{size} B"
    value = float(size)
    for unit in _UNITS:
        value /= 1024
        if value < 1024 or unit == _UNITS[-1]:
            return f"{value:.1f} {unit}"
    raise AssertionError("unreachable")  # pragma: no cover


# ------------------------------------------------------------------------ JSON


def report_json(report: ContextReport) -> dict[str, Any]:
    """The report as the JSON schema's object (``docs/context.md``)."""
    return {
        "version": JSON_VERSION,
        "dockerfile": str(report.dockerfile) if report.dockerfile is not None else None,
        "context": str(report.root),
        "ignore_file": str(report.ignore_path) if report.ignore_path is not None else None,
        "ignore_file_readable": report.ignore_readable,
        "complete": report.complete,
        "issues": [
            {"path": str(i.path), "line": i.line, "column": i.column, "message": i.message}
            for i in report.issues
        ],
        "sent": _amount(report.sent),
        "excluded": _amount(report.excluded),
        "total": _amount(report.total),
        "folders": [
            {**_folder(f), "subfolders": [_folder(s) for s in f.subfolders]}
            for f in report.folders
        ],
        "other_folders": _rest(report.other_folders),
        "root_files": _amount(report.root_files),
        "ignore_patterns": [
            {
                "line": p.line,
                "column": p.column,
                "pattern": p.pattern,
                "exception": p.exception,
                "files": p.files,
                "bytes": p.bytes,
            }
            for p in report.patterns
        ],
        "proposal": {
            "groups": [
                {
                    "comment": g.comment,
                    "patterns": list(g.patterns),
                    "files": g.files,
                    "bytes": g.bytes,
                    "used_files": g.used_files,
                }
                for g in report.proposal
            ],
            **_amount(report.proposal_total),
            "withheld": [{"pattern": p, "reason": r} for p, r in report.withheld],
        },
        "sources": [
            {
                "instruction": s.instruction,
                "stage": s.stage,
                "stage_built": s.stage_built,
                "line": s.line,
                "column": s.column,
                "source": s.source,
                "resolved": s.resolved,
                "origin": s.origin,
                "files": s.files,
                "bytes": s.bytes,
                "ignored": s.ignored,
                "listed": s.listed,
                "note": s.note,
            }
            for s in report.sources
        ],
        "unused": {
            **_amount(report.unused),
            "exact": report.unused_exact,
            "folders": [
                {"path": u.path, "whole": u.whole, "files": u.files, "bytes": u.bytes}
                for u in report.unused_folders
            ],
            "other": _rest(report.other_unused),
        },
    }


def _amount(amount: Amount) -> dict[str, int]:
    return {"files": amount.files, "bytes": amount.bytes}


def _rest(rest: Rest) -> dict[str, int]:
    return {"folders": rest.entries, "files": rest.files, "bytes": rest.bytes}


def _folder(folder: FolderSize) -> dict[str, Any]:
    return {"path": folder.path, "files": folder.files, "bytes": folder.bytes}


def render_json(report: ContextReport, stream: TextIO) -> None:
    json.dump(report_json(report), stream, indent=2)
    stream.write("\n")


# ------------------------------------------------------------------------ text

#: A table cell: its text and rich style ("" for none).
Cell = tuple[str, str]


def render_text(report: ContextReport, stream: TextIO, *, color: bool) -> None:
    """The report for people (see the module docstring)."""
    lines: list[Line] = []
    for section in (
        _summary,
        _folders_section,
        _patterns_section,
        _proposal_section,
        _sources_section,
        _unused_section,
    ):
        part = section(report)
        if part:
            if lines:
                lines.append([])
            lines.extend(part)
    stream.write(join_lines(lines, color))


def _shown(text: str) -> str:
    """A path or pattern as it is safe to print (control characters made visible)."""
    return visual(text)[0]


def _folder_name(path: str) -> str:
    return _shown(path) + "/" if path else "./"


def _files(count: int) -> str:
    return f"{count:,} {'file' if count == 1 else 'files'}"


def _table(rows: Sequence[Sequence[Cell]], right: Collection[int] = ()) -> list[Line]:
    """Rows of cells in aligned columns, indented by two spaces (``right``: the indexes of
    the right-aligned columns); no line ends in spaces."""
    widths: dict[int, int] = {}
    for row in rows:
        for i, (text, _) in enumerate(row):
            widths[i] = max(widths.get(i, 0), visual(text)[1])
    lines: list[Line] = []
    for row in rows:
        line: Line = [("  ", "")]
        for i, (text, style) in enumerate(row):
            pad = " " * (widths[i] - visual(text)[1])
            if i:
                line.append(("  ", ""))
            if i in right:
                line.extend([(pad, ""), (text, style)])
            else:
                line.extend([(text, style), (pad, "")])
        while line and not line[-1][0].strip():
            line.pop()
        lines.append([s for s in line if s[0]])
    return lines


class _Counted(Protocol):
    @property
    def files(self) -> int: ...

    @property
    def bytes(self) -> int: ...


def _sized(amount: _Counted) -> list[Cell]:
    """Two cells, both right-aligned: ``12 files`` (``1 file `` lines up with it), size."""
    files = _files(amount.files) + (" " if amount.files == 1 else "")
    return [(files, ""), (format_size(amount.bytes), "")]


def _summary(report: ContextReport) -> list[Line]:
    about = []
    if report.dockerfile is not None:
        about.append(f"Dockerfile: {_shown(str(report.dockerfile))}")
    if report.ignore_path is not None:
        about.append(f"ignore file: {_shown(str(report.ignore_path))}")
    else:
        about.append("no ignore file")
    head: Line = [("Build context ", _HEADING), (_shown(str(report.root)), _HEADING)]
    head.append((f"  ({'; '.join(about)})", ""))
    lines = [head]
    rows: list[list[Cell]] = [
        [("sent to the builder", ""), *_sized(report.sent)],
        [("kept out by the ignore file", ""), *_sized(report.excluded)],
        [("in the folder", ""), *_sized(report.total)],
    ]
    lines.extend(_table(rows, right=(1, 2)))
    if report.ignore_path is None:
        lines.append([("  no ignore file: everything in the folder is sent", _WARN)])
    elif not report.ignore_readable:
        lines.append(
            [(f"  {_shown(str(report.ignore_path))} cannot be read: shown without it", _BAD)]
        )
    if not report.complete:
        lines.append([("  the listing stopped early: the figures are incomplete", _BAD)])
    return lines


def _folders_section(report: ContextReport) -> list[Line]:
    if not report.folders and not report.root_files.files:
        return [[("Biggest folders sent", _HEADING)], [("  nothing is sent", _MUTED)]]
    rows: list[list[Cell]] = []
    for folder in report.folders:
        rows.append([(_folder_name(folder.path), ""), *_sized(folder)])
        for inner in folder.subfolders:
            rows.append([("  " + _folder_name(inner.path), _MUTED), *_sized(inner)])
    rest = report.other_folders
    if rest.entries:
        rows.append([(f"{plural(rest.entries, 'more folder')}", _MUTED), *_sized(rest)])
    if report.root_files.files:
        rows.append([("files at the root", _MUTED), *_sized(report.root_files)])
    return [[("Biggest folders sent", _HEADING)], *_table(rows, right=(1, 2))]


def _patterns_section(report: ContextReport) -> list[Line]:
    if report.ignore_path is None or not report.ignore_readable:
        return []
    title: Line = [(f"What {_shown(report.ignore_path.name)} keeps out", _HEADING)]
    if not report.patterns:
        return [title, [("  no patterns: everything in the folder is sent", _WARN)]]
    rows: list[list[Cell]] = []
    for p in report.patterns:
        row: list[Cell] = [(f"{p.line}:{p.column}", _MUTED), (_shown(p.pattern), "")]
        if p.files:
            row.extend(_sized(p))
            if p.exception:
                row.append(("brought back", ""))
        else:
            row.extend([("", ""), ("", "")])
            row.append(("brings nothing back" if p.exception else "excludes nothing", _WARN))
        rows.append(row)
    return [title, *_table(rows, right=(2, 3))]


def _proposal_section(report: ContextReport) -> list[Line]:
    if not report.proposal and not report.withheld:
        return []
    rows: list[list[Cell]] = []
    for group in report.proposal:
        row: list[Cell] = [(_shown(group.comment), ""), (_shown(", ".join(group.patterns)), "")]
        row.extend(_sized(group))
        if group.used_files:
            used = f"{group.used_files:,} of them taken by an instruction"
            row.append((used, _BAD))
        rows.append(row)
    total = report.proposal_total
    if report.proposal:
        rows.append([("no longer sent", ""), ("", ""), *_sized(total)])
    title: Line = [("What dlint's .dockerignore fix would keep out", _HEADING)]
    lines = [title, *_table(rows, right=(2, 3))]
    for pattern, reason in report.withheld:
        lines.append([(_shown(f"  not {pattern}: {reason}"), _MUTED)])
    return lines


def _sources_section(report: ContextReport) -> list[Line]:
    title: Line = [("What each COPY, ADD and bind mount takes", _HEADING)]
    if not report.sources:
        return [title, [("  no COPY, ADD or RUN --mount=type=bind", _MUTED)]]
    header: list[Cell] = [
        ("stage", _MUTED),
        ("line:col", _MUTED),
        ("instruction", _MUTED),
        ("source", _MUTED),
        ("files", _MUTED),
        ("size", _MUTED),
        ("", ""),
    ]
    rows = [header, *(_source_row(s) for s in report.sources)]
    return [title, *_table(rows, right=(4, 5))]


def _source_row(use: SourceUse) -> list[Cell]:
    row: list[Cell] = [
        (_shown(use.stage), "" if use.stage_built else _MUTED),
        (f"{use.line}:{use.column}", _MUTED),
        (use.instruction, ""),
        (_shown(use.source), ""),
    ]
    if use.origin != "context":
        text = _ELSEWHERE[use.origin]
        if use.note:
            text += f" ({use.note})" if use.origin == "from" else f": {use.note}"
        return [*row, ("", ""), ("", ""), (text, _WARN if use.origin == "unknown" else _MUTED)]
    row.extend([(f"{use.files:,}", ""), (format_size(use.bytes), "")])
    notes = []
    if use.resolved is not None and use.resolved != use.source:
        notes.append((f"= {_shown(use.resolved)}", _MUTED))
    if use.note:
        bad = use.note.startswith("not found")
        notes.append((use.note, _BAD if bad else _WARN))
    elif use.ignored:
        notes.append((f"{_files(use.ignored)} of it kept out by the ignore file", _MUTED))
    if not use.stage_built:
        notes.append(("stage not built by default", _MUTED))
    text = "; ".join(t for t, _ in notes)
    style = next((s for _, s in notes if s in (_BAD, _WARN)), _MUTED)
    return [*row, (text, style)]


def _unused_section(report: ContextReport) -> list[Line]:
    unused = report.unused
    title: Line = [("Sent but taken by no instruction", _HEADING)]
    if not unused.files:
        return [title, [("  none", _MUTED)]]
    title.append((f": {_files(unused.files)}, {format_size(unused.bytes)}", ""))
    rows: list[list[Cell]] = []
    for group in report.unused_folders:
        if group.whole:
            name = _folder_name(group.path)
        elif group.path:
            name = f"{_folder_name(group.path)} (some files)"
        else:
            name = "files at the root"
        rows.append([(name, ""), *_sized(group)])
    rest = report.other_unused
    if rest.entries:
        rows.append([(plural(rest.entries, "more place"), _MUTED), *_sized(rest)])
    lines = [title, *_table(rows, right=(1, 2))]
    if not report.unused_exact:
        lines.append([("  (a source could not be resolved: some may be used)", _WARN)])
    return lines
