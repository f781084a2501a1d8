"""An image not pinned by digest (opt-in)."""

from __future__ import annotations

from typing import Any, ClassVar

from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.pin_options import PinOptions
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
    With the setting `pin-lookups: true` (under `settings`; off by default: a linter
    stays offline unless asked), the fix writes `@sha256:<digest>` after the reference,
    the digest the tag points to now, looked up in the registry as `dlint pin` does (the
    `pin` table's mirrors, insecure registries and platform; a digest cached less than
    an hour ago). Safe:
    the build uses the very image it uses today. Without lookups, or when the lookup
    fails, there is no fix; `dlint pin` reports why.
    """

    code = "DLX203"
    name = "image-without-digest"
    category = "pinning"
    severity = Severity.INFO
    fix = "sometimes"
    default_enabled = False
    settings: ClassVar[dict[str, Any]] = {"pin-lookups": False}

    def finish(self) -> None:
        fixes = self._fixes() if self.setting("pin-lookups") else {}
        for use in image_uses(self):
            if use.image is not None and use.image.digest is None:
                self.report(
                    use.span,
                    f"{use.what} is not pinned by digest: add '@sha256:<digest>' so the "
                    "build always uses the same image",
                    fix=fixes.get(use.span),
                )

    def _fixes(self) -> dict[tuple[int, int], Fix]:
        """The pin of each image whose tag's digest could be looked up, by its span."""
        from dlint_dockerfile.edits.pin import pin_plan, plan_edit
        from dlint_dockerfile.registry import DigestCache, resolve_pins

        plans = [p for p in pin_plan(self.model) if p.lookup and p.current is None]
        if not plans:
            return {}
        options = self.setting("pin")
        if not isinstance(options, PinOptions):
            options = PinOptions()
        lookups = sorted({p.lookup for p in plans if p.lookup})
        found = resolve_pins(lookups, options, cache=DigestCache())
        fixes: dict[tuple[int, int], Fix] = {}
        for plan in plans:
            resolution = found.get(plan.lookup or "")
            digest = resolution.digest if resolution is not None else None
            edit = plan_edit(self.model, plan, digest) if digest else None
            if edit is not None:
                title = f"pin to {digest} (what {plan.lookup} points to now)"
                fixes[plan.use.span] = Fix(title, (edit,), Applicability.SAFE)
        return fixes
