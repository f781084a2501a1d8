"""DLX608: A stage the final stage does not use."""

from __future__ import annotations

from dlint_dockerfile.edits.runtime import delete_dead_instruction
from dlint_dockerfile.lint.diagnostic import Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.model import Stage
from dlint_dockerfile.syntax import ErrorInstruction

__all__ = ["UnusedStage"]


class UnusedStage(Rule):
    """A stage the final stage does not use.

    ## What it does
    Reports stages that the last stage does not depend on, directly or through other
    stages (`FROM stage`, `COPY --from`, `RUN --mount=from`).

    ## Why
    `docker build` builds the last stage and what it needs, so these stages are skipped.
    A named one can still be built with `docker build --target name` (a test or debug
    image, say): that is why this is only information. An unnamed one cannot be a target
    and is dead code.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM golang:1.23 AS lint
    RUN go vet ./...
    FROM alpine:3.20
    COPY --from=build /app /app
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM alpine:3.20
    COPY --from=build /app /app
    ```

    ## Fix safety
    Safe, in one case: a `FROM` line directly followed by another `FROM` (an empty stage
    with no name) is deleted, with the comment lines that describe it alone. Nothing uses
    it and it adds nothing to the image. No fix is offered when a `COPY --from` names a
    stage by its index (deleting a stage renumbers the ones after it). Stages with
    instructions or a name get no fix: whether to remove them, or build them with
    `--target`, is the author's choice.
    """

    code = "DLX608"
    name = "unused-stage"
    category = "multistage"
    severity = Severity.INFO
    fix = "sometimes"

    def finish(self) -> None:
        for stage in self.model.unused_stages():
            if isinstance(stage.from_instruction, ErrorInstruction):
                continue  # a syntax error (DLX001)
            word = stage.name_word if stage.name is not None else None
            if word is not None:
                self.report(
                    word,
                    f'stage "{stage.name}" is not used by the final stage, so docker build '
                    f"skips it unless you build it with --target {stage.key}",
                )
            elif not stage.instructions:
                self.report(
                    stage.from_instruction.keyword,
                    "this FROM is followed by another FROM, which starts a new image: a "
                    "Dockerfile does not combine base images; remove this line",
                    fix=self._fix(stage),
                )
            else:
                self.report(
                    stage.from_instruction.keyword,
                    f"stage {stage.index} is not used by the final stage and has no name to "
                    "build it with --target: it is never built; remove it or name it",
                )

    def _fix(self, stage: Stage) -> Fix | None:
        if any(ref.kind == "copy-from" and ref.text.isdecimal() for ref in self.model.references):
            return None
        edits = delete_dead_instruction(self.model, stage.from_instruction)
        return Fix("remove the unused FROM", edits)
