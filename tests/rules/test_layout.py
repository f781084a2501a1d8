"""Where rules live: one module per rule, in the package of its family (its category),
named by its code and name, listed by the family; tests reach no private rule helper."""

from __future__ import annotations

import ast
import importlib
import pkgutil
from pathlib import Path

import pytest

from dlint_dockerfile import rules as rules_package
from dlint_dockerfile.lint.registry import RuleSpec, every_rule
from dlint_dockerfile.lint.rule import CATEGORIES

RULES_DIR = Path(rules_package.__file__).parent
TESTS = Path(__file__).resolve().parents[1]
REGISTRY = every_rule()


def test_families_are_the_categories() -> None:
    assert rules_package.FAMILIES == CATEGORIES
    packages = {p.name for p in RULES_DIR.iterdir() if (p / "__init__.py").is_file()}
    assert packages == set(CATEGORIES)


@pytest.mark.parametrize("spec", REGISTRY.rules, ids=lambda s: s.code)
def test_rule_module_is_named_by_code_and_name(spec: RuleSpec) -> None:
    expected = f"{spec.code.lower()}_{spec.name.replace('-', '_')}"
    family, module = spec.module.split(".")[2:4]
    assert family == spec.category, f"{spec.code} sits in {family}/, not {spec.category}/"
    assert module == expected, f"{spec.code} should live in rules/{family}/{expected}(.py|/)"
    assert spec.module == f"dlint_dockerfile.rules.{family}.{expected}"


def test_every_rule_module_is_listed_by_its_family() -> None:
    listed = {spec.module for spec in REGISTRY.rules}
    for family in rules_package.FAMILIES:
        package = importlib.import_module(f"dlint_dockerfile.rules.{family}")
        found = {
            f"{package.__name__}.{m.name}"
            for m in pkgutil.iter_modules(package.__path__)
            if not m.name.startswith("_")
        }
        assert found <= listed, f"rules/{family}/ has modules no family lists: {found - listed}"


def test_tests_import_no_private_rule_helper() -> None:
    offenders = []
    for path in TESTS.rglob("*.py"):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(
                "dlint_dockerfile.rules"
            ):
                private = [a.name for a in node.names if a.name.startswith("_")]
                if private or "._" in (node.module or ""):
                    offenders.append(f"{path.relative_to(TESTS)}:{node.lineno}")
    assert offenders == []
