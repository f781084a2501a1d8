"""`FROM --platform=$TARGETPLATFORM` only repeats the default."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.syntax import Flag, Instruction, Trivia, Word

__all__ = ["RedundantTargetPlatform"]


class RedundantTargetPlatform(Rule):
    """`FROM --platform=$TARGETPLATFORM` only repeats the default.

    ## What it does
    Reports a FROM whose `--platform` is exactly `$TARGETPLATFORM` (or `${TARGETPLATFORM}`),
    unless the file declares a global `ARG TARGETPLATFORM=...` with a default of its own:
    that default replaces the target platform, so the flag is not redundant.

    Differences from BuildKit's `RedundantTargetPlatform` check: BuildKit reports the flag
    even with such a default, where removing it would change the stage's platform.

    ## Why
    Stages are built for the target platform anyway; the flag adds noise and suggests a
    cross-compilation intent (`$BUILDPLATFORM`) that is not there.

    ## Example
    ```dockerfile
    FROM --platform=$TARGETPLATFORM alpine:3.20
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ```

    ## Fix safety
    Safe: the fix removes the flag and the blanks after it (`FROM alpine:3.20`); a line
    continuation right after the flag is joined, unless comment lines sit in it (then the
    blanks before the flag go instead). Without the flag BuildKit builds the stage for the
    target platform, which is what `$TARGETPLATFORM` holds.
    """

    code = "DLX905"
    name = "redundant-target-platform"
    aliases = ("DL3065", "RedundantTargetPlatform")
    category = "style"
    severity = Severity.INFO
    fix = "sometimes"

    def visit_from(self, instruction: Instruction) -> None:
        flag = instruction.flag("platform")
        if flag is None or flag.argument is None:
            return
        if flag.argument.strip("\"'") not in ("$TARGETPLATFORM", "${TARGETPLATFORM}"):
            return
        for arg in self.model.global_args:
            for word in arg.arguments:
                if isinstance(word, Word) and word.value.startswith("TARGETPLATFORM="):
                    return  # the global ARG's default replaces the target platform
        self.report(
            flag,
            "--platform=$TARGETPLATFORM is the default; remove the flag",
            fix=self._fix(instruction, flag),
        )

    def _fix(self, instruction: Instruction, flag: Flag) -> Fix | None:
        parts = instruction.parts
        at = next(i for i, part in enumerate(parts) if part is flag)
        if at + 2 >= len(parts) or not isinstance(parts[at + 1], Trivia):
            return None  # nothing after the flag: the FROM is broken anyway
        start, end = self.model.index.span(flag)
        after = parts[at + 1].code
        if not any(line.lstrip(" \t").startswith("#") for line in after.split("\n")[1:]):
            edit = Edit(start, end + len(after), "")
        else:
            before = parts[at - 1].code if isinstance(parts[at - 1], Trivia) else ""
            if not before or "\n" in before:
                return None  # the flag starts its line and comments follow it
            edit = Edit(start - len(before), end, "")
        return Fix("remove --platform=$TARGETPLATFORM", (edit,))
