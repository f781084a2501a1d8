"""The rule registry: every rule class, found by code, name, alias, prefix or category.

The engine never imports a concrete rule; `default_registry` loads ``dlint_dockerfile.rules``, whose
``ALL_RULES`` lists every rule exactly once.
"""

from __future__ import annotations

import difflib
import importlib
import re
from collections.abc import Iterable
from functools import lru_cache

from dlint_dockerfile.lint.rule import CATEGORIES, Rule

__all__ = ["Registry", "SelectorError", "default_registry"]


class SelectorError(ValueError):
    """A rule selector that names nothing; ``suggestion`` is the closest match."""

    def __init__(self, selector: str, suggestion: str | None) -> None:
        hint = f" (did you mean {suggestion}?)" if suggestion else ""
        super().__init__(f"unknown rule or category {selector!r}{hint}")
        self.selector = selector
        self.suggestion = suggestion


class Registry:
    """Rule classes indexed for lookup."""

    def __init__(self, rules: Iterable[type[Rule]]) -> None:
        self.rules: tuple[type[Rule], ...] = tuple(sorted(rules, key=lambda r: r.code))
        self._keys: dict[str, type[Rule]] = {}
        self._aliases: dict[str, list[type[Rule]]] = {}
        self._emitters = [r for r in self.rules if r.emits]
        for rule in self.rules:
            rule.instructions = rule.visited_instructions()
            for key in (rule.code, rule.name):
                if key.upper() in self._keys:
                    raise ValueError(f"duplicate rule key {key!r}")
                self._keys[key.upper()] = rule
            for alias in rule.aliases:
                self._aliases.setdefault(alias.upper(), []).append(rule)

    def emitter(self, selector: str) -> type[Rule] | None:
        """The rule reporting under a foreign code selector such as ``SC2086`` or ``SC2``
        (digits after a rule's `Rule.emits` prefix), or None."""
        upper = selector.strip().upper()
        for rule in self._emitters:
            digits = upper.removeprefix(rule.emits.upper())
            if digits != upper and digits.isdigit():
                return rule
        return None

    def get(self, key: str) -> type[Rule] | None:
        """The rule with this code, name or alias (first by code when an alias is shared)."""
        upper = key.strip().upper()
        if upper in self._keys:
            return self._keys[upper]
        aliased = self._aliases.get(upper)
        return aliased[0] if aliased else None

    def resolve(self, selector: str) -> list[type[Rule]]:
        """Rules a selector names: ``ALL``, a code, a code prefix, a name, an alias or a
        category. Raises `SelectorError` if it names none."""
        key = selector.strip()
        upper = key.upper()
        if upper == "ALL":
            return list(self.rules)
        if key.lower() in CATEGORIES:
            return [r for r in self.rules if r.category == key.lower()]
        if upper in self._keys:
            return [self._keys[upper]]
        emitter = self.emitter(upper)
        if emitter is not None:
            return [emitter]
        if any(upper == r.emits.upper() for r in self._emitters):
            return [r for r in self._emitters if upper == r.emits.upper()]
        if upper in self._aliases:
            return list(self._aliases[upper])
        prefixed = [r for r in self.rules if r.code.upper().startswith(upper) and upper]
        if prefixed and not upper.isdigit():
            return prefixed
        raise SelectorError(selector, self.suggest(selector))

    def suggest(self, selector: str) -> str | None:
        upper = selector.strip().upper()
        if re.fullmatch(r"DL\d+", upper):  # a hadolint code: suggest hadolint codes
            candidates = [a for a in self._aliases if a.startswith("DL")]
        elif re.fullmatch(r"DLX\d+", upper):
            candidates = [r.code.upper() for r in self.rules]
        else:
            candidates = [*self._keys, *self._aliases, *(c.upper() for c in CATEGORIES)]
        match = difflib.get_close_matches(selector.upper(), candidates, n=1, cutoff=0.6)
        if not match:
            return None
        rule = self._keys.get(match[0])
        if rule is not None and match[0] == rule.name.upper():
            return rule.name
        return match[0] if match[0].upper() not in map(str.upper, CATEGORIES) else match[0].lower()


@lru_cache(maxsize=1)
def default_registry() -> Registry:
    """Every built-in rule (``dlint_dockerfile.rules.ALL_RULES``)."""
    module = importlib.import_module("dlint_dockerfile.rules")
    return Registry(module.ALL_RULES)
