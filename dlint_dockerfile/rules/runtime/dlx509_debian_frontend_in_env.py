"""DLX509: `ENV DEBIAN_FRONTEND=noninteractive` persists into the running container."""

from __future__ import annotations

from dlint_dockerfile.edits.text import insert_lines_before
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.image_config import shipped_stages
from dlint_dockerfile.syntax import Instruction, KeyValue, Node, Text, Trivia, Word

__all__ = ["DebianFrontendInEnv"]


class DebianFrontendInEnv(Rule):
    """`ENV DEBIAN_FRONTEND=noninteractive` persists into the running container.

    ## What it does
    Reports an `ENV` that sets `DEBIAN_FRONTEND` to `noninteractive` (also in the legacy
    `ENV DEBIAN_FRONTEND noninteractive` form, as one of several keys, or through a
    variable whose value is known) when the value reaches the final image: in the final
    stage or a stage it is built `FROM`, and not reset by a later `ENV`. An `ONBUILD ENV`
    in those stages is reported too, since it persists in every child image. Builder
    stages are not reported: their environment does not ship.

    ## Why
    The variable is only meant to keep `apt-get` and debconf quiet during the build. As an
    `ENV` it stays in the image's configuration: every `docker exec` or `docker run -it`
    session gets it, so a person installing a package by hand gets no prompts and silently
    takes the defaults. Docker's documentation discourages it. An `ARG` is in the
    environment of the build's `RUN` instructions only; a prefix sets it for one command.

    ## Example
    ```dockerfile
    FROM debian:12
    ENV DEBIAN_FRONTEND=noninteractive
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    ARG DEBIAN_FRONTEND=noninteractive
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    ```

    ## Fix safety
    Unsafe: an `ENV` with `DEBIAN_FRONTEND` as its only key becomes an `ARG` with the same
    value (the legacy form is written `ARG DEBIAN_FRONTEND=value`); with other keys, the
    `DEBIAN_FRONTEND` pair leaves the `ENV` and an `ARG` line is added above it. The `RUN`
    instructions of the same stage still see the variable, but the container no longer
    does: a start script that reads `$DEBIAN_FRONTEND` at run time sees it unset. No fix is
    offered when a later stage of the file is built `FROM` the reported one (an `ARG`
    does not carry over into it), for a legacy value with spaces or quotes, or when
    removing the pair would drop a comment line of the continuation.
    """

    code = "DLX509"
    name = "debian-frontend-in-env"
    category = "runtime"
    severity = Severity.WARNING
    fix = "sometimes"

    _KEY = "DEBIAN_FRONTEND"

    def finish(self) -> None:
        stages = shipped_stages(self.model)
        last: tuple[Instruction, Node, str] | None = None
        for stage in reversed(stages):
            for instruction in stage.instructions:
                if instruction.name == "ONBUILD":
                    inner = instruction.inner
                    found = self._setting(inner) if inner is not None else None
                    if inner is not None and found is not None and self._noninteractive(found):
                        self._report(inner, found)
                    continue
                if instruction.name == "ENV":
                    found = self._setting(instruction)
                    if found is not None:
                        last = (instruction, *found)
        if last is not None and self._noninteractive(last[1:]):
            self._report(last[0], last[1:])

    def _setting(self, instruction: Instruction) -> tuple[Node, str] | None:
        """The node that sets DEBIAN_FRONTEND in an ENV and its expanded value."""
        if instruction.name != "ENV":
            return None
        args = instruction.arguments
        if any(isinstance(a, Text) for a in args):
            words = [a for a in args if isinstance(a, (Word, Text))]
            if len(words) == 2 and words[0].value == self._KEY:
                return words[0], self.model.expand(words[1].value, instruction).text
            return None
        found: tuple[Node, str] | None = None
        for pair in args:
            if isinstance(pair, KeyValue) and pair.key == self._KEY:
                found = pair, self.model.expand(pair.value, instruction).text
        return found

    @staticmethod
    def _noninteractive(found: tuple[Node, str]) -> bool:
        return found[1].strip().lower() == "noninteractive"

    def _report(self, instruction: Instruction, found: tuple[Node, str]) -> None:
        node, _ = found
        self.report(
            node,
            "ENV DEBIAN_FRONTEND=noninteractive stays set in the running container; use "
            "ARG DEBIAN_FRONTEND=noninteractive (build time only) or prefix the apt-get "
            "command with it",
            fix=self._fix(instruction, node),
        )

    def _fix(self, instruction: Instruction, node: Node) -> Fix | None:
        model = self.model
        stage = model.stage_of(instruction)
        if stage is None or any(s.parent is stage for s in model.stages):
            return None
        keyword = "arg" if instruction.keyword.raw.islower() else "ARG"
        pairs = [a for a in instruction.arguments if isinstance(a, KeyValue)]
        title = "set DEBIAN_FRONTEND with ARG (build time only)"
        if not isinstance(node, KeyValue):
            text = next((a for a in instruction.arguments if isinstance(a, Text)), None)
            if text is None or any(c in text.raw for c in " \t'\"\\"):
                return None
            start = model.index.span(instruction.keyword)[0]
            end = model.index.span(text)[1]
            return Fix(
                title,
                (Edit(start, end, f"{keyword} {self._KEY}={text.raw}"),),
                Applicability.UNSAFE,
            )
        if len(pairs) == 1:
            edit = Edit(*model.index.span(instruction.keyword), keyword)
            return Fix(title, (edit,), Applicability.UNSAFE)
        removal = self._pair_removal(instruction, node)
        if removal is None:
            return None
        outer = model.outer(instruction)
        line = f"{keyword} {node.raw}"
        if outer is not instruction:
            line = f"{outer.keyword.raw} {line}"
        insert = insert_lines_before(model, outer, [line])
        return Fix(title, (insert, removal), Applicability.UNSAFE)

    def _pair_removal(self, instruction: Instruction, pair: KeyValue) -> Edit | None:
        """Remove one pair of a multi-key ENV with the space that separates it."""
        parts = instruction.parts
        at = next(i for i, p in enumerate(parts) if p is pair)
        index = self.model.index
        if at + 1 < len(parts) and isinstance(parts[at + 1], Trivia) and at + 2 < len(parts):
            gap = parts[at + 1]
            start = index.span(pair)[0]
            end = index.span(gap)[1]
        else:
            gap = parts[at - 1]
            start = index.span(gap)[0]
            end = index.span(pair)[1]
        if "#" in gap.code:
            return None
        return Edit(start, end, "")
