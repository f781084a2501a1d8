"""An image not pinned by digest (opt-in)."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.pinning._shared import image_uses

__all__ = ["ImageWithoutDigest"]


class ImageWithoutDigest(Rule):
    """An image not pinned by digest (opt-in).

    ## What it does
    Reports a `FROM` base image, and an image named by `COPY --from` or
    `RUN --mount=from=`, that has no `@sha256:...` digest. Stage names, `scratch` and
    bases given through an ARG without a default are not checked.

    This rule is off by default: select it (`DLX203`) when every build must be
    bit-for-bit reproducible.

    ## Why
    A tag can be moved to another image at any time (a rebuilt `debian:12.7` gets security
    fixes, and a registry can be compromised). A digest names exactly one image. Pair it
    with a tool that updates digests (Renovate, Dependabot) so images still get fixes.

    ## Example
    ```dockerfile
    FROM debian:12.7
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12.7@sha256:b8084b1a576c5504a031936e1132574f4ce1d6cc7130bf8b5f3dd0dc6b3e9d9a
    ```

    ## Fix safety
    No automatic fix: the digest has to be looked up in the registry.
    """

    code = "DLX203"
    name = "image-without-digest"
    category = "pinning"
    severity = Severity.INFO
    default_enabled = False

    def finish(self) -> None:
        for use in image_uses(self):
            if use.image is not None and use.image.digest is None:
                self.report(
                    use.span,
                    f"{use.what} is not pinned by digest: add '@sha256:<digest>' so the "
                    "build always uses the same image",
                )
