"""Helpers of several syntax rules: parser issues, directives, and undefined variables."""

from __future__ import annotations

import re

from dlint_dockerfile.edits.syntax import rename_variable_fix
from dlint_dockerfile.lint.diagnostic import Fix
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import Instruction, Token
from dlint_dockerfile.syntax.nodes import Node
from dlint_dockerfile.syntax.typos import typo_distance

__all__ = ["DIRECTIVE_LIKE", "IssueRule", "closest", "has_default", "rename_fix", "suggest"]


DIRECTIVE_LIKE = re.compile(r"#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(\S.*)$")

_MODIFIERS = (":-", ":+", ":?", "-", "+", "?")


class IssueRule(Rule):
    """Reports the parser's syntax issues carrying this rule's code."""

    def finish(self) -> None:
        for owner, issue in self.model.tree.all_issues():
            if issue.code != self.code:
                continue
            start, _ = self.model.index.span(owner)
            if isinstance(owner, Instruction):
                start = self.model.index.body_start(owner)
            self.report((start + issue.start, start + issue.end), issue.message)


def has_default(text: str, name: str) -> bool:
    """True when every ``${name...}`` in ``text`` carries a modifier (``${name:-x}``)."""
    marker = "${" + name
    position = text.find(marker)
    if position < 0 or f"${name}" in text.replace(marker, ""):
        return False
    while position >= 0:
        rest = text[position + len(marker) :]
        if not rest.startswith(_MODIFIERS):
            return False
        position = text.find(marker, position + 1)
    return True


def closest(name: str, candidates: list[str]) -> str | None:
    """The candidate one or two typing mistakes away from ``name``, or None."""
    limit = min(2, max(1, len(name) // 4))
    best: tuple[int, str] | None = None
    for candidate in candidates:
        if candidate == name or abs(len(candidate) - len(name)) > limit:
            continue
        distance = typo_distance(name.lower(), candidate.lower())
        if distance <= limit and (best is None or distance < best[0]):
            best = (distance, candidate)
    return best[1] if best else None


def suggest(name: str, candidates: list[str]) -> str:
    """`` (did you mean 'X'?)`` for a candidate one or two typing mistakes away."""
    best = closest(name, candidates)
    return f" (did you mean '{best}'?)" if best else ""


def rename_fix(model: DockerfileModel, node: Node, old: str, new: str | None) -> Fix | None:
    """The unsafe fix writing ``$new`` for ``$old`` in ``node`` (see `rename_variable_fix`)."""
    if new is None or not isinstance(node, Token):
        return None
    return rename_variable_fix(model, node, old, new, f"replace ${old} with ${new}")
