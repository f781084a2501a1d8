"""Inline suppressions, in dlint's, hadolint's and BuildKit's syntaxes.

On the comment lines directly above an instruction (no blank line between):

- ``# dlint: ignore=DL3008,apt-update-alone -- reason``
- ``# hadolint ignore=DL3008,DL3009``
- ``# check=skip=JSONArgsRecommended``

Anywhere in the file (usually at the top):

- ``# dlint: ignore-file=DLX9``

(``# dlint: format-off``, ``format-on`` and ``format-skip`` are ``dlint format``'s, no
suppressions: `format_pragma`.)
- ``# hadolint global ignore=DL3008``
- the parser directive ``# check=skip=StageNameCasing,JSONArgsRecommended`` (or ``all``)

A selector may be a code, a name, an alias or a category, as on the command line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from dlint_dockerfile.syntax import CommentLine, Dockerfile, Instruction

__all__ = [
    "Suppression",
    "SuppressionSet",
    "find_suppressions",
    "format_pragma",
    "is_pragma",
]

_DLINT = re.compile(r"#\s*dlint\s*:\s*(?P<body>.*)$", re.IGNORECASE)
_HADOLINT = re.compile(r"#\s*hadolint\s+(?P<global>global\s+)?(?P<body>.*)$", re.IGNORECASE)
_CHECK = re.compile(r"#\s*check\s*=\s*(?P<body>.*)$", re.IGNORECASE)
_IGNORE = re.compile(
    r"(?P<kind>ignore-file|ignore)\s*=\s*(?P<codes>[^\s#]*)\s*(?:--\s*(?P<reason>.*))?$",
    re.IGNORECASE,
)
#: The formatter's own comments (`format_pragma`), which are no suppressions.
_FORMAT = re.compile(r"format-(?P<word>off|on|skip)\s*$", re.IGNORECASE)
_HADOLINT_IGNORE = re.compile(r"ignore\s*=\s*(?P<codes>[^\s#]*)\s*(?P<rest>.*)$", re.IGNORECASE)


def format_pragma(comment: str) -> str | None:
    """``"off"``, ``"on"`` or ``"skip"`` for a ``# dlint: format-off`` (``-on``,
    ``-skip``) comment line, which ``dlint format`` obeys; None for any other line."""
    match = _DLINT.match(comment.strip())
    found = _FORMAT.match(match.group("body").strip()) if match else None
    return found.group("word").lower() if found else None


def is_pragma(comment: str) -> bool:
    """Whether a comment line is a dlint, hadolint or BuildKit ``check`` pragma."""
    text = comment.strip()
    return any(p.match(text) for p in (_DLINT, _HADOLINT, _CHECK))


@dataclass
class Suppression:
    """One suppression comment: which selectors, where, and whether it matched anything.

    ``start``/``end`` are the absolute offsets of the comment text; ``scope`` is
    ``"instruction"`` (``target`` is the instruction below) or ``"file"``.
    """

    syntax: str  # "dlint", "hadolint", "check"
    scope: str
    selectors: tuple[str, ...]
    start: int
    end: int
    target: Instruction | None = None
    reason: str | None = None
    error: str | None = None
    used: set[str] = field(default_factory=set)


@dataclass
class SuppressionSet:
    """Every suppression of one file."""

    items: list[Suppression]

    def for_instruction(self, instruction: Instruction | None) -> list[Suppression]:
        return [s for s in self.items if s.scope == "file" or s.target is instruction]


def _parse_comment(comment: CommentLine, start: int) -> Suppression | None:
    text = comment.raw.strip()
    offset = start + (len(comment.raw) - len(comment.raw.lstrip()))
    end = offset + len(text)
    match = _DLINT.match(text)
    if match:
        body = match.group("body").strip()
        if _FORMAT.match(body):
            return None  # the formatter's
        parsed = _IGNORE.match(body)
        if parsed is None or not parsed.group("codes"):
            return Suppression(
                "dlint",
                "instruction",
                (),
                offset,
                end,
                error=(
                    f"malformed suppression {text!r}: expected "
                    "'# dlint: ignore=CODE[,CODE] [-- reason]' or '# dlint: ignore-file=CODE'"
                ),
            )
        codes = tuple(c for c in parsed.group("codes").split(",") if c)
        scope = "file" if parsed.group("kind").lower() == "ignore-file" else "instruction"
        return Suppression("dlint", scope, codes, offset, end, reason=parsed.group("reason"))
    match = _HADOLINT.match(text)
    if match:
        parsed = _HADOLINT_IGNORE.match(match.group("body").strip())
        scope = "file" if match.group("global") else "instruction"
        if parsed is None or not parsed.group("codes"):
            if not match.group("body").strip().lower().startswith("ignore"):
                return None  # another hadolint pragma (e.g. shell=bash); not a suppression
            return Suppression(
                "hadolint",
                scope,
                (),
                offset,
                end,
                error=f"malformed suppression {text!r}: expected '# hadolint ignore=DL3008,...'",
            )
        codes = tuple(c for c in parsed.group("codes").split(",") if c)
        return Suppression("hadolint", scope, codes, offset, end)
    match = _CHECK.match(text)
    if match:
        return _check_suppression(match.group("body"), "instruction", offset, end)
    return None


def _check_suppression(body: str, scope: str, start: int, end: int) -> Suppression | None:
    """BuildKit's ``check=skip=A,B;error=true`` (only ``skip`` suppresses)."""
    for part in body.split(";"):
        key, _, value = part.partition("=")
        if key.strip().lower() == "skip":
            codes = tuple(c.strip() for c in value.split(",") if c.strip())
            if not codes:
                return Suppression("check", scope, (), start, end, error="empty 'check=skip=' list")
            return Suppression("check", scope, codes, start, end)
    return None


def find_suppressions(tree: Dockerfile, spans: dict[int, int]) -> SuppressionSet:
    """All suppressions of ``tree``. ``spans`` maps ``id(line)`` to its start offset."""
    items: list[Suppression] = []
    check = tree.directive("check")
    if check is not None:
        start = spans[id(check)]
        found = _check_suppression(check.value, "file", start, start + len(check.raw.rstrip()))
        if found is not None:
            items.append(found)
    for instruction in tree.instructions:
        block: list[CommentLine] = []
        for line in instruction.leading:
            if isinstance(line, CommentLine):
                block.append(line)
            else:
                block = []  # a blank line breaks "directly above"
        directly_above = {id(line) for line in block}
        for line in instruction.leading:
            if not isinstance(line, CommentLine):
                continue
            found = _parse_comment(line, spans[id(line)])
            if found is None:
                continue
            if found.scope == "instruction":
                if id(line) not in directly_above:
                    found.error = found.error or (
                        "suppression is not directly above an instruction: "
                        "remove the blank line between them"
                    )
                found.target = instruction
            items.append(found)
    for line in tree.footer:
        if isinstance(line, CommentLine):
            found = _parse_comment(line, spans[id(line)])
            if found is not None:
                if found.scope == "instruction" and found.error is None:
                    found.error = "suppression at the end of the file applies to no instruction"
                items.append(found)
    return SuppressionSet(items)
