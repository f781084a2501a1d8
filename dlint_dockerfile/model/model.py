"""The per-file semantic model, built once and shared by every rule.

`DockerfileModel` walks the instructions once, in order, and records for each one: the
stage it belongs to, the variables in scope before it, the active SHELL, USER and
WORKDIR. Stages know their base image (parsed reference, or the earlier stage they
build on) and the stage graph (``FROM stage``, ``COPY --from``, ``RUN --mount=from=``)
gives the unused stages. Shell scripts are parsed lazily, once, on first request.
"""

from __future__ import annotations

import posixpath
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar

from dlint_dockerfile._record import record
from dlint_dockerfile.model.reference import ImageReference, ImageReferenceError, parse_reference
from dlint_dockerfile.model.variables import PLATFORM_ARGS, Expansion, Scope, Variable, expand
from dlint_dockerfile.shell import DEFAULT_SHELL, Script, ShellDialect, instruction_script
from dlint_dockerfile.syntax import (
    Dockerfile,
    Flag,
    Instruction,
    KeyValue,
    Node,
    PositionIndex,
    Range,
    Text,
    Word,
    parse,
)

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext

__all__ = [
    "DockerfileModel",
    "InstructionMemo",
    "Stage",
    "StageReference",
    "build_model",
    "parse_mount",
]

T = TypeVar("T")

_WINDOWS_HINTS = ("windows/servercore", "windows/nanoserver", "windows/server", "/windows:")
_CMD_SHELL = ShellDialect(("cmd", "/S", "/C"))
_PLATFORM_SCOPE = Scope({name: Variable(name, None, "platform") for name in sorted(PLATFORM_ARGS)})


@dataclass(eq=False)
class Stage:
    """One build stage: its FROM line, base image and instructions."""

    index: int
    from_instruction: Instruction
    name: str | None
    base_word: Word | None
    base: Expansion
    image: ImageReference | None = None
    image_error: str | None = None
    parent: Stage | None = None
    instructions: list[Instruction] = field(default_factory=list)

    @property
    def key(self) -> str:
        """How other instructions refer to the stage: its lower-cased name or its index."""
        return self.name.lower() if self.name else str(self.index)

    @property
    def is_scratch(self) -> bool:
        return self.base.text.lower() == "scratch"

    @property
    def platform(self) -> Flag | None:
        return self.from_instruction.flag("platform")

    @property
    def name_word(self) -> Word | None:
        words = [a for a in self.from_instruction.arguments if isinstance(a, Word)]
        return words[2] if len(words) == 3 else None


@record
class StageReference:
    """A reference from an instruction to a stage or an image by name."""

    instruction: Instruction
    kind: str  # "from", "copy-from", "mount-from"
    text: str
    stage: Stage | None
    node: Node


def parse_mount(value: str) -> dict[str, str]:
    """The ``key=value`` fields of a ``--mount`` flag (CSV, like BuildKit)."""
    import csv  # only for --mount flags, which BuildKit reads as CSV

    fields: dict[str, str] = {}
    try:
        rows = list(csv.reader([value]))
    except csv.Error:
        rows = [value.split(",")]
    for item in rows[0] if rows else []:
        key, _, val = item.partition("=")
        fields[key.strip().lower()] = val
    return fields


class InstructionMemo:
    """What helpers derive from instructions (`DockerfileModel.derive`), so that the rules
    visiting one instruction compute it once between them.

    Not a whole-file cache: the lint engine empties it before each instruction it visits
    and after the walk. During a lint an entry lives while the rules visit its instruction
    (a rule looking back at an earlier instruction derives it again) or, for what the
    rules' ``finish`` derives, until the lint ends. Outside a lint nothing empties it, and
    an entry lives as long as the model.
    """

    __slots__ = ("_values",)

    def __init__(self) -> None:
        # by id(): nodes are equal and hashed by value, and two equal instructions of one
        # file must not share an entry (the model holds its instructions, so ids stay theirs)
        self._values: dict[tuple[str, int], Any] = {}

    def get(self, name: str, instruction: Instruction, compute: Callable[[], T]) -> T:
        """What helper ``name`` derives from ``instruction``: ``compute()`` unless kept."""
        key = (name, id(instruction))
        values = self._values
        if key in values:
            found: T = values[key]
            return found
        value = values[key] = compute()
        return value

    def clear(self) -> None:
        self._values.clear()

    def __len__(self) -> int:
        return len(self._values)


class DockerfileModel:
    """Everything rules need to know about one Dockerfile, computed once."""

    def __init__(
        self,
        tree: Dockerfile,
        path: Path | None = None,
        context: BuildContext | None = None,
    ) -> None:
        self.tree = tree
        self.path = path
        self.context = context
        self.escape = tree.escape
        self.stages: list[Stage] = []
        #: Lower-cased stage name → the first stage with that name (built with `stages`).
        self._stage_names: dict[str, Stage] = {}
        self.global_args: list[Instruction] = []
        self.references: list[StageReference] = []
        # Per instruction, by id() (nodes are equal and hashed by value: two equal
        # instructions of one file are two keys), what holds before it: (stage, scope,
        # shell, user, workdir).
        self._at: dict[int, tuple[Stage | None, Scope, ShellDialect, str | None, str]] = {}
        self._scripts: dict[int, Script | None] = {}
        #: What rule helpers derive from an instruction (`derive`), kept while the lint
        #: engine visits that instruction.
        self.instruction_memo = InstructionMemo()
        self._outer: dict[int, Instruction] = {}
        self.global_scope = Scope()
        self._build()

    # ---------------------------------------------------------------- queries

    @cached_property
    def index(self) -> PositionIndex:
        """Positions of every node (computed on first use)."""
        return PositionIndex(self.tree)

    def range(self, node: Node) -> Range:
        return self.index.range(node)

    def stage_of(self, instruction: Instruction) -> Stage | None:
        """The stage an instruction belongs to (None before the first FROM)."""
        state = self._at.get(id(instruction))
        return state[0] if state is not None else None

    def scope_before(self, instruction: Instruction) -> Scope:
        """Variables visible to ``instruction`` (for FROM: the global ARGs)."""
        state = self._at.get(id(instruction))
        return state[1] if state is not None else self.global_scope

    def shell_at(self, instruction: Instruction) -> ShellDialect:
        state = self._at.get(id(instruction))
        return state[2] if state is not None else DEFAULT_SHELL

    def user_at(self, instruction: Instruction) -> str | None:
        """The USER in force before ``instruction`` (None: the base image's, usually root)."""
        state = self._at.get(id(instruction))
        return state[3] if state is not None else None

    def workdir_at(self, instruction: Instruction) -> str:
        """The WORKDIR in force before ``instruction`` (``/`` by default)."""
        state = self._at.get(id(instruction))
        return state[4] if state is not None else "/"

    def expand(self, text: str, instruction: Instruction) -> Expansion:
        """Expand ``text`` with the variables visible to ``instruction``."""
        return expand(text, self.scope_before(instruction), self.escape)

    def script(self, instruction: Instruction) -> Script | None:
        """The parsed shell of RUN / shell-form CMD, ENTRYPOINT, HEALTHCHECK; None when the
        instruction has no shell or the stage's SHELL is not a POSIX shell."""
        asked = id(instruction)
        scripts = self._scripts
        if asked in scripts:
            return scripts[asked]
        instruction = self._outer.get(asked, instruction)
        key = id(instruction)
        if key not in scripts:
            target = instruction.inner or instruction
            uses_shell = target.shell_form is not None or target.name == "RUN"
            if uses_shell and not self.shell_at(instruction).is_posix:
                scripts[key] = None
            else:
                scripts[key] = instruction_script(instruction, self.index, self.escape)
        scripts[asked] = scripts[key]
        return scripts[key]

    def derive(self, name: str, instruction: Instruction, compute: Callable[[], T]) -> T:
        """What helper ``name`` derives from ``instruction``: ``compute()``, shared by the
        rules visiting the instruction (see `InstructionMemo` for how long it is kept)."""
        return self.instruction_memo.get(name, instruction, compute)

    @property
    def instructions(self) -> tuple[Instruction, ...]:
        return self.tree.instructions

    @property
    def final_stage(self) -> Stage | None:
        return self.stages[-1] if self.stages else None

    def outer(self, instruction: Instruction) -> Instruction:
        """The ONBUILD instruction wrapping a trigger (the instruction itself otherwise)."""
        return self._outer.get(id(instruction), instruction)

    def is_trigger(self, instruction: Instruction) -> bool:
        """Whether ``instruction`` is the trigger of an ONBUILD (it runs in a child image)."""
        return id(instruction) in self._outer

    def stage_called(self, name: str) -> Stage | None:
        """The first stage named ``name`` (case-insensitive), wherever it is in the file."""
        return self._stage_names.get(name.lower())

    def stage_named(self, name: str) -> Stage | None:
        """The stage a ``--from`` / ``FROM`` value names: a stage name or an index."""
        wanted = name.lower()
        found = self._stage_names.get(wanted)
        if found is not None:
            return found
        if wanted.isdigit():
            number = int(wanted)
            if number < len(self.stages):
                return self.stages[number]
        return None

    @cached_property
    def used_stages(self) -> frozenset[int]:
        """Indexes of the stages the final stage depends on (itself included)."""
        if not self.stages:
            return frozenset()
        edges: dict[int, set[int]] = {s.index: set() for s in self.stages}
        for ref in self.references:
            source = self.stage_of(ref.instruction)
            if source is not None and ref.stage is not None:
                edges[source.index].add(ref.stage.index)
        seen: set[int] = set()
        todo = [self.stages[-1].index]
        while todo:
            current = todo.pop()
            if current in seen:
                continue
            seen.add(current)
            todo.extend(edges[current])
        return frozenset(seen)

    def unused_stages(self) -> list[Stage]:
        """Stages the final stage never uses (they are not built by default)."""
        used = self.used_stages
        return [s for s in self.stages if s.index not in used]

    def instructions_of(self, stage: Stage) -> Iterator[Instruction]:
        yield stage.from_instruction
        yield from stage.instructions

    # ------------------------------------------------------------------ build

    def _build(self) -> None:
        global_scope = _PLATFORM_SCOPE
        scope = global_scope
        stage: Stage | None = None
        shell = DEFAULT_SHELL
        user: str | None = None
        workdir = "/"
        at = self._at
        for instruction in self.tree.instructions:
            name = instruction.name
            key = id(instruction)
            if name == "FROM":
                stage = self._new_stage(instruction, global_scope)
                parent = stage.parent
                if parent is not None:
                    last = (
                        parent.instructions[-1] if parent.instructions else parent.from_instruction
                    )
                    scope = self._inherited_env(self.scope_before(last), last)
                    shell = self._shell_after(last)
                    user = self._user_after(last)
                    workdir = self._workdir_after(last)
                else:
                    scope = Scope()
                    shell = _CMD_SHELL if self._looks_windows(stage) else DEFAULT_SHELL
                    user = None
                    workdir = "/"
                at[key] = (stage, global_scope, shell, user, workdir)
                continue
            if stage is None:
                # Before the first FROM: only ARG is meaningful.
                at[key] = (None, global_scope, DEFAULT_SHELL, None, "/")
                if name == "ARG":
                    self.global_args.append(instruction)
                    global_scope = self._declare_args(instruction, global_scope, "global-arg")
                self.global_scope = global_scope
                continue
            stage.instructions.append(instruction)
            at[key] = (stage, scope, shell, user, workdir)
            if name == "ONBUILD":
                target = instruction.inner
                if target is not None:
                    # rules see the trigger as an instruction of this stage
                    at[id(target)] = at[key]
                    self._outer[id(target)] = instruction
                    self._references(instruction, target)
                continue
            if name in ("COPY", "ADD", "RUN"):
                self._references(instruction, instruction)
            if name == "ARG":
                scope = self._declare_args(instruction, scope, "arg", global_scope)
            elif name == "ENV":
                scope = self._declare_env(instruction, scope)
            elif name == "SHELL":
                form = instruction.exec_form
                if form is not None and form.values:
                    shell = ShellDialect(form.values)
            elif name == "USER":
                value = _text_value(instruction)
                if value is not None:
                    user = expand(value, scope, self.escape).text
            elif name == "WORKDIR":
                value = _text_value(instruction)
                if value is not None:
                    resolved = expand(value, scope, self.escape).text
                    workdir = posixpath.normpath(posixpath.join(workdir, resolved))
        self.global_scope = global_scope

    def _shell_after(self, instruction: Instruction) -> ShellDialect:
        if instruction.name == "SHELL" and instruction.exec_form and instruction.exec_form.values:
            return ShellDialect(instruction.exec_form.values)
        return self.shell_at(instruction)

    def _user_after(self, instruction: Instruction) -> str | None:
        if instruction.name == "USER":
            value = _text_value(instruction)
            if value is not None:
                return expand(value, self.scope_before(instruction), self.escape).text
        return self.user_at(instruction)

    def _workdir_after(self, instruction: Instruction) -> str:
        current = self.workdir_at(instruction)
        if instruction.name == "WORKDIR":
            value = _text_value(instruction)
            if value is not None:
                resolved = expand(value, self.scope_before(instruction), self.escape).text
                return posixpath.normpath(posixpath.join(current, resolved))
        return current

    def _inherited_env(self, scope: Scope, last: Instruction) -> Scope:
        """ENV of a parent stage carries over; its ARGs do not."""
        if last.name == "ENV":
            scope = self._declare_env(last, scope)
        return Scope({n: v for n, v in scope.variables.items() if v.kind == "env"})

    def _looks_windows(self, stage: Stage) -> bool:
        text = stage.base.text.lower()
        return any(hint in text for hint in _WINDOWS_HINTS)

    def _new_stage(self, instruction: Instruction, global_scope: Scope) -> Stage:
        words = [a for a in instruction.arguments if isinstance(a, Word)]
        base_word = words[0] if words else None
        name = words[2].value if len(words) == 3 and words[1].value.lower() == "as" else None
        base = expand(base_word.value, global_scope, self.escape) if base_word else Expansion("")
        stage = Stage(len(self.stages), instruction, name, base_word, base)
        parent = self.stage_named(base.text) if base.text and not base.text.isdigit() else None
        if parent is not None and base_word is not None:
            stage.parent = parent
            self.references.append(
                StageReference(instruction, "from", base.text, parent, base_word)
            )
        elif base.complete and base.text and not stage.is_scratch:
            try:
                stage.image = parse_reference(base.text)
            except ImageReferenceError as exc:
                stage.image_error = str(exc)
        self.stages.append(stage)
        if stage.name:
            self._stage_names.setdefault(stage.name.lower(), stage)
        return stage

    def _declare_args(
        self,
        instruction: Instruction,
        scope: Scope,
        kind: str,
        global_scope: Scope | None = None,
    ) -> Scope:
        for arg in instruction.arguments:
            if not isinstance(arg, Word):
                continue
            name, eq, default = arg.value.partition("=")
            value: str | None
            if eq:
                value = expand(default, scope, self.escape).text
            elif global_scope is not None and (inherited := global_scope.get(name)) is not None:
                value = inherited.value  # re-declared global ARG takes its default
            else:
                value = None
            # each ARG sees the ones declared before it on the same line
            scope = scope.with_variable(Variable(name, value, kind, instruction))
        return scope

    def _declare_env(self, instruction: Instruction, scope: Scope) -> Scope:
        """ENV values are expanded with the environment before the instruction."""
        escape = self.escape
        return scope.with_variables(
            Variable(name, expand(raw, scope, escape).text, "env", instruction)
            for name, raw in _env_pairs(instruction)
        )

    def _references(self, owner: Instruction, instruction: Instruction) -> None:
        name = instruction.name
        if name in ("COPY", "ADD"):
            flag = instruction.flag("from")
            if flag is not None and flag.argument is not None:
                # BuildKit does not expand variables in COPY --from (it is an error there)
                text = flag.argument
                stage = None if "$" in text else self.stage_named(text)
                self.references.append(StageReference(owner, "copy-from", text, stage, flag))
        elif name == "RUN":
            for flag in instruction.flags:
                if flag.name != "mount" or flag.argument is None:
                    continue
                source = parse_mount(flag.argument).get("from")
                if source:
                    text = self.expand(source, owner).text
                    # mounts name stages, never indexes (BuildKit's detectRunMount)
                    stage = None if text.isdigit() else self.stage_named(text)
                    self.references.append(StageReference(owner, "mount-from", text, stage, flag))


def _text_value(instruction: Instruction) -> str | None:
    for arg in instruction.arguments:
        if isinstance(arg, Text):
            return arg.value
    return None


def _env_pairs(instruction: Instruction) -> list[tuple[str, str]]:
    args = instruction.arguments
    if any(isinstance(a, Text) for a in args):
        words = [a for a in args if isinstance(a, (Word, Text))]
        if len(words) == 2:
            return [(words[0].value, words[1].value)]
        return []
    return [(a.key, a.value) for a in args if isinstance(a, KeyValue)]


def build_model(
    text: str, path: Path | None = None, context: BuildContext | None = None
) -> DockerfileModel:
    """Parse ``text`` and build its model."""
    return DockerfileModel(parse(text), path, context)
