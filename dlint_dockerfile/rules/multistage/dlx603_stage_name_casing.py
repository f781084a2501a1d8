"""DLX603: Stage names should be lower case."""

from __future__ import annotations

from dlint_dockerfile.edits.multistage import reference_edit
from dlint_dockerfile.edits.text import replace_node
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.model import Stage
from dlint_dockerfile.syntax import Instruction, Word

__all__ = ["StageNameCasing"]


class StageNameCasing(Rule):
    """Stage names should be lower case.

    ## What it does
    Reports stage names with upper-case letters (BuildKit check `StageNameCasing`).

    ## Why
    BuildKit lower-cases stage names: `AS Build` defines the stage `build`. Writing them in
    lower case everywhere avoids believing `Build` and `build` are different stages.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS Builder
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS builder
    ```

    ## Fix safety
    Unsafe: the fix lower-cases the name and every reference to the stage in the file
    (`FROM name`, `COPY --from=name`, `RUN --mount=from=name`; ONBUILD triggers name the
    stages of the child image and are left alone). BuildKit and the classic builder read
    the same names, and match `docker build --target` without regard to case, but Podman
    and Buildah compare stage names and `--target` as written: a script, CI job, compose
    or bake file that builds `--target Builder` stops finding the stage there. No fix is
    offered when a reference spells the name through a variable or an escape.
    """

    code = "DLX603"
    name = "stage-name-casing"
    aliases = ("StageNameCasing",)
    category = "multistage"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_from(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        word = stage.name_word if stage is not None and stage.name is not None else None
        if word is None or word.value == word.value.lower():
            return
        self.report(
            word,
            f'stage name "{word.value}" should be lowercase: BuildKit reads it as '
            f'"{word.value.lower()}"',
            fix=self._fix(stage, word) if stage is not None else None,
        )

    def _fix(self, stage: Stage, word: Word) -> Fix | None:
        if word.raw != word.value:
            return None
        lower = word.value.lower()
        edits = [replace_node(self.model, word, lower)]
        for ref in self.model.references:
            if ref.stage is not stage or ref.instruction.name == "ONBUILD":
                continue
            if ref.text == lower:
                continue
            edit = reference_edit(self.model, ref, lower)
            if edit is None:
                return None
            edits.append(edit)
        return Fix(
            "lower-case the stage name and its references", tuple(edits), Applicability.UNSAFE
        )
