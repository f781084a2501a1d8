"""Helpers of several syntax rules: parser issues and directives."""

from __future__ import annotations

import re

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.syntax import Instruction

__all__ = ["DIRECTIVE_LIKE", "IssueRule"]


DIRECTIVE_LIKE = re.compile(r"#\s*([a-zA-Z][a-zA-Z0-9]*)\s*=\s*(\S.*)$")


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
