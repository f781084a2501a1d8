"""DLX602: `scratch` and `context` cannot name a stage."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.syntax import Instruction

__all__ = ["ReservedStageName"]


_RESERVED = {
    "scratch": "FROM scratch means the empty image",
    "context": "BuildKit uses it for the build context",
}


class ReservedStageName(Rule):
    """`scratch` and `context` cannot name a stage.

    ## What it does
    Reports `FROM ... AS scratch` and `FROM ... AS context`, in any case.

    Differences from hadolint: hadolint's DL3063 compares case-sensitively; BuildKit
    lower-cases stage names first, so `AS Scratch` is reserved too.

    ## Why
    BuildKit reserves these names (`ReservedStageName`): `scratch` is the empty image in
    `FROM scratch`, and `context` is the name of the build context.

    ## Example
    ```dockerfile
    FROM alpine:3.20 AS scratch
    RUN echo hi > /hi
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20 AS work
    RUN echo hi > /hi
    ```

    ## Fix safety
    No automatic fix: the new name is the author's choice (and `FROM scratch` in other
    stages means the empty image, not this stage).
    """

    code = "DLX602"
    name = "reserved-stage-name"
    aliases = ("DL3063", "ReservedStageName")
    category = "multistage"
    severity = Severity.WARNING

    def visit_from(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        word = stage.name_word if stage is not None and stage.name is not None else None
        if word is None:
            return
        why = _RESERVED.get(word.value.lower())
        if why is not None:
            self.report(
                word,
                f'"{word.value}" is a reserved name ({why}) and should not name a stage; '
                "choose another name",
            )
