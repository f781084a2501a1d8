"""DLX504: Only the last HEALTHCHECK of a stage takes effect."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.runtime._shared import OnlyLastTakesEffect

__all__ = ["MultipleHealthcheck"]


class MultipleHealthcheck(OnlyLastTakesEffect):
    """Only the last HEALTHCHECK of a stage takes effect.

    ## What it does
    Reports every `HEALTHCHECK` of a stage except the last one, `HEALTHCHECK NONE`
    included (`ONBUILD` triggers are not counted).

    Differences from hadolint: hadolint's DL3012 reports the second and later HEALTHCHECKs,
    as errors; dlint, like BuildKit's `MultipleInstructionsDisallowed`, reports the
    overridden ones, as warnings.

    ## Why
    A container has one health check: each HEALTHCHECK replaces the previous one.

    ## Example
    ```dockerfile
    FROM nginx:1.27
    HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    HEALTHCHECK --interval=10s CMD curl -f http://localhost/health || exit 1
    ```

    ## Use instead
    ```dockerfile
    FROM nginx:1.27
    HEALTHCHECK --interval=10s CMD curl -f http://localhost/health || exit 1
    ```

    ## Fix safety
    Safe: the fix deletes the overridden HEALTHCHECK (all its lines), which does not change
    the image. Comment lines right above it go too when they describe it alone (the next
    line is blank, a comment or the end of the file); a comment heading a block of
    instructions with no blank line between them stays, since it may describe the others.
    Suppression comments for the deleted lines always go, file-wide ones always stay.
    """

    code = "DLX504"
    name = "multiple-healthcheck"
    aliases = ("DL3012", "MultipleInstructionsDisallowed")
    category = "runtime"
    severity = Severity.WARNING
    kind = "HEALTHCHECK"
    fix = "always"
