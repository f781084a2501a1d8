"""An ENV value refers to a variable defined in the same ENV instruction."""

from __future__ import annotations

from dlint_dockerfile.edits.syntax import split_instruction_fix
from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.syntax import Instruction, KeyValue

__all__ = ["EnvSelfReference"]


class EnvSelfReference(Rule):
    """An ENV value refers to a variable defined in the same ENV instruction.

    ## What it does
    Reports `ENV A=1 B=$A`: BuildKit expands every value of an ENV instruction with the
    environment before it, so `$A` is not the `1` on the same line.

    ## Why
    `B` gets the previous value of `A` (often empty), not the one you see on the line.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ENV APP_HOME=/opt/app APP_BIN=$APP_HOME/bin
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ENV APP_HOME=/opt/app
    ENV APP_BIN=$APP_HOME/bin
    ```

    ## Fix safety
    Unsafe: the fix starts a new ENV instruction at the pair that uses the variable (the blanks
    or line continuation before it become a line break, the pairs after it move along), so
    the variable has the value set on the line, as the author evidently meant; the value of
    the pair changes, and so does that of a pair after it that uses a variable set before it
    on the line; later instructions, the stages built on the stage and the container's
    environment see the new values. Review it. No fix is offered when a comment line sits
    between the pairs.
    """

    code = "DLX907"
    name = "env-self-reference"
    aliases = ("DL3044",)
    category = "style"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_env(self, instruction: Instruction) -> None:
        pairs = [a for a in instruction.arguments if isinstance(a, KeyValue)]
        defined: set[str] = set()
        for pair in pairs:
            if "$" in pair.value and defined:
                used = self.model.expand(pair.value, instruction)
                names = (used.used | used.unresolved | used.undefined) & defined
                for name in sorted(names):
                    self.report(
                        pair,
                        f"'{pair.key}' uses '{name}' defined in the same ENV instruction, "
                        "where it still has its previous value; move it to its own ENV",
                        fix=split_instruction_fix(
                            self.model, instruction, pair, f"move {pair.key} to its own ENV"
                        ),
                    )
            defined.add(pair.key)
