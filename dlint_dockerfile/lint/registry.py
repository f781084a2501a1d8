"""The rule registry: every rule's metadata, found by code, name, alias, prefix or category.

The engine never imports a concrete rule: `default_registry` reads the generated index
``dlint_dockerfile.rules.index`` (every rule's metadata, written by ``python -m
dlint_dockerfile.lint.generate``), and a rule's module is imported by `RuleSpec.rule_class` when a
file needs the rule. A run thus imports the rules that can fire on its files, not all of them.
"""

from __future__ import annotations

import importlib
import re
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass
from functools import cache, cached_property
from typing import Any

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import CATEGORIES, Rule, RuleDocs

__all__ = [
    "Registry",
    "RuleSpec",
    "SelectorError",
    "default_registry",
    "every_rule",
    "suggested_selectors",
]

#: The package of the built-in rules (its ``all_rules()`` lists every rule class) and their
#: generated index: the only modules of ``rules`` the engine names.
RULES_PACKAGE = "dlint_dockerfile.rules"
INDEX_MODULE = "dlint_dockerfile.rules.index"


@dataclass(frozen=True, eq=False)
class RuleSpec:
    """A rule as the engine knows it before importing it: the class's metadata (see
    `Rule`) and where the class lives. Specs are equal when their codes are: a code names
    one rule."""

    code: str
    name: str
    aliases: tuple[str, ...]
    category: str
    severity: Severity
    fix: str
    default_enabled: bool
    settings: Mapping[str, Any]
    emits: str
    emitted_url: str
    hadolint_default: bool
    requires_setting: str
    #: Upper-case names of the instructions the rule has a ``visit_*`` method for.
    instructions: frozenset[str]
    #: Whether the rule has ``visit_instruction`` (sees every instruction).
    visits_every_instruction: bool
    #: Whether the rule has a ``finish`` (a whole-file check).
    finishes: bool
    #: Whether the rule wraps an external tool (it overrides `Rule.available` or
    #: `Rule.cache_token`): asking those imports it.
    external: bool
    #: The first line of the docstring (`Rule.summary`).
    summary_line: str
    module: str
    qualname: str

    @classmethod
    def of(cls, rule: type[Rule]) -> RuleSpec:
        """The spec of a rule class (its metadata read from the class)."""
        spec = cls(
            code=rule.code,
            name=rule.name,
            aliases=tuple(rule.aliases),
            category=rule.category,
            severity=rule.severity,
            fix=rule.fix,
            default_enabled=rule.default_enabled,
            settings=dict(rule.settings),
            emits=rule.emits,
            emitted_url=rule.emitted_url,
            hadolint_default=rule.hadolint_default,
            requires_setting=rule.requires_setting,
            instructions=rule.visited_instructions(),
            visits_every_instruction=hasattr(rule, "visit_instruction"),
            finishes=rule.finish is not Rule.finish,
            external=_overrides(rule, "available") or _overrides(rule, "cache_token"),
            summary_line=rule.summary(),
            module=rule.__module__,
            qualname=rule.__qualname__,
        )
        spec.__dict__["rule_class"] = rule  # known already: `rule_class` imports nothing
        return spec

    @cached_property
    def rule_class(self) -> type[Rule]:
        """The rule's class, imported on first use."""
        found: Any = importlib.import_module(self.module)
        for part in self.qualname.split("."):
            found = getattr(found, part)
        if not (isinstance(found, type) and issubclass(found, Rule)) or found.code != self.code:
            raise ImportError(
                f"{self.module}.{self.qualname} is not rule {self.code}: the rule index is "
                "stale (run python -m dlint_dockerfile.lint.generate)"
            )
        return found

    @property
    def runs_on_every_file(self) -> bool:
        """Whether the rule runs whatever instructions a file holds."""
        return self.visits_every_instruction or self.finishes

    def can_fire(self, present: Collection[str], settings: Mapping[str, Any]) -> bool:
        """Whether the rule can report on a file holding the instructions named in
        ``present`` under the rule ``settings``: it visits one of them (or every file), and
        the setting it needs (`Rule.requires_setting`) is set."""
        if self.requires_setting and not settings.get(self.requires_setting):
            return False
        return self.runs_on_every_file or not self.instructions.isdisjoint(present)

    def docs(self) -> RuleDocs:
        return self.rule_class.docs()

    def summary(self) -> str:
        return self.summary_line

    def available(self) -> bool:
        return self.rule_class.available() if self.external else True

    def cache_token(self) -> str:
        return self.rule_class.cache_token() if self.external else ""

    @property
    def requirement(self) -> str:
        return self.rule_class.requirement if self.external else ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RuleSpec) and other.code == self.code

    def __hash__(self) -> int:
        return hash(self.code)

    def __repr__(self) -> str:
        return f"RuleSpec({self.code} {self.name})"


def _overrides(rule: type[Rule], classmethod_name: str) -> bool:
    """Whether ``rule`` defines its own version of one of `Rule`'s class methods."""
    mine: Any = getattr(rule, classmethod_name)
    base: Any = getattr(Rule, classmethod_name)
    return bool(mine.__func__ is not base.__func__)


class SelectorError(ValueError):
    """A rule selector that names nothing; ``suggestion`` is the closest match."""

    def __init__(self, selector: str, suggestion: str | None) -> None:
        hint = f" (did you mean {suggestion}?)" if suggestion else ""
        super().__init__(f"unknown rule or category {selector!r}{hint}")
        self.selector = selector
        self.suggestion = suggestion


class Registry:
    """Rules indexed for lookup: specs, or rule classes (made specs with `RuleSpec.of`)."""

    def __init__(self, rules: Iterable[type[Rule] | RuleSpec]) -> None:
        specs = (r if isinstance(r, RuleSpec) else RuleSpec.of(r) for r in rules)
        self.rules: tuple[RuleSpec, ...] = tuple(sorted(specs, key=lambda r: r.code))
        self._keys: dict[str, RuleSpec] = {}
        self._aliases: dict[str, list[RuleSpec]] = {}
        self._emitters = [r for r in self.rules if r.emits]
        for rule in self.rules:
            for key in (rule.code, rule.name):
                if key.upper() in self._keys:
                    raise ValueError(f"duplicate rule key {key!r}")
                self._keys[key.upper()] = rule
            for alias in rule.aliases:
                self._aliases.setdefault(alias.upper(), []).append(rule)

    def emitter(self, selector: str) -> RuleSpec | None:
        """The rule reporting under a foreign code selector such as ``SC2086`` or ``SC2``
        (digits after a rule's `Rule.emits` prefix), or None."""
        upper = selector.strip().upper()
        for rule in self._emitters:
            digits = upper.removeprefix(rule.emits.upper())
            if digits != upper and digits.isdigit():
                return rule
        return None

    def get(self, key: str) -> RuleSpec | None:
        """The rule with this code, name or alias (first by code when an alias is shared)."""
        upper = key.strip().upper()
        if upper in self._keys:
            return self._keys[upper]
        aliased = self._aliases.get(upper)
        return aliased[0] if aliased else None

    def resolve(self, selector: str) -> list[RuleSpec]:
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
        import difflib  # only for did-you-mean hints

        match = difflib.get_close_matches(selector.upper(), candidates, n=1, cutoff=0.6)
        if not match:
            return None
        rule = self._keys.get(match[0])
        if rule is not None and match[0] == rule.name.upper():
            return rule.name
        return match[0] if match[0].upper() not in map(str.upper, CATEGORIES) else match[0].lower()


@cache
def default_registry() -> Registry:
    """Every built-in rule, from the generated index (no rule module is imported)."""
    index: Any = importlib.import_module(INDEX_MODULE)
    return Registry(index.RULES)


def every_rule() -> Registry:
    """Every built-in rule as its class defines it, importing every rule module (what the
    index is generated from; `default_registry` reads the index instead)."""
    package: Any = importlib.import_module(RULES_PACKAGE)
    return Registry(package.all_rules())


def suggested_selectors(registry: Registry, selectors: Collection[str]) -> dict[str, str]:
    """Each selector naming no rule that has a close match, with that match spelt as the
    rule declares it (``JSONArgsRecommended``, not ``JSONARGSRECOMMENDED``)."""
    out: dict[str, str] = {}
    for selector in selectors:
        try:
            registry.resolve(selector)
        except SelectorError as exc:
            if exc.suggestion:
                out[selector.strip()] = _spelling(registry, exc.suggestion)
    return out


def _spelling(registry: Registry, key: str) -> str:
    """``key`` spelt as the rule it names declares it (a category stays as it is)."""
    rule = registry.get(key)
    upper = key.upper()
    names = (rule.code, rule.name, *rule.aliases) if rule is not None else ()
    return next((name for name in names if name.upper() == upper), key)
