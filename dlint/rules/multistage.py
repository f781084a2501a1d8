"""Multistage family rules."""

from __future__ import annotations

from dlint.lint.rule import Rule

MULTISTAGE_RULES: tuple[type[Rule], ...] = ()
