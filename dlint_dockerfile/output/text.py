"""The human format: one header line per finding, a code frame, a fix hint, a summary.

Lines are built as styled segments; without colour they are written as plain text, with
colour each segment is wrapped in the ANSI codes of its rich style, so both outputs carry
the same characters. Frames expand tabs to
4-column stops, count East Asian wide characters as two columns and show control and
bidirectional-override characters as harmless symbols, so the carets line up and the
terminal is never driven by file contents.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from dlint_dockerfile.lint.diagnostic import Applicability, Diagnostic, Edit, Fix, Severity
from dlint_dockerfile.lint.files import shown_path
from dlint_dockerfile.output.common import (
    RenderOptions,
    char_width,
    last_line,
    line_index,
    plural,
    severity_counts,
)
from dlint_dockerfile.syntax import LineIndex

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.lint.diagnostic import FileResult

__all__ = ["Line", "Segment", "join_lines", "render_file", "render_text", "visual"]

#: A run of text and its rich style ("" for none); a line is a list of them.
Segment = tuple[str, str]
Line = list[Segment]

TAB_SIZE = 4
#: Source lines a frame (or each side of a fix diff) shows before eliding the middle.
MAX_FRAME_LINES = 6
_HEAD, _TAIL = 3, 2
_STYLE = {
    Severity.ERROR: "bold red",
    Severity.WARNING: "bold yellow",
    Severity.INFO: "bold blue",
    Severity.STYLE: "bold cyan",
}
_GUTTER = "blue"
_BIDI = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_APPLICABILITY = {
    Applicability.SAFE: "",
    Applicability.UNSAFE: " (unsafe fix)",
    Applicability.DISPLAY: " (display only)",
}


def render_text(results: Sequence[FileResult], stream: TextIO, options: RenderOptions) -> None:
    """Write findings, frames and summary for people (see the module docstring)."""
    chunks: list[str] = []
    for result in results:
        done = result.rendered
        chunks.append(done if done is not None else render_file(result, options))
    if not options.quiet:
        lines: list[Line] = []
        if options.statistics:
            lines.extend(_statistics(results))
        lines.append(_summary(results))
        chunks.append(join_lines(lines, options.color))
    stream.write("".join(chunks))


def render_file(result: FileResult, options: RenderOptions) -> str:
    """The findings and frames of one file (what `render_text` writes for it); worker
    processes render their files with this, in parallel."""
    lines: list[Line] = []
    index = line_index(result) if result.text is not None else None
    for d in result.diagnostics:
        lines.extend(_finding(result.path, d))
        if options.quiet:
            continue
        if index is not None:
            lines.extend(_frame(index, d, options.show_fixes))
        elif d.fix is not None:
            lines.append([("  = ", _GUTTER), (_help(d.fix), "")])
        lines.append([])
    return join_lines(lines, options.color)


def join_lines(lines: list[Line], color: bool) -> str:
    """The lines as text, each segment in the ANSI codes of its style when ``color``."""
    if not color:
        return "".join("".join(text for text, _ in line) + "\n" for line in lines)
    from rich.color import ColorSystem
    from rich.style import Style

    styles: dict[str, Style] = {}
    out = []
    for line in lines:
        for text, name in line:
            if not name or not text:
                out.append(text)
                continue
            style = styles.get(name)
            if style is None:
                style = styles[name] = Style.parse(name)
            out.append(style.render(text, color_system=ColorSystem.STANDARD))
        out.append("\n")
    return "".join(out)


# -- display -----------------------------------------------------------------------------


def visual(text: str, column: int = 0) -> tuple[str, int]:
    """``text`` as shown starting at 0-based display ``column``, and the column after it."""
    if text.isascii() and text.isprintable():
        return text, column + len(text)
    out = []
    for ch in text:
        if ch == "\t":
            spaces = TAB_SIZE - column % TAB_SIZE
            out.append(" " * spaces)
            column += spaces
            continue
        if ch < " ":
            ch = chr(0x2400 + ord(ch))  # control pictures: ␀ … ␟
        elif ch == "\x7f":
            ch = "\u2421"
        elif "\x80" <= ch <= "\x9f" or "\ud800" <= ch <= "\udfff" or ch in _BIDI:
            ch = "\ufffd"
        out.append(ch)
        column += char_width(ch)
    return "".join(out), column


def _message_lines(message: str) -> list[str]:
    return [visual(line)[0] for line in message.replace("\r\n", "\n").split("\n")]


# -- findings and frames -----------------------------------------------------------------


def _finding(path: str, d: Diagnostic) -> list[Line]:
    start = d.range.start
    first, *rest = _message_lines(d.message)
    header: Line = [
        (visual(path)[0], "bold"),
        (f":{start.line}:{start.column}: ", ""),
        (d.code, _STYLE[d.severity]),
        (" ", ""),
        (f"[{d.name}]", "dim"),
        (f" {first}", ""),
    ]
    return [header, *([("    " + line, "")] for line in rest)]


def _line_bounds(index: LineIndex, line: int) -> tuple[int, int]:
    """Offsets of the line's first character and of its end (before ``\\r\\n`` or ``\\n``)."""
    text = index.text
    start = index.line_start(line)
    end = index.line_start(line + 1) - 1 if line < index.line_count else len(text)
    if end > start and text[end - 1] == "\r":
        end -= 1
    return start, end


def _elide(numbers: list[int]) -> list[int | None]:
    if len(numbers) <= MAX_FRAME_LINES:
        return list(numbers)
    return [*numbers[:_HEAD], None, *numbers[-_TAIL:]]


def _frame(index: LineIndex, d: Diagnostic, show_fixes: bool) -> list[Line]:
    """Source lines of the range with carets under it, then the fix hint (and diff)."""
    text = index.text
    first, last = d.range.start.line, last_line(d.range)
    diff = _diff(index, d.fix.edits) if show_fixes and d.fix is not None else []
    others = [
        (shown_path(o.path), _diff(LineIndex(o.original or ""), o.edits))
        for o in (d.fix.files if show_fixes and d.fix is not None else ())
    ]
    numbers = [n for rows in (diff, *(r for _, r in others)) for _, n, _ in rows]
    width = len(str(max([last, *(n for n in numbers if n is not None)])))
    blank = " " * width
    caret_style = _STYLE[d.severity].removeprefix("bold ")
    rows: list[Line] = []
    for number in _elide(list(range(first, last + 1))):
        if number is None:
            rows.append([(f" {blank} | ...", _GUTTER)])
            continue
        line_start, line_end = _line_bounds(index, number)
        a = min(max(d.start, line_start), line_end)
        b = max(min(d.end, line_end), a)
        before, c1 = visual(text[line_start:a])
        marked, c2 = visual(text[a:b], c1)
        after, _ = visual(text[b:line_end], c2)
        rows.append(_gutter(f" {number:>{width}} |", before + marked + after))
        carets = "^" * max(1, c2 - c1)
        rows.append([(f" {blank} | ", _GUTTER), (" " * c1, ""), (carets, caret_style)])
    if d.fix is not None:
        rows.append([(f" {blank} = ", _GUTTER), (_help(d.fix), "")])
    for name, other in [("", diff), *others]:
        if name:
            rows.append([(f" {blank} = ", _GUTTER), (f"in {visual(name)[0]}:", "")])
        for sign, number, content in other:
            style = "red" if sign == "-" else "green" if sign == "+" else _GUTTER
            label = f"{number:>{width}}" if number is not None else blank
            rows.append(_gutter(f" {label} {sign}", content, style))
    return rows


def _gutter(gutter: str, content: str, style: str = "") -> Line:
    if not content:
        return [(gutter, style or _GUTTER)]
    if style:
        return [(f"{gutter} {content}", style)]
    return [(f"{gutter} ", _GUTTER), (content, "")]


def _help(fix: Fix) -> str:
    return f"help: {visual(fix.title)[0]}{_APPLICABILITY[fix.applicability]}"


# -- fix diffs ---------------------------------------------------------------------------


def _diff(index: LineIndex, fix_edits: Sequence[Edit]) -> list[tuple[str, int | None, str]]:
    """The lines edits change as (``-``/``+``/``|``, line number, shown text) rows."""
    text = index.text
    spans: list[list[int]] = []  # [first line, last line, first edit, end edit]
    edits = sorted(fix_edits, key=lambda e: (e.start, e.end))
    for i, edit in enumerate(edits):
        start, end = index.position(edit.start), index.position(edit.end)
        last = end.line - 1 if end.line > start.line and end.column == 1 else end.line
        if spans and start.line <= spans[-1][1] + 1:
            spans[-1][1] = max(spans[-1][1], last)
            spans[-1][3] = i + 1
        else:
            spans.append([start.line, last, i, i + 1])
    rows: list[tuple[str, int | None, str]] = []
    shift = 0
    k = 0
    while k < len(spans):
        first, last, lo, hi = spans[k]
        while True:
            a = min(_line_bounds(index, first)[0], edits[lo].start)
            b = index.line_start(last + 1) if last < index.line_count else len(text)
            b = max(b, max(e.end for e in edits[lo:hi]))
            old = text[a:b]
            new = _apply(old, a, edits[lo:hi])
            joins_next = old.endswith("\n") and not new.endswith("\n") and b < len(text)
            if not joins_next:
                break
            last += 1  # the replacement swallowed a newline: the next line joins this one
            while k + 1 < len(spans) and spans[k + 1][0] <= last + 1:
                last = max(last, spans[k + 1][1])
                hi = spans[k + 1][3]
                del spans[k + 1]
        old_lines, new_lines = _split(old), _split(new)
        at_end = b == len(text)
        rows += _numbered("-", first, old_lines, at_end and old != "" and old[-1] != "\n")
        rows += _numbered("+", first + shift, new_lines, at_end and new != "" and new[-1] != "\n")
        shift += len(new_lines) - len(old_lines)
        k += 1
    return rows


def _apply(old: str, base: int, edits: Sequence[Edit]) -> str:
    for edit in reversed(edits):
        old = old[: edit.start - base] + edit.content + old[edit.end - base :]
    return old


def _split(region: str) -> list[str]:
    if not region:
        return []
    return [line.removesuffix("\r") for line in region.removesuffix("\n").split("\n")]


def _numbered(
    sign: str, first: int, lines: list[str], no_newline: bool
) -> list[tuple[str, int | None, str]]:
    """Diff rows for one side; ``no_newline`` marks a last line without a newline."""
    numbered = list(enumerate(lines, first))
    if len(numbered) > MAX_FRAME_LINES:
        numbered = [*numbered[:_HEAD], (-1, "..."), *numbered[-_TAIL:]]
    rows: list[tuple[str, int | None, str]] = [
        ("|", None, "...") if number < 0 else (sign, number, visual(line)[0])
        for number, line in numbered
    ]
    if no_newline:
        rows.append(("|", None, "\\ no newline at end of file"))
    return rows


# -- summary -----------------------------------------------------------------------------


def _statistics(results: Sequence[FileResult]) -> list[Line]:
    counts: dict[str, tuple[str, int]] = {}
    for result in results:
        for code, name, _ in result.counted():
            name, count = counts.get(code, (name, 0))
            counts[code] = (name, count + 1)
    if not counts:
        return []
    table = sorted(counts.items(), key=lambda item: (-item[1][1], item[0]))
    count_width = max(len("count"), *(len(str(n)) for _, (_, n) in table))
    code_width = max(len("code"), *(len(code) for code in counts))
    rows: list[Line] = [[(f"{'count':>{count_width}}  {'code':<{code_width}}  name", "bold")]]
    for code, (name, count) in table:
        rows.append([(f"{count:>{count_width}}  {code:<{code_width}}  {name}", "")])
    rows.append([])
    return rows


def _summary(results: Sequence[FileResult]) -> Line:
    checked = sum(1 for r in results if r.error is None)
    found = [severity for r in results for _, _, severity in r.counted()]
    files = plural(checked, "file")
    if not found:
        return [(f"No problems found in {files}.", "bold")]
    counts = severity_counts(found)
    return [(f"Found {plural(len(found), 'problem')} ({counts}) in {files}.", "bold")]
