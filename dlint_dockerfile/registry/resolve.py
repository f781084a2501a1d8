"""`resolve_all`: many references at once, each distinct one looked up once, in a pool."""

from __future__ import annotations

import time
from collections.abc import Iterable
from concurrent.futures import ThreadPoolExecutor

from dlint_dockerfile.lint.pin_options import CACHE_MAX_AGE, PinOptions
from dlint_dockerfile.model.reference import ImageReferenceError, parse_reference
from dlint_dockerfile.registry.cache import DigestCache
from dlint_dockerfile.registry.client import RegistryClient, canonical_reference
from dlint_dockerfile.registry.settings import RegistrySettings, Resolution

__all__ = ["NOT_CACHED", "resolve_all", "resolve_pins"]

#: The error of a reference looked up offline that the cache does not hold.
NOT_CACHED = "not in the cache (offline)"


def resolve_all(
    references: Iterable[str],
    *,
    platform: str | None = None,
    settings: RegistrySettings | None = None,
    cache: DigestCache | None = None,
    offline: bool = False,
    refresh: bool = False,
    workers: int = 8,
    max_age: float | None = None,
) -> dict[str, Resolution]:
    """Each distinct reference resolved once, in a bounded thread pool.

    The answer maps each reference as given to its `Resolution`. ``offline``: from the
    cache only (a reference not cached gets the error `NOT_CACHED`); ``refresh``: ignore
    cached digests; ``max_age``: seconds a cached digest is used (None: any age).
    Successful lookups are written to ``cache``.
    """
    given = list(dict.fromkeys(references))
    keys: dict[str, str] = {}
    for text in given:
        try:
            keys[text] = canonical_reference(parse_reference(text))
        except ImageReferenceError:
            keys[text] = text  # the client says what is wrong with it
    answers: dict[str, Resolution] = {}
    to_look_up: list[str] = []
    now = time.time()
    for key in dict.fromkeys(keys.values()):
        hit = cache.get(key, platform) if cache is not None and not refresh else None
        fresh = hit is not None and (
            max_age is None or offline or (hit.looked_up_at or 0.0) >= now - max_age
        )
        if hit is not None and fresh:
            answers[key] = hit
        elif offline:
            answers[key] = Resolution(key, None, NOT_CACHED)
        else:
            to_look_up.append(key)
    if to_look_up:
        client = RegistryClient(settings)
        with ThreadPoolExecutor(max_workers=max(1, min(workers, len(to_look_up)))) as pool:
            found_all = pool.map(lambda key: client.resolve(key, platform), to_look_up)
            for key, found in zip(to_look_up, found_all, strict=True):
                answers[key] = found
        if cache is not None:
            cache.put_all((answers[key] for key in to_look_up), platform)
    return {text: answers[keys[text]] for text in given}


def resolve_pins(
    references: Iterable[str],
    options: PinOptions,
    *,
    cache: DigestCache,
    platform: str | None = None,
    offline: bool = False,
    refresh: bool = False,
) -> dict[str, Resolution]:
    """`resolve_all` as a configuration's ``pin`` table asks (its mirrors, insecure
    registries and platform; ``platform`` overrides it), a cached digest used for
    `CACHE_MAX_AGE`: how ``dlint pin`` and DLX203's fix look digests up."""
    settings = RegistrySettings(
        insecure=frozenset(options.insecure_registries), mirrors=options.mirrors
    )
    return resolve_all(
        references,
        platform=platform or options.platform,
        settings=settings,
        cache=cache,
        offline=offline,
        refresh=refresh,
        max_age=CACHE_MAX_AGE,
    )
