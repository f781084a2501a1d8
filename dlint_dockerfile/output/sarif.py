"""SARIF 2.1.0: one run of the ``dlint`` driver, for GitHub code scanning and friends.

Regions use 1-based code-point columns with an exclusive end (``columnKind`` is
``unicodeCodePoints``). Artifact URIs are the paths as given, with forward slashes and
percent-encoding; absolute paths become ``file://`` URIs.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import PurePosixPath, PureWindowsPath
from typing import TYPE_CHECKING, Any, TextIO
from urllib.parse import quote

from dlint_dockerfile.lint.diagnostic import Diagnostic, Edit, Fix, Severity
from dlint_dockerfile.lint.files import shown_path
from dlint_dockerfile.output.common import RenderOptions, clean, edit_range, line_index
from dlint_dockerfile.syntax import LineIndex

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.lint.diagnostic import FileResult
    from dlint_dockerfile.lint.registry import Registry
    from dlint_dockerfile.syntax import Range

__all__ = ["render_sarif", "sarif_log"]

SCHEMA_URI = (
    "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json"
)
_LEVEL = {
    Severity.STYLE: "note",
    Severity.INFO: "note",
    Severity.WARNING: "warning",
    Severity.ERROR: "error",
}
#: Characters left as they are in a URI path (RFC 3986 pchar minus percent, plus "/").
_URI_SAFE = "/:@!$&'()*+,;=-._~"


def render_sarif(results: Sequence[FileResult], stream: TextIO, options: RenderOptions) -> None:
    """Write the SARIF log of ``results`` as pretty-printed ASCII JSON."""
    registry = options.registry
    if registry is None:
        from dlint_dockerfile.lint.registry import default_registry

        registry = default_registry()
    stream.write(json.dumps(sarif_log(results, registry), indent=2, ensure_ascii=True))
    stream.write("\n")


def sarif_log(results: Sequence[FileResult], registry: Registry) -> dict[str, Any]:
    """The SARIF log of ``results`` as JSON-ready data."""
    from dlint_dockerfile import __version__
    from dlint_dockerfile.output import HOMEPAGE

    codes = sorted({d.code for result in results for d in result.diagnostics})
    rule_index = {code: i for i, code in enumerate(codes)}
    sarif_results: list[dict[str, Any]] = []
    notifications: list[dict[str, Any]] = []
    for result in results:
        uri = artifact_uri(result.path)
        if result.error is not None:
            notifications.append(
                {
                    "level": "error",
                    "message": {"text": clean(result.error)},
                    "locations": [{"physicalLocation": {"artifactLocation": {"uri": uri}}}],
                }
            )
            continue
        index = line_index(result) if any(d.fix for d in result.diagnostics) else None
        for d in result.diagnostics:
            sarif_results.append(_result(d, uri, rule_index[d.code], index))
    return {
        "$schema": SCHEMA_URI,
        "version": "2.1.0",
        "runs": [
            {
                "tool": {
                    "driver": {
                        "name": "dlint",
                        "version": __version__,
                        "informationUri": HOMEPAGE,
                        "rules": [_descriptor(code, registry, results) for code in codes],
                    }
                },
                "invocations": [
                    {
                        "executionSuccessful": not notifications,
                        "toolExecutionNotifications": notifications,
                    }
                ],
                "columnKind": "unicodeCodePoints",
                "results": sarif_results,
            }
        ],
    }


def artifact_uri(path: str) -> str:
    """A URI reference for ``path``: forward slashes, percent-encoded, absolute → file URI."""
    path = clean(path)
    windows = PureWindowsPath(path)
    if windows.drive and windows.is_absolute():
        return windows.as_uri()
    posix = path.replace("\\", "/")
    if PurePosixPath(posix).is_absolute():
        return "file://" + quote(posix, safe=_URI_SAFE)
    return quote(posix, safe=_URI_SAFE)


def _descriptor(code: str, registry: Registry, results: Sequence[FileResult]) -> dict[str, Any]:
    from dlint_dockerfile.output import docs_url

    rule = registry.get(code)
    if rule is None or rule.code != code:
        name = next(d.name for r in results for d in r.diagnostics if d.code == code)
        emitter = registry.emitter(code)
        url = emitter.emitted_url.format(code=code) if emitter and emitter.emitted_url else None
        return {"id": code, "name": name, "helpUri": url or docs_url(code)}
    docs = rule.docs()
    what = docs.sections.get("What it does") or rule.summary() or rule.name
    markdown = docs.markdown
    return {
        "id": code,
        "name": rule.name,
        "shortDescription": {"text": rule.summary() or rule.name},
        "fullDescription": {"text": what},
        "help": {"text": markdown, "markdown": markdown},
        "helpUri": docs_url(code),
        "defaultConfiguration": {"level": _LEVEL[rule.severity]},
        "properties": {"category": rule.category, "aliases": list(rule.aliases)},
    }


def _region(where: Range) -> dict[str, int]:
    return {
        "startLine": where.start.line,
        "startColumn": where.start.column,
        "endLine": where.end.line,
        "endColumn": where.end.column,
    }


def _result(d: Diagnostic, uri: str, rule_index: int, index: LineIndex | None) -> dict[str, Any]:
    result: dict[str, Any] = {
        "ruleId": d.code,
        "ruleIndex": rule_index,
        "level": _LEVEL[d.severity],
        "message": {"text": clean(d.message)},
        "locations": [
            {
                "physicalLocation": {
                    "artifactLocation": {"uri": uri},
                    "region": _region(d.range),
                }
            }
        ],
        "properties": {"severity": d.severity.label},
    }
    if d.fix is not None and index is not None:
        result["fixes"] = [_fix(d.fix, uri, index)]
    return result


def _fix(fix: Fix, uri: str, index: LineIndex) -> dict[str, Any]:
    changes = []
    if fix.edits:
        replacements = _replacements(fix.edits, index)
        changes.append({"artifactLocation": {"uri": uri}, "replacements": replacements})
    for other in fix.files:  # the .dockerignore: a new file is an insertion at its start
        changes.append(
            {
                "artifactLocation": {"uri": artifact_uri(shown_path(other.path))},
                "replacements": _replacements(other.edits, LineIndex(other.original or "")),
            }
        )
    return {
        "description": {"text": clean(fix.title)},
        "artifactChanges": changes,
        "properties": {"applicability": fix.applicability.value},
    }


def _replacements(edits: Sequence[Edit], index: LineIndex) -> list[dict[str, Any]]:
    return [
        {
            "deletedRegion": _region(edit_range(index, edit)),
            "insertedContent": {"text": clean(edit.content)},
        }
        for edit in edits
    ]
