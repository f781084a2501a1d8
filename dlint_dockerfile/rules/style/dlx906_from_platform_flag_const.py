"""FROM `--platform` set to a constant platform."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.syntax import Instruction

__all__ = ["FromPlatformFlagConstDisallowed"]


class FromPlatformFlagConstDisallowed(Rule):
    """FROM `--platform` set to a constant platform.

    ## What it does
    Reports `FROM --platform=linux/amd64` and other constant values; values built from
    variables (`$BUILDPLATFORM`) are the intended use of the flag and are accepted, like
    hadolint's DL3029 and BuildKit's check.

    ## Why
    A constant platform pins the stage to one architecture: builds for other platforms
    produce an image with the wrong binaries, or run them under emulation.

    ## Example
    ```dockerfile
    FROM --platform=linux/amd64 alpine:3.20
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX906"
    name = "from-platform-flag-const"
    aliases = ("DL3029", "FromPlatformFlagConstDisallowed")
    category = "style"
    severity = Severity.WARNING

    def visit_from(self, instruction: Instruction) -> None:
        flag = instruction.flag("platform")
        if flag is None or not flag.argument or "$" in flag.argument:
            return
        self.report(
            flag,
            f"--platform={flag.argument} pins the stage to one platform; remove it or use "
            "$BUILDPLATFORM/$TARGETPLATFORM",
        )
