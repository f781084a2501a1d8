"""Rules that cannot take the server down.

Under `guard_settings`, the engine (`lint_model`) catches what a rule raises: that rule is
switched off for the rest of the file and everything it reported for that file is
dropped; the failure is recorded here for the server to log. (The engine's own
``try`` costs nothing until a rule raises; wrapping every hook in a function of its own
cost the server time on every lint.)
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.lint.runner import LintSettings

__all__ = ["RuleFailure", "collect_failures", "guard_settings", "record_failure"]

_log = logging.getLogger(__name__)
_local = threading.local()


@dataclass(frozen=True)
class RuleFailure:
    """An exception raised by one rule on one file."""

    code: str
    name: str
    error: str
    traceback: str


@contextmanager
def collect_failures() -> Iterator[list[RuleFailure]]:
    """Collect the failures of guarded rules run in this thread inside the block."""
    previous: list[RuleFailure] | None = getattr(_local, "failures", None)
    failures: list[RuleFailure] = []
    _local.failures = failures
    try:
        yield failures
    finally:
        _local.failures = previous


def guard_settings(settings: LintSettings) -> LintSettings:
    """``settings`` under which a rule that raises is switched off (`lint_model`'s
    ``on_rule_failure``) and its failure recorded."""
    return replace(settings, on_rule_failure=record_failure)


def record_failure(rule: type[Rule], exc: Exception) -> None:
    """Record that ``rule`` raised (`LintSettings.on_rule_failure`) in the collection of this
    thread's `collect_failures`, else log it."""
    failure = RuleFailure(
        rule.code,
        rule.name,
        f"{type(exc).__name__}: {exc}",
        "".join(traceback.format_exception(type(exc), exc, exc.__traceback__)),
    )
    failures: list[RuleFailure] | None = getattr(_local, "failures", None)
    if failures is not None:
        failures.append(failure)
    else:
        _log.error("rule %s (%s) failed: %s", rule.code, rule.name, failure.error)
