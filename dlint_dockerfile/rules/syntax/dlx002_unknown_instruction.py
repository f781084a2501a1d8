"""An instruction keyword BuildKit does not know."""

from __future__ import annotations

from dlint_dockerfile.edits.text import replace_node
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.rules.syntax._shared import IssueRule
from dlint_dockerfile.syntax import Instruction
from dlint_dockerfile.syntax.typos import closest_instruction

__all__ = ["UnknownInstruction"]


class UnknownInstruction(IssueRule):
    """An instruction keyword BuildKit does not know.

    ## What it does
    Reports a line whose first word is not a Dockerfile instruction, with the closest
    instruction as a suggestion.

    ## Why
    BuildKit fails with `unknown instruction`. A typo such as `RUNN` or a shell line that lost
    its continuation backslash usually causes it.

    ## Example
    ```dockerfile
    FROM alpine
    RUNN apk add --no-cache curl
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    RUN apk add --no-cache curl
    ```

    ## Fix safety
    Unsafe: when the keyword is one typing mistake away from exactly one instruction (two for
    words longer than 7 letters; a transposition counts as one), the fix replaces it with
    that instruction in the keyword's case (`RUNN` → `RUN`, `copyy` → `copy`). The line
    might be a shell command that lost its continuation backslash rather than a typo, so
    review it. Without the fix the build stops at this line; with it the instruction runs
    (a `FROM` starts a new stage for the lines below it), and in an `ONBUILD` trigger,
    which the build of this image does not check, the images built FROM it run the
    instruction instead of failing. Keywords shorter than 3 letters (`cd` is not `CMD`),
    and words with no close instruction or two equally close ones, get no fix; neither
    does a rewrite that would leave the line with a syntax error.
    """

    code = "DLX002"
    name = "unknown-instruction"
    category = "syntax"
    severity = Severity.ERROR
    fix = "sometimes"

    def finish(self) -> None:
        index = self.model.index
        for owner, issue in self.model.tree.all_issues():
            if issue.code != self.code:
                continue
            base = (
                index.body_start(owner) if isinstance(owner, Instruction) else index.span(owner)[0]
            )
            start = base + issue.start
            fix = self._fix(owner, start) if isinstance(owner, Instruction) else None
            self.report((start, base + issue.end), issue.message, fix=fix)

    def _fix(self, owner: Instruction, start: int) -> Fix | None:
        target = owner.inner if owner.inner is not None else owner
        keyword = target.keyword
        if self.model.index.span(keyword)[0] != start:
            return None
        known = closest_instruction(keyword.raw)
        if known is None:
            return None
        content = known.lower() if keyword.raw.islower() else known
        return Fix(
            f"replace {keyword.raw} with {content}",
            (replace_node(self.model, keyword, content),),
            Applicability.UNSAFE,
        )
