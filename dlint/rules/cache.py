"""Cache family rules."""

from __future__ import annotations

from dlint.lint.rule import Rule

CACHE_RULES: tuple[type[Rule], ...] = ()
