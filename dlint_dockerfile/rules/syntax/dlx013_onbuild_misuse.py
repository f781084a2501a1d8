"""ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.syntax._shared import IssueRule

__all__ = ["OnbuildMisuse"]


class OnbuildMisuse(IssueRule):
    """ONBUILD cannot trigger ONBUILD, FROM or MAINTAINER.

    ## What it does
    Reports `ONBUILD ONBUILD ...`, `ONBUILD FROM ...` and `ONBUILD MAINTAINER ...`.

    ## Why
    BuildKit rejects them (hadolint DL3043).

    ## Example
    ```dockerfile
    FROM alpine
    ONBUILD FROM alpine
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    ONBUILD RUN echo "runs in child images"
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "DLX013"
    name = "onbuild-misuse"
    aliases = ("DL3043",)
    category = "syntax"
    severity = Severity.ERROR
