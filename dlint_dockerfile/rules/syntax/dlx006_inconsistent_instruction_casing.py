"""Instruction keywords should all be upper case or all lower case."""

from __future__ import annotations

from dlint_dockerfile.edits.text import replace_node
from dlint_dockerfile.lint.diagnostic import Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.syntax import Keyword
from dlint_dockerfile.syntax.nodes import KNOWN_INSTRUCTIONS

__all__ = ["ConsistentInstructionCasing"]


class ConsistentInstructionCasing(Rule):
    """Instruction keywords should all be upper case or all lower case.

    ## What it does
    Finds the case most instructions use and reports the ones that differ, including mixed
    case like `Run`. Unknown keywords (DLX002) are neither counted nor reported.

    ## Why
    BuildKit warns about it (`ConsistentInstructionCasing`); mixed casing makes files harder
    to read and search.

    ## Example
    ```dockerfile
    FROM alpine
    run echo hi
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    RUN echo hi
    ```

    ## Fix safety
    Safe: the fix rewrites the keyword in the majority's case (`run` → `RUN`); BuildKit
    reads keywords case-insensitively, so the build is the same.
    """

    code = "DLX006"
    name = "inconsistent-instruction-casing"
    aliases = ("ConsistentInstructionCasing",)
    category = "syntax"
    severity = Severity.WARNING
    fix = "always"

    def finish(self) -> None:
        # every keyword at once (no visit of each instruction); unknown keywords
        # (DLX002's) are not instructions: their case is not counted
        words: list[Keyword] = []
        lower = upper = 0
        for instruction in self.model.instructions:
            inner = instruction.inner
            for keyword in (instruction.keyword, inner.keyword if inner else None):
                if keyword is None or keyword.value not in KNOWN_INSTRUCTIONS:
                    continue
                words.append(keyword)
                raw = keyword.raw
                if raw.isupper():
                    upper += 1
                elif raw.islower():
                    lower += 1
        majority_lower = lower > upper
        for keyword in words:
            expected = keyword.raw.lower() if majority_lower else keyword.raw.upper()
            if keyword.raw != expected:
                case = "lowercase" if majority_lower else "uppercase"
                self.report(
                    keyword,
                    f"instruction '{keyword.raw}' should match the case of the majority "
                    f"({case}): '{expected}'",
                    fix=Fix(f"write {expected}", (replace_node(self.model, keyword, expected),)),
                )
