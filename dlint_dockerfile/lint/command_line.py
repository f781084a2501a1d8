"""The rule options of the command line (kept apart from `selection`, which needs the
rules, so that a run answered from the result cache never loads them)."""

from __future__ import annotations

from dataclasses import dataclass, field

from dlint_dockerfile.lint.diagnostic import Severity

__all__ = ["CommandLineSelection"]


@dataclass(frozen=True)
class CommandLineSelection:
    """Rule options given on the command line."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    severity: dict[str, Severity] = field(default_factory=dict)
    #: Rule settings on top of the configuration's (the editor's ``pinLookups``).
    settings: dict[str, object] = field(default_factory=dict)
