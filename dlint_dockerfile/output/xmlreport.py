"""XML reports: Checkstyle and JUnit.

Output is ASCII (other characters as character references), so the UTF-8 declaration holds
whatever the stream's encoding; characters XML cannot carry at all become U+FFFD.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import TYPE_CHECKING, TextIO

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.output.common import RenderOptions, plural, severity_counts

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.lint.diagnostic import FileResult

__all__ = ["render_checkstyle", "render_junit", "xml_attr", "xml_text"]

_DECLARATION = '<?xml version="1.0" encoding="UTF-8"?>\n'
_CHECKSTYLE_SEVERITY = {
    Severity.STYLE: "info",
    Severity.INFO: "info",
    Severity.WARNING: "warning",
    Severity.ERROR: "error",
}
#: Characters XML 1.0 forbids even as references (and lone surrogates).
_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
_TEXT_ESCAPES = {ord("&"): "&amp;", ord("<"): "&lt;", ord(">"): "&gt;", ord("\r"): "&#13;"}
_ATTR_ESCAPES = {
    **_TEXT_ESCAPES,
    ord('"'): "&quot;",
    ord("\n"): "&#10;",
    ord("\t"): "&#9;",
}


def _escape(text: str, table: dict[int, str]) -> str:
    text = _INVALID.sub("\ufffd", text).translate(table)
    if text.isascii():
        return text
    return text.encode("ascii", "xmlcharrefreplace").decode("ascii")


def xml_text(text: str) -> str:
    """``text`` escaped for element content."""
    return _escape(text, _TEXT_ESCAPES)


def xml_attr(text: str) -> str:
    """``text`` escaped for a double-quoted attribute value (newlines and tabs kept)."""
    return _escape(text, _ATTR_ESCAPES)


def render_checkstyle(
    results: Sequence[FileResult], stream: TextIO, options: RenderOptions
) -> None:
    """Checkstyle 4.3 XML: every file, each finding an ``<error>``, read errors as
    ``<exception>``."""
    out = [_DECLARATION, '<checkstyle version="4.3">\n']
    for result in results:
        out.append(f'  <file name="{xml_attr(result.path)}">\n')
        if result.error is not None:
            out.append(f"    <exception>{xml_text(result.error)}</exception>\n")
        for d in result.diagnostics:
            start = d.range.start
            out.append(
                f'    <error line="{start.line}" column="{start.column}" '
                f'severity="{_CHECKSTYLE_SEVERITY[d.severity]}" '
                f'message="{xml_attr(d.message)}" source="dlint.{xml_attr(d.code)}"/>\n'
            )
        out.append("  </file>\n")
    out.append("</checkstyle>\n")
    stream.write("".join(out))


def render_junit(results: Sequence[FileResult], stream: TextIO, options: RenderOptions) -> None:
    """JUnit XML: one test case per file, failed by its findings or errored if unreadable."""
    tests = len(results)
    failures = sum(1 for r in results if r.diagnostics)
    errors = sum(1 for r in results if r.error is not None)
    counts = f'tests="{tests}" failures="{failures}" errors="{errors}"'
    out = [
        _DECLARATION,
        f'<testsuites name="dlint" {counts}>\n',
        f'  <testsuite name="dlint" {counts} skipped="0">\n',
    ]
    for result in results:
        path = xml_attr(result.path)
        case = f'    <testcase classname="{path}" name="{path}"'
        if result.error is not None:
            out.append(f"{case}>\n")
            out.append(
                f'      <error message="{xml_attr(result.error)}" type="io">'
                f"{xml_text(result.error)}</error>\n"
            )
            out.append("    </testcase>\n")
        elif result.diagnostics:
            out.append(f"{case}>\n")
            out.append(_failure(result))
            out.append("    </testcase>\n")
        else:
            out.append(f"{case}/>\n")
    out.append("  </testsuite>\n</testsuites>\n")
    stream.write("".join(out))


def _failure(result: FileResult) -> str:
    found = result.diagnostics
    worst = max(d.severity for d in found)
    message = f"{plural(len(found), 'problem')} ({severity_counts(found, zeros=False)})"
    lines = "".join(
        f"{result.path}:{d.range.start.line}:{d.range.start.column}: {d.severity.label}: "
        f"{d.code} [{d.name}] {d.message}\n"
        for d in found
    )
    return (
        f'      <failure message="{xml_attr(message)}" type="{worst.label}">'
        f"{xml_text(lines)}</failure>\n"
    )
