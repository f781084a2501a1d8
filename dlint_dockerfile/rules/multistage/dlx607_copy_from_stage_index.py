"""DLX607: Refer to a named stage by its name, not its index."""

from __future__ import annotations

from dlint_dockerfile.edits.multistage import reference_edit
from dlint_dockerfile.lint.diagnostic import Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.model import Stage, StageReference
from dlint_dockerfile.rules.multistage._shared import copy_references, referenced_stage

__all__ = ["CopyFromStageIndex"]


class CopyFromStageIndex(Rule):
    """Refer to a named stage by its name, not its index.

    ## What it does
    Reports `COPY --from=N` when stage N has a name.

    ## Why
    Indexes change when a stage is added, removed or moved, and then silently copy from
    the wrong stage; names say what is copied.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM alpine:3.20
    COPY --from=0 /app /app
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    RUN go build -o /app .
    FROM alpine:3.20
    COPY --from=build /app /app
    ```

    ## Fix safety
    Safe: the fix writes the stage's name (as the stage spells it) in place of the index;
    both name the same stage. No fix is offered when another stage has the same name
    (the name would then be ambiguous) or the index is not written as is.
    """

    code = "DLX607"
    name = "copy-from-stage-index"
    category = "multistage"
    severity = Severity.STYLE
    fix = "sometimes"

    def finish(self) -> None:
        for ref, current in copy_references(self):
            if ref.kind != "copy-from" or not ref.text.isdecimal():
                continue
            target = referenced_stage(self, ref)
            if target is None or target.name is None or target.index >= current.index:
                continue
            self.report(
                ref.node,
                f"use the stage name: --from={target.name} instead of --from={ref.text} "
                "(indexes change when stages are added or moved)",
                fix=self._fix(ref, target),
            )

    def _fix(self, ref: StageReference, target: Stage) -> Fix | None:
        name = target.name
        assert name is not None
        if any(
            s is not target and s.name is not None and s.name.lower() == name.lower()
            for s in self.model.stages
        ):
            return None
        edit = reference_edit(self.model, ref, name)
        if edit is None:
            return None
        return Fix(f"use the stage name {name}", (edit,))
