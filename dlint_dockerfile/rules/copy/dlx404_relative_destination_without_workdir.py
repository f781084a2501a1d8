"""DLX404: COPY or ADD to a relative destination before any WORKDIR in the stage."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import RuleContext
from dlint_dockerfile.model.copies import is_absolute_dest
from dlint_dockerfile.rules.copy._shared import CopyRule
from dlint_dockerfile.syntax import Instruction

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.model import Stage

__all__ = ["RelativeDestinationWithoutWorkdir"]


class RelativeDestinationWithoutWorkdir(CopyRule):
    """COPY or ADD to a relative destination before any WORKDIR in the stage.

    ## What it does
    Reports a relative COPY/ADD destination (`.`, `app/`, `./config`) when no WORKDIR was
    set in the stage or in the stages it is built from. In ONBUILD, a WORKDIR anywhere in
    the stage counts (the trigger runs in the image this stage produces), as does an
    earlier `ONBUILD WORKDIR`.

    Differences from hadolint (DL3045): ADD is checked too; a destination starting with a
    variable is checked when the variable has a known, non-empty value (`ENV DIR ./src`
    then `COPY . $DIR` is relative); a stage `FROM debian` does not
    inherit the WORKDIR of an earlier, unrelated stage that was also `FROM debian`
    (hadolint keys stages by image name); ONBUILD triggers are checked.

    ## Why
    A relative destination is resolved against the working directory, which then comes
    from the base image: `/` for most, but whatever the image author chose for others, and
    it can change with a new base tag. Setting WORKDIR (or writing an absolute path) makes
    the destination explicit.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    COPY requirements.txt .
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY requirements.txt .
    ```

    ## Fix safety
    No automatic fix: the destination is relative to the base image's working directory,
    which dlint does not know; an absolute path or a WORKDIR would have to guess it.
    """

    code = "DLX404"
    name = "relative-destination-without-workdir"
    aliases = ("DL3045",)
    category = "copy"
    severity = Severity.WARNING

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._set: set[int] = set()  # stages with a WORKDIR so far
        self._onbuild_set: set[int] = set()  # stages with an ONBUILD WORKDIR so far
        self._final: dict[int, bool] = {}

    def visit_workdir(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        if stage is not None:
            target = self._onbuild_set if self.model.is_trigger(instruction) else self._set
            target.add(stage.index)

    def visit_copy(self, instruction: Instruction) -> None:
        self._check(instruction)

    def visit_add(self, instruction: Instruction) -> None:
        self._check(instruction)

    def _has_workdir(self, stage: Stage) -> bool:
        """Does the image ``stage`` produces set a WORKDIR (its own or its parents')."""
        known = self._final.get(stage.index)
        if known is None:
            self._final[stage.index] = False  # guards against cycles
            known = any(i.name == "WORKDIR" for i in stage.instructions) or (
                stage.parent is not None and self._has_workdir(stage.parent)
            )
            self._final[stage.index] = known
        return known

    def _check(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        if stage is None:
            return
        if self.model.is_trigger(instruction):
            if stage.index in self._onbuild_set or self._has_workdir(stage):
                return
        elif stage.index in self._set or (
            stage.parent is not None and self._has_workdir(stage.parent)
        ):
            return
        dest = self._args(instruction).dest
        if dest is None or not dest.text or is_absolute_dest(dest.text):
            return  # an empty value: an ARG meant to be set with --build-arg
        if is_absolute_dest(dest.raw):
            return  # C:\app or \app with the default escape character (Windows)
        keyword = instruction.name
        self.report(
            dest.node,
            f"{keyword} to the relative destination '{dest.text}' with no WORKDIR set in "
            "this stage: it depends on the base image's working directory; set WORKDIR "
            "or use an absolute path",
        )
