"""Every built-in rule, by family. A family is a rule category and a package of its own, with
one module per rule named by its code and name (``cache/dlx103_source_copied_before_install``);
the family's ``RULES`` lists them.

`all_rules` imports every rule. A lint run does not: it reads the generated index
(`dlint_dockerfile.rules.index`) and imports a rule's module only when a file needs the rule.
"""

from __future__ import annotations

import importlib

from dlint_dockerfile.lint.rule import Rule

__all__ = ["FAMILIES", "all_rules"]

#: The family packages: one per rule category (`CATEGORIES`, in its order; a test checks).
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
    """Every built-in rule class, importing every rule module."""
    rules: list[type[Rule]] = []
    for family in FAMILIES:
        package = importlib.import_module(f"{__name__}.{family}")
        for module_name, class_name in package.RULES:
            module = importlib.import_module(f"{package.__name__}.{module_name}")
            rules.append(getattr(module, class_name))
    return tuple(rules)
