"""Every built-in rule, by family (a family is a rule category: one package each).

`all_rules` imports every family and lists its rules. A lint run does not: it reads the
generated index (`dlint_dockerfile.rules.index`) and imports a rule's module only when a
file needs the rule.
"""

from __future__ import annotations

import importlib

from dlint_dockerfile.lint.rule import Rule

__all__ = ["FAMILIES", "all_rules"]

#: The family modules, in the order their rules are listed; each defines
#: ``<FAMILY>_RULES``, a tuple of its rule classes.
FAMILIES = (
    "syntax",
    "cache",
    "pinning",
    "layers",
    "copy",
    "context",
    "runtime",
    "multistage",
    "shell",
    "security",
    "style",
)


def all_rules() -> tuple[type[Rule], ...]:
    """Every built-in rule class, importing every family."""
    rules: list[type[Rule]] = []
    for family in FAMILIES:
        module = importlib.import_module(f"{__name__}.{family}")
        rules.extend(getattr(module, f"{family.upper()}_RULES"))
    return tuple(rules)
