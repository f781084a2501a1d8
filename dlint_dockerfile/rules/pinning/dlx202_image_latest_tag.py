"""An image pinned to the moving `latest` tag."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.pinning._shared import image_uses

__all__ = ["ImageLatestTag"]


class ImageLatestTag(Rule):
    """An image pinned to the moving `latest` tag.

    ## What it does
    Reports a `FROM` base image, and an image named by `COPY --from` or
    `RUN --mount=from=`, whose tag is `latest`, unless it also carries a digest
    (`image:latest@sha256:...` is pinned by the digest). A base given through an ARG is
    checked with the ARG's default value.

    Differences from hadolint (DL3007): hadolint does not resolve ARG defaults and only
    checks `FROM`.

    ## Why
    `latest` is whatever was pushed last: builds are not reproducible and can break when
    the image gets a new major version.

    ## Example
    ```dockerfile
    FROM node:latest
    ```

    ## Use instead
    ```dockerfile
    FROM node:22.11
    ```

    ## Fix safety
    No automatic fix: which version to pin is your choice.
    """

    code = "DLX202"
    name = "image-latest-tag"
    aliases = ("DL3007",)
    category = "pinning"
    severity = Severity.WARNING

    def finish(self) -> None:
        for use in image_uses(self):
            image = use.image
            if image is None or image.tag != "latest" or image.digest is not None:
                continue
            span = use.span
            if use.literal and image.tag_span is not None:
                # point at ':latest'
                span = (span[0] + image.tag_span[0] - 1, span[0] + image.tag_span[1])
            self.report(
                span,
                f"{use.what} uses the 'latest' tag, which changes over time: "
                "pin a version tag or a digest",
            )
