"""DLX103 source-copied-before-install: the source tree copied before a dependency install."""

from __future__ import annotations

import fnmatch
import posixpath
from collections import Counter
from dataclasses import dataclass, field

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.copies import copy_args, dest_path
from dlint_dockerfile.model.copy_sources import copy_match, listing, without_excludes
from dlint_dockerfile.model.model import Stage
from dlint_dockerfile.rules.cache._shared import join_names, start_line
from dlint_dockerfile.rules.cache.dlx103_source_copied_before_install.broad_copy import (
    WILDCARD,
    BroadCopy,
    copied_outputs,
    source_base,
    under,
)
from dlint_dockerfile.rules.cache.dlx103_source_copied_before_install.fix import split_fix
from dlint_dockerfile.rules.cache.dlx103_source_copied_before_install.manifests import (
    installs_project,
)
from dlint_dockerfile.shell.installs import (
    InstallStep,
    executed_files,
    install_steps,
    is_manifest,
    join_path,
    manifest_pattern,
)
from dlint_dockerfile.syntax import Instruction

__all__ = ["SourceCopiedBeforeInstall"]


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
    if WILDCARD.search(last):
        return last in ("*", "*.*", "**")
    if WILDCARD.search(path) or "." in last or last.lower() in _FILE_NAMES:
        return False
    return not (last.isupper() and len(last) > 1)


@dataclass
class _Chain:
    """What happened so far in a stage (and the stages it is built on)."""

    installed: set[str] = field(default_factory=set)
    broad: list[BroadCopy] = field(default_factory=list)
    copied: list[tuple[str, int]] = field(default_factory=list)

    def copy(self) -> _Chain:
        return _Chain(set(self.installed), list(self.broad), list(self.copied))


def _matches(pattern: str, name: str) -> bool:
    return pattern == name or fnmatch.fnmatchcase(name, pattern)


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
    understood), and what editing reruns the install (the files the copy sends, by
    folder; `dlint context --changed PATH` shows every step a change reruns); without
    one, or when none is found, the conventional names. For steps
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
        trigger = self.model.is_trigger(instruction)
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
        line = start_line(self, instruction)
        for item in args.sources:
            raw = item.raw
            if raw.startswith("<<") or "://" in raw or raw.startswith("git@"):
                continue
            source = item.text_or_raw
            if self._broad(source):
                chain.broad.append(
                    BroadCopy(
                        instruction,
                        item.node,
                        source,
                        dest,
                        frozenset(chain.installed),
                        tuple(chain.copied),
                    )
                )
            elif is_manifest(source) or (WILDCARD.search(source) and manifest_pattern(source)):
                chain.copied.append((source.rsplit("/", 1)[-1], line))

    def _broad(self, source: str) -> bool:
        if source.rstrip("/").rsplit("/", 1)[-1].lower() in _DEPENDENCY_FOLDERS:
            return False
        by_name = _broad_by_name(source)
        wildcard = WILDCARD.search(source) is not None
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
                if any(broad.dest is None or under(f, broad.dest) for f in files):
                    self.consumed.add(id(broad.node))

    def _manifests(self, broad: BroadCopy, step: InstallStep) -> list[str] | None:
        """The manifests to copy first, or None when the install does not read the copy."""
        directory = step.directory
        if step.files and directory is not None:
            first = join_path(directory, step.files[0])
            directory = posixpath.dirname(first) if first else None
        dest = broad.dest
        if (
            dest is not None
            and directory is not None
            and not (under(directory, dest) or under(dest, directory))
        ):
            return None
        context = self.model.context
        if context is None or dest is None or step.directory is None:
            return list(step.conventional)
        base = source_base(broad.source)
        found: list[str] = []
        for name in step.candidates:
            path = join_path(step.directory, name)
            if path is None or not under(path, dest):
                continue
            relative = posixpath.relpath(path, dest) if path != dest else ""
            in_context = posixpath.normpath(posixpath.join(base, relative))
            if context.has_file(in_context):
                if step.tool == "pip" and installs_project(context, in_context):
                    return None
                found.append(name)
        return found or list(step.conventional)

    def _what_reruns(self, broad: BroadCopy) -> str:
        """The changes that rerun the install: any file the copy sends, named from the
        context when there is one (`dlint context --changed` shows each step)."""
        context = self.model.context
        if context is None or context.truncated or "$" in broad.source:
            return "any source change"
        match = copy_match(context, broad.source)
        files = without_excludes(broad.instruction, match)
        if not files:
            return "any source change"
        base = f"{match.path}/" if match.path and not match.wildcard else ""
        sizes = Counter(base + _top(f.removeprefix(base)) for f in files)
        # folders first, the fullest first; then files at the top
        tops = sorted(sizes, key=lambda top: (not top.endswith("/"), -sizes[top], top))
        if len(files) == 1:
            return f"editing the one file it sends ({tops[0]})"
        return f"editing any of the {len(files)} files it sends ({listing(tops)})"

    def _report(
        self, broad: BroadCopy, step: InstallStep, run: Instruction, names: list[str]
    ) -> None:
        line = start_line(self, run)
        kind = broad.instruction.name
        head = (
            f"{kind} of the source tree ('{broad.source}') before the dependency install on "
            f"line {line} ({step.text}): {self._what_reruns(broad)} re-runs it"
        )
        copied = [
            (name, at)
            for name in names
            for pattern, at in broad.copied_before
            if _matches(pattern, name)
        ]
        names_text = join_names(names)
        if names and len({n for n, _ in copied}) == len(names):
            where = join_names([str(n) for n in sorted({at for _, at in copied})])
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
        outputs = copied_outputs(self.model, broad, step)
        if outputs:  # moved after the install, the copy would undo it: no fix either
            pronoun = "it" if len(outputs) == 1 else "them"
            advice += (
                f"; keep {join_names(outputs)} out of the {kind} of the source tree (list "
                f"{pronoun} in .dockerignore): it would replace what "
                f"{step.prepare or step.text} installs"
            )
        moved = bool(names) and len({n for n, _ in copied}) == len(names)
        self.report(
            broad.node, f"{head}; {advice}", fix=split_fix(self.model, broad, step, run, moved)
        )


def _top(path: str) -> str:
    """``a/b/c`` → ``a/``; ``a`` → ``a``."""
    cut = path.find("/")
    return path if cut < 0 else path[: cut + 1]
