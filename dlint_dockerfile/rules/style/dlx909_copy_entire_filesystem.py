"""COPY --from copies another stage's whole filesystem."""

from __future__ import annotations

import posixpath

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.syntax import Instruction

__all__ = ["CopyEntireFilesystem"]


class CopyEntireFilesystem(Rule):
    """COPY --from copies another stage's whole filesystem.

    ## What it does
    Reports a `COPY --from=<stage>` whose source is the root directory (`/`, `/.`, also in
    the JSON form and through a variable). Like hadolint, `--from` an external image is
    accepted: some images (`docker/cli`-style bundles built FROM scratch) exist to be copied
    whole.

    Differences from hadolint: DL3067 only recognises a literal `/` in the shell form; dlint
    also reports `/.`, `["/", ...]` and `$ROOT` set to `/`.

    ## Why
    The whole image (package database, shells, caches, `/etc/passwd`) ends up in this stage,
    defeating the point of a multi-stage build and overwriting files of the current base.

    ## Example
    ```dockerfile
    FROM golang:1.22 AS build
    RUN go build -o /out/app .
    FROM alpine:3.20
    COPY --from=build / /
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.22 AS build
    RUN go build -o /out/app .
    FROM alpine:3.20
    COPY --from=build /out/app /usr/local/bin/app
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX909"
    name = "copy-entire-filesystem"
    aliases = ("DL3067",)
    category = "style"
    severity = Severity.WARNING

    def visit_copy(self, instruction: Instruction) -> None:
        source = instruction.flag("from")
        if source is None or not source.argument or not self.model.stage_named(source.argument):
            return  # an image built to be copied whole (COPY --from=docker/cli / /) is fine
        for item in copy_args(self.model, instruction).sources:
            text = item.raw
            value = self.model.expand(text, instruction).text if "$" in text else text
            if value.strip("\"'") and posixpath.normpath(value.strip("\"'")) in ("/", "//"):
                self.report(
                    item.node,
                    "this copies the whole filesystem of the other stage; copy only the "
                    "files you need",
                )
