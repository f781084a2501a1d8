"""DLX407: The .dockerignore lets through folders that should not ship."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.model.copies import Source
from dlint_dockerfile.model.copy_sources import broad_files, listing
from dlint_dockerfile.model.ignore_proposal import candidates_for_items
from dlint_dockerfile.rules.context._shared import FilesRule, described, ignore_name, shown
from dlint_dockerfile.syntax import Instruction

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext
    from dlint_dockerfile.model.model import Stage

__all__ = ["ContextShipsUnwantedFiles"]


class ContextShipsUnwantedFiles(FilesRule):
    """The .dockerignore lets through folders that should not ship.

    ## What it does
    For a COPY/ADD of a folder, a wildcard or the whole context, reports what it would send
    that belongs in `.dockerignore`: `.git` (unless a RUN of the stage uses git), Python
    virtualenvs (`.venv`, `venv`, any folder with a `pyvenv.cfg`), `__pycache__`,
    `node_modules` when the stage installs its own dependencies (npm/yarn/pnpm/bun
    install), and build output (`dist`, `build`, `out`, `.next`, `target`, `bin`/`obj`)
    next to its project file when the stage runs that build itself. Only files that
    really reach the builder count: what `.dockerignore` already excludes is fine. Needs
    the build context; with no `.dockerignore` at all, DLX406 reports instead.

    ## Why
    These folders make the context slower to send and the image bigger, and they change
    all the time, so the COPY layer is rebuilt for nothing. Worse, a local `node_modules`
    or virtualenv overwrites the dependencies the image just installed with ones built
    for another platform, and local build output can mask the output of the image's own
    build.

    ## Example
    ```dockerfile
    # .dockerignore exists but does not list node_modules
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm ci
    COPY . .
    ```

    ## Use instead
    ```dockerfile
    # .dockerignore: node_modules, .git
    FROM node:22-alpine
    WORKDIR /app
    COPY package.json package-lock.json ./
    RUN npm ci
    COPY . .
    ```

    ## Fix safety
    The fix appends the folders to the ignore file BuildKit reads, under a comment per
    group, without touching its existing lines. A folder is left out when any COPY/ADD
    (or bind mount) of any stage names it or something in it, or when a `!` line
    re-includes a file in it. It is unsafe, since what ships changes; safe when no
    COPY/ADD took any file it excludes.
    """

    code = "DLX407"
    name = "context-ships-unwanted-files"
    category = "context"
    severity = Severity.WARNING
    fix = "sometimes"

    def check_source(
        self, context: BuildContext, instruction: Instruction, stage: Stage, source: Source
    ) -> None:
        if context.ignore_path is None:
            return  # DLX406 reports the missing ignore file
        files = broad_files(context, instruction, source)
        if files is None:
            return
        items = self._unwanted(context, stage, files)
        if items:
            unwanted = described(items)
            self.report(
                source.node,
                f"{shown(source)} sends {listing(unwanted)}: add "
                f"{'it' if len(unwanted) == 1 else 'them'} to {ignore_name(context)}",
                fix=self._ignore_fix(context, candidates_for_items(items)),
            )
