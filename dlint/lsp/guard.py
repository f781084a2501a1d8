"""Rules that cannot take the server down.

`guarded` wraps a rule class in a subclass whose hooks catch exceptions. A rule that
raises is switched off for the rest of the file and everything it reported for that file
is dropped; the failure is recorded for the server to log. The engine (`lint_model`) runs
the wrapped classes unchanged: a wrapper compares and hashes equal to the rule it wraps,
so selections that test ``rule in settings.rules`` (unused-suppression checks) still hold.
"""

from __future__ import annotations

import logging
import threading
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, replace
from typing import Any, cast

from dlint.lint.diagnostic import Diagnostic
from dlint.lint.rule import Rule, RuleContext
from dlint.lint.runner import LintSettings

__all__ = ["RuleFailure", "collect_failures", "guard_settings", "guarded"]

_log = logging.getLogger(__name__)
_local = threading.local()
_CACHE: dict[type[Rule], type[Rule]] = {}
_LOCK = threading.Lock()


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


class _GuardedMeta(type):
    """Makes a wrapper equal (and hash equal) to the rule class it wraps."""

    _guarded_rule: type[Rule]

    def __eq__(cls, other: object) -> bool:
        mine = cls.__dict__.get("_guarded_rule", cls)
        theirs = other.__dict__.get("_guarded_rule", other) if isinstance(other, type) else other
        return bool(mine is theirs)

    def __hash__(cls) -> int:
        return hash(cls.__dict__.get("_guarded_rule", cls))


def guarded(rule: type[Rule]) -> type[Rule]:
    """The guarded wrapper of ``rule`` (made once per rule class)."""
    if isinstance(rule, _GuardedMeta):
        return rule
    with _LOCK:
        wrapper = _CACHE.get(rule)
        if wrapper is None:
            wrapper = _CACHE[rule] = _make_wrapper(rule)
    return wrapper


def guard_settings(settings: LintSettings) -> LintSettings:
    """``settings`` running guarded rules."""
    return replace(settings, rules=tuple(guarded(r) for r in settings.rules))


def _make_wrapper(rule: type[Rule]) -> type[Rule]:
    namespace: dict[str, Any] = {
        "_guarded_rule": rule,
        "__doc__": rule.__doc__,
        "__module__": rule.__module__,
        "__qualname__": rule.__qualname__,
        "__init__": _init(rule),
        "finish": _finish(rule),
    }
    for attribute in dir(rule):
        if attribute.startswith("visit_") and callable(getattr(rule, attribute)):
            namespace[attribute] = _hook(getattr(rule, attribute))
    wrapper = _GuardedMeta(rule.__name__, (rule,), namespace)
    return cast("type[Rule]", wrapper)


def _init(rule: type[Rule]) -> Callable[[Rule, RuleContext], None]:
    def __init__(self: Rule, ctx: RuleContext) -> None:
        found: list[Diagnostic] = []
        state = self.__dict__
        state["_guard_found"] = found
        state["_guard_report"] = ctx.report
        state["_guard_broken"] = False
        try:
            rule.__init__(self, RuleContext(ctx.model, ctx.settings, found.append))
        except Exception as exc:
            _fail(self, rule, exc)

    return __init__


def _hook(method: Callable[..., Any]) -> Callable[..., Any]:
    def hook(self: Rule, *args: Any) -> Any:
        if self.__dict__["_guard_broken"]:
            return None
        try:
            return method(self, *args)
        except Exception as exc:
            _fail(self, type(self).__dict__.get("_guarded_rule", type(self)), exc)
            return None

    hook.__name__ = getattr(method, "__name__", "hook")
    return hook


def _finish(rule: type[Rule]) -> Callable[[Rule], None]:
    def finish(self: Rule) -> None:
        state = self.__dict__
        if not state["_guard_broken"]:
            try:
                rule.finish(self)
            except Exception as exc:
                _fail(self, rule, exc)
        if not state["_guard_broken"]:
            report = state["_guard_report"]
            for diagnostic in state["_guard_found"]:
                report(diagnostic)
        state["_guard_found"] = []

    return finish


def _fail(instance: Rule, rule: type[Rule], exc: Exception) -> None:
    instance.__dict__["_guard_broken"] = True
    instance.__dict__["_guard_found"] = []
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
