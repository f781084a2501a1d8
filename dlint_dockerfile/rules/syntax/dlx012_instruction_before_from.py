"""Only ARG (and comments) may come before the first FROM."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.syntax import ErrorInstruction, Instruction

__all__ = ["InstructionBeforeFrom"]


class InstructionBeforeFrom(Rule):
    """Only ARG (and comments) may come before the first FROM.

    ## What it does
    Reports any other instruction before the first `FROM`.

    ## Why
    BuildKit rejects it (hadolint DL3061): there is no stage yet for it to apply to.

    ## Example
    ```dockerfile
    RUN echo hi
    FROM alpine
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    RUN echo hi
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "DLX012"
    name = "instruction-before-from"
    aliases = ("DL3061",)
    category = "syntax"
    severity = Severity.ERROR

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self.seen_from = False

    def visit_instruction(self, instruction: Instruction) -> None:
        if self.model.is_trigger(instruction):
            return
        if instruction.name == "FROM":
            self.seen_from = True
        elif not self.seen_from and instruction.name != "ARG":
            if isinstance(instruction, ErrorInstruction) and instruction.issues[0].code == "DLX002":
                return
            self.report(
                instruction.keyword,
                f"{instruction.name} before the first FROM: only ARG may come before FROM",
            )
