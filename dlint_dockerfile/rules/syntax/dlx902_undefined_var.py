"""A variable used in an instruction BuildKit expands, but never defined."""

from __future__ import annotations

from collections.abc import Iterator

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.model import Stage
from dlint_dockerfile.model.variables import PLATFORM_ARGS, PROXY_ARGS
from dlint_dockerfile.rules.syntax._shared import has_default, rename_fix
from dlint_dockerfile.syntax import ExecForm, Instruction, KeyValue, Text, Word
from dlint_dockerfile.syntax.nodes import Node
from dlint_dockerfile.syntax.typos import closest, suggest

__all__ = ["UndefinedVar"]


_EXPANDED = frozenset(
    {"COPY", "ADD", "ENV", "LABEL", "WORKDIR", "USER", "EXPOSE", "VOLUME", "STOPSIGNAL", "ARG"}
)


def _expanded_nodes(instruction: Instruction) -> Iterator[tuple[Node, str]]:
    """The nodes of ``instruction`` BuildKit expands variables in, with their text."""
    name = instruction.name
    if name in ("COPY", "ADD"):
        for flag in instruction.flags:
            if flag.name in ("chown", "chmod") and flag.argument:
                yield flag, flag.argument
    if name in ("ENV", "LABEL"):
        for arg in instruction.arguments:
            if isinstance(arg, KeyValue):
                if name == "LABEL":
                    yield arg, arg.key
                yield arg, arg.value
            elif isinstance(arg, Text):
                yield arg, arg.value
        return
    if name == "ARG":
        for arg in instruction.arguments:
            if isinstance(arg, Word) and "=" in arg.value:
                yield arg, arg.value.partition("=")[2]
        return
    for arg in instruction.arguments:
        if isinstance(arg, (Word, Text)):
            yield arg, arg.value
        elif isinstance(arg, ExecForm):
            for element in arg.elements:
                yield element, element.value


class UndefinedVar(Rule):
    """A variable used in an instruction BuildKit expands, but never defined.

    ## What it does
    Reports `$NAME` in COPY, ADD, ENV, LABEL, WORKDIR, USER, EXPOSE, VOLUME, STOPSIGNAL and
    ARG defaults when no ARG or ENV before it in the stage defines `NAME`, with the closest
    defined name as a suggestion. RUN, CMD and ENTRYPOINT are left out: the shell expands
    those at run time. `${NAME:-default}` forms, the proxy ARGs and `PATH` (BuildKit gives
    every image a default one) are accepted.

    BuildKit also knows the base image's environment (`PATH`, `JAVA_HOME`...), which dlint
    does not. In a stage built on an image, a name is therefore only reported when it looks
    like a mistake: it is declared elsewhere in the file (a global ARG not re-declared in the
    stage, an ARG or ENV declared later) or it is close to a defined name (a typo). In a
    stage built from `scratch` every undefined name is reported.

    ## Why
    An undefined variable expands to an empty string, so `COPY app /opt/$APP_DIR/` copies to
    `/opt/` without any error.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ARG VERSION=1.0
    COPY app-$VERSOIN.tar.gz /tmp/
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ARG VERSION=1.0
    COPY app-$VERSION.tar.gz /tmp/
    ```

    ## Fix safety
    Unsafe: when the message suggests a defined name (`did you mean 'VERSION'?`), the fix writes
    it for the undefined one in that argument (`$VERSOIN` → `$VERSION`). The value changes
    from empty to the variable's, which is the point, and so does what reads the
    instruction's result: the environment an ENV sets, the directory a WORKDIR makes the
    working directory, for later instructions, the stages built on the stage and the
    container. The suggestion is a guess; review it. A name declared elsewhere (a global ARG
    to re-declare, an ARG declared later), a name with no close match, and an argument
    holding quotes or escape characters get no fix.
    """

    code = "DLX902"
    name = "undefined-var"
    aliases = ("UndefinedVar",)
    category = "syntax"
    severity = Severity.WARNING
    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._declared: dict[int, set[str]] = {}

    def visit_instruction(self, instruction: Instruction) -> None:
        if instruction.name not in _EXPANDED or self.model.is_trigger(instruction):
            return
        if not any("$" in text for _, text in _expanded_nodes(instruction)):
            return
        stage = self.model.stage_of(instruction)
        if stage is None:
            return
        scope = self.model.scope_before(instruction)
        known = sorted(scope.variables)
        for node, text in _expanded_nodes(instruction):
            if "$" not in text:
                continue
            expansion = self.model.expand(text, instruction)
            for name in sorted(expansion.undefined):
                if name in PROXY_ARGS or name == "PATH" or has_default(text, name):
                    continue
                hint = suggest(name, known)
                if _declares(instruction, name):
                    continue  # ENV A=1 B=$A is DLX907's; ENV PATH=$PATH:x may be the image's
                reason = self._reason(stage, instruction, name)
                if not hint and reason is None and not self._from_scratch(stage):
                    continue
                fix = (
                    rename_fix(self.model, node, name, closest(name, known)) if not reason else None
                )
                self.report(
                    node, f"variable '{name}' is not defined here{hint}{reason or ''}", fix=fix
                )

    def _reason(self, stage: Stage, instruction: Instruction, name: str) -> str | None:
        if name in PLATFORM_ARGS or any(_declares(ins, name) for ins in self.model.global_args):
            return f"; declare 'ARG {name}' in this stage to use the global ARG"
        later = stage.instructions[stage.instructions.index(instruction) + 1 :]
        if any(_declares(ins, name) for ins in later):
            return "; it is declared only later in the stage"
        return None

    def _from_scratch(self, stage: Stage) -> bool:
        root: Stage | None = stage
        while root is not None and root.parent is not None:
            root = root.parent
        return root is not None and root.is_scratch


def _declares(instruction: Instruction, name: str) -> bool:
    if instruction.name == "ARG":
        return any(
            isinstance(a, Word) and a.value.partition("=")[0] == name for a in instruction.arguments
        )
    if instruction.name == "ENV":
        for arg in instruction.arguments:
            if isinstance(arg, KeyValue) and arg.key == name:
                return True
        words = [a for a in instruction.arguments if isinstance(a, Word)]
        return bool(words) and words[0].value == name
    return False
