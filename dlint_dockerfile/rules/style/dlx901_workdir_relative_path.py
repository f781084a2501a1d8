"""A relative WORKDIR resolved against the base image's working directory."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.model import Stage
from dlint_dockerfile.syntax import Instruction, Text

__all__ = ["WorkdirRelativePath"]


def _is_absolute(path: str) -> bool:
    """POSIX absolute, or a Windows drive / UNC path."""
    if path.startswith(("/", "\\")):
        return True
    return len(path) >= 2 and path[0].isalpha() and path[1] == ":"


class WorkdirRelativePath(Rule):
    """A relative WORKDIR resolved against the base image's working directory.

    ## What it does
    Reports a `WORKDIR` with a relative path when no absolute `WORKDIR` was set before it in
    the stage (or in the stage it is built from), as BuildKit's `WorkdirRelativePath` check
    does. A path starting with a variable whose value is unknown is left alone.

    Differences from hadolint:
    hadolint's DL3000 reports every relative `WORKDIR`, even `WORKDIR /app` followed by
    `WORKDIR src`, which is well defined (`/app/src`); dlint follows BuildKit and reports only
    the paths that depend on the base image. ONBUILD triggers are not checked (the
    downstream image decides their directory), like hadolint.

    ## Why
    The directory then depends on the base image's `WORKDIR`, which can change with a new
    version of the image and silently move your files.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    WORKDIR app
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    WORKDIR /app
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX901"
    name = "workdir-relative-path"
    aliases = ("DL3000", "WorkdirRelativePath")
    category = "style"
    severity = Severity.WARNING

    def visit_workdir(self, instruction: Instruction) -> None:
        if self.model.is_trigger(instruction):
            return
        node = next((a for a in instruction.arguments if isinstance(a, Text)), None)
        if node is None:
            return
        raw = node.value.strip()
        expansion = self.model.expand(raw, instruction)
        if _is_absolute(expansion.text) or _is_absolute(raw.strip("\"'")):
            return
        if not expansion.complete and raw.lstrip("\"'").startswith("$"):
            return
        stage = self.model.stage_of(instruction)
        if stage is None or self._absolute_before(stage, instruction):
            return
        self.report(
            node,
            f"relative WORKDIR '{raw}' depends on the base image's working directory; "
            "use an absolute path",
        )

    def _absolute_before(self, stage: Stage, instruction: Instruction | None) -> bool:
        for ins in stage.instructions:
            if ins is instruction:
                break
            if ins.name == "WORKDIR":
                node = next((a for a in ins.arguments if isinstance(a, Text)), None)
                if node is not None and _is_absolute(self.model.expand(node.value, ins).text):
                    return True
        return stage.parent is not None and self._absolute_before(stage.parent, None)
