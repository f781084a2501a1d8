"""The protocol of an EXPOSE port should be lower case."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.syntax import Instruction, Word

__all__ = ["ExposeProtoCasing"]


class ExposeProtoCasing(Rule):
    """The protocol of an EXPOSE port should be lower case.

    ## What it does
    Reports `EXPOSE 80/TCP` and other upper- or mixed-case protocols.

    ## Why
    BuildKit warns about it (`ExposeProtoCasing`).

    ## Example
    ```dockerfile
    FROM nginx
    EXPOSE 53/UDP
    ```

    ## Use instead
    ```dockerfile
    FROM nginx
    EXPOSE 53/udp
    ```

    ## Fix safety
    Safe: the fix lower-cases the protocol (`53/UDP` → `53/udp`); BuildKit accepts any
    case and stores it lower-cased.
    """

    code = "DLX011"
    name = "expose-proto-casing"
    aliases = ("ExposeProtoCasing",)
    category = "syntax"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_expose(self, instruction: Instruction) -> None:
        for word in instruction.arguments:
            if not isinstance(word, Word):
                continue
            _, slash, proto = word.value.partition("/")
            if slash and proto != proto.lower() and proto.lower() in ("tcp", "udp", "sctp"):
                self.report(
                    word,
                    f"defined protocol '{proto}' in EXPOSE should be lowercase",
                    fix=self._fix(word, proto),
                )

    def _fix(self, word: Word, proto: str) -> Fix | None:
        if word.raw != word.value:  # split by a line continuation
            return None
        end = self.model.index.span(word)[1]
        edit = Edit(end - len(proto), end, proto.lower())
        return Fix(f"write {proto.lower()}", (edit,))
