"""DLX410: A COPY/ADD source that does not exist in the build context."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import RuleContext
from dlint_dockerfile.model.copies import Source
from dlint_dockerfile.model.copy_sources import copy_match
from dlint_dockerfile.rules.context._shared import ContextRule, shown
from dlint_dockerfile.syntax import Instruction

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext, CopyMatch
    from dlint_dockerfile.model.model import Stage

__all__ = ["CopySourceNotFound"]


class CopySourceNotFound(ContextRule):
    """A COPY/ADD source that does not exist in the build context.

    ## What it does
    Reports a source without wildcards that is not in the context: BuildKit fails with
    `"/name": not found`. A wildcard that matches nothing is not reported: BuildKit allows
    it (`COPY requirements.txt* ./` is a common way to copy an optional file), although
    the classic builder fails. Sources excluded by `.dockerignore` are DLX409's. Skipped:
    `--from` copies, heredocs, URLs, sources with a variable of unknown value, and ONBUILD.
    When no source of the whole file is found in the context, dlint assumes the
    Dockerfile is built with another context (`docker build -f sub/Dockerfile .`) and
    reports nothing. Needs the build context; silent without one.

    ## Why
    The build stops at this instruction. Usually the path is misspelt, relative to the
    wrong folder (sources are relative to the context root, not to the Dockerfile), or
    names a file that a previous build step was supposed to generate.

    ## Example
    ```dockerfile
    # the context holds requirements.txt and app.py
    FROM python:3.12-slim
    COPY requirments.txt app.py /app/
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12-slim
    COPY requirements.txt app.py /app/
    ```

    ## Fix safety
    No automatic fix: the right path cannot be known (a misspelling, a file an earlier
    step should generate, another build context).
    """

    code = "DLX410"
    name = "copy-source-not-found"
    category = "context"
    severity = Severity.ERROR

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._missing: list[tuple[Source, CopyMatch]] = []
        self._found_any = False

    def check_source(
        self, context: BuildContext, instruction: Instruction, stage: Stage, source: Source
    ) -> None:
        match = copy_match(context, source.text_or_raw)
        if match.through_symlink:
            return
        if match.path and not match.matched_nothing:
            self._found_any = True
        if not match.missing:
            return
        ignore = context.ignore
        if ignore is not None and ignore.is_excluded(match.path):
            return  # DLX409
        self._missing.append((source, match))

    def finish(self) -> None:
        context = self.model.context
        if context is None or not self._found_any or context.truncated:
            return
        for source, match in self._missing:
            outside = " ('..' cannot leave the context)" if match.outside else ""
            self.report(
                source.node,
                f"{shown(source)} is not in the build context{outside}: the build fails "
                "with 'not found'",
            )
