"""Pinning images by digest: which images of a file can be pinned, what to look up for
each, and the edit that writes ``name:tag@sha256:...`` (keeping the tag for people)."""

from __future__ import annotations

from dlint_dockerfile._record import record
from dlint_dockerfile.lint.diagnostic import Edit
from dlint_dockerfile.model.images import ImageUse, image_uses
from dlint_dockerfile.model.model import DockerfileModel

__all__ = ["PinPlan", "pin_plan", "plan_edit"]


@record
class PinPlan:
    """One image of a file and what pinning it takes.

    ``lookup`` is the reference whose digest to ask the registry for (``docker.io/
    library/python:3.12``), None when the image cannot be pinned, with ``reason``."""

    use: ImageUse
    lookup: str | None
    #: the digest written now (None: not pinned)
    current: str | None
    reason: str | None = None


def pin_plan(model: DockerfileModel) -> list[PinPlan]:
    """Every image of the file with what to look up for it, in the file's order."""
    plans: list[PinPlan] = []
    for use in sorted(image_uses(model), key=lambda use: use.span):
        image = use.image
        if image is None:
            plans.append(PinPlan(use, None, None, "a variable without a default hides it"))
            continue
        if image.tag is None and image.digest is not None:
            reason = "pinned without a tag: nothing to look up"
            plans.append(PinPlan(use, None, image.digest, reason))
            continue
        lookup = f"{image.full_name}:{image.tag_or_default}"
        plans.append(PinPlan(use, lookup, image.digest))
    return plans


def plan_edit(model: DockerfileModel, plan: PinPlan, digest: str) -> Edit | None:
    """The edit pinning ``plan``'s image to ``digest``: ``@digest`` after the reference
    as written, or the digest written now replaced; None when it is pinned to it already
    or the written text does not show where the digest goes."""
    if plan.current == digest:
        return None
    start, end = plan.use.span
    written = model.tree.code[start:end]
    if plan.current is None:
        return Edit(end, end, f"@{digest}")
    at = written.rfind(f"@{plan.current}")
    if at < 0:
        return None
    begin = start + at + 1
    return Edit(begin, begin + len(plan.current), digest)
