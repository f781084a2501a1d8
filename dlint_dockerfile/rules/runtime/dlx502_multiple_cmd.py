"""DLX502: Only the last CMD of a stage takes effect."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.runtime._shared import OnlyLastTakesEffect

__all__ = ["MultipleCmd"]


class MultipleCmd(OnlyLastTakesEffect):
    """Only the last CMD of a stage takes effect.

    ## What it does
    Reports every `CMD` of a stage except the last one. `ONBUILD CMD` triggers are not
    counted: they run in child images.

    Differences from hadolint: hadolint's DL4003 reports the second and later CMDs; dlint,
    like BuildKit's `MultipleInstructionsDisallowed`, reports the ones that are overridden,
    that is every CMD but the last.

    ## Why
    Each CMD replaces the previous one, so the earlier ones are dead code that suggests
    they run (they do not: CMD is not RUN).

    ## Example
    ```dockerfile
    FROM python:3.13-slim
    CMD ["python", "manage.py", "migrate"]
    CMD ["gunicorn", "app:app"]
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.13-slim
    RUN python manage.py collectstatic --noinput
    CMD ["gunicorn", "app:app"]
    ```

    ## Fix safety
    Safe: the fix deletes the overridden CMD (all its lines), which does not change
    the image. Comment lines right above it go too when they describe it alone (the next
    line is blank, a comment or the end of the file); a comment heading a block of
    instructions with no blank line between them stays, since it may describe the others.
    Suppression comments for the deleted lines always go, file-wide ones always stay.
    """

    code = "DLX502"
    name = "multiple-cmd"
    aliases = ("DL4003", "MultipleInstructionsDisallowed")
    category = "runtime"
    severity = Severity.WARNING
    kind = "CMD"
    fix = "always"
