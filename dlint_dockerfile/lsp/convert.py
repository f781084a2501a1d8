"""dlint findings and edits as LSP objects."""

from __future__ import annotations

from collections.abc import Iterable

from lsprotocol import types

from dlint_dockerfile.lint.diagnostic import Diagnostic, Edit, Severity
from dlint_dockerfile.lint.registry import Registry
from dlint_dockerfile.lsp.positions import PositionMap
from dlint_dockerfile.output import docs_url

__all__ = [
    "SOURCE",
    "code_url",
    "lsp_position",
    "lsp_range",
    "notice",
    "text_edits",
    "to_lsp",
]

#: The ``source`` of every diagnostic the server publishes.
SOURCE = "dlint"
#: The unused-suppression rule: its findings are shown faded.
_UNUSED_SUPPRESSION = "DLX014"

_SEVERITY = {
    Severity.ERROR: types.DiagnosticSeverity.Error,
    Severity.WARNING: types.DiagnosticSeverity.Warning,
    Severity.INFO: types.DiagnosticSeverity.Information,
    Severity.STYLE: types.DiagnosticSeverity.Hint,
}


def lsp_position(positions: PositionMap, offset: int) -> types.Position:
    line, character = positions.position(offset)
    return types.Position(line=line, character=character)


def lsp_range(positions: PositionMap, start: int, end: int) -> types.Range:
    return types.Range(start=lsp_position(positions, start), end=lsp_position(positions, end))


def code_url(code: str, registry: Registry) -> str | None:
    """Where a finding's code is documented: the rule's page, or for a code reported on
    behalf of another tool (``SC2086``) that tool's page."""
    rule = registry.get(code)
    if rule is not None and rule.code.upper() == code.upper():
        return docs_url(rule.code)
    emitter = registry.emitter(code)
    if emitter is not None and emitter.emitted_url:
        return emitter.emitted_url.format(code=code.upper())
    return docs_url(rule.code) if rule is not None else None


def to_lsp(diagnostic: Diagnostic, positions: PositionMap, registry: Registry) -> types.Diagnostic:
    """One finding as an LSP diagnostic, its range in the client's position encoding."""
    url = code_url(diagnostic.code, registry)
    tags = [types.DiagnosticTag.Unnecessary] if diagnostic.code == _UNUSED_SUPPRESSION else None
    return types.Diagnostic(
        range=lsp_range(positions, diagnostic.start, diagnostic.end),
        message=diagnostic.message,
        severity=_SEVERITY[diagnostic.severity],
        code=diagnostic.code,
        code_description=types.CodeDescription(href=url) if url else None,
        source=SOURCE,
        tags=tags,
    )


def notice(message: str, severity: types.DiagnosticSeverity) -> types.Diagnostic:
    """A diagnostic about the file as a whole (a configuration error...), at 1:1."""
    origin = types.Position(line=0, character=0)
    return types.Diagnostic(
        range=types.Range(start=origin, end=origin),
        message=message,
        severity=severity,
        source=SOURCE,
    )


def text_edits(edits: Iterable[Edit], positions: PositionMap) -> list[types.TextEdit]:
    """dlint edits (offsets into the linted text) as LSP text edits."""
    return [
        types.TextEdit(range=lsp_range(positions, e.start, e.end), new_text=e.content)
        for e in sorted(edits, key=lambda e: (e.start, e.end))
    ]
