"""Turning configuration and command-line options into `LintSettings` for one file.

Precedence, lowest first: the built-in defaults (every rule enabled by default; with a
``.hadolint.yaml``, also the opt-in rules hadolint runs by default), the
configuration file (``select`` replaces the defaults, ``extend-select`` adds,
``ignore`` removes, ``severity`` overrides), its ``per-path`` entries that match the
file, then the command line (``--select`` replaces, ``--extend-select`` adds,
``--ignore`` removes).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlint_dockerfile.lint.command_line import CommandLineSelection
from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.foreign import FOREIGN_CODES, HADOLINT_OFF_BY_DEFAULT
from dlint_dockerfile.lint.registry import Registry, RuleSpec, SelectorError
from dlint_dockerfile.lint.runner import LintSettings

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.lint.config import Config

__all__ = ["CommandLineSelection", "resolve_settings"]


def _resolve(registry: Registry, selectors: Iterable[str]) -> list[RuleSpec]:
    rules: list[RuleSpec] = []
    for selector in selectors:
        try:
            rules.extend(registry.resolve(selector))
        except SelectorError:
            if selector.strip().upper() not in FOREIGN_CODES:
                raise
    return rules


def resolve_settings(
    registry: Registry,
    config: Config | None,
    cli: CommandLineSelection,
    file: Path | None = None,
) -> LintSettings:
    """The rules, severities and rule settings for ``file``."""
    chosen = _Choice(registry)
    if cli.select is not None:
        chosen.select(cli.select)
    elif config is not None and config.select is not None:
        chosen.select(config.select)
    else:
        chosen.add_rules(
            r for r in registry.rules if r.default_enabled or _hadolint_default(r, config)
        )
    severities: dict[str, Severity] = {}
    settings: dict[str, Any] = {}
    if config is not None:
        chosen.extend(config.extend_select)
        chosen.ignore(config.ignore)
        _apply_severity(registry, config.severity, severities)
        settings.update(config.settings)
        settings["format"] = config.format  # DLX922 formats as `dlint format` does
        settings["pin"] = config.pin  # DLX203's fix looks digests up as `dlint pin` does
        if file is not None:
            for override in config.matching_overrides(file):
                chosen.extend(override.extend_select)
                chosen.ignore(override.ignore)
                _apply_severity(registry, override.severity, severities)
    chosen.extend(cli.extend_select)
    chosen.ignore(cli.ignore)
    _apply_severity(registry, cli.severity, severities)
    settings.update(cli.settings)
    return chosen.settings(severities, settings)


class _Choice:
    """Rules chosen so far, and the foreign codes (``SC2086``) chosen for emitting rules."""

    def __init__(self, registry: Registry) -> None:
        self.registry = registry
        self.selected: dict[RuleSpec, None] = {}
        self.whole: set[RuleSpec] = set()  # selected as a rule, not by some codes
        self.codes: dict[RuleSpec, list[str]] = {}
        self.ignored: set[RuleSpec] = set()
        self.ignored_codes: list[str] = []

    def add_rules(self, rules: Iterable[RuleSpec]) -> None:
        for rule in rules:
            self.selected[rule] = None
            self.whole.add(rule)

    def select(self, selectors: Iterable[str]) -> None:
        self.selected, self.whole, self.codes = {}, set(), {}
        self.extend(selectors)

    def extend(self, selectors: Iterable[str]) -> None:
        for selector in selectors:
            emitter = self.registry.emitter(selector)
            if emitter is not None:
                self.selected[emitter] = None
                self.codes.setdefault(emitter, []).append(selector.strip().upper())
            else:
                self.add_rules(_resolve(self.registry, [selector]))

    def ignore(self, selectors: Iterable[str]) -> None:
        for selector in selectors:
            if self.registry.emitter(selector) is not None:
                self.ignored_codes.append(selector.strip().upper())
            else:
                self.ignored.update(_resolve(self.registry, [selector]))

    def settings(self, severities: dict[str, Severity], settings: dict[str, Any]) -> LintSettings:
        rules = tuple(r for r in self.selected if r not in self.ignored)
        only = {
            rule.code: tuple(self.codes[rule])
            for rule in rules
            if rule not in self.whole and rule in self.codes
        }
        return LintSettings(
            rules,
            severities,
            settings,
            self.registry,
            only_codes=only,
            ignored_codes=tuple(self.ignored_codes),
        )


def _hadolint_default(rule: RuleSpec, config: Config | None) -> bool:
    """A project configured for hadolint keeps hadolint's default rule set (dlint's opt-in
    rules with a DL alias that hadolint runs by default, such as OS-package pins)."""
    if config is None or config.kind != "hadolint":
        return False
    if rule.hadolint_default:
        return True
    return any(a.startswith("DL") and a not in HADOLINT_OFF_BY_DEFAULT for a in rule.aliases)


def _apply_severity(
    registry: Registry, overrides: dict[str, Severity], into: dict[str, Severity]
) -> None:
    for selector, severity in overrides.items():
        if registry.emitter(selector) is not None:
            into[selector.strip().upper()] = severity
            continue
        for rule in _resolve(registry, [selector]):
            into[rule.code] = severity
