"""A global ARG's default makes a FROM image reference invalid."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.reference import ImageReferenceError, parse_reference
from dlint_dockerfile.model.variables import Expansion
from dlint_dockerfile.syntax import Instruction

__all__ = ["InvalidDefaultArgInFrom"]


class InvalidDefaultArgInFrom(Rule):
    """A global ARG's default makes a FROM image reference invalid.

    ## What it does
    Expands the FROM image with the global ARGs' defaults (an ARG without a default is
    empty) and reports the line when the result is empty or not a valid image reference,
    e.g. `ARG TAG` then `FROM alpine:$TAG` gives `alpine:`.

    ## Why
    A build without `--build-arg` then fails; give the ARG a working default.

    ## Example
    ```dockerfile
    ARG TAG
    FROM alpine:$TAG
    ```

    ## Use instead
    ```dockerfile
    ARG TAG=3.20
    FROM alpine:$TAG
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX904"
    name = "invalid-default-arg-in-from"
    aliases = ("InvalidDefaultArgInFrom",)
    category = "syntax"
    severity = Severity.WARNING

    def visit_from(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        word = stage.base_word if stage is not None else None
        if stage is None or word is None or "$" not in word.value:
            return
        expansion: Expansion = stage.base
        if expansion.undefined or expansion.error or not expansion.unresolved:
            return  # undefined names are DLX903's
        if stage.parent is not None or expansion.text.lower() == "scratch":
            return
        names = ", ".join(sorted(expansion.unresolved))
        if not expansion.text:
            problem = "is empty"
        else:
            try:
                parse_reference(expansion.text)
            except ImageReferenceError as exc:
                problem = f"gives the invalid reference '{expansion.text}' ({exc})"
            else:
                return
        self.report(
            word,
            f"with the default of {names} the image {problem}; give the ARG a valid default",
        )
