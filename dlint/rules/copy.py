"""Copy family rules."""

from __future__ import annotations

from dlint.lint.rule import Rule

COPY_RULES: tuple[type[Rule], ...] = ()
