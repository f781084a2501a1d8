"""An image from a registry that is not in `trusted-registries`."""

from __future__ import annotations

from typing import Any, ClassVar

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.pinning._shared import image_uses, normal_registry

__all__ = ["UntrustedRegistry"]


def _registry_allowed(registry: str, allowed: frozenset[str]) -> bool:
    registry = registry.lower()
    for entry in allowed:
        if entry.startswith("*."):
            if registry.endswith(entry[1:]):
                return True
        elif registry == entry:
            return True
    return False


class UntrustedRegistry(Rule):
    """An image from a registry that is not in `trusted-registries`.

    ## What it does
    When the `trusted-registries` setting lists registries, reports every `FROM` base
    image, and every image named by `COPY --from` or `RUN --mount=from=`, that comes from
    another registry. An image without a registry (`debian`, `myorg/app`) comes from
    Docker Hub, `docker.io`; `index.docker.io`, `registry-1.docker.io` and
    `hub.docker.com` also mean Docker Hub. An entry `*.example.com` allows every
    sub-domain of `example.com`. With an empty list (the default) the rule is silent.

    A base given through an ARG is checked with the ARG's default value; when a variable
    has no value the registry is still checked if the text shows it
    (`mcr.microsoft.com/dotnet/aspnet:$TAG`).

    Differences from hadolint (DL3026): hadolint compares registry names as written, so
    with `docker.io` trusted it rejects `index.docker.io/library/debian`, and with
    `hub.docker.com` trusted it rejects `docker.io/library/debian`; here all of them are
    Docker Hub. hadolint does not resolve ARG defaults and does not check ONBUILD
    `COPY --from` or `RUN --mount=from=` images.

    ## Why
    Images from unknown registries can carry anything. An allow-list keeps base images to
    the mirrors and vendors your organisation has vetted.

    ## Example
    ```dockerfile
    FROM quay.io/prometheus/busybox:1.36
    ```

    ## Use instead
    ```dockerfile
    FROM docker.io/library/busybox:1.36
    ```

    with, in the configuration:

    ```toml
    [settings]
    trusted-registries = ["docker.io"]
    ```

    ## Fix safety
    No automatic fix.
    """

    code = "DLX204"
    name = "untrusted-registry"
    aliases = ("DL3026",)
    category = "pinning"
    severity = Severity.ERROR
    settings: ClassVar[dict[str, Any]] = {"trusted-registries": ()}
    #: What the documented Example needs to fire (the rule is silent without a list).
    example_settings: ClassVar[dict[str, Any]] = {"trusted-registries": ("docker.io",)}

    def finish(self) -> None:
        setting = self.setting("trusted-registries") or ()
        if isinstance(setting, str):
            setting = (setting,)
        allowed = frozenset(normal_registry(str(r)) for r in setting if str(r).strip())
        if not allowed:
            return
        shown = ", ".join(sorted(allowed))
        for use in image_uses(self):
            registry = use.registry
            if registry is not None and not _registry_allowed(registry, allowed):
                self.report(
                    use.span,
                    f"{use.what} comes from registry '{registry}', which is not in "
                    f"trusted-registries ({shown}): use an image from a trusted registry",
                )
