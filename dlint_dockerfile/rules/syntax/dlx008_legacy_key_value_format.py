"""`ENV key value` and `LABEL key value` are legacy; use `key=value`."""

from __future__ import annotations

from dlint_dockerfile.edits.syntax import key_value_fix
from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.syntax import Instruction, Text, Word

__all__ = ["LegacyKeyValueFormat"]


class LegacyKeyValueFormat(Rule):
    """`ENV key value` and `LABEL key value` are legacy; use `key=value`.

    ## What it does
    Reports ENV and LABEL instructions written in the space-separated form.

    ## Why
    BuildKit warns about it (`LegacyKeyValueFormat`). The legacy form takes the whole rest
    of the line as the value, so `ENV A 1 B 2` sets one variable `A` to `1 B 2`.

    ## Example
    ```dockerfile
    FROM alpine
    ENV APP_HOME /srv/app
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    ENV APP_HOME=/srv/app
    ```

    ## Fix safety
    Safe: the fix joins the key and the value with `=` (`ENV APP_HOME=/srv/app`), and puts
    a value holding blanks in double quotes (`LABEL maintainer="Jane Doe"`); a value
    continued on further lines keeps its lines. It is only offered when BuildKit reads
    exactly the same value from the new form, which dlint checks with BuildKit's word
    rules (quotes, escapes and `$` expansion, with variables set and unset). No fix is
    offered for a value with blanks that also holds quotes or backslashes
    (`ENV A "x" y`), a value starting with `=` (`LABEL key = "value"`, which sets `key`
    to `= value`: the author meant something else), or a comment line between the key
    and the value.
    """

    code = "DLX008"
    name = "legacy-key-value-format"
    aliases = ("LegacyKeyValueFormat",)
    category = "syntax"
    # BuildKit warns; it is a formatting matter in well-written files (the official images
    # use it throughout), so dlint grades it as style: shown, but not failing a build.
    severity = Severity.STYLE
    fix = "sometimes"

    def visit_env(self, instruction: Instruction) -> None:
        self._check(instruction)

    def visit_label(self, instruction: Instruction) -> None:
        self._check(instruction)

    def _check(self, instruction: Instruction) -> None:
        args = instruction.arguments
        if any(isinstance(a, Text) for a in args):
            key = next(a for a in args if isinstance(a, Word))
            self.report(
                instruction.keyword if key is None else key,
                f'"{instruction.name} key=value" should be used instead of legacy '
                f'"{instruction.name} key value" format',
                fix=key_value_fix(self.model, instruction),
            )
