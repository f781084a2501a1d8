"""DLX408: A COPY of a folder sends private keys, `.env` files or credentials."""

from __future__ import annotations

from typing import TYPE_CHECKING

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.model.copies import Source
from dlint_dockerfile.model.copy_sources import broad_files, listing, secret_kind
from dlint_dockerfile.model.ignore_proposal import secret_candidates
from dlint_dockerfile.rules.context._shared import FilesRule, ignore_name, shown
from dlint_dockerfile.syntax import Instruction

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.context import BuildContext
    from dlint_dockerfile.model.model import Stage

__all__ = ["ContextShipsSecrets"]


class ContextShipsSecrets(FilesRule):
    """A COPY of a folder sends private keys, `.env` files or credentials.

    ## What it does
    For a COPY/ADD of a folder, a wildcard or the whole context, reports files it would
    send that hold secrets: SSH private keys (`id_rsa`, `id_ed25519`...), PEM files with a
    private key, `.key`, `.p12` and `.pfx` files, `.env` and `.env.*` files (not
    `.env.example`, `.env.sample`, `.env.template`...), and `.npmrc`, `.yarnrc.yml`,
    `.pypirc`, `.netrc`, `.git-credentials` or `.aws/credentials` holding a literal token or
    password. A file the COPY names explicitly is not reported here. Needs the build
    context; silent without one.

    ## Why
    Whatever is copied stays in the image layers: anyone who can pull the image can read
    the key or password, even if a later RUN deletes the file. Keep secrets out with
    `.dockerignore` and pass them to the build with `RUN --mount=type=secret`.

    ## Example
    ```dockerfile
    # the context holds .env with API keys and no .dockerignore lists it
    FROM node:22-alpine
    WORKDIR /app
    COPY . .
    ```

    ## Use instead
    ```dockerfile
    # .dockerignore: .env, *.pem
    FROM node:22-alpine
    WORKDIR /app
    COPY . .
    ```

    ## Fix safety
    The fix adds each file to the ignore file BuildKit reads (creating it when there is
    none), by its exact path, under a `secrets` comment. A file is left out when a
    COPY/ADD (or bind mount) of any stage names it, or a `!` line re-includes it. It is
    unsafe: the image no longer holds the file, and what used it must get it another
    way (`RUN --mount=type=secret`, or at run time).
    """

    code = "DLX408"
    name = "context-ships-secrets"
    category = "context"
    severity = Severity.ERROR
    fix = "sometimes"

    def check_source(
        self, context: BuildContext, instruction: Instruction, stage: Stage, source: Source
    ) -> None:
        files = broad_files(context, instruction, source)
        if files is None:
            return
        found = [
            (path, kind) for path in files if (kind := secret_kind(context, path)) is not None
        ]
        if found:
            secrets = [f"'{path}' ({kind})" for path, kind in found]
            self.report(
                source.node,
                f"{shown(source)} copies secrets into the image: {listing(secrets)}; add "
                f"{'it' if len(secrets) == 1 else 'them'} to {ignore_name(context)} and "
                "pass secrets with RUN --mount=type=secret",
                fix=self._ignore_fix(context, secret_candidates(p for p, _ in found)),
            )
