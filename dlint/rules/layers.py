"""Layers family rules."""

from __future__ import annotations

from dlint.lint.rule import Rule

LAYERS_RULES: tuple[type[Rule], ...] = ()
