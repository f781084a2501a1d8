"""``dlint pin``'s options: the ``pin`` table of the configuration.

They live beside the configuration that reads them (`lint.config`); the registry client
(`dlint_dockerfile.registry`) is set up from them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["CACHE_MAX_AGE", "PIN_KEYS", "PinOptions"]

#: Seconds a cached digest pins a new reference without asking the registry again
#: (``dlint pin``, DLX203's fix; ``--offline`` takes any age, ``--check`` and ``--update``
#: always ask).
CACHE_MAX_AGE = 3600.0

#: The keys of the ``pin`` table, as written in the configuration.
PIN_KEYS = ("mirrors", "insecure-registries", "platform")


@dataclass(frozen=True)
class PinOptions:
    """Where ``dlint pin`` looks digests up."""

    #: Registry host to the host asked instead (``docker.io: mirror.example.com``).
    mirrors: dict[str, str] = field(default_factory=dict)
    #: Hosts (``host[:port]``) reached over plain HTTP.
    insecure_registries: tuple[str, ...] = ()
    #: Pin one platform's manifest (``linux/amd64``) instead of the multi-platform index.
    platform: str | None = None

    def __hash__(self) -> int:
        return hash((tuple(sorted(self.mirrors.items())), self.insecure_registries, self.platform))
