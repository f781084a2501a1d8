"""Build steps of RUN scripts: which commands compile or build, which packages only
build, what a RUN does as a whole (`run_kind`) and which paths its commands write
(`command_outputs`). The analysis behind DLX609 (`dlint_dockerfile.model.build_plan`) and its rule.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterable

from dlint_dockerfile._record import record
from dlint_dockerfile.model.runtime_bases import tables
from dlint_dockerfile.shell import Command, Script
from dlint_dockerfile.shell.packages import PackageCommand, package_commands, package_name
from dlint_dockerfile.shell.pip import PYTHON_NAME, pip_command

__all__ = [
    "INSTALL_ACTIONS",
    "Output",
    "build_step",
    "command_outputs",
    "dev_package",
    "inside",
    "removes_packages",
    "run_kind",
    "venv_argument",
]

_GO_BUILD = frozenset({"build", "install"})
_CARGO_BUILD = frozenset({"build", "install"})
_MAVEN_GOALS = frozenset({"package", "install", "verify", "compile"})
_GRADLE_TASKS = frozenset(
    {"build", "assemble", "jar", "bootjar", "shadowjar", "installdist", "war", "distzip"}
)
_COMPILERS = frozenset(
    {"gcc", "g++", "cc", "c++", "clang", "clang++", "make", "gmake", "cmake", "ninja"}
)
_DEV_PACKAGES = frozenset(
    {"build-essential", "gcc", "g++", "gcc-c++", "clang", "cmake", "musl-dev", "linux-headers"}
)
#: Commands `build_step` knows besides the compilers and pip (the others need no option
#: parsing).
_BUILD_TOOLS = frozenset(
    {"go", "cargo", "npm", "yarn", "pnpm", "bun", "mvn", "mvnw", "gradle", "gradlew", "dotnet"}
)
#: Package-manager actions that install, and that remove, by family (`package_commands`).
INSTALL_ACTIONS = {
    "apt": frozenset({"install"}),
    "apk": frozenset({"add"}),
    "yum": frozenset({"install"}),
    "dnf": frozenset({"install"}),
    "zypper": frozenset({"install", "in"}),
}
_REMOVE = {
    "apt": frozenset({"purge", "remove", "autoremove"}),
    "apk": frozenset({"del"}),
    "yum": frozenset({"remove", "erase", "autoremove"}),
    "dnf": frozenset({"remove", "erase", "autoremove"}),
    "zypper": frozenset({"remove", "rm"}),
}


def build_step(command: Command) -> str | None:
    """A short description when ``command`` compiles or builds artifacts."""
    base = command.basename or ""
    if base in _COMPILERS and base not in _BUILD_TOOLS:
        return base
    if base in ("javac", "jar"):
        return base
    if base not in _BUILD_TOOLS:
        pip = pip_command(command)
        return "pip wheel" if pip is not None and pip.subcommand == "wheel" else None
    sub = (command.subcommand or "").lower()
    positionals = [w.value or "" for w in command.positionals]
    if base == "go" and sub in _GO_BUILD:
        return f"go {sub}"
    if base == "cargo" and sub in _CARGO_BUILD:
        return f"cargo {sub}"
    if base in ("npm", "yarn", "pnpm", "bun"):
        script = positionals[1] if sub in ("run", "run-script") and len(positionals) > 1 else sub
        if script == "build" or script.startswith("build:"):
            return f"{base} {'run ' if sub != script else ''}{script}"
    if base in ("mvn", "mvnw"):
        goal = next((p for p in positionals if p in _MAVEN_GOALS), None)
        return f"mvn {goal}" if goal else None
    if base in ("gradle", "gradlew"):
        task = next((p for p in positionals if p.lower() in _GRADLE_TASKS), None)
        return f"gradle {task}" if task else None
    if base == "dotnet" and sub in ("publish", "build"):
        return f"dotnet {sub}"
    return None


def dev_package(package: PackageCommand) -> tuple[str, int, int] | None:
    """The first compiler or -dev package a package command installs, with its offsets."""
    if package.action not in INSTALL_ACTIONS.get(package.family, ()):
        return None
    for word in package.packages:
        name = package_name(word)
        if name is None:
            continue
        name = name.split(":", 1)[0]  # apt's architecture: gcc:arm64
        if name in _DEV_PACKAGES or name.endswith(("-dev", "-devel")):
            return word.value or word.text, word.start, word.end
    return None


def removes_packages(packages: Iterable[PackageCommand]) -> bool:
    """Whether one of the commands removes packages (``apt-get purge``, ``apk del``...)."""
    return any(p.action in _REMOVE.get(p.family, ()) for p in packages)


def run_kind(script: Script | None) -> str:
    """What a RUN does as a whole: ``build`` (compiles, installs the application's
    dependencies or a development package), ``packages`` (installs run-time packages
    and touches files), ``files`` (only users, directories, links, modes), ``other``."""
    if script is None:
        return "other"
    raw = script.all_commands()
    commands = [c.unwrapped() for c in raw]
    if any(build_step(c) is not None or installs_dependencies(c) for c in commands):
        return "build"
    packages = package_commands(script)
    if any(dev_package(p) is not None for p in packages):
        return "build"
    files = tables().file_commands
    starts = {p.origin for p in packages}
    rest = [c for r, c in zip(raw, commands, strict=True) if r.start not in starts]
    if packages and all(c.basename in files for c in rest):
        return "packages"
    if commands and all(c.basename in files for c in commands):
        return "files"
    return "other"


def installs_dependencies(command: Command) -> bool:
    """``npm ci``, ``yarn install``, ``pip install``, ``python -m venv``..."""
    base = command.basename or ""
    sub = command.subcommand or ""
    if base in ("npm", "pnpm") and sub in ("ci", "install", "i"):
        return True
    if base == "yarn" and sub in ("", "install"):
        return True
    pip = pip_command(command)
    if pip is not None:
        return (pip.subcommand or "") in ("install", "wheel")
    return venv_argument(command) is not None


def venv_argument(command: Command) -> str | None:
    """The directory word of ``python -m venv DIR`` / ``virtualenv DIR``, as written."""
    base = command.basename or ""
    words = [w.text for w in command.args]
    if PYTHON_NAME.match(base) and words[:2] == ["-m", "venv"]:
        rest = [w for w in words[2:] if not w.startswith("-")]
        return rest[0] if rest else None
    if base == "virtualenv":
        rest = [w.text for w in command.positionals]
        return rest[0] if rest else None
    return None


def inside(path: str, directory: str) -> bool:
    """Whether ``path`` is ``directory`` or below it (both normalised)."""
    return path == directory or path.startswith(directory.rstrip("/") + "/")


@record
class Output:
    """A path a build command writes; ``directory``: any file right inside it (the
    binaries of ``cargo build``, the jar of ``mvn package``, whose names the project
    files give), ``tree``: everything below it (``make install`` into ``/usr/local``)."""

    path: str
    directory: bool = False
    tree: bool = False

    def covers(self, path: str) -> bool:
        if self.tree:
            return inside(path, self.path)
        if self.directory:
            return posixpath.dirname(path) == self.path
        return path == self.path


def command_outputs(
    command: Command, workdir: str, variable: Callable[[str], str | None], distribution: bool
) -> list[Output]:
    """What ``command`` visibly writes, as absolute paths (``workdir``: its working
    directory; ``variable``: a variable's value; ``distribution``: the image is a plain
    distribution, whose ``/usr/local`` starts empty)."""
    base, sub = command.basename or "", command.subcommand or ""

    def absolute(text: str) -> str:
        return posixpath.normpath(posixpath.join(workdir, text))

    if base in ("go", "gcc", "g++", "cc", "c++", "clang"):
        option = command.option("--o")  # single-dash long options: -o FILE
        if option is not None and option.value:
            return [Output(absolute(option.value))]
    if base == "go" and sub == "install":
        gobin = variable("GOBIN") or posixpath.join(variable("GOPATH") or "/go", "bin")
        return [Output(gobin, directory=True)]
    if base == "cargo" and sub == "build":
        profile = "release" if command.has_option("--release", "-r") else "debug"
        return [Output(absolute(f"target/{profile}"), directory=True)]
    if base == "cargo" and sub == "install":
        home = variable("CARGO_HOME") or "/usr/local/cargo"
        return [Output(posixpath.join(home, "bin"), directory=True)]
    if base in ("mvn", "mvnw") and build_step(command) is not None:
        return [Output(absolute("target"), directory=True)]
    if base in ("gradle", "gradlew") and build_step(command) is not None:
        return [Output(absolute("build/libs"), directory=True)]
    if base == "jar":
        return [Output(absolute(f)) for f in _jar_file(command)]
    if base in ("cp", "mv", "install", "ln") and len(command.positionals) >= 2:
        last = command.positionals[-1].value
        if last is not None:
            target = absolute(last)
            sources = [w.value for w in command.positionals[:-1] if w.value]
            names = [posixpath.join(target, posixpath.basename(s)) for s in sources]
            return [Output(target), *(Output(n) for n in names)]
    words = [w.value or "" for w in command.args]
    default_prefix = not any(w.startswith(("PREFIX=", "DESTDIR=", "prefix=")) for w in words)
    if base in ("make", "gmake") and "install" in words and default_prefix and distribution:
        return [Output("/usr/local", tree=True)]
    return []


def _jar_file(command: Command) -> list[str]:
    """The archive of ``jar cf FILE ...`` / ``jar --create --file FILE``."""
    option = command.option("--file")
    if option is not None and option.value:
        return [option.value]
    words = [w.value or "" for w in command.args]
    if not words or words[0].startswith("--"):
        return []
    letters = [c for c in words[0].lstrip("-") if c in "fme"]
    values = words[1 : 1 + len(letters)]
    if "f" in letters and len(values) == len(letters):
        return [values[letters.index("f")]]
    return []
