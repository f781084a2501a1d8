"""Shell family rules."""

from __future__ import annotations

from dlint.lint.rule import Rule

SHELL_RULES: tuple[type[Rule], ...] = ()
