"""DLX409: A COPY/ADD source that .dockerignore excludes."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.model.copies import Source
from dlint_dockerfile.model.copy_sources import copy_match
from dlint_dockerfile.model.dockerignore import IgnorePattern
from dlint_dockerfile.rules.context._shared import ContextRule, ignore_name, shown
from dlint_dockerfile.syntax import Instruction

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext
    from dlint_dockerfile.model.model import Stage

__all__ = ["CopyIgnoredFile"]


class CopyIgnoredFile(ContextRule):
    """A COPY/ADD source that .dockerignore excludes.

    ## What it does
    Reports a source that the ignore file keeps out of the context, naming the pattern:
    a file or folder the ignore file excludes (the build then fails with "not found"), or
    a folder or wildcard whose every file is excluded (nothing is copied). A folder that
    is excluded but has files re-included with `!` patterns is fine. Needs the build
    context; silent without one.

    Differences from BuildKit (check CopyIgnoredFile): BuildKit matches the source text
    against the patterns, so `COPY *.md` with `*.md` and `!README.md` in the ignore file
    is reported although README.md is copied; dlint looks at the files.

    ## Why
    The ignore file and the Dockerfile disagree: either the build breaks or a copy
    silently brings nothing. Remove the pattern (or add a `!` exception) or the COPY.

    ## Example
    ```dockerfile
    # .dockerignore: *.md
    FROM nginx:1.27
    COPY README.md /usr/share/nginx/html/
    ```

    ## Use instead
    ```dockerfile
    # .dockerignore: *.md and !README.md
    FROM nginx:1.27
    COPY README.md /usr/share/nginx/html/
    ```

    ## Fix safety
    No automatic fix: either the pattern or the COPY is wrong, and only the author knows
    which.
    """

    code = "DLX409"
    name = "copy-ignored-file"
    aliases = ("CopyIgnoredFile",)
    category = "context"
    severity = Severity.ERROR

    def check_source(
        self, context: BuildContext, instruction: Instruction, stage: Stage, source: Source
    ) -> None:
        ignore = context.ignore
        if ignore is None or context.truncated:
            return
        match = copy_match(context, source.text_or_raw)
        if match.through_symlink or not match.path or match.included:
            return
        name = ignore_name(context)
        if match.missing:
            pattern = ignore.matching_pattern(match.path)
            if pattern is None or pattern.exclusion:
                return
            self.report(
                source.node,
                f"{shown(source)} is excluded by {name} pattern {_pattern(pattern)}: the "
                "build fails with 'not found'",
            )
        elif match.excluded:
            pattern = ignore.matching_pattern(match.excluded[0])
            if pattern is None or pattern.exclusion:
                return
            self.report(
                source.node,
                f"every file {shown(source)} matches is excluded by {name} pattern "
                f"{_pattern(pattern)}: nothing is copied",
            )


def _pattern(pattern: IgnorePattern) -> str:
    return f"'{pattern.text}' (line {pattern.line})"
