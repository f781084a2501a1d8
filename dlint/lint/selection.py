"""Turning configuration and command-line options into `LintSettings` for one file.

Precedence, lowest first: the built-in defaults (every rule enabled by default; with a
``.hadolint.yaml``, also the opt-in rules hadolint runs by default), the
configuration file (``select`` replaces the defaults, ``extend-select`` adds,
``ignore`` removes, ``severity`` overrides), its ``per-path`` entries that match the
file, then the command line (``--select`` replaces, ``--extend-select`` adds,
``--ignore`` removes).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dlint.lint.diagnostic import Severity
from dlint.lint.foreign import FOREIGN_CODES, HADOLINT_OFF_BY_DEFAULT
from dlint.lint.registry import Registry, SelectorError
from dlint.lint.rule import Rule
from dlint.lint.runner import LintSettings

if TYPE_CHECKING:  # pragma: no cover
    from dlint.lint.config import Config

__all__ = ["CommandLineSelection", "resolve_settings"]


@dataclass(frozen=True)
class CommandLineSelection:
    """Rule options given on the command line."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)


def _resolve(registry: Registry, selectors: Iterable[str]) -> list[type[Rule]]:
    rules: list[type[Rule]] = []
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
    if cli.select is not None:
        base: Sequence[type[Rule]] = _resolve(registry, cli.select)
    elif config is not None and config.select is not None:
        base = _resolve(registry, config.select)
    else:
        base = [r for r in registry.rules if r.default_enabled or _hadolint_default(r, config)]
    selected = dict.fromkeys(base)
    ignored: set[type[Rule]] = set()
    severities: dict[str, Severity] = {}
    settings: dict[str, Any] = {}
    if config is not None:
        selected.update(dict.fromkeys(_resolve(registry, config.extend_select)))
        ignored.update(_resolve(registry, config.ignore))
        _apply_severity(registry, config.severity, severities)
        settings.update(config.settings)
        if file is not None:
            for override in config.matching_overrides(file):
                selected.update(dict.fromkeys(_resolve(registry, override.extend_select)))
                ignored.update(_resolve(registry, override.ignore))
                _apply_severity(registry, override.severity, severities)
    selected.update(dict.fromkeys(_resolve(registry, cli.extend_select)))
    ignored.update(_resolve(registry, cli.ignore))
    _apply_severity(registry, cli.severity, severities)
    rules = tuple(r for r in selected if r not in ignored)
    return LintSettings(rules, severities, settings, registry)


def _hadolint_default(rule: type[Rule], config: Config | None) -> bool:
    """A project configured for hadolint keeps hadolint's default rule set (dlint's opt-in
    rules with a DL alias that hadolint runs by default, such as OS-package pins)."""
    if config is None or config.kind != "hadolint":
        return False
    return any(a.startswith("DL") and a not in HADOLINT_OFF_BY_DEFAULT for a in rule.aliases)


def _apply_severity(
    registry: Registry, overrides: dict[str, Severity], into: dict[str, Severity]
) -> None:
    for selector, severity in overrides.items():
        for rule in _resolve(registry, [selector]):
            into[rule.code] = severity
