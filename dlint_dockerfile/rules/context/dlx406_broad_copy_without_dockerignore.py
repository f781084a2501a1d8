"""DLX406: `COPY . .` with no .dockerignore: the whole build context ships."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import RuleContext
from dlint_dockerfile.model.copies import Source
from dlint_dockerfile.model.copy_sources import copy_match, listing
from dlint_dockerfile.model.ignore_proposal import listing_candidates
from dlint_dockerfile.rules.context._shared import FilesRule, described, shown
from dlint_dockerfile.syntax import Instruction

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.lint.diagnostic import Fix
    from dlint_dockerfile.model.context import BuildContext
    from dlint_dockerfile.model.model import Stage

__all__ = ["BroadCopyWithoutIgnoreFile"]


def _files(count: int) -> str:
    return "1 file" if count == 1 else f"{count} files"


class BroadCopyWithoutIgnoreFile(FilesRule):
    """`COPY . .` with no .dockerignore: the whole build context ships.

    ## What it does
    Reports a COPY/ADD of the whole context (`.`, `./`, `/`, `*`) when the context has no
    `.dockerignore` (nor a `<Dockerfile>.dockerignore`). The message names what should
    clearly stay out (`.git`, virtualenvs, `node_modules` the image installs itself...) when
    the context has any. Needs the build context; silent without one.

    ## Why
    Everything in the folder is sent to the builder and copied into the image: version
    control data, local dependencies and build output, editor files, secrets. The image
    grows, and any change to any file (even a `git fetch`) invalidates the cache of this
    layer and of every one after it.

    ## Example
    ```dockerfile
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    ```

    ## Use instead
    ```dockerfile
    # with a .dockerignore beside the Dockerfile listing .git, .venv, __pycache__ ...
    FROM python:3.12-slim
    WORKDIR /app
    COPY . .
    ```

    ## Fix safety
    The fix creates the `.dockerignore` (or `<Dockerfile>.dockerignore` when other
    Dockerfiles share the folder), with entries read off the context, grouped under a
    comment each: version control folders, dependency and virtual-env folders and build
    output the image makes itself, caches, editor and OS files, logs, `.env` files, keys
    and credentials. A pattern is left out when any COPY/ADD (or bind mount) of any stage
    names what it would exclude, so no build step loses its source. It is unsafe, since
    what ships changes; safe when no COPY/ADD took any file it excludes.
    """

    code = "DLX406"
    name = "broad-copy-without-dockerignore"
    category = "context"
    severity = Severity.WARNING
    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._fix: tuple[Fix | None] | None = None

    def _create_fix(self, context: BuildContext) -> Fix | None:
        """The fix creating the ignore file (the same for every finding of the file)."""
        if self._fix is None:
            self._fix = (self._ignore_fix(context, listing_candidates(self.model, context)),)
        return self._fix[0]

    def check_source(
        self, context: BuildContext, instruction: Instruction, stage: Stage, source: Source
    ) -> None:
        if context.ignore_path is not None:
            return
        match = copy_match(context, source.text_or_raw)
        if match.path and match.path != "*":
            return
        files = match.included
        unwanted = described(self._unwanted(context, stage, files))
        detail = f", including {listing(unwanted)}" if unwanted else ""
        self.report(
            source.node,
            f"{shown(source)} copies the whole build context ({_files(len(files))}) with no "
            f".dockerignore{detail}; add a .dockerignore that keeps out what the image "
            "does not need",
            fix=self._create_fix(context),
        )
