"""The fix loop: apply fixes as text edits, re-parse, re-lint, until nothing changes.

Each pass lints the current text, takes the fixes allowed (safe ones; unsafe ones too
with ``unsafe=True``; display-only never), applies the largest set of fixes whose edits
do not touch one another, and parses the result. A pass whose result has a syntax problem
the text before it did not have is retried fix by fix; a fix that alone causes one is
refused for the rest of the run. The loop ends when no fix applies, when the text comes
back to an earlier state, or after `MAX_PASSES`. Bytes outside the edited ranges are
never touched.

A fix may also edit or create another file (the `.dockerignore`): the loop keeps those
files' new text beside the Dockerfile's, lets one fix per file and pass change it, never
applies a fix made for another version of the file, and lints the next pass with the
build context as it will be once they are written (`BuildContext.overlaid`).
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path
from typing import TYPE_CHECKING

from dlint_dockerfile.lint.diagnostic import Applicability, Diagnostic, Edit
from dlint_dockerfile.lint.files import read_text
from dlint_dockerfile.lint.runner import (
    INVALID_SUPPRESSION,
    UNUSED_SUPPRESSION,
    LintSettings,
    lint_model,
)
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import Dockerfile, parse
from dlint_dockerfile.syntax.positions import line_ending_at

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext

__all__ = [
    "MAX_PASSES",
    "FixOutcome",
    "add_ignores",
    "apply_edits",
    "fix_text",
    "is_applicable",
    "syntax_problems",
]

#: Upper bound on lint-and-fix passes per file.
MAX_PASSES = 25
#: The reason written by `add_ignores`.
ADD_IGNORE_REASON = "added by dlint --add-ignore; fix or explain"


@dataclass
class FixOutcome:
    """What the fix loop did to one file."""

    original: str
    text: str
    #: The findings in the original text (the first pass's lint).
    initial: list[Diagnostic] = field(default_factory=list)
    applied: list[Diagnostic] = field(default_factory=list)
    refused: list[Diagnostic] = field(default_factory=list)
    remaining: list[Diagnostic] = field(default_factory=list)
    passes: int = 0
    #: The edits of each pass that changed the text, in that pass's input coordinates.
    edits: list[list[Edit]] = field(default_factory=list)
    #: Other files the fixes edit: absolute path → (text before, None if the file did
    #: not exist; text after).
    files: dict[str, tuple[str | None, str]] = field(default_factory=dict)

    @property
    def changed(self) -> bool:
        return self.text != self.original or any(a != b for a, b in self.files.values())


def is_applicable(diagnostic: Diagnostic, unsafe: bool) -> bool:
    """Whether the fix of ``diagnostic`` may be applied (safe, or unsafe when allowed)."""
    fix = diagnostic.fix
    if fix is None or not (fix.edits or fix.files):
        return False
    if fix.applicability is Applicability.SAFE:
        return True
    return unsafe and fix.applicability is Applicability.UNSAFE


def apply_edits(text: str, edits: Iterable[Edit]) -> str:
    """``text`` with non-overlapping ``edits`` applied (insertions at one offset keep
    their order)."""
    ordered = sorted(enumerate(edits), key=lambda pair: (pair[1].start, pair[1].end, pair[0]))
    pieces: list[str] = []
    position = 0
    for _, edit in ordered:
        if edit.start < position or edit.end < edit.start or edit.end > len(text):
            raise ValueError(f"overlapping or invalid edit {edit}")
        pieces.append(text[position : edit.start])
        pieces.append(edit.content)
        position = edit.end
    pieces.append(text[position:])
    return "".join(pieces)


def fix_text(
    text: str,
    settings: LintSettings,
    *,
    unsafe: bool = False,
    file_path: Path | None = None,
    context: BuildContext | None = None,
    max_passes: int = MAX_PASSES,
    other_files: bool = True,
    known_files: Mapping[str, str] | None = None,
) -> FixOutcome:
    """Apply the fixes of the selected rules to ``text`` until nothing changes.

    ``other_files``: whether fixes that edit another file than the Dockerfile may apply
    (not when the result cannot be written, as for standard input). ``known_files``:
    other files' texts to assume instead of reading them (what fixes of earlier files of
    a ``--diff`` run would have written; ``context`` must already show them)."""
    outcome = FixOutcome(text, text)
    refused: set[tuple[str, str, str]] = set()
    files = _OtherFiles(dict(known_files or {}))
    seen = {(text, files.state())}
    current = text
    tree = parse(current)
    issues = syntax_problems(tree)
    diagnostics = outcome.initial = _lint(tree, settings, file_path, context)
    while outcome.passes < max_passes:
        candidates = [
            d
            for d in diagnostics
            if is_applicable(d, unsafe)
            and _key(d) not in refused
            and (other_files or not d.fix.files)  # type: ignore[union-attr]
            and files.current(d)
        ]
        chosen = _compatible(candidates)
        if not chosen:
            break
        outcome.passes += 1
        new_text, new_tree, kept, bad = _apply_checked(current, chosen, issues)
        for diagnostic in bad:
            refused.add(_key(diagnostic))
            outcome.refused.append(diagnostic)
        edited = files.after(kept)
        state = (new_text, edited.state())
        if new_tree is None or state in seen:
            if not bad:
                break
            continue
        outcome.applied.extend(kept)
        outcome.edits.append([e for d in kept for e in d.fix.edits])  # type: ignore[union-attr]
        seen.add(state)
        if edited.texts != files.texts and context is not None:
            context = context.overlaid(edited.texts)
        current, tree, files = new_text, new_tree, edited
        issues = syntax_problems(tree)
        diagnostics = _lint(tree, settings, file_path, context)
    outcome.text = current
    outcome.remaining = diagnostics
    outcome.files = files.changes()
    return outcome


class _OtherFiles:
    """The other files' texts as the fixes applied so far leave them."""

    def __init__(
        self, originals: dict[str, str | None] | None = None, texts: dict[str, str] | None = None
    ) -> None:
        self.originals: dict[str, str | None] = originals if originals is not None else {}
        self.texts: dict[str, str] = texts if texts is not None else {}

    def state(self) -> tuple[tuple[str, str], ...]:
        return tuple(sorted(self.texts.items()))

    def text_of(self, path: str) -> str | None:
        """The file's text now: as edited, else as on disk (None: it does not exist)."""
        if path in self.texts:
            return self.texts[path]
        if path not in self.originals:
            self.originals[path] = _read_text(path)
        return self.originals[path]

    def current(self, diagnostic: Diagnostic) -> bool:
        """Were the fix's edits of other files made for their text as it is now."""
        assert diagnostic.fix is not None
        return all(self.text_of(f.path) == f.original for f in diagnostic.fix.files)

    def after(self, kept: Sequence[Diagnostic]) -> _OtherFiles:
        texts = dict(self.texts)
        for diagnostic in kept:
            for edit in diagnostic.fix.files:  # type: ignore[union-attr]
                texts[edit.path] = apply_edits(edit.original or "", edit.edits)
        return _OtherFiles(self.originals, texts)

    def changes(self) -> dict[str, tuple[str | None, str]]:
        return {
            path: (self.originals.get(path), text)
            for path, text in sorted(self.texts.items())
            if text != self.originals.get(path)
        }


def _read_text(path: str) -> str | None:
    """The file's text; None when it does not exist (or cannot be read)."""
    try:
        return read_text(path)
    except OSError:
        return None


def _lint(
    tree: Dockerfile, settings: LintSettings, file_path: Path | None, context: BuildContext | None
) -> list[Diagnostic]:
    return lint_model(DockerfileModel(tree, file_path, context), settings)


def _key(diagnostic: Diagnostic) -> tuple[str, str, str]:
    title = diagnostic.fix.title if diagnostic.fix is not None else ""
    return diagnostic.code, diagnostic.message, title


def _spans(diagnostic: Diagnostic) -> list[tuple[int, int]]:
    assert diagnostic.fix is not None
    return sorted((e.start, e.end) for e in diagnostic.fix.edits)


def _valid(spans: list[tuple[int, int]]) -> bool:
    return all(a[1] <= b[0] and a != b for a, b in pairwise(spans)) and all(
        start <= end for start, end in spans
    )


def _compatible(candidates: Sequence[Diagnostic]) -> list[Diagnostic]:
    """A greedy set of fixes, in file order, whose edits neither overlap nor touch, and
    at most one per other file."""
    chosen: list[Diagnostic] = []
    taken: list[tuple[int, int]] = []  # sorted, disjoint
    taken_files: set[str] = set()
    ordered = sorted(candidates, key=lambda d: ((_spans(d) or [(-1, -1)])[0], d.code, d.message))
    for diagnostic in ordered:
        spans = _spans(diagnostic)
        if not _valid(spans):
            continue
        if any(_touches(taken, span) for span in spans):
            continue
        paths = {f.path for f in diagnostic.fix.files}  # type: ignore[union-attr]
        if paths & taken_files:
            continue
        taken_files |= paths
        chosen.append(diagnostic)
        for span in spans:
            taken.insert(bisect_right(taken, span), span)
    return chosen


def _touches(taken: list[tuple[int, int]], span: tuple[int, int]) -> bool:
    start, end = span
    i = bisect_right(taken, (start, end))
    for j in (i - 1, i):
        if 0 <= j < len(taken):
            other_start, other_end = taken[j]
            if start <= other_end and other_start <= end:
                return True
    return False


def syntax_problems(tree: Dockerfile) -> Counter[str]:
    """The syntax problems of a tree, by code (a fix must not add any)."""
    return Counter(issue.code for _, issue in tree.all_issues())


def _parse_checked(before: Counter[str], text: str) -> Dockerfile | None:
    """The parse of ``text``, or None when it has a syntax problem ``before`` lacks."""
    tree = parse(text)
    after = syntax_problems(tree)
    if any(count > before.get(code, 0) for code, count in after.items()):
        return None
    return tree


def _apply_checked(
    text: str, chosen: list[Diagnostic], issues: Counter[str]
) -> tuple[str, Dockerfile | None, list[Diagnostic], list[Diagnostic]]:
    """Apply ``chosen`` together; on a new syntax problem, find the fixes that cause it.
    Returns the new text and its parse (None when no fix could be kept), the fixes kept
    and the fixes refused."""
    edits = [e for d in chosen for e in d.fix.edits]  # type: ignore[union-attr]
    new_text = apply_edits(text, edits)
    tree = _parse_checked(issues, new_text)
    if tree is not None:
        return new_text, tree, chosen, []
    good: list[Diagnostic] = []
    bad: list[Diagnostic] = []
    for diagnostic in chosen:
        assert diagnostic.fix is not None
        trial = apply_edits(text, diagnostic.fix.edits)
        (bad if _parse_checked(issues, trial) is None else good).append(diagnostic)
    if not good:
        return text, None, [], bad
    new_text = apply_edits(text, [e for d in good for e in d.fix.edits])  # type: ignore[union-attr]
    tree = _parse_checked(issues, new_text)
    if tree is None:  # harmless alone, harmful together
        good = good[:1]
        new_text = apply_edits(text, good[0].fix.edits)  # type: ignore[union-attr]
        tree = parse(new_text)
    return new_text, tree, good, bad


def add_ignores(model: DockerfileModel, diagnostics: Sequence[Diagnostic]) -> tuple[str, int]:
    """The text with a ``# dlint: ignore=CODES -- reason`` line above every instruction
    that has findings; also the number of lines added. Findings outside an instruction
    and the suppression findings themselves (DLX014, DLX015) are left alone."""
    text = model.tree.code
    index = model.index
    instructions = model.instructions
    starts = [index.body_start(i) for i in instructions]
    ends = [index.span(i)[1] for i in instructions]
    codes: dict[int, dict[str, None]] = {}
    for diagnostic in diagnostics:
        if diagnostic.code in (UNUSED_SUPPRESSION, INVALID_SUPPRESSION):
            continue
        i = bisect_right(starts, diagnostic.start) - 1
        if i >= 0 and diagnostic.start < ends[i]:
            codes.setdefault(i, {})[diagnostic.code] = None
    edits = []
    lines = index.lines
    for i, found in codes.items():
        line_start = lines.line_start(lines.line(starts[i]))
        if text[line_start : starts[i]].strip():  # the instruction does not start its line
            continue
        line = text[line_start : text.find("\n", line_start) % (len(text) + 1)]
        indent = line[: len(line) - len(line.lstrip(" \t"))]
        newline = line_ending_at(text, line_start)
        comment = f"{indent}# dlint: ignore={','.join(found)} -- {ADD_IGNORE_REASON}{newline}"
        edits.append(Edit(line_start, line_start, comment))
    return apply_edits(text, edits), len(edits)
