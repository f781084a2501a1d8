"""FROM uses a variable that is not a global ARG."""

from __future__ import annotations

from collections.abc import Iterator

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.syntax._shared import has_default, rename_fix
from dlint_dockerfile.syntax import Instruction, Word
from dlint_dockerfile.syntax.nodes import Node
from dlint_dockerfile.syntax.typos import closest, suggest

__all__ = ["UndefinedArgInFrom"]


def _from_nodes(instruction: Instruction) -> Iterator[tuple[Node, str]]:
    platform = instruction.flag("platform")
    if platform is not None and platform.argument:
        yield platform, platform.argument
    words = [a for a in instruction.arguments if isinstance(a, Word)]
    if words:
        yield words[0], words[0].value


class UndefinedArgInFrom(Rule):
    """FROM uses a variable that is not a global ARG.

    ## What it does
    Reports a `$NAME` in a FROM image or `--platform` value when `NAME` is not declared by an
    ARG before the first FROM, nor one of BuildKit's platform ARGs (`TARGETPLATFORM`,
    `BUILDPLATFORM`...). The closest global ARG is suggested.

    ## Why
    Only global ARGs are visible in FROM; an ARG declared inside a stage or a typo expands to
    an empty string and the build pulls the wrong image or fails.

    ## Example
    ```dockerfile
    ARG VERSION=3.20
    FROM alpine:$VERSOIN
    ```

    ## Use instead
    ```dockerfile
    ARG VERSION=3.20
    FROM alpine:$VERSION
    ```

    ## Fix safety
    Unsafe: when the message suggests a global ARG (`did you mean 'VERSION'?`), the fix
    writes it for the undefined name (`$VERSOIN` → `$VERSION`), so the stage is built
    from another image than before; review it. Without a close global ARG there is no
    fix: the ARG to declare and its value are the author's to choose.
    """

    code = "DLX903"
    name = "undefined-arg-in-from"
    aliases = ("UndefinedArgInFrom",)
    category = "syntax"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_from(self, instruction: Instruction) -> None:
        known = sorted(self.model.global_scope.variables)
        for node, text in _from_nodes(instruction):
            if "$" not in text:
                continue
            expansion = self.model.expand(text, instruction)
            for name in sorted(expansion.undefined):
                if has_default(text, name):
                    continue
                hint = suggest(name, known)
                self.report(
                    node,
                    f"FROM uses '{name}', which is not a global ARG{hint}; declare "
                    f"'ARG {name}=...' before the first FROM",
                    fix=rename_fix(self.model, node, name, closest(name, known)),
                )
