"""What the copy rules share: COPY and ADD arguments."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.copies import CopyArgs, copy_args
from dlint_dockerfile.syntax import Instruction

__all__ = ["CopyRule"]


class CopyRule(Rule):
    """Shared plumbing: COPY and ADD arguments."""

    def _args(self, instruction: Instruction) -> CopyArgs:
        return copy_args(self.model, instruction)
