"""DLX406: `COPY . .` with no .dockerignore: the whole build context ships."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.model.copies import Source
from dlint_dockerfile.model.copy_sources import copy_match, listing
from dlint_dockerfile.rules.context._shared import FilesRule, shown
from dlint_dockerfile.syntax import Instruction

if TYPE_CHECKING:  # pragma: no cover
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
    No automatic fix: the remedy is a new .dockerignore file, and dlint only edits the
    Dockerfile; what to keep out is the author's choice (the message names the obvious
    candidates).
    """

    code = "DLX406"
    name = "broad-copy-without-dockerignore"
    category = "context"
    severity = Severity.WARNING

    def check_source(
        self, context: BuildContext, instruction: Instruction, stage: Stage, source: Source
    ) -> None:
        if context.ignore_path is not None:
            return
        match = copy_match(context, source.text_or_raw)
        if match.path and match.path != "*":
            return
        files = match.included
        unwanted = self._unwanted(context, stage, files)
        detail = f", including {listing(unwanted)}" if unwanted else ""
        self.report(
            source.node,
            f"{shown(source)} copies the whole build context ({_files(len(files))}) with no "
            f".dockerignore{detail}; add a .dockerignore that keeps out what the image "
            "does not need",
        )
