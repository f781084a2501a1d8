"""An empty line inside a continued instruction."""

from __future__ import annotations

import re
from bisect import bisect_left

from dlint_dockerfile.lint.diagnostic import Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.syntax import Instruction

__all__ = ["EmptyContinuationLine"]


#: A line of nothing but blanks after a line break (what DLX005 looks for inside one).
_BLANK_LINE = re.compile(r"\n[ \t\r\f\v]*\n")

#: Where `_BLANK_LINE` can match: each line ending followed by a blank line, overlaps too.
_BLANK_AHEAD = re.compile(r"\n(?=[ \t\r\f\v]*\n)")


class EmptyContinuationLine(Rule):
    """An empty line inside a continued instruction.

    ## What it does
    Reports blank lines between the lines of an instruction continued with `\\`.

    ## Why
    BuildKit skips them with a warning (check `NoEmptyContinuation`) and says they will become
    errors. They also hide where an instruction really ends.

    ## Example
    ```dockerfile
    FROM alpine
    RUN apk add \\

        curl
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    RUN apk add \\
        curl
    ```

    ## Fix safety
    Safe: the fix removes the empty line (with its line ending); BuildKit already skips
    it, so the instruction reads the same. Comment lines between the continued lines stay.
    """

    code = "DLX005"
    name = "empty-continuation-line"
    aliases = ("NoEmptyContinuation",)
    category = "syntax"
    severity = Severity.WARNING
    fix = "always"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        #: Offsets of the line endings followed by a blank line, anywhere in the file.
        self.blank_after = [m.start() for m in _BLANK_AHEAD.finditer(self.model.tree.code)]

    def visit_instruction(self, instruction: Instruction) -> None:
        blank_after = self.blank_after
        if not blank_after or self.model.is_trigger(instruction):
            return
        index = self.model.index
        pos = index.body_start(instruction)
        _, end = index.span(instruction)
        # the parts end where the newline and the heredocs after them begin
        end -= len(instruction.newline.raw) + sum(len(h.code) for h in instruction.heredocs)
        at = bisect_left(blank_after, pos)
        if at == len(blank_after) or blank_after[at] >= end:
            return  # no blank line starts inside the instruction (most: one line)
        parts = instruction.parts
        if parts and _BLANK_LINE.search(self.model.tree.code, pos, end) is None:
            return  # the blank line ends after the instruction's last line
        for part in parts:
            code = part.code
            if "\n" in code:
                self._scan(code, pos)
            pos += len(code)

    def _scan(self, code: str, pos: int) -> None:
        offset = 0
        lines = code.split("\n")
        last = len(lines) - 1
        for number, line in enumerate(lines):
            blank = not line.strip(" \t\r\f\v")
            if 0 < number < last and blank:
                # the whole line with its line ending: what the fix deletes
                start, end = pos + offset, pos + offset + len(line) + 1
                fix = Fix("remove the empty line", (Edit(start, end, ""),))
                self.report((start, end), "empty continuation line", fix=fix)
            offset += len(line) + 1
