"""Style family rules."""

from __future__ import annotations

from dlint.lint.rule import Rule

STYLE_RULES: tuple[type[Rule], ...] = ()
