"""DLX503: Only the last ENTRYPOINT of a stage takes effect."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.runtime._shared import OnlyLastTakesEffect

__all__ = ["MultipleEntrypoint"]


class MultipleEntrypoint(OnlyLastTakesEffect):
    """Only the last ENTRYPOINT of a stage takes effect.

    ## What it does
    Reports every `ENTRYPOINT` of a stage except the last one (`ONBUILD` triggers are not
    counted).

    Differences from hadolint: hadolint's DL4004 reports the second and later ENTRYPOINTs,
    as errors; dlint, like BuildKit's `MultipleInstructionsDisallowed`, reports the
    overridden ones, as warnings: the image builds and runs the last ENTRYPOINT.

    ## Why
    Each ENTRYPOINT replaces the previous one; the earlier ones have no effect.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ENTRYPOINT ["/bin/setup.sh"]
    ENTRYPOINT ["/usr/bin/app"]
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ENTRYPOINT ["/usr/bin/app"]
    ```

    ## Fix safety
    Safe: the fix deletes the overridden ENTRYPOINT (all its lines), which does not change
    the image. Comment lines right above it go too when they describe it alone (the next
    line is blank, a comment or the end of the file); a comment heading a block of
    instructions with no blank line between them stays, since it may describe the others.
    Suppression comments for the deleted lines always go, file-wide ones always stay.
    """

    code = "DLX503"
    name = "multiple-entrypoint"
    aliases = ("DL4004", "MultipleInstructionsDisallowed")
    category = "runtime"
    severity = Severity.WARNING
    kind = "ENTRYPOINT"
    fix = "always"
