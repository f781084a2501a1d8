"""Which package caches a RUN leaves in its layer.

A *producer* is a package-manager command that fills a cache (``apt-get update`` fills
the apt lists, ``pip install`` the pip cache...). It leaves the cache behind unless the
RUN keeps it out of the layer: an option (``--no-cache``), a variable
(``PIP_NO_CACHE_DIR``), a BuildKit cache or tmpfs mount over the cache directory, or a
*cleaner* later in the same RUN (``rm -rf /var/lib/apt/lists/*``, ``yum clean all``).
"""

from __future__ import annotations

from dataclasses import dataclass

from dlint_dockerfile.model.package_caches import RunContext
from dlint_dockerfile.shell import Command, Script, ShellWord
from dlint_dockerfile.shell.options import APT_DRY_RUN
from dlint_dockerfile.shell.packages import PackageCommand, package_commands

__all__ = ["TRUTHY", "CacheAnalysis", "Producer", "analyse"]

#: Values pip reads as booleans; pip disables its cache for any of them, even "false".
TRUTHY = frozenset({"1", "true", "yes", "on", "y", "t", "0", "false", "no", "off", "n", "f"})

_APT_ARCHIVES = frozenset(
    {"install", "upgrade", "dist-upgrade", "full-upgrade", "build-dep", "reinstall", "source"}
)
_APK = frozenset({"add", "upgrade", "update", "fix"})
_RPM = frozenset(
    {
        "install",
        "localinstall",
        "groupinstall",
        "group install",
        "module install",
        "reinstall",
        "update",
        "upgrade",
        "downgrade",
        "distro-sync",
        "makecache",
        "builddep",
    }
)
_ZYPPER = frozenset(
    {
        "install",
        "in",
        "update",
        "up",
        "dist-upgrade",
        "dup",
        "patch",
        "source-install",
        "si",
        "refresh",
        "ref",
    }
)
_YARN = frozenset({None, "install", "add", "global add"})
_NPM = frozenset({"install", "i", "ci", "add", "update", "isntall", "in"})


@dataclass(eq=False)
class Producer:
    """A command that fills a cache, and whether the cache stays in the layer."""

    kind: str
    command: PackageCommand
    left: bool
    #: Why it does not stay: "option", "env", "mount", "cleaned" (None when it stays).
    reason: str | None = None


def cache_kind(pc: PackageCommand) -> str | None:
    """The cache a package-manager command fills, if any."""
    family, action = pc.family, pc.action
    if family == "apt":
        if pc.has_option(*APT_DRY_RUN):
            return None
        if action == "update":
            return "apt-lists"
        return "apt-archives" if action in _APT_ARCHIVES else None
    if family == "apk":
        return "apk" if action in _APK else None
    if family in ("yum", "dnf"):
        return "rpm" if action in _RPM else None
    if family == "zypper":
        return "zypper" if action in _ZYPPER else None
    if family == "pip":
        return "pip" if action in ("install", "wheel", "download") else None
    if family == "yarn":
        if action is None and pc.has_option("-v", "--version", "-h", "--help"):
            return None
        return "yarn" if action in _YARN else None
    if family == "npm":
        return "npm" if action in _NPM else None
    return None


def cleaned_kinds(pc: PackageCommand) -> set[str]:
    """The caches a package-manager command empties (``apt-get clean``...)."""
    family, action = pc.family, pc.action
    if family == "apt":
        if action in ("clean", "autoclean"):
            return {"apt-archives"}
        if action in ("dist-clean", "distclean"):
            return {"apt-archives", "apt-lists"}
    elif family == "apk" and action in ("cache clean", "cache purge"):
        return {"apk"}
    elif family in ("yum", "dnf") and action == "clean":
        words = {w.value for w in pc.packages}
        if "all" in words or {"packages", "metadata"} <= words:
            return {"rpm"}
    elif family == "zypper" and action in ("clean", "cc"):
        return {"zypper"}
    elif family == "pip" and action in ("cache purge", "cache remove"):
        return {"pip"}
    elif family in ("yarn", "npm") and action == "cache clean":
        return {family}
    return set()


def _extra_dirs(ctx: RunContext, pc: PackageCommand) -> tuple[str, ...]:
    """A cache directory the command names itself (``pip --cache-dir``...)."""
    spellings = {
        "pip": ("--cache-dir",),
        "yarn": ("--cache-folder",),
        "npm": ("--cache",),
        "apk": ("--cache-dir",),
    }.get(pc.family, ())
    option = pc.command.option(*spellings) if spellings else None
    if option is None or option.value is None:
        return ()
    path = ctx.resolve(option.value)
    return (path,) if path is not None else ()


def _pip_cache_disabled(ctx: RunContext, pc: PackageCommand, script: Script) -> str | None:
    command = pc.command
    if command.has_option("--no-cache-dir"):
        return "option"
    value = ctx.variable("PIP_NO_CACHE_DIR")
    if value is not None and value.strip().lower() in TRUTHY:
        return "env"
    for other in script.all_commands():
        if other.start > pc.origin:
            break
        words: tuple[ShellWord, ...] = ()
        if other.start == pc.origin:
            words = other.assignments + (other.args if other.basename == "env" else ())
        elif other.basename in ("export", "declare"):
            words = other.args
        if any((w.value or w.text).startswith("PIP_NO_CACHE_DIR=") for w in words):
            return "env"
    return None


@dataclass
class CacheAnalysis:
    """The producers and cleaners of one RUN."""

    ctx: RunContext
    commands: list[PackageCommand]
    producers: list[Producer]
    #: (command, kinds it cleans), package managers and ``rm`` alike, in order.
    cleaners: list[tuple[Command | PackageCommand, set[str]]]

    def produced(self, kind: str) -> bool:
        return any(p.kind == kind for p in self.producers)


def analyse(ctx: RunContext, script: Script) -> CacheAnalysis:
    """Producers (with whether each leaves its cache behind) and cleaners of a RUN."""
    commands = package_commands(script)
    cleaners: list[tuple[Command | PackageCommand, set[str]]] = []
    by_start = {pc.origin: pc for pc in commands}
    removals: list[Command] = []
    for raw in script.all_commands():
        pc = by_start.get(raw.start)
        if pc is not None:
            found = cleaned_kinds(pc)
            if found:
                cleaners.append((pc, found))
            continue
        command = raw.unwrapped()
        if command.basename == "rm":
            removals.append(command)
            removed = ctx.removed_kinds(command)
            if removed:
                cleaners.append((command, removed))
    producers: list[Producer] = []
    for pc in commands:
        kind = cache_kind(pc)
        if kind is None:
            continue
        producers.append(_producer(ctx, script, pc, kind, cleaners, removals))
    return CacheAnalysis(ctx, commands, producers, cleaners)


def _producer(
    ctx: RunContext,
    script: Script,
    pc: PackageCommand,
    kind: str,
    cleaners: list[tuple[Command | PackageCommand, set[str]]],
    removals: list[Command],
) -> Producer:
    if kind == "apk" and pc.has_option("--no-cache"):
        return Producer(kind, pc, False, "option")
    if kind == "pip":
        reason = _pip_cache_disabled(ctx, pc, script)
        if reason is not None:
            return Producer(kind, pc, False, reason)
    extra = _extra_dirs(ctx, pc)
    if ctx.mounted(kind, extra):
        return Producer(kind, pc, False, "mount")
    for cleaner, cleaned in cleaners:
        if cleaner.start <= pc.start:
            continue
        if kind in cleaned:
            return Producer(kind, pc, False, "cleaned")
    if extra and any(r.start > pc.start and ctx.removes(r, kind, extra) for r in removals):
        return Producer(kind, pc, False, "cleaned")
    return Producer(kind, pc, True)
