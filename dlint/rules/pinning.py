"""Pinning family rules."""

from __future__ import annotations

from dlint.lint.rule import Rule

PINNING_RULES: tuple[type[Rule], ...] = ()
