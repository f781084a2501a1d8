"""A suppression comment that suppresses nothing."""

from __future__ import annotations

from collections.abc import Collection

from dlint_dockerfile.edits.syntax import remove_selectors_fix
from dlint_dockerfile.lint.diagnostic import Fix, Severity
from dlint_dockerfile.lint.registry import Registry
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.lint.suppression import Suppression
from dlint_dockerfile.model.model import DockerfileModel

__all__ = ["UnusedSuppression"]


class UnusedSuppression(Rule):
    """A suppression comment that suppresses nothing.

    ## What it does
    Reports `# dlint: ignore=...`, `# hadolint ignore=...` and `# check=skip=...` selectors
    whose rules ran but reported nothing on that instruction (or, for file-wide ones, in the
    file). ShellCheck codes and codes of rules dlint does not have are never called unused.

    ## Why
    Stale suppressions hide future problems and mislead readers.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    # dlint: ignore=maintainer-deprecated
    RUN echo hi
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN echo hi
    ```

    ## Fix safety
    Safe: the fix removes the unused selectors from the comment and keeps the others and
    the reason (`# dlint: ignore=DL3008,DLX009 -- why` → `# dlint: ignore=DL3008 -- why`);
    when none is left it removes the comment line (for a `# check=skip=...;error=true`
    comment, only its `skip=` part). The build does not read these comments, and the
    selectors suppressed nothing in this run. Another tool reading the same comment
    (hadolint, BuildKit's checks) may still have used a `# hadolint` or `# check=`
    selector that dlint's rules did not need.
    """

    code = "DLX014"
    name = "unused-suppression"
    category = "syntax"
    severity = Severity.INFO
    fix = "sometimes"

    @classmethod
    def suppression_fix(
        cls,
        model: DockerfileModel,
        suppression: Suppression,
        selectors: Collection[str],
        registry: Registry,
    ) -> Fix | None:
        """The fix of the finding on ``suppression`` whose ``selectors`` are unused (the
        lint engine reports this rule's findings and calls this to attach the fix)."""
        return remove_selectors_fix(model, suppression, selectors)
