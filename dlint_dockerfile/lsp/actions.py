"""Code actions: a finding's fix, "ignore for this instruction", and "fix all".

Quick fixes come from the fixes rules attach to their findings: a safe fix is the
preferred action, an unsafe one says so in its title, a display-only fix is never offered
as an edit. A fix that also writes another file (the `.dockerignore`) is offered only to a
client whose workspace edits take document changes and file creation; the edit then
creates or edits that file beside the document's. "Fix all" leaves such fixes out.
The ignore action adds the code to a ``# dlint: ignore=`` comment directly above the
instruction (or writes one, with the instruction's indentation and the file's
line ending). "Fix all" runs the fix loop of ``dlint --fix`` and returns one edit covering
the changed part of the document.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from lsprotocol import types

from dlint_dockerfile.lint.diagnostic import Applicability, Diagnostic, Edit, FileEdit
from dlint_dockerfile.lint.fixing import is_applicable
from dlint_dockerfile.lsp.convert import lsp_range, text_edits
from dlint_dockerfile.lsp.engine import Outcome
from dlint_dockerfile.lsp.positions import UTF16, Encoding, PositionMap
from dlint_dockerfile.syntax import CommentLine, Instruction
from dlint_dockerfile.syntax.positions import line_ending_at

__all__ = [
    "FIX_ALL_KIND",
    "EditTarget",
    "fix_all_action",
    "fix_all_edit",
    "quick_fixes",
    "wanted",
]

#: The kind of the "fix all" action (editors run ``source.fixAll`` on save).
FIX_ALL_KIND = "source.fixAll.dlint"
FIX_ALL_TITLE = "dlint: Fix all safe problems"
#: Findings about suppression comments themselves cannot be suppressed.
_NOT_SUPPRESSIBLE = frozenset({"DLX014", "DLX015"})
_DLINT_IGNORE = re.compile(r"#\s*dlint\s*:\s*ignore\s*=\s*(?P<codes>[^\s#]*)", re.IGNORECASE)


@dataclass(frozen=True)
class EditTarget:
    """Where edits go: a document at a version, as the client wants workspace edits."""

    uri: str
    version: int
    document_changes: bool
    #: The client's workspace edits can create files (``resourceOperations`` has create).
    create_files: bool = False

    def workspace_edit(
        self,
        edits: list[types.TextEdit],
        others: Sequence[FileEdit] = (),
        encoding: Encoding = UTF16,
    ) -> types.WorkspaceEdit:
        """The edit of the document, and of ``others`` (which needs `create_files`)."""
        if not self.document_changes:
            assert not others, "other files need document changes"
            return types.WorkspaceEdit(changes={self.uri: edits})
        changes: list[types.TextDocumentEdit | types.CreateFile] = []
        if edits:
            document = types.OptionalVersionedTextDocumentIdentifier(
                uri=self.uri, version=self.version
            )
            changes.append(types.TextDocumentEdit(text_document=document, edits=edits))
        for other in others:
            uri = Path(other.path).as_uri()
            if other.creates:
                changes.append(types.CreateFile(uri=uri))
            positions = PositionMap(other.original or "", encoding)
            unversioned = types.OptionalVersionedTextDocumentIdentifier(uri=uri, version=None)
            changes.append(
                types.TextDocumentEdit(
                    text_document=unversioned, edits=text_edits(other.edits, positions)
                )
            )
        return types.WorkspaceEdit(document_changes=changes)


def wanted(kind: str, only: Sequence[str] | None) -> bool:
    """Whether an action of ``kind`` passes the client's ``only`` filter (kinds are
    hierarchical: ``source`` includes ``source.fixAll.dlint``)."""
    if not only:
        return True
    return any(not o or kind == o or kind.startswith(o + ".") for o in only)


def quick_fixes(
    outcome: Outcome, request: types.Range, target: EditTarget
) -> list[types.CodeAction]:
    """Fixes and ignore actions for the findings that touch ``request``."""
    positions = outcome.positions
    start = positions.offset(request.start.line, request.start.character)
    end = positions.offset(request.end.line, request.end.character)
    fixes: list[types.CodeAction] = []
    ignores: list[types.CodeAction] = []
    seen: set[tuple[int, str]] = set()
    owners = _Owners(outcome)
    for diagnostic, converted in zip(outcome.diagnostics, outcome.converted, strict=True):
        if diagnostic.start > end or diagnostic.end < start:
            continue
        action = _fix_action(diagnostic, converted, outcome, target)
        if action is not None:
            fixes.append(action)
        owner = owners.find(diagnostic)
        if owner is None or diagnostic.code in _NOT_SUPPRESSIBLE:
            continue
        if (id(owner), diagnostic.code) in seen:
            continue
        seen.add((id(owner), diagnostic.code))
        ignore = _ignore_action(diagnostic, converted, owner, outcome, target)
        if ignore is not None:
            ignores.append(ignore)
    return fixes + ignores


def _fix_action(
    diagnostic: Diagnostic, converted: types.Diagnostic, outcome: Outcome, target: EditTarget
) -> types.CodeAction | None:
    fix = diagnostic.fix
    if fix is None or not is_applicable(diagnostic, unsafe=True):
        return None
    if fix.files and not target.create_files:
        return None  # the client cannot create or edit the other file
    safe = fix.applicability is Applicability.SAFE
    label = "" if safe else " (unsafe)"
    return types.CodeAction(
        title=f"Fix {diagnostic.code}{label}: {fix.title}",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[converted],
        is_preferred=safe,
        edit=target.workspace_edit(
            text_edits(fix.edits, outcome.positions), fix.files, outcome.positions.encoding
        ),
    )


class _Owners:
    """Finds the top-level instruction a finding starts in."""

    def __init__(self, outcome: Outcome) -> None:
        model = outcome.model
        self.instructions: tuple[Instruction, ...] = model.instructions if model else ()
        index = model.index if model else None
        self.starts = [index.body_start(i) for i in self.instructions] if index else []
        self.ends = [index.span(i)[1] for i in self.instructions] if index else []

    def find(self, diagnostic: Diagnostic) -> Instruction | None:
        i = bisect_right(self.starts, diagnostic.start) - 1
        if i >= 0 and diagnostic.start < self.ends[i]:
            return self.instructions[i]
        return None


def _ignore_action(
    diagnostic: Diagnostic,
    converted: types.Diagnostic,
    owner: Instruction,
    outcome: Outcome,
    target: EditTarget,
) -> types.CodeAction | None:
    edit = ignore_edit(outcome, owner, diagnostic.code)
    if edit is None:
        return None
    return types.CodeAction(
        title=f"dlint: ignore {diagnostic.code} for this instruction",
        kind=types.CodeActionKind.QuickFix,
        diagnostics=[converted],
        edit=target.workspace_edit(text_edits([edit], outcome.positions)),
    )


def ignore_edit(outcome: Outcome, instruction: Instruction, code: str) -> Edit | None:
    """The edit suppressing ``code`` on ``instruction`` (None if it cannot be written)."""
    model = outcome.model
    if model is None:
        return None
    text = outcome.text
    index = model.index
    body = index.body_start(instruction)
    line_start = text.rfind("\n", 0, body) + 1
    if line_start == 0 and text.startswith("\ufeff"):
        line_start = 1
    if text[line_start:body].strip():  # the instruction does not start its line
        return None
    line = text[line_start : text.find("\n", line_start) % (len(text) + 1)]
    indent = line[: len(line) - len(line.lstrip(" \t"))]
    if instruction.leading and isinstance(instruction.leading[-1], CommentLine):
        comment = instruction.leading[-1]
        match = _DLINT_IGNORE.search(comment.raw)
        if match is not None and match.start() == len(comment.raw) - len(comment.raw.lstrip()):
            codes = [c.strip().upper() for c in match.group("codes").split(",")]
            if code.upper() in codes:
                return None
            at = index.span(comment)[0] + match.end("codes")
            return Edit(at, at, f",{code}" if match.group("codes") else code)
    newline = line_ending_at(text, body)
    return Edit(line_start, line_start, f"{indent}# dlint: ignore={code}{newline}")


def fix_all_action(
    outcome: Outcome, target: EditTarget, fixed_text: str | None
) -> types.CodeAction | None:
    """The "fix all" action when some safe fix applies; ``fixed_text`` None leaves the
    edit to ``codeAction/resolve`` (``data`` says which document version)."""
    if not any(
        is_applicable(d, unsafe=False) and not d.fix.files  # type: ignore[union-attr]
        for d in outcome.diagnostics
    ):
        return None
    action = types.CodeAction(title=FIX_ALL_TITLE, kind=FIX_ALL_KIND)
    if fixed_text is None:
        action.data = {"uri": target.uri, "version": target.version}
    else:
        action.edit = target.workspace_edit(fix_all_edit(outcome, fixed_text))
    return action


def fix_all_edit(outcome: Outcome, fixed_text: str) -> list[types.TextEdit]:
    """One edit turning the outcome's text into ``fixed_text`` (only the changed middle)."""
    text = outcome.text
    if fixed_text == text:
        return []
    limit = min(len(text), len(fixed_text))
    prefix = 0
    while prefix < limit and text[prefix] == fixed_text[prefix]:
        prefix += 1
    suffix = 0
    while (
        suffix < limit - prefix
        and text[len(text) - 1 - suffix] == fixed_text[len(fixed_text) - 1 - suffix]
    ):
        suffix += 1
    # never split a CRLF pair or a surrogate pair between the edit and the kept text
    while prefix > 0 and text[prefix - 1] == "\r":
        prefix -= 1
    end = len(text) - suffix
    while end < len(text) and text[end] == "\n" and end > prefix and text[end - 1] == "\r":
        end += 1
        suffix -= 1
    replacement = fixed_text[prefix : len(fixed_text) - suffix]
    return [types.TextEdit(range=lsp_range(outcome.positions, prefix, end), new_text=replacement)]
