"""What differs between the image built before a fix and the one built after it.

Configs are compared in a canonical form (`normalize`): the runtime fields (`FIELDS`)
must be equal. Of ``Env`` and ``Labels``, the keys the Dockerfile itself sets (ENV and
LABEL in its final stage and the stages that one is built on, `dockerfile_sets`) must
keep their values; a key only the original base image set may go (a toolchain's
``GOPATH``): it is listed as dropped with the build base, not as a difference; a label
only the fixed Dockerfile sets is listed as added by the fix. ``PATH``
is compared entry by entry: the entries after the fix must be entries it had before, in
the same order; an entry before that is gone after is dropped with the base, unless the
Dockerfile writes it itself.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from dlint_dockerfile.model.model import DockerfileModel, Stage

__all__ = [
    "FIELDS",
    "Comparison",
    "Difference",
    "Dropped",
    "OwnKeys",
    "compare_configs",
    "dockerfile_sets",
    "normalize",
    "size_change_percent",
]

#: The config fields that must be equal, in the order they are reported.
FIELDS = (
    "Cmd",
    "Entrypoint",
    "User",
    "WorkingDir",
    "ExposedPorts",
    "Volumes",
    "StopSignal",
    "Healthcheck",
    "OnBuild",
    "Shell",
)
_LISTS = ("Cmd", "Entrypoint", "OnBuild", "Shell")
_SETS = ("ExposedPorts", "Volumes")
_HEALTHCHECK = ("Test", "Interval", "Timeout", "StartPeriod", "StartInterval", "Retries")


@dataclass(frozen=True)
class Difference:
    """A config field (``key``: the Env or Labels entry) whose value changed."""

    field: str
    before: Any
    after: Any
    key: str | None = None

    def name(self) -> str:
        return self.field if self.key is None else f"{self.field} {self.key}"


@dataclass(frozen=True)
class Dropped:
    """An Env or Labels entry that only the original base image set and that the fixed
    image lacks (for ``PATH``: the entries gone, joined by ``:``); also a label the fix
    adds."""

    field: str
    key: str
    value: str


@dataclass(frozen=True)
class OwnKeys:
    """The Env and Labels keys a Dockerfile sets itself, and the PATH entries it writes."""

    env: frozenset[str] = frozenset()
    labels: frozenset[str] = frozenset()
    path_entries: frozenset[str] = frozenset()

    def __or__(self, other: OwnKeys) -> OwnKeys:
        return OwnKeys(
            self.env | other.env,
            self.labels | other.labels,
            self.path_entries | other.path_entries,
        )


def normalize(config: Mapping[str, Any]) -> dict[str, Any]:
    """``config`` (Docker's shape, as a builder inspects it) in a canonical form: every
    field of `FIELDS` plus ``Env`` and ``Labels`` (mappings); an absent or empty value is
    None, and an empty WorkingDir is ``/``."""
    out: dict[str, Any] = {}
    for name in FIELDS:
        value = config.get(name)
        if name in _LISTS:
            value = list(value) if value else None
        elif name in _SETS:
            value = sorted(value) if value else None
        elif name == "Healthcheck":
            value = _healthcheck(value)
        else:
            value = value or None
        out[name] = value
    if out["WorkingDir"] in (None, "/"):
        out["WorkingDir"] = "/"
    out["Env"] = _env(config.get("Env") or [])
    out["Labels"] = dict(sorted((config.get("Labels") or {}).items()))
    return out


def _healthcheck(value: Any) -> dict[str, Any] | None:
    if not value:
        return None
    kept = {k: value[k] for k in _HEALTHCHECK if value.get(k)}
    return kept or None


def _env(entries: Iterable[str]) -> dict[str, str]:
    env: dict[str, str] = {}
    for entry in entries:
        key, _, value = entry.partition("=")
        env[key] = value
    return env


def dockerfile_sets(model: DockerfileModel) -> OwnKeys:
    """The Env and Labels keys set by ENV and LABEL in the final stage and the stages
    it is built on (keys written with an unknown variable are left out), and the PATH
    entries those ENVs write."""
    env: set[str] = set()
    labels: set[str] = set()
    path: set[str] = set()
    for stage in _final_chain(model):
        for instruction in stage.instructions:
            if instruction.name not in ("ENV", "LABEL"):
                continue
            values = instruction.values
            for raw_key, raw_value in zip(values[0::3], values[1::3], strict=False):
                key = model.expand(raw_key, instruction)
                if not key.complete:
                    continue
                if instruction.name == "LABEL":
                    labels.add(key.text)
                    continue
                env.add(key.text)
                if key.text == "PATH":
                    value = model.expand(raw_value, instruction).text
                    path.update(entry for entry in value.split(":") if entry)
    return OwnKeys(frozenset(env), frozenset(labels), frozenset(path))


def _final_chain(model: DockerfileModel) -> list[Stage]:
    chain: list[Stage] = []
    stage = model.final_stage
    while stage is not None and stage not in chain:
        chain.append(stage)
        stage = stage.parent
    return chain


@dataclass
class Comparison:
    """What differs between two configs: differences fail the fix; entries dropped with
    the build base and labels the fix adds are listed only."""

    differences: list[Difference] = field(default_factory=list)
    dropped: list[Dropped] = field(default_factory=list)
    added: list[Dropped] = field(default_factory=list)


def compare_configs(
    before: Mapping[str, Any], after: Mapping[str, Any], original: OwnKeys, fixed: OwnKeys
) -> Comparison:
    """Compare two normalized configs; ``original`` and ``fixed`` are what the Dockerfile
    before and the one after set themselves.

    An Env or Labels entry the original Dockerfile sets must keep its value. An entry
    only the original base image set may go (dropped with the build base). A label only
    the fixed Dockerfile sets is added by the fix (``MAINTAINER`` becomes a LABEL). Any
    other change of an entry is a difference."""
    found = Comparison()
    found.differences = [
        Difference(name, before[name], after[name])
        for name in FIELDS
        if before[name] != after[name]
    ]
    own = original | fixed
    for name, keys, new_keys in (
        ("Env", original.env, fixed.env),
        ("Labels", original.labels, fixed.labels),
    ):
        old, new = before[name], after[name]
        for key in sorted(old.keys() | new.keys()):
            if name == "Env" and key == "PATH":
                _compare_path(old.get(key), new.get(key), own, found)
            elif old.get(key) == new.get(key):
                continue
            elif key in old and key not in new and key not in keys:
                found.dropped.append(Dropped(name, key, old[key]))
            elif name == "Labels" and key not in old and key in new_keys:
                found.added.append(Dropped(name, key, new[key]))
            else:
                found.differences.append(Difference(name, old.get(key), new.get(key), key))
    return found


def _compare_path(old: str | None, new: str | None, own: OwnKeys, found: Comparison) -> None:
    """PATH: the entries after must be entries before, in order; entries gone are
    dropped with the base unless the Dockerfile writes them."""
    if old == new:
        return
    before = [e for e in (old or "").split(":") if e]
    after = [e for e in (new or "").split(":") if e]
    gone = [e for e in before if e not in after]
    lost_own = own.path_entries & set(gone)
    if (new is None) != (old is None) or lost_own or not _in_order(after, before):
        found.differences.append(Difference("Env", old, new, "PATH"))
    elif gone:
        found.dropped.append(Dropped("Env", "PATH", ":".join(gone)))


def _in_order(part: list[str], whole: list[str]) -> bool:
    """Whether ``part`` is ``whole`` with some entries left out."""
    rest = iter(whole)
    return all(entry in rest for entry in part)


def size_change_percent(before: int | None, after: int | None) -> float | None:
    """The change of size from ``before`` to ``after`` in percent (one decimal)."""
    if before is None or after is None or before <= 0:
        return None
    return round((after - before) * 100 / before, 1) + 0.0  # never -0.0

