"""Settings the editor sends: ``initializationOptions`` and the ``dlint`` section of
``workspace/configuration``.

``select``, ``extendSelect`` and ``ignore`` act like the command-line options of the same
names (on top of the configuration file); ``debounceMs`` is the delay between an edit
and the lint it triggers; ``diagnosticMode: "push"`` publishes diagnostics even to a client
that could pull them; ``pinLookups: true`` lets DLX203 look digests up in the registries
for its "pin digest" fix (off by default: the server stays offline unless asked). Unknown
keys and bad values are reported, never fatal.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from dlint_dockerfile.lint.registry import Registry, SelectorError

__all__ = ["DEFAULT_DEBOUNCE_MS", "ClientSettings", "parse_client_settings"]

#: Milliseconds between the last edit and the lint it triggers.
DEFAULT_DEBOUNCE_MS = 75

_ALIASES = {
    "select": "select",
    "extendselect": "extendSelect",
    "extend-select": "extendSelect",
    "extend_select": "extendSelect",
    "ignore": "ignore",
    "debouncems": "debounceMs",
    "debounce": "debounceMs",
    "debounce-ms": "debounceMs",
    "debounce_ms": "debounceMs",
    "diagnosticmode": "diagnosticMode",
    "diagnostic-mode": "diagnosticMode",
    "diagnostic_mode": "diagnosticMode",
    "pinlookups": "pinLookups",
    "pin-lookups": "pinLookups",
    "pin_lookups": "pinLookups",
}


@dataclass(frozen=True)
class ClientSettings:
    """The editor's rule selection (``None``: keep the configured rules) and timing."""

    select: tuple[str, ...] | None = None
    extend_select: tuple[str, ...] = ()
    ignore: tuple[str, ...] = ()
    debounce_ms: int = DEFAULT_DEBOUNCE_MS
    #: ``"push"`` or ``"auto"`` (pull when the client can).
    diagnostic_mode: str = "auto"
    #: Whether DLX203 may look digests up for its fix (network access).
    pin_lookups: bool = False
    problems: tuple[str, ...] = field(default=(), compare=False)


def parse_client_settings(
    raw: object, registry: Registry, base: ClientSettings | None = None
) -> ClientSettings:
    """Settings from the editor's JSON (``None`` or an empty object keeps ``base``)."""
    base = base or ClientSettings()
    if raw is None:
        return base
    if not isinstance(raw, Mapping):
        return _with_problems(base, [f"dlint settings must be an object, not {_kind(raw)}"])
    problems: list[str] = []
    values: dict[str, Any] = {}
    for key, value in raw.items():
        name = _ALIASES.get(str(key).lower())
        if name is None:
            problems.append(f"unknown dlint setting {key!r}")
        else:
            values[name] = value
    select = base.select
    if "select" in values:
        chosen = values["select"]
        select = None if chosen is None else _selectors(chosen, registry, problems, "select")
        select = select or None
    extend = base.extend_select
    if "extendSelect" in values:
        extend = _selectors(values["extendSelect"], registry, problems, "extendSelect") or ()
    ignore = base.ignore
    if "ignore" in values:
        ignore = _selectors(values["ignore"], registry, problems, None) or ()
    debounce = base.debounce_ms
    if "debounceMs" in values:
        value = values["debounceMs"]
        if isinstance(value, (int, float)) and not isinstance(value, bool) and value >= 0:
            debounce = int(value)
        else:
            problems.append(f"debounceMs must be a number of milliseconds, not {value!r}")
    mode = base.diagnostic_mode
    if "diagnosticMode" in values:
        value = values["diagnosticMode"]
        if value in ("push", "auto"):
            mode = value
        else:
            problems.append(f"diagnosticMode must be 'push' or 'auto', not {value!r}")
    pin_lookups = base.pin_lookups
    if "pinLookups" in values:
        value = values["pinLookups"]
        if isinstance(value, bool):
            pin_lookups = value
        else:
            problems.append(f"pinLookups must be true or false, not {value!r}")
    return ClientSettings(select, extend, ignore, debounce, mode, pin_lookups, tuple(problems))


def _selectors(
    value: object, registry: Registry, problems: list[str], selecting: str | None
) -> tuple[str, ...] | None:
    """Valid selectors from a list or a comma-separated string; bad ones are reported, and
    so, under the ``selecting`` setting, are foreign codes dlint has no rule for."""
    if isinstance(value, str):
        items: list[object] = list(value.split(","))
    elif isinstance(value, (list, tuple)):
        items = list(value)
    else:
        problems.append(f"expected a list of rule selectors, not {_kind(value)}")
        return None
    out: list[str] = []
    for item in items:
        if not isinstance(item, str):
            problems.append(f"a rule selector must be a string, not {item!r}")
            continue
        selector = item.strip()
        if not selector:
            continue
        try:
            registry.resolve(selector)
        except SelectorError as exc:
            from dlint_dockerfile.lint.foreign import FOREIGN_CODES, no_rule_reason

            if selector.upper() not in FOREIGN_CODES:
                problems.append(str(exc))
                continue
            if selecting is not None:
                reason = no_rule_reason(selector)
                problems.append(f"{selecting}: {selector} selects no rule: {reason}")
        out.append(selector)
    return tuple(out)


def _with_problems(settings: ClientSettings, problems: list[str]) -> ClientSettings:
    return replace(settings, problems=tuple(problems))


def _kind(value: object) -> str:
    return type(value).__name__
