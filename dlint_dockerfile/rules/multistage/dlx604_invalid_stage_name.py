"""DLX604: A stage name BuildKit rejects."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.multistage._shared import STAGE_NAME
from dlint_dockerfile.syntax import Instruction

__all__ = ["InvalidStageName"]


class InvalidStageName(Rule):
    """A stage name BuildKit rejects.

    ## What it does
    Reports a `FROM ... AS name` whose name does not start with a letter or holds
    characters other than letters, digits, `-`, `_` and `.` (variables are not expanded in
    stage names either).

    ## Why
    BuildKit fails with `invalid name for build stage`.

    ## Example
    ```dockerfile
    FROM golang:1.23 AS 1st-build
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build-1
    ```

    ## Fix safety
    No automatic fix: the new name is the author's choice, and the references to the stage
    change with it.
    """

    code = "DLX604"
    name = "invalid-stage-name"
    category = "multistage"
    severity = Severity.ERROR

    def visit_from(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        word = stage.name_word if stage is not None and stage.name is not None else None
        if word is None or STAGE_NAME.match(word.value.lower()):
            return
        self.report(
            word,
            f'invalid stage name "{word.value}": a name starts with a letter, followed by '
            'letters, digits, "-", "_" or "." (BuildKit fails the build)',
        )
