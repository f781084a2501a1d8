"""Runtime family rules."""

from __future__ import annotations

from dlint.lint.rule import Rule

RUNTIME_RULES: tuple[type[Rule], ...] = ()
