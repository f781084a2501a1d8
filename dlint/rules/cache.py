"""Cache family (DLX1xx): what makes the build cache stale or useless."""

from __future__ import annotations

import fnmatch
import itertools
import posixpath
import re
from dataclasses import dataclass, field
from pathlib import Path

from dlint.lint.diagnostic import Severity
from dlint.lint.rule import Rule, RuleContext
from dlint.model.model import Stage, parse_mount
from dlint.model.variables import Expansion
from dlint.rules._cache_util import (
    APT,
    APT_INSTALLS,
    InstallStep,
    consumes_index,
    display,
    executed_files,
    index_updates,
    install_steps,
    is_manifest,
    manifest_pattern,
    maybe_installs,
    removes_apt_lists,
)
from dlint.shell import Command, Script
from dlint.syntax import ExecForm, Instruction, JsonString, KeyValue, Node, Word
from dlint.syntax.nodes import Valued

__all__ = [
    "AddUrlWithoutChecksum",
    "InstallFromEarlierUpdate",
    "SourceCopiedBeforeInstall",
    "UpdateWithoutInstall",
    "VolatileArgDeclaredEarly",
]


def _line(rule: Rule, instruction: Instruction) -> int:
    """The line where ``instruction`` (or the ONBUILD wrapping it) starts."""
    model = rule.model
    outer = model.outer(instruction)
    return model.index.lines.position(model.index.body_start(outer)).line


def _is_trigger(rule: Rule, instruction: Instruction) -> bool:
    return rule.model.outer(instruction) is not instruction


def _later_instructions(rule: Rule, instruction: Instruction) -> list[Instruction]:
    """The instructions after ``instruction`` in its stage that run in the same build:
    ONBUILD triggers for a trigger, plain instructions otherwise."""
    model = rule.model
    stage = model.stage_of(instruction)
    if stage is None:
        return []
    outer = model.outer(instruction)
    trigger = outer is not instruction
    later: list[Instruction] = []
    seen = False
    for item in stage.instructions:
        if seen:
            inner = item.inner if item.name == "ONBUILD" else None
            if trigger and inner is not None:
                later.append(inner)
            elif not trigger and inner is None and item.name != "ONBUILD":
                later.append(item)
        elif item is outer:
            seen = True
    return later


def _family(manager: str | None) -> str:
    if manager in APT:
        return "apt"
    if manager in ("yum", "dnf", "microdnf", "tdnf"):
        return "rpm"
    return manager or ""


def _subcommand_end(command: Command) -> int:
    """End of ``apt-get [options] install``: where a report on the command stops."""
    positionals = command.positionals
    return positionals[0].end if positionals else command.end


# ------------------------------------------------------------------------- DLX101


class UpdateWithoutInstall(Rule):
    """A package index update in a RUN that installs nothing.

    ## What it does
    Reports `apt-get update` (also `apt update`, `apk update`, `yum makecache`,
    `dnf makecache`, `zypper refresh`) in a RUN that installs no package. Anything that
    could install or read the index in the same RUN keeps it quiet: an install, upgrade or
    search of any package manager, an installer tool (`install_packages`, `rosdep`...), a
    script (`./setup.sh`, `curl ... | sh`), `xargs apt-get install`, or a command whose name
    is a variable. There is no hadolint equivalent.

    ## Why
    The index is downloaded into this RUN's layer, and the layer is cached as long as the
    line does not change: weeks later, a new install step in a later RUN reuses that old
    index and fails to find packages or installs outdated ones (see `install-from-earlier-update`).
    Alone, the update only adds a layer of package lists. Run the update in the same RUN
    as the install, so both are redone together.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update
    RUN apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update \\
     && apt-get install -y --no-install-recommends curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX101"
    name = "update-without-install"
    category = "cache"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        script = self.model.script(instruction)
        if script is None:
            return
        updates = list(index_updates(script))
        if not updates or any(maybe_installs(c) for c in script.all_commands()):
            return
        for update in updates:
            self.report((update.start, update.end), self._message(instruction, update))

    def _message(self, instruction: Instruction, update: Command) -> str:
        what = display(update)
        family = _family(update.basename)
        later = self._later_install(instruction, family)
        message = (
            f"'{what}' in a RUN that installs nothing: the index it downloads is frozen in "
            "this cached layer and goes stale"
        )
        if later is None:
            message += "; remove it, or run it in the same RUN as the install"
        else:
            run, command = later
            install, line = display(command), _line(self, run)
            if family == "apt":
                message += (
                    f", so the {install} on line {line} can use old lists; run "
                    f"{what} && {install} in the same RUN"
                )
            else:
                message += f"; run it in the same RUN as the {install} on line {line}"
        if family == "apk":
            message += " (or use apk add --no-cache)"
        return message

    def _later_install(
        self, instruction: Instruction, family: str
    ) -> tuple[Instruction, Command] | None:
        for later in _later_instructions(self, instruction):
            if later.name != "RUN":
                continue
            script = self.model.script(later)
            if script is None:
                continue
            for raw in script.all_commands():
                command = raw.unwrapped()
                if consumes_index(command) and _family(command.basename) == family:
                    if family == "apk" and command.has_option("--no-cache", "--update", "-U"):
                        continue  # fetches its own index
                    return later, command
        return None


# ------------------------------------------------------------------------- DLX102

_LISTS = "/var/lib/apt/lists"


@dataclass
class _Lists:
    """Where apt's lists are and which RUN's update left them (its line), per location."""

    layers: dict[int, int | None] = field(default_factory=dict)  # stage index -> line
    caches: dict[str, int | None] = field(default_factory=dict)  # cache mount id -> line


class InstallFromEarlierUpdate(Rule):
    """An apt install that relies on an `apt-get update` done in an earlier layer.

    ## What it does
    Reports `apt-get install` (also `apt`/`aptitude`, `upgrade`, `build-dep`...) in a RUN
    that does not run `apt-get update` itself, when an earlier RUN of the stage (or of the
    stage it is built on) ran `apt-get update` and left the lists in place. The report
    names the line of that earlier update. Lists removed in between
    (`rm -rf /var/lib/apt/lists/*`) end the reliance; lists kept in a cache mount
    (`--mount=type=cache,target=/var/lib/apt`) are followed by mount id. There is no
    hadolint equivalent.

    ## Why
    Each RUN is a cached layer. When this RUN changes (a package is added) but the update
    RUN does not, the update layer comes from the cache with lists that may be weeks old:
    the install then fails with "Unable to locate package" or 404s, or installs outdated
    versions. apt never refreshes its lists by itself. apk, dnf, yum and zypper refresh a
    stale index on their own (apk after `--cache-max-age`, dnf/yum after
    `metadata_expire`, zypper with autorefresh), so only apt is checked.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates
    RUN apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update \\
     && apt-get install -y --no-install-recommends ca-certificates curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX102"
    name = "install-from-earlier-update"
    category = "cache"
    severity = Severity.WARNING

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.lists = _Lists()
        self.triggers: list[Instruction] = []

    def visit_run(self, instruction: Instruction) -> None:
        if _is_trigger(self, instruction):
            self.triggers.append(instruction)  # runs in a child image: checked at the end
            return
        stage = self.model.stage_of(instruction)
        script = self.model.script(instruction)
        if stage is None or script is None:
            return
        location = self._location(instruction)
        before = self._state(stage, location)
        after = self._scan(instruction, script, before)
        if location == "layer":
            self.lists.layers[stage.index] = after
        elif location is not None:
            self.lists.caches[location] = after

    def finish(self) -> None:
        for trigger in self.triggers:
            stage = self.model.stage_of(trigger)
            script = self.model.script(trigger)
            if stage is not None and script is not None:
                self._scan(trigger, script, self._state(stage, self._location(trigger)))

    def _state(self, stage: Stage, location: str | None) -> int | None:
        if location is None:
            return None
        if location != "layer":
            return self.lists.caches.get(location)
        current: Stage | None = stage
        while current is not None:
            if current.index in self.lists.layers:
                return self.lists.layers[current.index]
            current = current.parent
        return None

    def _location(self, instruction: Instruction) -> str | None:
        """``layer``, ``cache:<id>`` (a cache mount over the lists) or None (tmpfs, bind)."""
        for flag in instruction.flags:
            if flag.name != "mount" or flag.argument is None:
                continue
            fields = parse_mount(flag.argument)
            target = fields.get("target") or fields.get("dst") or fields.get("destination")
            if not target:
                continue
            target = posixpath.normpath(posixpath.join(self.model.workdir_at(instruction), target))
            covers = target in ("/", _LISTS) or _LISTS.startswith(target + "/")
            if not covers:
                continue
            if fields.get("type", "bind").lower() == "cache":
                return "cache:" + (fields.get("id") or target)
            return None
        return "layer"

    def _scan(self, instruction: Instruction, script: Script, before: int | None) -> int | None:
        """Report the first install relying on ``before``; return the state after the RUN."""
        local = False
        current = before
        reported = False
        for raw in script.all_commands():
            command = raw.unwrapped()
            if command.basename in APT and command.subcommand == "update":
                local = True
            elif removes_apt_lists(command):
                local = False
                current = None
            elif (
                command.basename in APT
                and command.subcommand in APT_INSTALLS
                and not local
                and current is not None
                and not reported
            ):
                reported = True
                what = display(command)
                self.report(
                    (command.start, _subcommand_end(command)),
                    f"'{what}' relies on the package lists fetched by the apt-get update on "
                    f"line {current}, an earlier cached step: when this RUN is rebuilt but that "
                    "one is not, the lists can be stale (packages not found, old versions); "
                    f"run {command.basename} update && {what} in this RUN",
                )
        if local:
            return _line(self, instruction)
        return current


# ------------------------------------------------------------------------- DLX103

#: Extensionless names that are files, not folders.
_FILE_NAMES = frozenset(
    {
        "makefile",
        "dockerfile",
        "containerfile",
        "gemfile",
        "pipfile",
        "procfile",
        "rakefile",
        "jenkinsfile",
        "vagrantfile",
        "brewfile",
        "justfile",
        "guardfile",
        "podfile",
        "gradlew",
        "mvnw",
        "license",
        "licence",
        "readme",
        "version",
        "changelog",
        "authors",
        "notice",
        "copying",
        "cname",
    }
)
_WILDCARD = re.compile(r"[*?\[]")
#: Folders that hold dependency files rather than sources.
_DEPENDENCY_FOLDERS = frozenset(
    {
        "requirements",
        "reqs",
        "requirements.d",
        "constraints",
        ".mvn",
        "gradle",
        ".yarn",
        ".cargo",
        ".bundle",
        "patches",
        "wheels",
        "wheelhouse",
        "vendor",
    }
)


def _broad_by_name(source: str) -> bool:
    """Does a COPY source look like a folder or the whole tree (no context to ask)?"""
    path = source.rstrip("/") if source not in ("/", "") else source
    if path in (".", "", "/", "*", "./*") or source.endswith("/"):
        return True
    last = path.rsplit("/", 1)[-1]
    if _WILDCARD.search(last):
        return last in ("*", "*.*", "**")
    if _WILDCARD.search(path) or "." in last or last.lower() in _FILE_NAMES:
        return False
    return not (last.isupper() and len(last) > 1)


def _source_base(source: str) -> str:
    """The context folder a broad source copies from: ``""`` for ``.``, ``src`` for ``src/*``."""
    parts = [p for p in source.strip("/").split("/") if p not in ("", ".")]
    kept: list[str] = []
    for part in parts:
        if _WILDCARD.search(part):
            break
        kept.append(part)
    return "/".join(kept)


def _under(path: str, folder: str) -> bool:
    return folder == "/" or path == folder or path.startswith(folder.rstrip("/") + "/")


@dataclass(frozen=True)
class _Broad:
    """A COPY/ADD of a whole tree, waiting for the installs after it."""

    instruction: Instruction
    node: Node
    source: str
    dest: str | None
    installed_before: frozenset[str]
    copied_before: tuple[tuple[str, int], ...]  # (manifest name or pattern, line)


@dataclass
class _Chain:
    """What happened so far in a stage (and the stages it is built on)."""

    installed: set[str] = field(default_factory=set)
    broad: list[_Broad] = field(default_factory=list)
    copied: list[tuple[str, int]] = field(default_factory=list)

    def copy(self) -> _Chain:
        return _Chain(set(self.installed), list(self.broad), list(self.copied))


def _join_names(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]


class SourceCopiedBeforeInstall(Rule):
    """The source tree is copied before a dependency install that only needs manifests.

    ## What it does
    Reports a `COPY`/`ADD` of the whole tree or of a folder (`.`, `./`, `*`, `src/`,
    `app`) placed before a dependency install in the same stage (or a stage built on
    it): `npm ci`/`npm install`, `yarn`, `pnpm install`, `bun install`,
    `pip install -r ...`, `poetry install`, `pipenv install`, `uv sync`,
    `bundle install`, `go mod download`, `cargo fetch`/`cargo build`, `mvn` goals that
    resolve dependencies, `gradle` tasks, `composer install`. The report names the
    install's line and the manifests to copy first: with a build context, the ones that
    exist (a `.dockerignore` that lets only manifests through a broad copy is
    understood); without one, or when none is found, the conventional names. For steps
    that also build (`cargo build`, `mvn package`, `poetry install`...) it names the
    dependency-only command to run first (`cargo fetch`, `mvn dependency:go-offline`,
    `poetry install --no-root`...).

    It stays quiet when the same ecosystem was already installed before the broad copy
    (the two-step pattern: `poetry install --no-root`, copy, `poetry install`), when the
    install runs outside the copied folder, when a RUN between the copy and the install
    runs a script the copy brought (`./configure`, `make`: the copy was needed there),
    when the install's requirements file installs the project itself (`-e .`), for
    folders of dependency files (`requirements/`, `.mvn`, `vendor`...) and for
    `COPY --from`. There is no hadolint equivalent.

    ## Why
    A COPY's cache key is the content of what it copies, and every later step is rebuilt
    when it changes. With the whole tree copied first, editing any source file re-runs
    the dependency download and build, often the slowest step. Copy the manifests
    alone, install, then copy the rest: the install stays cached until the
    dependencies change.

    ## Example
    ```dockerfile
    FROM node:22-alpine
    WORKDIR /app
    COPY . .
    RUN npm ci
    CMD ["node", "server.js"]
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm ci
    COPY . .
    CMD ["node", "server.js"]
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX103"
    name = "source-copied-before-install"
    category = "cache"
    severity = Severity.WARNING

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.chains: dict[tuple[bool, int], _Chain] = {}
        self.reported: set[tuple[int, str]] = set()
        #: Broad copies a RUN before the install needed (it ran a script they brought).
        self.consumed: set[int] = set()
        #: Files fetched by curl/wget: running them does not need a copied tree.
        self.downloaded: set[str] = set()

    def _chain(self, instruction: Instruction) -> _Chain | None:
        stage = self.model.stage_of(instruction)
        if stage is None:
            return None
        trigger = _is_trigger(self, instruction)
        key = (trigger, stage.index)
        chain = self.chains.get(key)
        if chain is None:
            parent = None if trigger or stage.parent is None else self._stage_chain(stage.parent)
            chain = parent.copy() if parent is not None else _Chain()
            self.chains[key] = chain
        return chain

    def _stage_chain(self, stage: Stage) -> _Chain | None:
        current: Stage | None = stage
        while current is not None:
            chain = self.chains.get((False, current.index))
            if chain is not None:
                return chain
            current = current.parent
        return None

    # -- COPY / ADD ------------------------------------------------------------------

    def visit_copy(self, instruction: Instruction) -> None:
        self._copy(instruction)

    def visit_add(self, instruction: Instruction) -> None:
        self._copy(instruction)

    def _copy(self, instruction: Instruction) -> None:
        if instruction.flag("from") is not None:
            return
        chain = self._chain(instruction)
        nodes = _copy_arguments(instruction)
        if chain is None or len(nodes) < 2:
            return
        *sources, target = nodes
        dest = self._dest(instruction, target)
        line = _line(self, instruction)
        for node in sources:
            raw = node.value if isinstance(node, Valued) else ""
            if raw.startswith("<<") or "://" in raw or raw.startswith("git@"):
                continue
            expansion = self.model.expand(raw, instruction)
            source = expansion.text if expansion.complete else raw
            if self._broad(source):
                chain.broad.append(
                    _Broad(
                        instruction,
                        node,
                        source,
                        dest,
                        frozenset(chain.installed),
                        tuple(chain.copied),
                    )
                )
            elif is_manifest(source) or (_WILDCARD.search(source) and manifest_pattern(source)):
                chain.copied.append((source.rsplit("/", 1)[-1], line))

    def _dest(self, instruction: Instruction, target: Node) -> str | None:
        raw = target.value if isinstance(target, Valued) else ""
        expansion = self.model.expand(raw, instruction)
        if not expansion.complete or not expansion.text:
            return None
        path = expansion.text
        if not path.startswith("/"):
            path = posixpath.join(self.model.workdir_at(instruction), path)
        return posixpath.normpath(path)

    def _broad(self, source: str) -> bool:
        if source.rstrip("/").rsplit("/", 1)[-1].lower() in _DEPENDENCY_FOLDERS:
            return False
        by_name = _broad_by_name(source)
        wildcard = _WILDCARD.search(source) is not None
        if wildcard and not by_name:
            return False  # a narrow pattern: *.py, package*.json
        context = self.model.context
        if context is None:
            return by_name
        match = context.copy_sources(source)
        if match.matched_nothing or match.through_symlink or match.outside:
            return by_name  # not in this context: judge by the name
        if not wildcard and match.path and match.included + match.excluded == [match.path]:
            return False  # a single file
        # a folder: broad unless only manifests reach the builder (.dockerignore)
        return any(not is_manifest(f) for f in match.included)

    # -- RUN ---------------------------------------------------------------------------

    def visit_run(self, instruction: Instruction) -> None:
        chain = self._chain(instruction)
        if chain is None:
            return
        script = self.model.script(instruction)
        if script is None:
            return
        workdir = self.model.workdir_at(instruction)
        steps = install_steps(script, workdir)
        for step in steps:
            for broad in chain.broad:
                key = (id(broad.node), step.group)
                if (
                    step.group in broad.installed_before
                    or key in self.reported
                    or id(broad.node) in self.consumed
                ):
                    continue
                names = self._manifests(broad, step)
                if names is None:
                    continue
                self.reported.add(key)
                self._report(broad, step, instruction, names)
        chain.installed.update(step.group for step in steps)
        pending = [b for b in chain.broad if id(b.node) not in self.consumed]
        files: list[str] = []
        for path, downloaded in executed_files(script, workdir):
            if downloaded:
                self.downloaded.add(path)
            elif path not in self.downloaded:
                files.append(path)
        if pending and files:
            for broad in pending:
                if any(broad.dest is None or _under(f, broad.dest) for f in files):
                    self.consumed.add(id(broad.node))

    def _manifests(self, broad: _Broad, step: InstallStep) -> list[str] | None:
        """The manifests to copy first, or None when the install does not read the copy."""
        directory = step.directory
        if step.files and directory is not None:
            first = _join(directory, step.files[0])
            directory = posixpath.dirname(first) if first else None
        dest = broad.dest
        if (
            dest is not None
            and directory is not None
            and not (_under(directory, dest) or _under(dest, directory))
        ):
            return None
        context = self.model.context
        if context is None or dest is None or step.directory is None:
            return list(step.conventional)
        base = _source_base(broad.source)
        found: list[str] = []
        for name in step.candidates:
            path = _join(step.directory, name)
            if path is None or not _under(path, dest):
                continue
            relative = posixpath.relpath(path, dest) if path != dest else ""
            in_context = posixpath.normpath(posixpath.join(base, relative))
            if context.has_file(in_context):
                if step.tool == "pip" and _installs_project(context.root / in_context):
                    return None
                found.append(name)
        return found or list(step.conventional)

    def _report(self, broad: _Broad, step: InstallStep, run: Instruction, names: list[str]) -> None:
        line = _line(self, run)
        kind = broad.instruction.name
        head = (
            f"{kind} of the source tree ('{broad.source}') before the dependency install on "
            f"line {line} ({step.text}): any source change re-runs it"
        )
        copied = [
            (name, at)
            for name in names
            for pattern, at in broad.copied_before
            if _matches(pattern, name)
        ]
        names_text = _join_names(names)
        if names and len({n for n, _ in copied}) == len(names):
            where = _join_names([str(n) for n in sorted({at for _, at in copied})])
            if step.prepare is None:
                advice = (
                    f"it only needs {names_text}, already copied on line {where}: "
                    f"move it above this {kind}"
                )
            else:
                verb = "is" if len(names) == 1 else "are"
                advice = (
                    f"{names_text} {verb} already copied on line {where}: "
                    f"run {step.prepare} before this {kind}"
                )
        else:
            prepare = step.prepare or step.text
            advice = f"copy {names_text} first and run {prepare}, then copy the rest"
        self.report(broad.node, f"{head}; {advice}")


def _matches(pattern: str, name: str) -> bool:
    return pattern == name or fnmatch.fnmatchcase(name, pattern)


def _join(directory: str, path: str) -> str | None:
    if path.startswith("/"):
        return posixpath.normpath(path)
    if "$" in path or path.startswith("~"):
        return None
    return posixpath.normpath(posixpath.join(directory, path))


def _installs_project(path: Path) -> bool:
    """A requirements file that installs the project itself (``-e .``, ``.``) needs the source."""
    try:
        text = path.read_text(encoding="utf-8", errors="replace")
    except OSError:
        return False
    for line in text.splitlines():
        item = line.split("#", 1)[0].strip()
        if item.startswith(("-e", "--editable")) or item in (".", "./") or item.startswith("./"):
            return True
        if item.startswith("file:"):
            return True
    return False


def _copy_arguments(instruction: Instruction) -> list[Node]:
    """The source and destination nodes of COPY/ADD, shell or exec form."""
    nodes: list[Node] = []
    for argument in instruction.arguments:
        if isinstance(argument, ExecForm):
            nodes.extend(argument.elements)
        elif isinstance(argument, (Word, JsonString)):
            nodes.append(argument)
    return nodes


# ------------------------------------------------------------------------- DLX104


def _is_git_url(url: str) -> bool:
    lower = url.lower()
    if lower.startswith(("git://", "git@", "ssh://")):
        return True
    path = lower.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return path.endswith(".git")


class AddUrlWithoutChecksum(Rule):
    """`ADD` of a remote file without `--checksum`.

    ## What it does
    Reports each `http://`/`https://` source of an `ADD` that has no `--checksum` flag
    (variables are expanded; Git repository URLs are left alone). `ADD` over plain
    `http` has its own rule in the copy family. There is no hadolint equivalent.

    ## Why
    Without a checksum, BuildKit has to contact the server on every build to know
    whether the file changed: a changed file silently busts the cache of every later step
    and nothing checks that the download is the file you reviewed. With
    `--checksum=sha256:...` (Dockerfile syntax 1.6 and later) the download is verified and
    the cache key is the digest, so an unchanged step is reused without a download.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ADD https://example.com/tool-1.2.3.tar.gz /tmp/
    ```

    ## Use instead
    ```dockerfile
    # syntax=docker/dockerfile:1
    FROM alpine:3.20
    ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \\
        https://example.com/tool-1.2.3.tar.gz /tmp/
    ```

    ## Fix safety
    No automatic fix: the digest has to come from the publisher or a trusted download.
    """

    code = "DLX104"
    name = "add-url-without-checksum"
    category = "cache"
    severity = Severity.WARNING

    def visit_add(self, instruction: Instruction) -> None:
        if instruction.flag("checksum") is not None:
            return
        nodes = _copy_arguments(instruction)
        for node in nodes[:-1]:
            raw = node.value if isinstance(node, Valued) else ""
            text = self.model.expand(raw, instruction).text
            url = text if "://" in text else raw
            if url.lower().startswith(("http://", "https://")) and not _is_git_url(url):
                self.report(
                    node,
                    "ADD of a remote file without --checksum: it is downloaded unverified "
                    "and re-checked on every build; add --checksum=sha256:<digest>",
                )


# ------------------------------------------------------------------------- DLX105

#: Name parts (single words or two adjacent words joined) that mark a per-build value.
_VOLATILE = frozenset(
    {
        "COMMIT",
        "REVISION",
        "TIMESTAMP",
        "DATE",
        "CACHEBUST",
        "CACHEBUSTER",
        "CACHEBUSTING",
        "BUILDDATE",
        "BUILDTIME",
        "BUILDNUMBER",
        "BUILDNUM",
        "BUILDID",
        "GITSHA",
        "GITHASH",
        "GITREF",
        "VCSREF",
        "COMMITSHA",
        "COMMITHASH",
        "RUNID",
        "RUNNUMBER",
        "PIPELINEID",
    }
)
#: ``<X>_VERSION`` names that are the version of what is being built (not of a tool).
_VERSION_OWNERS = frozenset(
    {"APP", "BUILD", "RELEASE", "IMAGE", "PROJECT", "SERVICE", "GIT", "SOURCE", "CI", "SEMVER"}
)
_DIGEST = re.compile(r"(sha256:|sha512:)?[0-9a-fA-F]{40,}\Z")


def volatile_arg(name: str, default: str | None) -> bool:
    """Does the ARG name say its value changes from build to build?

    Split on ``_``: a part (or two adjacent parts joined) among COMMIT, REVISION,
    TIMESTAMP, DATE, CACHEBUST, BUILD_DATE, BUILD_NUMBER, BUILD_ID, GIT_SHA, VCS_REF... ;
    the name ``SHA`` alone; ``VERSION`` alone or ``APP_VERSION``, ``BUILD_VERSION``,
    ``RELEASE_VERSION``... (not ``NODE_VERSION``: a pinned tool). A default that is a
    full commit hash or digest marks a pinned value, not a volatile one.
    """
    if default is not None and _DIGEST.match(default.strip("'\"")):
        return False
    parts = [p for p in re.split(r"[_\-]+", name.upper()) if p]
    units = set(parts) | {a + b for a, b in itertools.pairwise(parts)}
    if units & _VOLATILE:
        return True
    if parts in (["SHA"], ["VERSION"]):
        return True
    return len(parts) == 2 and parts[1] == "VERSION" and parts[0] in _VERSION_OWNERS


def _cache_bust(name: str) -> bool:
    """``CACHEBUST``-like names: meant to re-run the RUN right after them, unnamed."""
    return "CACHEBUST" in name.upper().replace("_", "")


class VolatileArgDeclaredEarly(Rule):
    """A per-build ARG (commit, date, version...) declared long before it is used.

    ## What it does
    Reports a stage `ARG` whose name says its value changes with every build (see
    below) when a RUN that does not use it sits between the declaration and its first
    use, or when nothing in the stage uses it and at least two RUNs follow it. Global
    ARGs (before the first FROM) only affect FROM lines and are not checked. The name
    heuristic: split on `_`, a part or two adjacent parts among `COMMIT`, `REVISION`,
    `TIMESTAMP`, `DATE`, `CACHEBUST`, `BUILD_DATE`, `BUILD_TIME`, `BUILD_NUMBER`,
    `BUILD_ID`, `GIT_SHA`, `GIT_HASH`, `GIT_REF`, `VCS_REF`, `COMMIT_SHA`, `RUN_ID`,
    `PIPELINE_ID`; the names `SHA` and `VERSION`; `APP_VERSION`, `BUILD_VERSION`,
    `RELEASE_VERSION`, `IMAGE_VERSION`, `PROJECT_VERSION`, `SERVICE_VERSION`... but not
    `NODE_VERSION`-like tool versions. A default that is a full commit hash or digest is
    a pinned value and is not reported; a `CACHEBUST` ARG that nothing names is meant to
    re-run the RUN right after it and is not reported either. A RUN uses the ARG when its
    script mentions `$NAME`; a RUN can also read it from its environment without naming
    it (a build script): then declare the ARG right before that RUN. There is no hadolint
    equivalent.

    ## Why
    BuildKit passes every ARG in scope to each later RUN of the stage as an environment
    variable, so its value is part of the cache key of all of them: when it changes
    (a new commit on every CI build), every RUN after the declaration is rebuilt, used or
    not. Declared right before the step that needs it, it only invalidates that step and
    the ones after it.

    ## Example
    ```dockerfile
    FROM debian:12
    ARG GIT_COMMIT
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
     && rm -rf /var/lib/apt/lists/*
    LABEL org.opencontainers.image.revision=$GIT_COMMIT
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl \\
     && rm -rf /var/lib/apt/lists/*
    ARG GIT_COMMIT
    LABEL org.opencontainers.image.revision=$GIT_COMMIT
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX105"
    name = "volatile-arg-declared-early"
    category = "cache"
    severity = Severity.WARNING

    def visit_arg(self, instruction: Instruction) -> None:
        if _is_trigger(self, instruction) or self.model.stage_of(instruction) is None:
            return
        later = _later_instructions(self, instruction)
        for word in instruction.arguments:
            if not isinstance(word, Word):
                continue
            name, eq, default = word.value.partition("=")
            if name and volatile_arg(name, default if eq else None):
                self._check(word, name, later)

    def _check(self, word: Word, name: str, later: list[Instruction]) -> None:
        start, end = self.model.index.span(word)
        where = (start, start + len(name)) if word.raw.startswith(name) else (start, end)
        skipped: list[Instruction] = []
        for instruction in later:
            used = self._uses(instruction, name)
            if used is None:
                return  # cannot tell (non-POSIX shell)
            if used:
                if skipped:
                    count = len(skipped)
                    runs = "RUN" if count == 1 else f"{count} RUNs"
                    lines = _join_names([str(_line(self, r)) for r in skipped])
                    first = _line(self, instruction)
                    self.report(
                        where,
                        f"volatile ARG {name} is first used on line {first}, but every RUN "
                        f"after its declaration is rebuilt when it changes: the {runs} on "
                        f"line{'s' if count > 1 else ''} {lines} too; declare it right "
                        f"before line {first}",
                    )
                return
            if instruction.name == "RUN":
                skipped.append(instruction)
        if len(skipped) >= 2 and not _cache_bust(name):
            self.report(
                where,
                f"volatile ARG {name} is not used in this stage, yet a new value rebuilds "
                f"the {len(skipped)} RUNs after it; remove it, or declare it right before "
                "the RUN that reads it from the environment",
            )

    def _uses(self, instruction: Instruction, name: str) -> bool | None:
        model = self.model
        for flag in instruction.flags:
            if name in _referenced(model.expand(flag.value, instruction)):
                return True
        if instruction.name == "RUN":
            script = model.script(instruction)
            if script is None:
                return None
            for command in script.all_commands():
                for word in (*command.words, *command.assignments, *command.redirects):
                    if name in word.variables:
                        return True
            # heredoc bodies fed to commands are not words of the script
            return _mentions(instruction.body_code, name)
        if instruction.name in ("CMD", "ENTRYPOINT", "HEALTHCHECK", "ONBUILD"):
            return False  # expanded at run time (or in a child build), without build ARGs
        for argument in instruction.arguments:
            if not isinstance(argument, (KeyValue, Valued)):
                continue
            if name in _referenced(model.expand(argument.value, instruction)):
                return True
        for heredoc in instruction.heredocs:
            if heredoc.expand and _mentions(heredoc.content, name):
                return True
        return False


def _referenced(expansion: Expansion) -> frozenset[str]:
    return expansion.used | expansion.unresolved | expansion.undefined


def _mentions(text: str, name: str) -> bool:
    return re.search(r"\$(\{)?" + re.escape(name) + r"(?![A-Za-z0-9_])", text) is not None


CACHE_RULES: tuple[type[Rule], ...] = (
    UpdateWithoutInstall,
    InstallFromEarlierUpdate,
    SourceCopiedBeforeInstall,
    AddUrlWithoutChecksum,
    VolatileArgDeclaredEarly,
)
