"""The images a Dockerfile pulls: FROM bases and ``--from`` images that name no stage,
resolved through ARG defaults (the pinning rules and ``dlint pin`` share them)."""

from __future__ import annotations

from collections.abc import Iterator

from dlint_dockerfile._record import record
from dlint_dockerfile.model.model import DockerfileModel, Stage, parse_mount
from dlint_dockerfile.model.reference import (
    DEFAULT_REGISTRY,
    ImageReference,
    ImageReferenceError,
    parse_reference,
)
from dlint_dockerfile.syntax import Flag

__all__ = ["ImageUse", "image_uses", "normal_registry"]


_DOCKER_HUB_ALIASES = frozenset(
    {
        "docker.io",
        "index.docker.io",
        "registry-1.docker.io",
        "hub.docker.com",
        "registry.hub.docker.com",
    }
)


@record
class ImageUse:
    """An image the build pulls: a FROM base, or a ``--from`` that names no stage."""

    #: the parsed reference; None when a variable without a value hides part of it
    image: ImageReference | None
    #: the (normalised) registry, known even when only the tag is a variable
    registry: str | None
    #: absolute offsets of the reference as written (a word, or a flag's value)
    span: tuple[int, int]
    #: True when the written text is the reference itself (no variable, no quotes)
    literal: bool
    what: str  # "base image 'x'", "image 'x' in --from"


def image_uses(model: DockerfileModel) -> Iterator[ImageUse]:
    """Every image of the file, resolved through ARG defaults.

    An image with a variable that has no value has ``image`` None, and its registry if
    the written text shows it (``ghcr.io/org/app:$TAG``).
    """
    for stage in model.stages:
        use = _stage_image(model, stage)
        if use is not None:
            yield use
    for ref in model.references:
        if ref.kind == "from" or not isinstance(ref.node, Flag):
            continue
        flag = ref.node
        raw = flag.argument
        if ref.kind == "mount-from" and raw is not None:
            raw = parse_mount(raw).get("from")
        if not raw:
            continue
        expansion = model.expand(raw, ref.instruction)
        text = expansion.text
        start, end = model.index.span(flag)
        if not expansion.complete:
            registry = _written_registry(raw)
            if registry is not None:
                yield ImageUse(None, registry, (start, end), False, f"image '{raw}' in --from")
            continue
        if not text or text.lower() == "scratch":
            continue
        if text.isdigit() or model.stage_named(text) is not None:
            continue  # a stage (also one defined later in the file)
        try:
            image = parse_reference(text)
        except ImageReferenceError:
            continue
        literal = ref.kind == "copy-from" and flag.raw == flag.value and raw == text
        if literal:
            start = end - len(text)
        what = f"image '{text}' in --from"
        yield ImageUse(image, image.registry, (start, end), literal, what)


def _stage_image(model: DockerfileModel, stage: Stage) -> ImageUse | None:
    word = stage.base_word
    if word is None or stage.parent is not None or stage.is_scratch:
        return None
    span = model.index.span(word)
    image = stage.image
    if image is None:
        if stage.base.complete:
            return None  # not a valid reference: the syntax rules report it
        registry = _written_registry(word.value)
        if registry is None:
            return None
        return ImageUse(None, registry, span, False, f"base image '{word.value}'")
    literal = word.raw == stage.base.text
    what = f"base image '{stage.base.text}'"
    if not literal:
        what += f" (from '{word.raw}')"
    return ImageUse(image, image.registry, span, literal, what)


def _written_registry(text: str) -> str | None:
    """The registry of a reference whose variables have no value, if the text shows it.

    ``ghcr.io/org/app:$TAG`` → ``ghcr.io``; ``debian:$TAG`` → ``docker.io``;
    ``$REGISTRY/app`` → None.
    """
    cut = text.find("$")
    prefix = text if cut < 0 else text[:cut]
    first, slash, _ = prefix.partition("/")
    if not slash:
        if "/" not in text and ":" in prefix and prefix[0] not in ":$":
            return DEFAULT_REGISTRY  # only the tag is a variable
        return None
    if first == "localhost" or "." in first or ":" in first or first.lower() != first:
        return normal_registry(first)
    return DEFAULT_REGISTRY


def normal_registry(name: str) -> str:
    name = name.strip().lower().rstrip("/")
    return DEFAULT_REGISTRY if name in _DOCKER_HUB_ALIASES else name
