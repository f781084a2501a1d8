"""DLX606: A stage cannot copy from itself."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.multistage._shared import copy_references, referenced_stage

__all__ = ["CopyFromOwnStage"]


class CopyFromOwnStage(Rule):
    """A stage cannot copy from itself.

    ## What it does
    Reports `COPY --from=` (and `RUN --mount=from=`) naming the stage the instruction is
    in, by name or by index.

    Differences from hadolint: hadolint's DL3023 compares names case-sensitively and does
    not check indexes or mounts.

    ## Why
    A stage's files do not exist before the stage is built: BuildKit fails the build.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS build
    COPY --from=build /src /src
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    COPY . /src
    ```

    ## Fix safety
    No automatic fix: which earlier stage (or the build context) the files should come
    from cannot be known.
    """

    code = "DLX606"
    name = "copy-from-own-stage"
    aliases = ("DL3023",)
    category = "multistage"
    severity = Severity.ERROR

    def finish(self) -> None:
        for ref, current in copy_references(self):
            if referenced_stage(self, ref) is current:
                what = "COPY --from" if ref.kind == "copy-from" else "RUN --mount=from"
                self.report(
                    ref.node,
                    f"{what}={ref.text} names the stage it is in: a stage cannot use its own "
                    "files before it is built; use an earlier stage",
                )
