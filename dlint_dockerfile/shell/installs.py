"""Package-index commands and dependency installs in RUN scripts.

Two questions are answered from a RUN's parsed shell:

- which commands refresh a package index (``apt-get update``, ``apk update``,
  ``dnf makecache``...) and whether anything in the same RUN could use that index;
- which commands install a project's dependencies from its manifests (``npm ci``,
  ``pip install -r requirements.txt``, ``go mod download``...), with the manifest files
  they read and the directory they run in.
"""

from __future__ import annotations

import fnmatch
import posixpath
from collections.abc import Iterator, Sequence

from dlint_dockerfile._record import record
from dlint_dockerfile.shell import Command, Script, ShellWord
from dlint_dockerfile.shell.pip import PYTHON_NAME, pip_command
from dlint_dockerfile.shell.script import SHELLS

__all__ = [
    "APT",
    "MANIFEST_NAMES",
    "InstallStep",
    "consumes_index",
    "display",
    "executed_files",
    "index_updates",
    "install_steps",
    "is_manifest",
    "join_path",
    "maybe_installs",
    "removes_apt_lists",
]

#: Package managers whose index the cache rules follow.
APT = frozenset({"apt-get", "apt", "aptitude"})
_UPDATE: dict[str, frozenset[str]] = {
    **dict.fromkeys(APT, frozenset({"update"})),
    "apk": frozenset({"update"}),
    **dict.fromkeys(("yum", "dnf", "microdnf", "tdnf"), frozenset({"makecache"})),
    "zypper": frozenset({"refresh", "ref"}),
}
MANAGERS = frozenset({*_UPDATE, "apt-cache", "apt-fast", "nala"})
#: Sub-commands that neither need nor use a fresh index (anything else might).
_NO_INDEX = frozenset(
    {
        "update",
        "makecache",
        "refresh",
        "ref",
        "clean",
        "autoclean",
        "auto-clean",
        "autoremove",
        "auto-remove",
        "remove",
        "purge",
        "del",
        "erase",
        "config-manager",
        "addrepo",
        "ar",
        "removerepo",
        "rr",
        "modifyrepo",
        "mr",
        "--version",
    }
)
#: apt sub-commands that download packages with the index.
APT_INSTALLS = frozenset(
    {
        "install",
        "upgrade",
        "dist-upgrade",
        "full-upgrade",
        "safe-upgrade",
        "build-dep",
        "source",
        "download",
        "reinstall",
        "satisfy",
    }
)
#: Tools known to install packages with the system package manager.
_INSTALLER_TOOLS = frozenset(
    {
        "install_packages",
        "apt-install",
        "mk-build-deps",
        "rosdep",
        "gdebi",
        "apt-fast",
        "nala",
        "unminimize",
        "do-release-upgrade",
        "ansible",
        "ansible-playbook",
        "apt-cyg",
        "pkcon",
        "make",
        "gmake",
        "abuild",
    }
)
_SCRIPT_SUFFIXES = (".sh", ".bash", ".py", ".pl", ".rb")


def display(command: Command) -> str:
    """``apt-get install`` / ``dnf makecache``: the command name and its sub-command."""
    sub = command.subcommand
    return f"{command.basename} {sub}" if sub else str(command.basename)


def index_updates(script: Script) -> Iterator[Command]:
    """The (unwrapped) commands that refresh a package index."""
    for raw in script.all_commands():
        command = raw.unwrapped()
        subs = _UPDATE.get(command.basename or "")
        if subs is not None and command.subcommand in subs:
            yield command


def consumes_index(command: Command) -> bool:
    """Does this (unwrapped) package-manager command use the index (install, search...)?"""
    if command.basename not in MANAGERS:
        return False
    sub = command.subcommand
    return sub is not None and sub not in _NO_INDEX


def maybe_installs(raw: Command) -> bool:
    """Could this command install system packages, or run something that might?

    True for package-manager commands that use the index, known installer tools, commands
    whose name is not static, scripts (``./setup.sh``, ``bash x.sh``, ``curl ... | sh``),
    ``source``, and commands such as ``xargs`` or ``eval`` that run a package manager.
    """
    command = raw.unwrapped()
    name = command.name
    if name is None or name.value is None:
        return True
    base = command.basename or ""
    if consumes_index(command) or base in _INSTALLER_TOOLS:
        return True
    if base in _UPDATE or base in MANAGERS:
        return False
    if "/" in name.value or base.endswith(_SCRIPT_SUFFIXES) or base in ("source", "."):
        return True
    if base in SHELLS:
        return command.nested is None  # a script file, stdin or a dynamic body
    # xargs, eval, su -c, chroot, timeout...: does it run a package manager?
    return _runs_manager(command.args)


def _runs_manager(words: Sequence[ShellWord]) -> bool:
    tokens = [t for w in words for t in (w.value if w.value is not None else w.text).split()]
    for i, token in enumerate(tokens):
        if token.rsplit("/", 1)[-1] in MANAGERS | _INSTALLER_TOOLS:
            rest = [t for t in tokens[i + 1 :] if not t.startswith("-")]
            if not rest or rest[0] not in _NO_INDEX:
                return True
    return False


_APT_LISTS = "/var/lib/apt/lists"


def removes_apt_lists(command: Command) -> bool:
    """``rm -rf /var/lib/apt/lists/*`` (or a parent directory of the lists)."""
    command = command.unwrapped()
    if command.basename != "rm":
        return False
    for word in command.positionals:
        path = (word.value if word.value is not None else word.text).strip("'\"")
        if path.startswith(_APT_LISTS + "/*"):
            return True
        trimmed = path.rstrip("*").rstrip("/")
        if trimmed and _APT_LISTS.startswith(trimmed) and _APT_LISTS[len(trimmed) :][:1] in "/":
            return True
    return False


# ---------------------------------------------------------------- dependency installs


@record
class _Ecosystem:
    group: str
    #: Manifest files the install reads, in the order they are named.
    candidates: tuple[str, ...]
    #: The ones named when the build context cannot tell which exist.
    conventional: tuple[str, ...]


_ECOSYSTEMS: dict[str, _Ecosystem] = {
    "npm": _Ecosystem(
        "node",
        ("package.json", "package-lock.json", "npm-shrinkwrap.json", ".npmrc"),
        ("package.json", "package-lock.json"),
    ),
    "yarn": _Ecosystem(
        "node",
        ("package.json", "yarn.lock", ".yarnrc.yml", ".yarnrc", ".npmrc"),
        ("package.json", "yarn.lock"),
    ),
    "pnpm": _Ecosystem(
        "node",
        ("package.json", "pnpm-lock.yaml", "pnpm-workspace.yaml", ".npmrc"),
        ("package.json", "pnpm-lock.yaml"),
    ),
    "pnpm-fetch": _Ecosystem("node", ("pnpm-lock.yaml", ".npmrc"), ("pnpm-lock.yaml",)),
    "bun": _Ecosystem(
        "node", ("package.json", "bun.lock", "bun.lockb"), ("package.json", "bun.lock")
    ),
    "pip": _Ecosystem("python", (), ()),
    "poetry": _Ecosystem(
        "python",
        ("pyproject.toml", "poetry.lock", "poetry.toml"),
        ("pyproject.toml", "poetry.lock"),
    ),
    "pipenv": _Ecosystem("python", ("Pipfile", "Pipfile.lock"), ("Pipfile", "Pipfile.lock")),
    "uv": _Ecosystem("python", ("pyproject.toml", "uv.lock"), ("pyproject.toml", "uv.lock")),
    "bundler": _Ecosystem("ruby", ("Gemfile", "Gemfile.lock"), ("Gemfile", "Gemfile.lock")),
    "go": _Ecosystem("go", ("go.mod", "go.sum"), ("go.mod", "go.sum")),
    "cargo": _Ecosystem("rust", ("Cargo.toml", "Cargo.lock"), ("Cargo.toml", "Cargo.lock")),
    "maven": _Ecosystem("java", ("pom.xml",), ("pom.xml",)),
    "gradle": _Ecosystem(
        "java",
        (
            "build.gradle",
            "build.gradle.kts",
            "settings.gradle",
            "settings.gradle.kts",
            "gradle.properties",
        ),
        ("build.gradle", "settings.gradle"),
    ),
    "composer": _Ecosystem(
        "php", ("composer.json", "composer.lock"), ("composer.json", "composer.lock")
    ),
}

#: Files that describe dependencies (copying them alone is what the rules recommend).
MANIFEST_NAMES = frozenset(
    {name for eco in _ECOSYSTEMS.values() for name in eco.candidates}
    | {"setup.py", "setup.cfg", "requirements.txt", "constraints.txt", ".python-version"}
)
_MANIFEST_PATTERNS = ("requirements*.txt", "requirements*.in", "constraints*.txt", "*.gemspec")


def is_manifest(path: str) -> bool:
    """Is this file (by its base name) a dependency manifest or lock file?"""
    name = path.rsplit("/", 1)[-1]
    return name in MANIFEST_NAMES or any(fnmatch.fnmatchcase(name, p) for p in _MANIFEST_PATTERNS)


def manifest_pattern(pattern: str) -> bool:
    """Can a wildcard source (``package*.json``) match a manifest name?"""
    name = pattern.rsplit("/", 1)[-1]
    return any(fnmatch.fnmatchcase(m, name) for m in MANIFEST_NAMES) or any(
        fnmatch.fnmatchcase(p.replace("*", "x"), name) for p in _MANIFEST_PATTERNS
    )


@record
class InstallStep:
    """One dependency install found in a RUN."""

    tool: str  # key of _ECOSYSTEMS
    text: str  # how to name it: "npm ci", "pip install -r requirements.txt"
    command: Command
    #: Directory it runs in (absolute), or None when unknown.
    directory: str | None
    #: Manifests named by the command itself (pip's ``-r`` files), relative to directory.
    files: tuple[str, ...] = ()
    #: What to run with the manifests alone when the step itself needs the sources
    #: (``cargo fetch`` for ``cargo build``); None when the step itself only needs them.
    prepare: str | None = None

    @property
    def group(self) -> str:
        return _ECOSYSTEMS[self.tool].group

    @property
    def candidates(self) -> tuple[str, ...]:
        return self.files or _ECOSYSTEMS[self.tool].candidates

    @property
    def conventional(self) -> tuple[str, ...]:
        return self.files or _ECOSYSTEMS[self.tool].conventional


_MAVEN_PHASES = frozenset(
    {"validate", "compile", "test", "package", "verify", "install", "deploy", "test-compile"}
)


def install_steps(script: Script, workdir: str | None) -> list[InstallStep]:
    """The dependency installs of a script, in order, following ``cd`` for their directory."""
    steps: list[InstallStep] = []
    cwd = workdir
    for raw in script.all_commands():
        command = _unwrap(raw)
        base = command.basename
        if base == "cd":
            cwd = _cd(cwd, command)
            continue
        step = _install_step(command, cwd)
        if step is not None:
            steps.append(step)
    return steps


#: Commands that run their arguments as another user: ``gosu USER cmd...``.
_AS_USER = frozenset({"gosu", "su-exec", "setuser"})


def _unwrap(command: Command) -> Command:
    """``sudo``/``env``... (the shell layer's wrappers), then ``gosu user``, ``eatmydata``."""
    for _ in range(4):
        command = command.unwrapped()
        base = command.basename
        if base in _AS_USER and len(command.args) >= 2:
            command = _view(command, 1)
        elif base == "eatmydata" and command.args:
            command = _view(command, 0)
        else:
            break
    return command


def _cd(cwd: str | None, command: Command) -> str | None:
    args = command.positionals
    if len(args) != 1 or args[0].value is None or args[0].value in ("-", "~"):
        return None
    return join_path(cwd, args[0].value)


def join_path(cwd: str | None, path: str) -> str | None:
    """``path`` in the container, normalised: absolute, or relative to ``cwd``; None when
    it is not known (no ``cwd``, ``~``, a variable)."""
    if path.startswith("/"):
        return posixpath.normpath(path)
    if cwd is None or path.startswith("~") or "$" in path:
        return None
    return posixpath.normpath(posixpath.join(cwd, path))


def _option_value(command: Command, *spellings: str) -> str | None:
    """An option's value, also as the next word when the option spec does not know it."""
    option = command.option(*spellings)
    if option is None:
        return None
    if option.value is not None:
        return option.value
    args = command.args
    index = args.index(option.word)
    if index + 1 < len(args):
        return args[index + 1].value
    return None


def _in(cwd: str | None, command: Command, *spellings: str) -> str | None:
    value = _option_value(command, *spellings)
    return cwd if value is None else join_path(cwd, value)


#: Commands `_install_step` knows (besides pip and python, matched by pattern).
_INSTALL_TOOLS = frozenset(
    {"npm", "yarn", "pnpm", "bun", "uv", "poetry", "pipenv", "bundle", "bundler", "go"}
    | {"cargo", "mvn", "mvnw", "gradle", "gradlew", "composer", "composer.phar"}
)


def _install_step(command: Command, cwd: str | None) -> InstallStep | None:
    base = command.basename or ""
    if base not in _INSTALL_TOOLS and not base.startswith(("pip", "python")):
        return None  # most commands: no need to parse their options
    sub = command.subcommand
    packages = command.arguments_after_subcommand()
    if base == "npm":
        if sub == "ci" or (sub in ("install", "i") and not packages and not _global(command)):
            return InstallStep("npm", f"npm {sub}", command, _in(cwd, command, "--prefix"))
    elif base == "yarn":
        if sub is None or (sub == "install" and not packages):
            text = "yarn install" if sub else "yarn"
            return InstallStep("yarn", text, command, _in(cwd, command, "--cwd"))
    elif base == "pnpm":
        where = _in(cwd, command, "-C", "--dir")
        if sub in ("install", "i") and not packages:
            return InstallStep("pnpm", f"pnpm {sub}", command, where)
        if sub == "fetch":
            return InstallStep("pnpm-fetch", "pnpm fetch", command, where)
    elif base == "bun":
        if sub in ("install", "i") and not packages:
            return InstallStep("bun", f"bun {sub}", command, _in(cwd, command, "--cwd"))
    elif base == "uv" and sub == "pip":
        return _pip_step(_view(command, 0), cwd)
    elif (pip := pip_command(command)) is not None:
        return _pip_step(pip, cwd)
    elif base == "poetry":
        if sub in ("install", "sync"):
            where = _in(cwd, command, "-C", "--directory")
            root = not command.has_option("--no-root") and not command.has_option("--only-root")
            prepare = f"poetry {sub} --no-root" if root else None
            return InstallStep("poetry", f"poetry {sub}", command, where, prepare=prepare)
    elif base == "pipenv":
        if sub == "sync" or (sub == "install" and not packages):
            return InstallStep("pipenv", f"pipenv {sub}", command, cwd)
    elif base == "uv":
        if sub == "sync":
            where = _in(cwd, command, "--directory", "--project")
            project = not command.has_option("--no-install-project")
            prepare = "uv sync --no-install-project" if project else None
            return InstallStep("uv", "uv sync", command, where, prepare=prepare)
    elif base in ("bundle", "bundler"):
        if sub is None or sub == "install":
            return InstallStep("bundler", f"{base} install", command, cwd)
    elif base == "go":
        if sub == "mod" and packages and packages[0].value == "download":
            return InstallStep("go", "go mod download", command, cwd)
    elif base == "cargo":
        if sub in ("fetch", "build", "b"):
            manifest = _option_value(command, "--manifest-path")
            where = cwd if manifest is None else join_path(cwd, posixpath.dirname(manifest) or ".")
            prepare = None if sub == "fetch" else "cargo fetch"
            return InstallStep("cargo", f"cargo {sub}", command, where, prepare=prepare)
    elif base in ("mvn", "mvnw"):
        goal = next((g for g in _values(command.positionals) if _maven_fetches(g)), None)
        if goal is not None:
            pom = _option_value(command, "-f", "--file")
            where = cwd if pom is None else join_path(cwd, _pom_dir(pom))
            prepare = None if ":" in goal else f"{base} dependency:go-offline"
            return InstallStep("maven", f"{base} {goal}", command, where, prepare=prepare)
    elif base in ("gradle", "gradlew"):
        task = next((t for t in _values(command.positionals) if t != "clean"), None)
        if task is not None:
            where = _in(cwd, command, "-p")
            prepare = None if task == "dependencies" else f"{base} dependencies"
            return InstallStep("gradle", f"{base} {task}", command, where, prepare=prepare)
    elif base in ("composer", "composer.phar") and sub in ("install", "i"):
        where = _in(cwd, command, "-d", "--working-dir")
        return InstallStep("composer", "composer install", command, where)
    return None


def _values(words: Sequence[ShellWord]) -> Iterator[str]:
    for word in words:
        if word.value is not None:
            yield word.value


def _maven_fetches(goal: str) -> bool:
    return goal in _MAVEN_PHASES or goal.startswith("dependency:") or "go-offline" in goal


def _pom_dir(pom: str) -> str:
    return posixpath.dirname(pom) if pom.endswith(".xml") else pom


def _global(command: Command) -> bool:
    return command.has_option("-g", "--global") or any(
        o.name == "location" and o.value == "global" for o in command.options
    )


def _view(command: Command, start: int) -> Command:
    """``python -m pip install ...`` seen as the ``pip install ...`` command."""
    words = command.args
    if start >= len(words):
        return command
    return command.with_words(words[start], words[start + 1 :])


def _pip_step(command: Command, cwd: str | None) -> InstallStep | None:
    if command.subcommand != "install":
        return None
    files: list[str] = []
    for option in command.options:
        if option.name in ("r", "requirement", "c", "constraint") and option.value:
            files.append(option.value)
    if not any(o.name in ("r", "requirement") for o in command.options) or not files:
        return None
    name = "pip" if (command.basename or "").startswith("pip") else str(command.basename)
    first = next(o for o in command.options if o.name in ("r", "requirement"))
    text = f"{name} install {first.spelling} {first.value}"
    return InstallStep("pip", text, command, cwd, tuple(files))


_INTERPRETERS = frozenset(
    {*SHELLS, "python", "python3", "node", "ruby", "perl", "php", "source", "."}
)


def executed_files(script: Script, workdir: str | None) -> Iterator[tuple[str, bool]]:
    """Files a script runs or downloads, as ``(absolute path, downloaded)``: it runs
    ``./setup.sh``, ``bash scripts/x.sh``, ``python manage.py`` (``make``: the Makefile of
    its folder) and downloads ``curl -o x``, ``wget [-O x] URL``."""
    cwd = workdir
    for raw in script.all_commands():
        command = raw.unwrapped()
        base = command.basename or ""
        name = command.name_value
        if base == "cd":
            cwd = _cd(cwd, command)
            continue
        if name is None or cwd is None:
            continue
        if base in ("curl", "wget"):
            for output in _downloads(command):
                resolved = join_path(cwd, output)
                if resolved is not None:
                    yield resolved, True
            continue
        path: str | None = None
        if "/" in name:
            path = name
        elif base in _INTERPRETERS or PYTHON_NAME.match(base):
            first = next(iter(command.positionals), None)
            if first is not None and first.value and not first.value.startswith("-"):
                value = first.value
                if "/" in value or value.endswith(_SCRIPT_SUFFIXES):
                    path = value
        elif base in ("make", "gmake"):
            path = "Makefile"
        if path is not None:
            resolved = join_path(cwd, path)
            if resolved is not None:
                yield resolved, False


def _downloads(command: Command) -> Iterator[str]:
    if command.basename == "curl":
        output = _option_value(command, "-o", "--output")
        if output:
            yield output
        return
    output = _option_value(command, "-O", "--output-document")
    if output:
        yield output
        return
    for word in command.positionals:
        if word.value and "://" in word.value:
            name = word.value.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1]
            if name:
                yield name
