"""DLX104 add-url-without-checksum: an ADD of a remote file without --checksum."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.copies import copy_args
from dlint_dockerfile.syntax import Instruction

__all__ = ["AddUrlWithoutChecksum"]


def _is_git_url(url: str) -> bool:
    lower = url.lower()
    if lower.startswith(("git://", "git@", "ssh://")):
        return True
    path = lower.split("#", 1)[0].split("?", 1)[0].rstrip("/")
    return path.endswith(".git")


class AddUrlWithoutChecksum(Rule):
    """`ADD` of a remote file without `--checksum`.

    ## What it does
    Reports each `http://`/`https://` source of an `ADD` that has no `--checksum` flag
    (variables are expanded; Git repository URLs are left alone). `ADD` over plain
    `http` has its own rule in the copy family. There is no hadolint equivalent.

    ## Why
    Without a checksum, BuildKit has to contact the server on every build to know
    whether the file changed: a changed file silently busts the cache of every later step
    and nothing checks that the download is the file you reviewed. With
    `--checksum=sha256:...` (Dockerfile syntax 1.6 and later) the download is verified and
    the cache key is the digest, so an unchanged step is reused without a download.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ADD https://example.com/tool-1.2.3.tar.gz /tmp/
    ```

    ## Use instead
    ```dockerfile
    # syntax=docker/dockerfile:1
    FROM alpine:3.20
    ADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d \\
        https://example.com/tool-1.2.3.tar.gz /tmp/
    ```

    ## Fix safety
    No automatic fix: the digest has to come from the publisher or a trusted download.
    """

    code = "DLX104"
    name = "add-url-without-checksum"
    category = "cache"
    severity = Severity.WARNING

    def visit_add(self, instruction: Instruction) -> None:
        if instruction.flag("checksum") is not None:
            return
        for source in copy_args(self.model, instruction).sources:
            raw = source.raw
            text = self.model.expand(raw, instruction).text
            url = text if "://" in text else raw
            if url.lower().startswith(("http://", "https://")) and not _is_git_url(url):
                self.report(
                    source.node,
                    "ADD of a remote file without --checksum: it is downloaded unverified "
                    "and re-checked on every build; add --checksum=sha256:<digest>",
                )
