"""`FROM` and `AS` should be written in the same case."""

from __future__ import annotations

from dlint_dockerfile.edits.text import replace_node
from dlint_dockerfile.lint.diagnostic import Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.syntax import Instruction, Word

__all__ = ["FromAsCasing"]


class FromAsCasing(Rule):
    """`FROM` and `AS` should be written in the same case.

    ## What it does
    Reports `FROM image as name` (and `from image AS name`).

    ## Why
    BuildKit warns about it (`FromAsCasing`); consistent casing reads better.

    ## Example
    ```dockerfile
    FROM golang:1.23 as build
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23 AS build
    ```

    ## Fix safety
    Safe: the fix writes `AS` in the case of `FROM` (`AS` after `FROM`, `as` after
    `from`); BuildKit reads it case-insensitively.
    """

    code = "DLX007"
    name = "from-as-casing"
    aliases = ("FromAsCasing",)
    category = "syntax"
    severity = Severity.WARNING
    fix = "always"

    def visit_from(self, instruction: Instruction) -> None:
        words = [a for a in instruction.arguments if isinstance(a, Word)]
        if len(words) != 3 or words[1].value.lower() != "as":
            return
        keyword = instruction.keyword.raw
        as_word = words[1].value
        upper_from = keyword == keyword.upper()
        if (upper_from and as_word != "AS") or (keyword == keyword.lower() and as_word != "as"):
            expected = "AS" if upper_from else "as"
            self.report(
                words[1],
                f"'{as_word}' and '{keyword}' keywords' casing do not match",
                fix=Fix(f"write {expected}", (replace_node(self.model, words[1], expected),)),
            )
