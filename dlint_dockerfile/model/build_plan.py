"""How to split a final stage that builds into a builder stage and a runtime stage: the
analysis behind DLX609's multi-stage rewrite.

`plan_split` finds the last RUN the builder needs, the runtime base (`runtime_bases`),
the builder instructions the runtime stage repeats, the packages it installs and the
artifacts it copies from the builder to the same paths: what CMD, ENTRYPOINT and
HEALTHCHECK run, the files they name, the application's directory and virtual
environments. When any of that is unknown it returns a `Declined` that says why: a wrong
rewrite is worse than none.
"""

from __future__ import annotations

import posixpath
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property

from dlint_dockerfile._record import record
from dlint_dockerfile.model.build_steps import (
    INSTALL_ACTIONS,
    Output,
    build_step,
    command_outputs,
    inside,
    installs_dependencies,
    removes_packages,
    run_kind,
    venv_argument,
)
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.model.model import DockerfileModel, Stage
from dlint_dockerfile.model.runtime_bases import BaseFacts, runtime_base, tables
from dlint_dockerfile.model.runtime_scripts import context_file, npm_script, script_programs
from dlint_dockerfile.shell import Command, Script
from dlint_dockerfile.shell.packages import package_commands, package_name
from dlint_dockerfile.shell.pip import PYTHON_NAME, pip_command
from dlint_dockerfile.syntax import ErrorInstruction, Instruction, Text, Word

__all__ = ["Artifact", "Declined", "SplitPlan", "plan_split"]


@record
class Artifact:
    """A path the runtime stage copies from the builder, to the same absolute path."""

    path: str
    #: ``--chown`` value: the user the build ran as, when not root.
    chown: str | None = None


@record
class Declined:
    """Why the final stage is not split (a sentence without its final period)."""

    reason: str


@dataclass
class SplitPlan:
    """How to split the final stage after ``split_after`` into builder and runtime."""

    stage: Stage
    split_after: Instruction
    runtime_base: str
    ecosystem: str
    #: Instructions of the builder the runtime stage repeats, in order, byte-identical.
    repeated: list[Instruction] = field(default_factory=list)
    #: Runtime packages to install: (family, names).
    packages: tuple[str, tuple[str, ...]] | None = None
    artifacts: list[Artifact] = field(default_factory=list)
    #: The build image's WORKDIR, which the runtime stage sets first when the Dockerfile
    #: sets no absolute one before the split.
    workdir: str | None = None
    #: Build-image PATH directories the runtime stage adds (artifacts found through them).
    path_dirs: tuple[str, ...] = ()


_ROOT = frozenset({"root", "0", "0:0", "root:root"})
_DEFAULT_PATH = ("/usr/local/sbin", "/usr/local/bin", "/usr/sbin", "/usr/bin", "/sbin", "/bin")
_ECOSYSTEMS = ("node", "python", "java", "go", "rust", "c")
_COMPILED = frozenset({"java", "go", "rust", "c"})
_USER_COMMANDS = frozenset({"useradd", "adduser", "groupadd", "addgroup"})
#: Interpreters whose first argument is a file of the application.
_SCRIPT_RUNNERS = frozenset({"node", "nodejs", "sh", "bash"})
_DISTRIBUTIONS = frozenset({"debian", "ubuntu", "alpine"})
#: Options that install an application's dependencies somewhere else than its folder.
_ELSEWHERE_OPTIONS = (
    "--modules-folder",
    "--prefix",
    "--cwd",
    "-C",
    "--dir",
    "--global-folder",
    "--target",
    "--root",
    "--user",
)


def plan_split(
    model: DockerfileModel, overrides: Mapping[str, str] | None = None
) -> SplitPlan | Declined | None:
    """How to split the final stage into a builder and a runtime stage; None when it
    builds nothing."""
    stage = model.final_stage
    if stage is None:
        return None
    instructions = [i for i in stage.instructions if not isinstance(i, ErrorInstruction)]
    kinds = {id(i): run_kind(model.script(i)) for i in instructions if i.name == "RUN"}
    if "build" not in kinds.values():
        return None
    return _Planner(model, stage, instructions, kinds, overrides or {}).plan()


def _argument(instruction: Instruction) -> str:
    """The first argument of an instruction as written (``NONE``, ``/src``)."""
    for part in instruction.arguments:
        if isinstance(part, (Word, Text)):
            return part.value
    return ""


def _layers(command: Command) -> list[Command]:
    """The command and the one it wraps (``gosu app ./server``: gosu, then server)."""
    inner = command.unwrapped()
    return [command] if inner is command else [command, inner]


class _Planner:
    """One analysis of one final stage (see `plan_split`)."""

    def __init__(
        self,
        model: DockerfileModel,
        stage: Stage,
        instructions: list[Instruction],
        kinds: dict[int, str],
        overrides: Mapping[str, str],
    ) -> None:
        self.model = model
        self.stage = stage
        self.instructions = instructions
        #: Index of each instruction, by identity (two instructions may be equal).
        self._position = {id(i): at for at, i in enumerate(instructions)}
        self.kinds = kinds
        self.overrides = overrides
        self.facts = BaseFacts(None)
        self.before: list[Instruction] = []
        #: What the runtime stage copies, the build-image PATH directories it needs, and
        #: whether a build output is among the copies (filled by `_artifacts`).
        self.artifacts: list[str] = []
        self.path_dirs: set[str] = set()
        self.produced = False

    def plan(self) -> SplitPlan | Declined:
        stage = self.stage
        if stage.parent is not None:
            return Declined(f"the final stage is built FROM stage {stage.parent.key}")
        if stage.image is None or not stage.base.complete:
            return Declined("the base image is not known (a variable or an invalid name)")
        if stage.platform is not None:
            return Declined("FROM has --platform, which the runtime stage would need too")
        self.facts = facts = runtime_base(stage.image, stage.base.text, self.overrides)
        if facts.runtime is None:
            return Declined(f"no runtime base is known for {stage.base.text}: {facts.why}")
        split = self._split()
        if isinstance(split, Declined):
            return split
        self.before = self.instructions[:split]
        plan = SplitPlan(stage, self.before[-1], facts.runtime, self._ecosystem())
        for step in (self._artifacts, self._packages, self._repeat):
            declined = step(plan)
            if declined is not None:
                return declined
        return plan

    # -- where and how the builder works

    def _split(self) -> int | Declined:
        """The index after the last RUN the builder keeps: every RUN but those that only
        touch files (users, directories, modes) after the last build."""
        last = 0
        for at, instruction in enumerate(self.instructions):
            if self.kinds.get(id(instruction), "files") != "files":
                last = at + 1
        if any(i.name == "ONBUILD" for i in self.instructions[:last]):
            return Declined("ONBUILD triggers would run in the builder stage only")
        return last

    def _runs(self) -> Iterator[tuple[Instruction, Script]]:
        for instruction in self.before:
            if instruction.name == "RUN":
                script = self.model.script(instruction)
                if script is not None:
                    yield instruction, script

    @cached_property
    def _rooted_from(self) -> int:
        """The index of the stage's first absolute WORKDIR (its length when none): the
        instructions before it work relative to the build image's WORKDIR."""
        return next(
            (at for at, i in enumerate(self.instructions) if self._absolute_workdir(i)),
            len(self.instructions),
        )

    def _absolute_workdir(self, instruction: Instruction) -> bool:
        return instruction.name == "WORKDIR" and self._expand(
            instruction, _argument(instruction)
        ).startswith("/")

    def _workdir(self, instruction: Instruction) -> str:
        """The working directory of ``instruction``, starting from the build image's."""
        workdir = self.model.workdir_at(instruction)
        if self._position[id(instruction)] > self._rooted_from:
            return workdir
        return posixpath.normpath(posixpath.join(self.facts.workdir, workdir.lstrip("/")))

    def _absolute(self, instruction: Instruction, path: str) -> str:
        return posixpath.normpath(posixpath.join(self._workdir(instruction), path))

    def _expand(self, instruction: Instruction, text: str) -> str:
        return self.model.expand(text, instruction).text

    def _variable(self, instruction: Instruction, name: str) -> str | None:
        expansion = self.model.expand(f"${name}", instruction)
        return expansion.text if expansion.complete and expansion.text else None

    def _ecosystem(self) -> str:
        found: set[str] = set()
        for _, script in self._runs():
            for command in script.all_commands():
                target = command.unwrapped()
                base = target.basename or ""
                if base in ("npm", "yarn", "pnpm", "bun"):
                    found.add("node")
                elif pip_command(target) is not None or venv_argument(target) is not None:
                    found.add("python")
                elif base == "go":
                    found.add("go")
                elif base == "cargo":
                    found.add("rust")
                elif base in ("javac", "jar", "mvn", "gradle", "mvnw", "gradlew"):
                    found.add("java")
                elif build_step(target) is not None:
                    found.add("c")
        return next((e for e in _ECOSYSTEMS if e in found), "")

    # -- what the build makes

    @cached_property
    def _outputs(self) -> list[Output]:
        image = self.stage.image
        distribution = image is not None and image.familiar_name in _DISTRIBUTIONS
        found: list[Output] = []
        for instruction, script in self._runs():
            workdir = self._workdir(instruction)

            def variable(name: str, at: Instruction = instruction) -> str | None:
                return self._variable(at, name)

            for command in script.all_commands():
                found.extend(command_outputs(command.unwrapped(), workdir, variable, distribution))
        return found

    @cached_property
    def _build_dirs(self) -> list[str]:
        """The working directories of the builds (not ``/``), deepest first."""
        dirs = {self._workdir(i) for i, _ in self._runs() if self.kinds[id(i)] == "build"}
        return sorted(dirs - {"/"}, key=len, reverse=True)

    def _source(self, path: str) -> tuple[str, bool] | None:
        """What to copy from the builder so that the runtime has ``path`` as the build
        left it, and whether that is a build output the command names: the path for an
        output (``-o``, ``cargo build``, ``cp``...), ``/usr/local`` after ``make
        install``; the whole working directory of the build holding it (what else the
        build left there may be needed too); the path for a file a COPY brought."""
        for output in self._outputs:
            if output.covers(path):
                return (output.path if output.tree else path), True
        for directory in self._build_dirs:
            if inside(path, directory):
                return directory, False
        if self._copied(path, self.before):
            return path, False
        return None

    def _copied(self, path: str, instructions: list[Instruction]) -> bool:
        """Whether one of the COPY or ADD ``instructions`` puts ``path`` in the image."""
        for instruction in instructions:
            if instruction.name not in ("COPY", "ADD"):
                continue
            target = self._copy_target(instruction)
            if target is None:
                continue
            sources = copy_args(self.model, instruction).sources
            if inside(path, target) or any(
                s.text is not None and path == posixpath.join(target, posixpath.basename(s.text))
                for s in sources
            ):
                return True
        return False

    def _copy_target(self, instruction: Instruction) -> str | None:
        dest = copy_args(self.model, instruction).dest
        if dest is None or dest.text is None:
            return None
        return self._absolute(instruction, dest.text)

    # -- the runtime command and the artifacts

    def _artifacts(self, plan: SplitPlan) -> Declined | None:
        if not any(i.name in ("CMD", "ENTRYPOINT") for i in self.instructions):
            return Declined(
                "the stage has no CMD or ENTRYPOINT of its own: the image runs the build "
                "image's command"
            )
        found = self._application_dirs(plan)
        if isinstance(found, Declined):
            return found
        self.artifacts = list(found)
        self.produced = bool(found)
        entrypoint = any(i.name == "ENTRYPOINT" for i in self.instructions)
        for instruction in self.instructions:
            if instruction.name not in ("CMD", "ENTRYPOINT", "HEALTHCHECK"):
                continue
            script = self.model.script(instruction)
            if script is None:
                if instruction.name == "HEALTHCHECK" and _argument(instruction).upper() == "NONE":
                    continue
                return Declined(f"{instruction.name} does not run a POSIX shell command")
            arguments_only = instruction.name == "CMD" and entrypoint
            for raw in script.all_commands():
                for command in _layers(raw):
                    declined = self._needs(plan, instruction, command, arguments_only)
                    if declined is not None:
                        return declined
                for path in self._files_named(instruction, raw.unwrapped()):
                    self._add(path)
        if plan.ecosystem in _COMPILED and not self.produced:
            return Declined(
                "CMD and ENTRYPOINT run no output of the build (a script's programs are not known)"
            )
        if not self.artifacts:
            return Declined("CMD and ENTRYPOINT name no output of the build")
        for output in self._outputs:
            on_path = posixpath.dirname(output.path) in (*_DEFAULT_PATH, *self.facts.path)
            copied = any(inside(output.path, a) for a in self.artifacts)
            if on_path and not output.directory and not output.tree and not copied:
                return Declined(
                    f"a RUN puts {output.path} on PATH, which the runtime stage would not have"
                )
        user = self.model.user_at(plan.split_after)
        chown = None if user is None or user.strip() in _ROOT else user
        plan.artifacts = [Artifact(a, chown) for a in self.artifacts]
        plan.path_dirs = tuple(d for d in self.facts.path if d in self.path_dirs)
        return None

    def _add(self, path: str, *, required: bool = False) -> bool:
        """Copy what gives the runtime ``path``; False when the builder does not make it."""
        if any(inside(path, a) for a in self.artifacts):
            return True
        source = self._source(path)
        if source is None:
            return not required
        copied, output = source
        self.artifacts.append(copied)
        self.produced = self.produced or output or copied in self._build_dirs
        return True

    def _needs(
        self, plan: SplitPlan, instruction: Instruction, command: Command, arguments_only: bool
    ) -> Declined | None:
        """Check one program the runtime runs and copy it when the build made it
        (``arguments_only``: CMD is ENTRYPOINT's arguments; a first word the build made
        is copied, anything else is only an argument)."""
        where = instruction.name
        name = command.name
        if name is None:
            return None
        if name.value is None:
            return (
                None if arguments_only else Declined(f"{where} runs a program named by a variable")
            )
        program = name.value
        base = posixpath.basename(program)
        sub = command.subcommand or ""
        if not arguments_only and (base in self._toolchain or build_step(command) is not None):
            what = f"{base} {sub}".strip() if base in ("go", "cargo", "dotnet") else base
            return Declined(f"{where} runs {what}: the toolchain is needed at run time")
        if base in ("npm", "yarn", "pnpm") and sub in ("install", "ci", "i", "exec", "dlx"):
            return Declined(f"{where} runs {base} {sub}: it installs at run time")
        if base in ("npm", "yarn", "pnpm") and not arguments_only:
            return self._package_script(instruction, command)
        if arguments_only and program.startswith("-"):
            return None
        if "/" in program:
            path = self._absolute(instruction, program)
            found = self._script_tools(instruction, program, path)
            if found is not None:
                return found
            if self._copied(path, self._after) or self._add(path, required=not arguments_only):
                return None
            return Declined(f"{where} runs {program}, which the build does not visibly make")
        return self._find(plan, instruction, program, arguments_only)

    def _script_tools(self, instruction: Instruction, program: str, path: str) -> Declined | None:
        """Decline when a script of the build context the image runs runs the toolchain
        (``./run.sh`` compiling at start-up)."""
        text = context_file(self.model, self.instructions, path, self._workdir)
        if text is None:
            return None
        for name in script_programs(text):
            if name in self._toolchain:
                return Declined(
                    f"{instruction.name} runs {program}, which runs {name}: the toolchain is "
                    "needed at run time"
                )
        return None

    def _package_script(self, instruction: Instruction, command: Command) -> Declined | None:
        """Decline when ``npm start``/``npm run X``/``yarn X`` runs the toolchain
        (``ts-node``, ``tsc``, ``nodemon``), as package.json of the build context says."""
        words = [w.value or "" for w in command.positionals]
        if not words:
            return None
        name = words[1] if words[0] in ("run", "run-script") and len(words) > 1 else words[0]
        package = posixpath.join(self._workdir(instruction), "package.json")
        text = context_file(self.model, self.instructions, package, self._workdir)
        script = npm_script(text, name) if text is not None else None
        for program in script_programs(script) if script is not None else ():
            if program in self._toolchain:
                return Declined(
                    f"{instruction.name} runs {command.basename} {' '.join(words[:2])}, which "
                    f"runs {program}: the toolchain is needed at run time"
                )
        return None

    def _find(
        self, plan: SplitPlan, instruction: Instruction, program: str, arguments_only: bool
    ) -> Declined | None:
        """Resolve a program run by name through PATH, as the original image would: a
        file of the artifacts, an output the build names, a COPY, the runtime base; an
        output only known by its directory (``go install .``) comes last."""
        search = self._search_path(instruction)
        for directory in search:
            candidate = posixpath.join(directory, program)
            if any(inside(candidate, a) for a in self.artifacts):
                return None  # a console script of a virtual environment, node_modules/.bin
            if self._copied(candidate, self._after):
                return None
            source = self._source(candidate)
            if source is not None and (source[1] and not self._by_directory(candidate)):
                self._add(candidate)
                self._note_path(directory)
                return None
            if source is not None and self._copied(candidate, self.before):
                self._add(candidate)
                return None
        if arguments_only or program in self._base_programs(plan) or self._packaged(program):
            return None
        for directory in search:
            candidate = posixpath.join(directory, program)
            source = self._source(candidate)
            if source is not None and source[1]:
                self._add(candidate)
                self._note_path(directory)
                return None
        where = instruction.name
        return Declined(f"{where} runs {program}, and where it comes from is not known")

    def _note_path(self, directory: str) -> None:
        if directory in self.facts.path:
            self.path_dirs.add(directory)

    @property
    def _after(self) -> list[Instruction]:
        return self.instructions[len(self.before) :]

    def _by_directory(self, path: str) -> bool:
        """Whether only a directory output covers ``path`` (its name is not known)."""
        return not any(o.covers(path) and not o.directory for o in self._outputs)

    @cached_property
    def _toolchain(self) -> frozenset[str]:
        return tables().toolchain | self.facts.toolchain

    def _base_programs(self, plan: SplitPlan) -> frozenset[str]:
        runtime = tables().runtime_programs
        own = next((p for s, p in runtime.items() if plan.runtime_base.startswith(s)), frozenset())
        return tables().base_programs | own

    def _search_path(self, instruction: Instruction) -> list[str]:
        own = self._expand(instruction, "$PATH").split(":")
        return [d for d in (*own, *self.facts.path, *_DEFAULT_PATH) if d.startswith("/")]

    def _files_named(self, instruction: Instruction, command: Command) -> list[str]:
        """Files of the application the runtime program's arguments name:
        ``node dist/index.js``, ``java -jar app.jar``, ``python app.py``."""
        base = command.basename or ""
        words = [w.value for w in command.args if w.value is not None]
        paths: list[str] = []
        if base in _SCRIPT_RUNNERS or PYTHON_NAME.match(base):
            paths = [w for w in words[:1] if not w.startswith("-")]
        elif base == "java":
            for flag in ("-jar", "-cp", "-classpath", "--class-path"):
                if flag in words and words.index(flag) + 1 < len(words):
                    paths.extend(words[words.index(flag) + 1].split(":"))
        return [self._absolute(instruction, p) for p in paths if "$" not in p and "*" not in p]

    def _packaged(self, program: str) -> bool:
        """Whether the builder installs a package named like ``program`` (``curl``)."""
        for _, script in self._runs():
            for package in package_commands(script):
                if package.action in INSTALL_ACTIONS.get(package.family, ()) and any(
                    package_name(w) == program for w in package.packages
                ):
                    return True
        return False

    def _application_dirs(self, plan: SplitPlan) -> list[str] | Declined:
        """The directories an interpreted application lives in (its WORKDIR, its venvs)."""
        ecosystem = plan.ecosystem
        if ecosystem not in ("node", "python"):
            return []
        workdir = self._workdir(plan.split_after)
        if workdir == "/":
            return Declined(f"the {ecosystem} application has no WORKDIR of its own")
        if ecosystem == "node" and self._global_npm():
            return Declined("npm installs packages globally, outside the application")
        elsewhere = self._installs_elsewhere(workdir)
        if elsewhere is not None:
            return Declined(elsewhere)
        dirs = [workdir]
        if ecosystem == "python":
            venvs = self._venvs()
            if self._pip_outside(venvs):
                return Declined(
                    "pip installs into the build image's site-packages, which the runtime "
                    "base has its own of: install into a virtual environment (python -m venv)"
                )
            dirs.extend(v for v in venvs if not inside(v, workdir))
        return dirs

    def _installs_elsewhere(self, workdir: str) -> str | None:
        """Why the application's dependencies may live outside its WORKDIR: an install
        into another folder (``--modules-folder``, ``--prefix``...) or after a ``cd``,
        a ``NODE_PATH``/``PYTHONPATH``, a PATH entry of modules outside it."""
        for _, script in self._runs():
            commands = [c.unwrapped() for c in script.all_commands()]
            for at, command in enumerate(commands):
                if not installs_dependencies(command) or venv_argument(command) is not None:
                    continue
                if command.has_option(*_ELSEWHERE_OPTIONS):
                    return f"{command.basename} installs the dependencies into another folder"
                if any(c.basename == "cd" for c in commands[:at]):
                    return f"{command.basename} installs the dependencies after a cd"
        for instruction in self.before:
            for name in ("NODE_PATH", "PYTHONPATH"):
                if self._variable(instruction, name):
                    return f"{name} points to modules the runtime stage may not have"
        path = self._variable(self.before[-1], "PATH") or self._expand(self.before[-1], "$PATH")
        for entry in path.split(":"):
            if "node_modules" in entry and not inside(entry, workdir):
                return f"PATH names {entry}, outside the application"
        return None

    def _venvs(self) -> list[str]:
        venvs = []
        for instruction, script in self._runs():
            for command in script.all_commands():
                word = venv_argument(command.unwrapped())
                if word is not None:
                    venvs.append(self._absolute(instruction, self._expand(instruction, word)))
        return venvs

    def _pip_outside(self, venvs: list[str]) -> bool:
        """A ``pip install`` into the interpreter's own site-packages: not run by a venv's
        pip (its path, or a venv first on PATH), or into a tree of its own."""
        for instruction, script in self._runs():
            path = self._variable(instruction, "PATH") or ""
            venv_first = any(path.startswith(posixpath.join(v, "bin") + ":") for v in venvs)
            for command in script.all_commands():
                target = command.unwrapped()
                pip = pip_command(target)
                if pip is None or (pip.subcommand or "") != "install":
                    continue
                if pip.has_option("--target", "-t", "--prefix", "--user", "--root"):
                    return True
                program = self._expand(instruction, target.name.text) if target.name else ""
                if any(program.startswith(v + "/") for v in venvs):
                    continue
                if not venv_first:
                    return True
        return False

    def _global_npm(self) -> bool:
        return any(
            c.unwrapped().basename in ("npm", "yarn", "pnpm")
            and c.unwrapped().has_option("-g", "--global")
            for _, script in self._runs()
            for c in script.all_commands()
        )

    # -- runtime packages

    def _packages(self, plan: SplitPlan) -> Declined | None:
        kept: list[str] = []
        families: set[str] = set()
        for _, script in self._runs():
            packages = package_commands(script)
            if removes_packages(packages):
                return Declined("the Dockerfile already removes build dependencies")
            for package in packages:
                if package.action not in INSTALL_ACTIONS.get(package.family, ()):
                    continue
                families.add(package.family)
                for word in package.packages:
                    if (word.value or "").startswith("-"):
                        continue
                    name = package_name(word)
                    if name is None:
                        return Declined("a package name comes from a variable")
                    runtime = self._runtime_package(plan, package.family, name)
                    if isinstance(runtime, Declined):
                        return runtime
                    if runtime is not None and runtime not in kept:
                        kept.append(runtime)
        if kept:
            family = families.pop() if len(families) == 1 else ""
            if family not in ("apt", "apk"):
                return Declined("runtime packages of this package manager are not supported")
            plan.packages = (family, tuple(kept))
        return None

    def _runtime_package(self, plan: SplitPlan, family: str, name: str) -> str | Declined | None:
        bare = name.split(":", 1)[0]
        if bare in tables().build_only or bare.startswith(("gcc-", "g++-", "clang-", "llvm-")):
            return None
        if not bare.endswith(("-dev", "-devel")):
            return bare
        if plan.ecosystem == "go" and not self._cgo():
            return None
        runtime = tables().dev_runtime.get(family, {}).get(bare)
        if runtime is None:
            return Declined(f"{bare} is a development package whose run-time library is not known")
        if family == "apt" and "bookworm" not in plan.runtime_base:
            return Declined(f"the run-time library of {bare} is only known for Debian bookworm")
        return str(runtime)

    def _cgo(self) -> bool:
        """Whether Go builds may link C libraries (``CGO_ENABLED`` is not ``0``)."""
        return all(self._variable(i, "CGO_ENABLED") != "0" for i, _ in self._runs())

    # -- what the runtime stage repeats

    def _repeat(self, plan: SplitPlan) -> Declined | None:
        """The builder's instructions the runtime stage repeats: settings, COPYs outside
        the artifacts (files the program may read), and RUNs that only create users."""
        artifacts = [a.path for a in plan.artifacts]
        first = next((i for i in self.before if i.name == "WORKDIR"), None)
        absolute = first is not None and self._absolute_workdir(first)
        if self.facts.workdir != "/" and not absolute:
            plan.workdir = self.facts.workdir
        for instruction in self.before:
            name = instruction.name
            if name in ("COPY", "ADD"):
                target = self._copy_target(instruction)
                if target is None:
                    return Declined(f"the destination of a {name} comes from a variable")
                if not any(inside(target, a) for a in artifacts):
                    plan.repeated.append(instruction)
            elif name == "RUN":
                if self._creates_user(instruction):
                    if self.kinds[id(instruction)] != "files":
                        return Declined("a user is created by a RUN that also does other work")
                    plan.repeated.append(instruction)
            else:
                plan.repeated.append(instruction)
        return None

    def _creates_user(self, instruction: Instruction) -> bool:
        script = self.model.script(instruction)
        return script is not None and any(
            c.unwrapped().basename in _USER_COMMANDS for c in script.all_commands()
        )
