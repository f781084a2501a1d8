"""Every built-in rule, listed once. The engine finds them through the registry."""

from __future__ import annotations

from dlint.lint.rule import Rule
from dlint.rules.syntax import SYNTAX_RULES

__all__ = ["ALL_RULES"]

ALL_RULES: tuple[type[Rule], ...] = (*SYNTAX_RULES,)
