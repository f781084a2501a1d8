"""Helpers of several syntax rules: parser issues, directives, and undefined variables."""

from __future__ import annotations

import re

from dlint_dockerfile.edits.syntax import rename_variable_fix
from dlint_dockerfile.lint.diagnostic import Fix
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import Instruction, Token
from dlint_dockerfile.syntax.nodes import Node

__all__ = ["DIRECTIVE_LIKE", "IssueRule", "has_default", "rename_fix"]


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


def rename_fix(model: DockerfileModel, node: Node, old: str, new: str | None) -> Fix | None:
    """The unsafe fix writing ``$new`` for ``$old`` in ``node`` (see `rename_variable_fix`)."""
    if new is None or not isinstance(node, Token):
        return None
    return rename_variable_fix(model, node, old, new, f"replace ${old} with ${new}")
