"""Security family rules."""

from __future__ import annotations

from dlint.lint.rule import Rule

SECURITY_RULES: tuple[type[Rule], ...] = ()
