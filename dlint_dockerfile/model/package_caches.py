"""Package-manager caches in RUN scripts: where each manager keeps its cache.

`CacheDir` says
where a family keeps its cache, and `RunContext` answers whether a RUN keeps that cache
out of the layer (a BuildKit cache or tmpfs mount on it) or removes it (``rm -rf``,
``apt-get clean``...).
"""

from __future__ import annotations

import posixpath
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING

from dlint_dockerfile.model.model import parse_mount
from dlint_dockerfile.shell import Command

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.model import DockerfileModel
    from dlint_dockerfile.syntax import Instruction

__all__ = [
    "CACHES",
    "CacheDir",
    "RunContext",
]


# ------------------------------------------------------------------- cache places


@dataclass(frozen=True)
class CacheDir:
    """Where a package manager keeps what a later ``rm`` or a cache mount should cover.

    ``paths`` are absolute; ``home`` are relative to a home directory (``.cache/pip``).
    ``env`` names variables that move it (``PIP_CACHE_DIR``), with a suffix to append.
    """

    paths: tuple[str, ...] = ()
    home: tuple[str, ...] = ()
    env: tuple[tuple[str, str], ...] = ()


CACHES: dict[str, CacheDir] = {
    "apt-lists": CacheDir(("/var/lib/apt/lists",)),
    "apt-archives": CacheDir(("/var/cache/apt",)),
    "apk": CacheDir(("/var/cache/apk", "/etc/apk/cache")),
    "pip": CacheDir(
        home=(".cache/pip",),
        env=(("PIP_CACHE_DIR", ""), ("XDG_CACHE_HOME", "/pip")),
    ),
    "rpm": CacheDir(("/var/cache/yum", "/var/cache/dnf", "/var/cache/libdnf5")),
    "zypper": CacheDir(("/var/cache/zypp",)),
    "yarn": CacheDir(
        ("/usr/local/share/.cache/yarn",),
        home=(".cache/yarn", ".yarn/berry/cache", ".yarn/cache"),
        env=(("YARN_CACHE_FOLDER", ""), ("XDG_CACHE_HOME", "/yarn")),
    ),
    "npm": CacheDir(home=(".npm",), env=(("npm_config_cache", ""), ("NPM_CONFIG_CACHE", ""))),
}


def _clean(path: str) -> str:
    path = posixpath.normpath(path)
    return "/" if path in ("/", "//") else path.rstrip("/")


@lru_cache(maxsize=256)
def _cache_places(
    kind: str, extra: tuple[str, ...], home: str, values: tuple[str | None, ...]
) -> tuple[str, ...]:
    """The absolute, cleaned places of cache ``kind`` (plus ``extra``) for a RUN whose home
    is ``home`` and whose variables named in the kind's ``env`` have ``values``: the same
    for most RUNs, so kept."""
    spec = CACHES[kind]
    paths = [*spec.paths, *extra]
    for rel in spec.home:
        paths.append(f"{home}/{rel}")
        paths.append(f"/root/{rel}")
    for (_, suffix), value in zip(spec.env, values, strict=True):
        if value and value.startswith("/"):
            paths.append(value + suffix)
    return tuple(_clean(p) for p in paths)


def _relation(path: str, directory: str) -> str | None:
    """``"same"``, ``"ancestor"`` (path contains directory), ``"inside"`` or None."""
    if path == directory:
        return "same"
    if path != "/" and directory.startswith(path + "/"):
        return "ancestor"
    if path.startswith(directory + "/"):
        return "inside"
    return None


@dataclass
class RunContext:
    """One RUN's mounts and variables, to tell whether a cache stays in its layer."""

    model: DockerfileModel
    instruction: Instruction
    _mounts: list[dict[str, str]] | None = field(default=None, init=False)
    _places: dict[tuple[str, tuple[str, ...]], tuple[str, ...]] = field(
        default_factory=dict, init=False
    )
    _removed: dict[int, list[str]] = field(default_factory=dict, init=False)

    @property
    def mounts(self) -> list[dict[str, str]]:
        if self._mounts is None:
            self._mounts = []
            for flag in self.instruction.flags:
                if flag.name.lower() == "mount" and flag.argument is not None:
                    self._mounts.append(parse_mount(flag.argument))
        return self._mounts

    @cached_property
    def mount_targets(self) -> list[str]:
        """Targets of the cache and tmpfs mounts, expanded and cleaned."""
        targets = []
        for fields in self.mounts:
            if fields.get("type", "bind").lower() not in ("cache", "tmpfs"):
                continue
            target = fields.get("target") or fields.get("dst") or fields.get("destination")
            if not target:
                continue
            path = self.resolve(target)
            if path is not None:
                targets.append(path)
        return targets

    @property
    def binds_context(self) -> bool:
        """A bind mount of the build context (the RUN reads files from it)."""
        return any(
            fields.get("type", "bind").lower() == "bind" and not fields.get("from")
            for fields in self.mounts
        )

    def variable(self, name: str) -> str | None:
        found = self.model.scope_before(self.instruction).get(name)
        return found.value if found is not None else None

    def resolve(self, text: str) -> str | None:
        """A path written in the RUN (``~``, ``$HOME`` and scope variables), made absolute
        against the WORKDIR; None when it depends on something unknown."""
        if len(text) >= 2 and text[0] == text[-1] and text[0] in "\"'":
            text = text[1:-1]
        for home in ("~", "$HOME", "${HOME}"):
            if text == home or text.startswith(home + "/"):
                text = self.home + text[len(home) :]
                break
        if "$" in text:
            expansion = self.model.expand(text, self.instruction)
            if not expansion.complete:
                return None
            text = expansion.text
        if not text:
            return None
        if not text.startswith("/"):
            text = posixpath.join(self.model.workdir_at(self.instruction), text)
        return _clean(text)

    @cached_property
    def home(self) -> str:
        found = self.variable("HOME")
        if found:
            return found.rstrip("/") or "/"
        user = self.model.user_at(self.instruction)
        name = user.split(":", 1)[0] if user else "root"
        return "/root" if name in ("root", "0") else f"/home/{name}"

    def cache_paths(self, kind: str, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
        """The absolute, cleaned places of cache ``kind`` for this RUN (plus ``extra``)."""
        key = (kind, extra)
        found = self._places.get(key)
        if found is not None:
            return found
        spec = CACHES[kind]
        home = self.home if spec.home else ""
        values = tuple(self.variable(name) for name, _ in spec.env)
        found = self._places[key] = _cache_places(kind, extra, home, values)
        return found

    def _matches(self, path: str, kind: str, extra: tuple[str, ...], partial: bool) -> bool:
        wanted = ("same", "ancestor", "inside") if partial else ("same", "ancestor")
        spec = CACHES[kind]
        for directory in self.cache_paths(kind, extra):
            if _relation(path, directory) in wanted:
                return True
        for rel in spec.home:
            # any home directory: /home/app/.cache/pip, /opt/user/.cache
            marker = "/" + rel.split("/", 1)[0]
            at = path.find(marker + "/")
            if at < 0:
                at = len(path) - len(marker) if path.endswith(marker) else -1
            if at >= 0 and _relation(path, path[:at] + "/" + rel) in wanted:
                return True
        return False

    def mounted(self, kind: str, extra: tuple[str, ...] = ()) -> bool:
        """A cache or tmpfs mount covers the cache ``kind``."""
        return any(self._matches(t, kind, extra, partial=False) for t in self.mount_targets)

    def removes(self, command: Command, kind: str, extra: tuple[str, ...] = ()) -> bool:
        """``command`` is an ``rm`` of (part of) the cache ``kind``."""
        if command.basename != "rm":
            return False
        return any(self._matches(p, kind, extra, partial=True) for p in self._rm_paths(command))

    def removed_kinds(self, command: Command) -> set[str]:
        """The caches (`CACHES` keys) ``command`` removes (part of): `removes` for each."""
        if command.basename != "rm":
            return set()
        paths = self._rm_paths(command)
        if not paths:  # nothing static (``rm -rf "$DIR"``)
            return set()
        return {k for k in CACHES if any(self._matches(p, k, (), partial=True) for p in paths)}

    def _rm_paths(self, command: Command) -> list[str]:
        found = self._removed.get(command.start)
        if found is None:
            found = []
            for word in command.positionals:
                path = self.resolve(word.value if word.value is not None else word.text)
                if path is not None:
                    found.append(_clean(path[:-2]) if path.endswith("/*") else path)
            self._removed[command.start] = found
        return found
