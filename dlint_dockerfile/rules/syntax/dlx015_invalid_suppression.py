"""A suppression comment dlint cannot use."""

from __future__ import annotations

from collections.abc import Collection

from dlint_dockerfile.edits.syntax import replace_selectors_fix
from dlint_dockerfile.lint.diagnostic import Fix, Severity
from dlint_dockerfile.lint.registry import Registry, suggested_selectors
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.lint.suppression import Suppression
from dlint_dockerfile.model.model import DockerfileModel

__all__ = ["InvalidSuppression"]


class InvalidSuppression(Rule):
    """A suppression comment dlint cannot use.

    ## What it does
    Reports malformed suppression comments, unknown rule codes in them, and suppressions
    separated from their instruction by a blank line (so they apply to nothing).

    ## Why
    A suppression that does not apply lets the finding through while looking like it is
    handled.

    ## Example
    ```dockerfile
    FROM alpine
    # dlint: ignore DL3018

    RUN apk add curl
    ```

    ## Use instead
    ```dockerfile
    FROM alpine
    # dlint: ignore=DL3018 -- versions are pinned by the base image
    RUN apk add curl
    ```

    ## Fix safety
    Unsafe: for a selector that names no rule but is close to one (the message says
    `did you mean ...?`), the fix replaces it with that rule's code or name
    (`# hadolint ignore=DL3080` → `DL3008`). The suppression then hides findings it did
    not hide before, and the suggestion is a guess, so review it. A malformed comment, a
    selector with no close match, and a suppression cut off from its instruction by a
    blank line get no fix: what the comment was meant to cover cannot be known.
    """

    code = "DLX015"
    name = "invalid-suppression"
    category = "syntax"
    severity = Severity.WARNING
    fix = "sometimes"

    @classmethod
    def suppression_fix(
        cls,
        model: DockerfileModel,
        suppression: Suppression,
        selectors: Collection[str],
        registry: Registry,
    ) -> Fix | None:
        """The fix of the finding on ``suppression`` (the lint engine reports this rule's
        findings and calls this to attach the fix); ``selectors`` are the unknown ones."""
        if suppression.error is not None:
            return None
        return replace_selectors_fix(model, suppression, suggested_selectors(registry, selectors))
