"""An image without a tag or digest: it means `:latest`."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.pinning._shared import image_uses

__all__ = ["ImageWithoutTag"]


class ImageWithoutTag(Rule):
    """An image without a tag or digest: it means `:latest`.

    ## What it does
    Reports a `FROM` base image, and an image named by `COPY --from` or
    `RUN --mount=from=`, that has neither a tag nor a digest. Stage names (`FROM build`),
    `scratch` and images pinned by digest (`@sha256:...`) are fine. A base given through
    an ARG (`FROM $BASE`) is checked with the ARG's default value; without a default it is
    not checked.

    Differences from hadolint (DL3006): hadolint does not resolve ARG defaults, so
    `ARG BASE=debian` + `FROM $BASE` passes there, and it only checks `FROM`. It compares
    stage names case-sensitively (BuildKit does not), so it reports `FROM build` after
    `FROM golang:1.23 AS Build`, and it misses `FROM localhost:5000/app`.

    ## Why
    Without a tag Docker pulls `latest`, which changes whenever the image is republished:
    two builds of the same Dockerfile can get different systems, and a new major version
    can break the build without any change on your side.

    ## Example
    ```dockerfile
    FROM debian
    RUN echo hi
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12.7
    RUN echo hi
    ```

    ## Fix safety
    No automatic fix: which version to pin is your choice.
    """

    code = "DLX201"
    name = "image-without-tag"
    aliases = ("DL3006",)
    category = "pinning"
    severity = Severity.WARNING

    def finish(self) -> None:
        for use in image_uses(self):
            image = use.image
            if image is not None and image.tag is None and image.digest is None:
                name = image.familiar_name
                self.report(
                    use.span,
                    f"{use.what} has no tag, so it pulls '{name}:latest': "
                    f"pin a version tag ('{name}:<version>') or a digest",
                )
