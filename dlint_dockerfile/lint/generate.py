"""Writes every file generated from the rules: the rule pages (``docs/rules/``) and the rule
index (``dlint_dockerfile/rules/index.py``) the registry reads. Run after changing a rule::

    python -m dlint_dockerfile.lint.generate

A test checks that both are current.
"""

from __future__ import annotations

import sys
from collections.abc import Mapping
from dataclasses import fields
from pathlib import Path

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.docs import write_docs
from dlint_dockerfile.lint.registry import Registry, RuleSpec, every_rule

__all__ = ["INDEX_PATH", "index_source", "write_index"]

#: The generated index, relative to the repository root.
INDEX_PATH = Path("dlint_dockerfile/rules/index.py")

_HEADER = '''"""Every built-in rule's metadata, so that a run imports only the rules it needs.

Generated from the rule classes by ``python -m dlint_dockerfile.lint.generate``: do not edit.
"""

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.registry import RuleSpec

RULES = (
'''


def index_source(registry: Registry) -> str:
    """The text of the rule index for ``registry``'s rules."""
    parts = [_HEADER]
    for spec in registry.rules:
        parts.append("    RuleSpec(\n")
        for field in fields(RuleSpec):
            parts.append(f"        {field.name}={_literal(getattr(spec, field.name))},\n")
        parts.append("    ),\n")
    parts.append(")\n")
    return "".join(parts)


def _literal(value: object) -> str:
    if isinstance(value, frozenset):
        return f"frozenset({sorted(value)!r})" if value else "frozenset()"
    if isinstance(value, Severity):
        return f"Severity.{value.name}"
    if isinstance(value, Mapping):
        return repr(dict(value))
    return repr(value)


def write_index(root: Path, registry: Registry) -> Path:
    """Write the index under the repository ``root``; returns its path."""
    path = root / INDEX_PATH
    path.write_text(index_source(registry), encoding="utf-8")
    return path


if __name__ == "__main__":  # pragma: no cover
    repo = Path(sys.argv[1]) if len(sys.argv) > 1 else Path(".")
    registry = every_rule()
    print(write_index(repo, registry))
    for written in write_docs(repo / "docs" / "rules", registry):
        print(written)
