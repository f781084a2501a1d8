"""Cache family (DLX1xx): what makes the build cache stale or useless."""

from __future__ import annotations

import fnmatch
import itertools
import json
import posixpath
import re
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from dlint_dockerfile.fixers.edits import indentation, line_ending
from dlint_dockerfile.fixers.layers import (
    block_span,
    delete_lines,
    prefix_command,
    raw_command,
    remove_command,
)
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.copies import copy_args, dest_path
from dlint_dockerfile.model.image_config import line_of
from dlint_dockerfile.model.model import Stage, parse_mount
from dlint_dockerfile.model.variables import Expansion
from dlint_dockerfile.shell import Command, Script, ShellWord
from dlint_dockerfile.shell.installs import (
    APT,
    APT_INSTALLS,
    InstallStep,
    consumes_index,
    display,
    executed_files,
    index_updates,
    install_steps,
    is_manifest,
    join_path,
    manifest_pattern,
    maybe_installs,
    removes_apt_lists,
)
from dlint_dockerfile.shell.pip import pip_command
from dlint_dockerfile.syntax import Instruction, KeyValue, Node, Word
from dlint_dockerfile.syntax.nodes import Trivia, Valued

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext

__all__ = [
    "AddUrlWithoutChecksum",
    "InstallFromEarlierUpdate",
    "SourceCopiedBeforeInstall",
    "UpdateWithoutInstall",
    "VolatileArgDeclaredEarly",
]


def _line(rule: Rule, instruction: Instruction) -> int:
    """The line where ``instruction`` (or the ONBUILD wrapping it) starts."""
    return line_of(rule.model, rule.model.outer(instruction))


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
    Unsafe: when a later RUN of the stage installs with the same package manager, the
    fix moves the update there: it is removed from this RUN (with the operator that joins
    it; the whole RUN when nothing but `set`/`true` would be left) and put in front of the
    install as written (`apt-get update -qq && apt-get install ...`), unless that RUN
    already updates before installing. The install then uses a fresh index, and this
    layer no longer holds one. No fix when nothing later installs (the update may serve a
    child image), when a RUN in between may install or run a script, when the USER
    differs, when the install's RUN lacks a flag of this one (a `--mount`, `--network`)
    or has another `--network`, when the update is joined with `||` or `|`, sits inside
    a compound command or an `sh -c` string, or when the install is not at the start of a
    statement joined by `&&`, `;` or a line break. The fix and the one of
    `install-from-earlier-update` touch the same spot, so the fix loop applies one of
    them and the other no longer fires.
    """

    code = "DLX101"
    name = "update-without-install"
    category = "cache"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        script = self.model.script(instruction)
        if script is None:
            return
        updates = list(index_updates(script))
        if not updates or any(maybe_installs(c) for c in script.all_commands()):
            return
        for update in updates:
            family = _family(update.basename)
            later = self._later_install(instruction, family)
            self.report(
                (update.start, update.end),
                self._message(instruction, update, later),
                fix=self._fix(instruction, update, later),
            )

    def _fix(
        self,
        instruction: Instruction,
        update: Command,
        later: tuple[Instruction, Command] | None,
    ) -> Fix | None:
        """Move the update into the RUN of the install that needs it: remove it here
        (the whole RUN when nothing else is left) and put it in front of the install,
        unless that RUN already updates before installing."""
        if later is None:
            return None  # what the update is for is not in this file
        model = self.model
        run, install = later
        if model.user_at(model.outer(run)) != model.user_at(model.outer(instruction)):
            return None
        if not _flags_carry_over(model.outer(instruction), model.outer(run)):
            return None  # the update would run without a mount or with another network
        for between in _later_instructions(self, instruction):
            if between is run:
                break
            if between.name != "RUN":
                continue
            script = model.script(between)
            if script is None or any(maybe_installs(c) for c in script.all_commands()):
                return None  # it may use the index this RUN leaves
        removal = remove_command(model, instruction, update)
        if removal is None:
            return None
        edits = [removal[0]]
        script = model.script(run)
        family = _family(update.basename)
        updated = script is not None and any(
            _family(u.basename) == family and u.start < install.start for u in index_updates(script)
        )
        if not updated:
            prefix = prefix_command(model, install, self._update_text(update))
            if prefix is None:
                return None
            edits.append(prefix)
        return Fix(
            f"move '{display(update)}' into the RUN of the {display(install)}",
            tuple(edits),
            Applicability.UNSAFE,
        )

    def _update_text(self, update: Command) -> str:
        """The update as written (with ``sudo``, options) when it is on one plain line."""
        raw = raw_command(update)
        code = self.model.tree.code
        text = code[raw.start : raw.end]
        script = raw.script
        if script is not None and script.depth == 0 and "\n" not in text:
            written = script.source.text[raw.text_start : raw.text_end]
            if written == text:
                return text
        prefix = "sudo " if raw.basename == "sudo" else ""
        return prefix + display(update)

    def _message(
        self,
        instruction: Instruction,
        update: Command,
        later: tuple[Instruction, Command] | None,
    ) -> str:
        what = display(update)
        family = _family(update.basename)
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


def _flags_carry_over(source: Instruction, target: Instruction) -> bool:
    """Whether ``target`` has every flag of ``source`` (mounts, network, security) and
    the same network: what ``source`` runs can run in ``target`` alike."""

    def flags(instruction: Instruction) -> set[tuple[str, str | None]]:
        return {(f.name.lower(), f.argument) for f in instruction.flags}

    def network(instruction: Instruction) -> set[tuple[str, str | None]]:
        return {f for f in flags(instruction) if f[0] == "network"}

    return flags(source) <= flags(target) and network(source) == network(target)


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
    Unsafe: the fix puts `apt-get update && ` (the install's own tool, with `sudo` when
    the install uses it) in front of the install, so it gets fresh lists; the versions
    installed may change, and the lists land in this layer (see
    `apt-lists-not-removed`). An update-only RUN left behind is the business of
    `update-without-install`, whose fix removes it. No fix when the install follows `||`
    or `|`, is negated, sits in `$(...)` or an `sh -c` string, or is escaped.
    """

    code = "DLX102"
    name = "install-from-earlier-update"
    category = "cache"
    severity = Severity.WARNING
    fix = "sometimes"

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
                    fix=self._fix(command),
                )
        if local:
            return _line(self, instruction)
        return current

    def _fix(self, command: Command) -> Fix | None:
        """``apt-get update && `` in front of the install (``sudo`` too when it has it)."""
        raw = raw_command(command)
        text = f"{command.basename} update"
        if raw.basename == "sudo":
            text = f"sudo {text}"
        edit = prefix_command(self.model, command, text)
        if edit is None:
            return None
        return Fix(f"run {text} first", (edit,), Applicability.UNSAFE)


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
    `poetry install --no-root`...). When the copied tree holds what the install creates
    (`node_modules`, `.venv`, `vendor/bundle`), the report also says to keep it out of
    that copy: copied after the install, it would replace the installed one.

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
    Unsafe: with a build context, for a simple layout only, the fix splits the copy:
    a COPY of the manifests that exist in the context (same keyword and `--chown`,
    `--chmod`, `--link` flags, to `<dest>/` or the folder under it) takes the place of
    the broad COPY, and the broad COPY (with the comment lines directly above it) moves
    right below the install; when the manifests are already copied, only the move. The
    install then runs before the sources are there, and the moved COPY puts the
    manifests back as they are in the context over what the install wrote to them
    (`npm install` may update package-lock.json). Offered only for installs that read
    nothing but their manifests (npm, yarn, pnpm, bun, `pip install -r`, poetry with
    `--no-root`, pipenv, `uv sync --no-install-project`, bundler, `go mod download`),
    when the install RUN is in the same stage with only ENV, ARG, LABEL, EXPOSE, USER,
    WORKDIR (for an absolute destination) between, does nothing but the install,
    housekeeping and tool installs (`pip install --upgrade pip`), and the manifests need
    nothing else: no install scripts, workspaces or local packages in `package.json`, no
    nested `-r` in requirement files, no `gemspec` or `path:` in the Gemfile, no local
    `replace` in go.mod, no local paths in pyproject.toml or Pipfile. No fix when the
    copied tree holds the install's output (`node_modules`, `.venv`, `vendor/bundle`),
    which the moved COPY would overwrite, for ONBUILD, exec-form COPY, other flags, and
    a variable in the source, the destination or a flag when anything lies between the
    COPY and the install (an ARG or ENV there could change it), and without a build
    context.
    """

    code = "DLX103"
    name = "source-copied-before-install"
    category = "cache"
    severity = Severity.WARNING
    fix = "sometimes"

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
        args = copy_args(self.model, instruction)
        if chain is None or args.dest is None:
            return
        dest = dest_path(self.model, instruction)
        line = _line(self, instruction)
        for item in args.sources:
            raw = item.raw
            if raw.startswith("<<") or "://" in raw or raw.startswith("git@"):
                continue
            source = item.text_or_raw
            if self._broad(source):
                chain.broad.append(
                    _Broad(
                        instruction,
                        item.node,
                        source,
                        dest,
                        frozenset(chain.installed),
                        tuple(chain.copied),
                    )
                )
            elif is_manifest(source) or (_WILDCARD.search(source) and manifest_pattern(source)):
                chain.copied.append((source.rsplit("/", 1)[-1], line))

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
            first = join_path(directory, step.files[0])
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
            path = join_path(step.directory, name)
            if path is None or not _under(path, dest):
                continue
            relative = posixpath.relpath(path, dest) if path != dest else ""
            in_context = posixpath.normpath(posixpath.join(base, relative))
            if context.has_file(in_context):
                if step.tool == "pip" and _installs_project(context, in_context):
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
        outputs = self._copied_outputs(broad, step)
        if outputs:  # moved after the install, the copy would undo it: no fix either
            pronoun = "it" if len(outputs) == 1 else "them"
            advice += (
                f"; keep {_join_names(outputs)} out of the {kind} of the source tree (list "
                f"{pronoun} in .dockerignore): it would replace what "
                f"{step.prepare or step.text} installs"
            )
        moved = bool(names) and len({n for n, _ in copied}) == len(names)
        self.report(broad.node, f"{head}; {advice}", fix=self._fix(broad, step, run, moved))

    # -- fix -------------------------------------------------------------------------

    def _fix(self, broad: _Broad, step: InstallStep, run: Instruction, copied: bool) -> Fix | None:
        """The manifest-first split: the manifests' COPY takes the place of the broad
        one, which moves below the install (only the move when the manifests are already
        copied). Offered for simple layouts only; see the docstring."""
        model = self.model
        copy = broad.instruction
        if step.prepare is not None or step.tool not in _SPLIT_TOOLS:
            return None
        if model.outer(copy) is not copy or model.outer(run) is not run:
            return None
        if model.stage_of(copy) is not model.stage_of(run) or broad.dest is None:
            return None
        args = copy_args(model, copy)
        if copy.exec_form is not None or args.dest is None or len(args.sources) != 1:
            return None
        if args.sources[0].node is not broad.node:
            return None
        dest_node = args.dest.node
        if not isinstance(dest_node, Word) or not isinstance(broad.node, Word):
            return None
        flags = copy.flags
        if any(f.name.lower() not in ("chown", "chmod", "link") for f in flags):
            return None
        dest_text = dest_node.raw
        texts = (dest_text, broad.node.raw, *(f.raw for f in flags))
        variable = any("$" in text for text in texts)
        if not self._between_ok(copy, run, dest_text, variable):
            return None
        script = model.script(run)
        if script is None or not _only_dependencies(script, step):
            return None
        lines: list[str] = []
        if not copied:
            found = self._manifest_copies(broad, step)
            if found is None:
                return None
            keyword = copy.keyword.raw
            prefix = " ".join([keyword, *(f.raw for f in flags)])
            for folder, sources in found:
                target = dest_text if not folder else posixpath.join(dest_text, folder)
                target = target if target.endswith("/") else target + "/"
                lines.append(f"{prefix} {' '.join(sources)} {target}")
        return self._move_edits(copy, run, lines)

    def _between_ok(self, copy: Instruction, run: Instruction, dest: str, variable: bool) -> bool:
        """Only instructions the broad COPY can move past lie between it and the RUN."""
        seen = False
        for item in self.model.instructions:
            if item is copy:
                seen = True
                continue
            if item is run:
                return seen
            if not seen:
                continue
            if variable or item.name not in _MOVABLE_PAST:
                return False
            if item.name == "WORKDIR" and not dest.startswith("/"):
                return False
        return False

    def _manifest_copies(
        self, broad: _Broad, step: InstallStep
    ) -> list[tuple[str, list[str]]] | None:
        """(folder under the destination, context paths) of the manifests to copy first;
        None unless every one exists in the context and needs nothing else."""
        context = self.model.context
        dest = broad.dest
        if context is None or dest is None or step.directory is None:
            return None
        if not _under(step.directory, dest):
            return None
        base = _source_base(broad.source)
        groups: dict[str, list[str]] = {}
        for name in step.candidates:
            path = join_path(step.directory, name)
            if path is None or not _under(path, dest):
                continue
            relative = posixpath.relpath(path, dest)
            in_context = posixpath.normpath(posixpath.join(base, relative))
            if in_context.startswith("../") or not context.has_file(in_context):
                continue
            if not _SIMPLE_PATH.match(in_context):
                return None
            if not _manifest_alone(step.tool, context, in_context):
                return None
            groups.setdefault(posixpath.dirname(relative), []).append(in_context)
        if not groups or (step.files and sum(map(len, groups.values())) < len(step.files)):
            return None
        if self._copied_outputs(broad, step):
            return None  # the broad COPY, moved after the install, would overwrite them
        return sorted(groups.items())

    def _copied_outputs(self, broad: _Broad, step: InstallStep) -> list[str]:
        """What the install creates (``node_modules``, ``.venv``...) that the broad COPY
        brings from the context into the install's folder."""
        context = self.model.context
        dest = broad.dest
        if context is None or dest is None or step.directory is None:
            return []
        if not _under(step.directory, dest):
            return []
        inside = posixpath.join(_source_base(broad.source), posixpath.relpath(step.directory, dest))
        return [
            output
            for output in _OUTPUTS.get(_ECOSYSTEM_OF.get(step.tool, ""), ())
            if context.copy_sources(posixpath.normpath(posixpath.join(inside, output))).included
        ]

    def _move_edits(self, copy: Instruction, run: Instruction, lines: list[str]) -> Fix:
        model = self.model
        code = model.tree.code
        start, end = block_span(model, copy)
        newline = line_ending(model, start)
        indent = indentation(model, copy)
        replacement = "".join(f"{indent}{line}{newline}" for line in lines)
        moved = code[start:end]
        run_end = model.index.span(run)[1]
        if not code.endswith("\n", 0, run_end):
            moved = newline + moved.removesuffix("\n").removesuffix("\r")
        title = "copy the manifests first" if lines else "move the COPY below the install"
        return Fix(
            title,
            (Edit(start, end, replacement), Edit(run_end, run_end, moved)),
            Applicability.UNSAFE,
        )


#: Installs the split is offered for: their manifests are all they read.
_SPLIT_TOOLS = frozenset(
    {"npm", "yarn", "pnpm", "pnpm-fetch", "bun", "pip", "poetry", "pipenv", "uv", "bundler", "go"}
)
_ECOSYSTEM_OF = {
    "npm": "node",
    "yarn": "node",
    "pnpm": "node",
    "pnpm-fetch": "node",
    "bun": "node",
    "poetry": "venv",
    "pipenv": "venv",
    "uv": "venv",
    "bundler": "ruby",
}
#: What an install writes in its folder, which a later COPY of the tree would overwrite.
_OUTPUTS = {"node": ("node_modules",), "venv": (".venv",), "ruby": ("vendor/bundle", ".bundle")}
#: Instructions a COPY can move past without changing what it copies or where.
_MOVABLE_PAST = frozenset(
    {"ENV", "ARG", "LABEL", "EXPOSE", "USER", "WORKDIR", "STOPSIGNAL", "HEALTHCHECK", "CMD"}
)
_SIMPLE_PATH = re.compile(r"[A-Za-z0-9._/@+-]+\Z")
#: Lifecycle scripts npm, yarn, pnpm and bun run during an install.
_LIFECYCLE = frozenset(
    {"preinstall", "install", "postinstall", "prepare", "preprepare", "postprepare", "prepublish"}
)
_LOCAL_SPEC = ("file:", "link:", "workspace:", "portal:", "patch:")


def _manifest_alone(tool: str, context: BuildContext, path: str) -> bool:
    """Does this manifest (a context-relative path) install from the registry alone (no
    local packages, workspaces, install scripts, nested requirement files)?"""
    data = context.read(path)
    if data is None:
        return False
    text = data.decode("utf-8", errors="replace")
    name = posixpath.basename(path)
    if tool in ("npm", "yarn", "pnpm", "pnpm-fetch", "bun"):
        if name == "package.json":
            return _package_json_alone(text)
        if name == ".yarnrc.yml":
            return "yarnPath" not in text and "patch:" not in text
        return name != "pnpm-workspace.yaml"
    if tool == "pip":
        for line in text.splitlines():
            item = line.split("#", 1)[0].strip()
            if item.startswith(("-r", "-c", "--requirement", "--constraint", "-e", "--editable")):
                return False
            if item.startswith((".", "/", "file:")) or "@ file:" in item:
                return False
            words = item.replace("=", " ").split()
            if item.startswith("-") and any(w.startswith((".", "/", "file:")) for w in words[1:]):
                return False  # --find-links ./wheels and the like
        return True
    if tool == "go" and name == "go.mod":
        return re.search(r"=>\s*\.{1,2}/", text) is None
    if tool == "bundler" and name == "Gemfile":
        return re.search(r"^\s*(gemspec|eval_gemfile)\b|\bpath[:=]", text, re.M) is None
    if tool in ("poetry", "uv", "pipenv") and name in ("pyproject.toml", "Pipfile"):
        return re.search(r"\bpath\s*=|\beditable\s*=|tool\.uv\.workspace", text) is None
    return True


def _package_json_alone(text: str) -> bool:
    try:
        data = json.loads(text)
    except ValueError:
        return False
    if not isinstance(data, dict) or "workspaces" in data or "patchedDependencies" in data:
        return False
    scripts = data.get("scripts") or {}
    if not isinstance(scripts, dict) or _LIFECYCLE & set(scripts):
        return False
    for key in ("dependencies", "devDependencies", "optionalDependencies"):
        specs = data.get(key) or {}
        if not isinstance(specs, dict):
            return False
        if any(str(v).startswith((*_LOCAL_SPEC, ".", "/")) for v in specs.values()):
            return False
    return True


#: Commands that may share the install's RUN: they read nothing the broad COPY brings.
_NEUTRAL = frozenset({"set", "cd", "true", ":", "echo", "printf", "export", "mkdir", "corepack"})
_TOOL_HOUSEKEEPING = {
    "npm": frozenset({"config", "cache", "set"}),
    "yarn": frozenset({"config", "cache"}),
    "pnpm": frozenset({"config", "store"}),
    "poetry": frozenset({"config"}),
    "bundle": frozenset({"config"}),
    "go": frozenset({"env"}),
}
_PIP_FILES = ("-r", "--requirement", "-c", "--constraint", "-e", "--editable")


def _only_dependencies(script: Script, step: InstallStep) -> bool:
    """Every command of the RUN is the install, housekeeping, or an install of named
    tools (``pip install --upgrade pip``, ``npm install -g pnpm``)."""
    own = step.command
    for raw in script.all_commands():
        if raw.index == own.index and raw.script is own.script:
            continue
        command = raw.unwrapped()
        base = command.basename
        if base is None:
            return False
        if base in _NEUTRAL:
            continue
        if base == "rm":
            paths = [w.value or "" for w in command.positionals]
            if all(p.startswith(("/", "~")) for p in paths):
                continue
            return False
        sub = command.subcommand
        if sub in _TOOL_HOUSEKEEPING.get(base, ()):
            continue
        if base == "npm" and sub in ("install", "i") and command.has_option("-g", "--global"):
            continue
        rest = command.arguments_after_subcommand()
        if base == "gem" and sub == "install" and _named_only(rest):
            continue
        pip = pip_command(command)
        if (
            pip is not None
            and pip.subcommand == "install"
            and _named_only(pip.arguments_after_subcommand())
            and not pip.has_option(*_PIP_FILES)
        ):
            continue
        return False
    return True


def _named_only(words: tuple[ShellWord, ...]) -> bool:
    for word in words:
        value = word.value
        if value is None or value.startswith((".", "/", "~")) or "/" in value:
            return False
        if value.endswith((".whl", ".gem", ".tar.gz", ".zip")):
            return False
    return True


def _matches(pattern: str, name: str) -> bool:
    return pattern == name or fnmatch.fnmatchcase(name, pattern)


def _installs_project(context: BuildContext, path: str) -> bool:
    """A requirements file (context-relative) that installs the project itself (``-e .``,
    ``.``) needs the source."""
    data = context.read(path)
    if data is None:
        return False
    text = data.decode("utf-8", errors="replace")
    for line in text.splitlines():
        item = line.split("#", 1)[0].strip()
        if item.startswith(("-e", "--editable")) or item in (".", "./") or item.startswith("./"):
            return True
        if item.startswith("file:"):
            return True
    return False


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
        for source in copy_args(self.model, instruction).sources:
            raw = source.raw
            text = self.model.expand(raw, instruction).text
            url = text if "://" in text else raw
            if url.lower().startswith(("http://", "https://")) and not _is_git_url(url):
                self.report(
                    source.node,
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


_NAME_SEPARATORS = re.compile(r"[_\-]+")


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
    parts = [p for p in _NAME_SEPARATORS.split(name.upper()) if p]
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
    Unsafe: the fix moves the ARG line (and the comment lines directly above it) down
    to just above the first instruction that uses it (above that one's comment lines).
    A RUN in between that read the value from its environment without naming it (a
    build script) no longer sees it. No fix for an ARG line that declares several
    names or whose default uses a variable, nor when nothing in the stage uses the ARG
    (remove it, or declare it where a script reads it: only you know which).
    """

    code = "DLX105"
    name = "volatile-arg-declared-early"
    category = "cache"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_arg(self, instruction: Instruction) -> None:
        if _is_trigger(self, instruction) or self.model.stage_of(instruction) is None:
            return
        later = _later_instructions(self, instruction)
        for word in instruction.arguments:
            if not isinstance(word, Word):
                continue
            name, eq, default = word.value.partition("=")
            if name and volatile_arg(name, default if eq else None):
                self._check(instruction, word, name, later)

    def _check(
        self, declaration: Instruction, word: Word, name: str, later: list[Instruction]
    ) -> None:
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
                        fix=self._fix(declaration, instruction),
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

    def _fix(self, declaration: Instruction, use: Instruction) -> Fix | None:
        """Move the ARG (and the comment lines right above it) down to just above the
        first instruction that uses it (and the comment lines right above that one)."""
        model = self.model
        words = [a for a in declaration.arguments if not isinstance(a, Trivia)]
        if len(words) != 1 or "$" in declaration.body_code:
            return None
        if model.outer(use) is not use:
            return None
        start, end = block_span(model, declaration)
        target, _ = block_span(model, use)
        text = model.tree.code[start:end]
        removal = delete_lines(model, declaration, comments=True)
        if not text.endswith("\n") or target <= removal.end:
            return None
        return Fix(
            "declare the ARG right before its first use",
            (removal, Edit(target, target, text)),
            Applicability.UNSAFE,
        )

    def _uses(self, instruction: Instruction, name: str) -> bool | None:
        model = self.model
        for flag in instruction.flags:
            # a text without "$", or without the name, cannot reference it: not worth
            # expanding
            value = flag.value
            if (
                "$" in value
                and name in value
                and name in _referenced(model.expand(value, instruction))
            ):
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
            if not isinstance(argument, (KeyValue, Valued)) or "$" not in argument.value:
                continue
            if name not in argument.value:
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
    if name not in text:
        return False
    return re.search(r"\$(\{)?" + re.escape(name) + r"(?![A-Za-z0-9_])", text) is not None


CACHE_RULES: tuple[type[Rule], ...] = (
    UpdateWithoutInstall,
    InstallFromEarlierUpdate,
    SourceCopiedBeforeInstall,
    AddUrlWithoutChecksum,
    VolatileArgDeclaredEarly,
)
