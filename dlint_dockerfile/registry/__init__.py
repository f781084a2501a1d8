"""Registry lookups for ``dlint pin``: the digest an image tag points to now.

`RegistryClient` speaks the OCI Distribution protocol (``client``) with Docker's and
Podman's credentials (``credentials``), the token and Basic flows (``auth``) and TLS as
Docker configures it (``transport``); `DigestCache` keeps what was found (``cache``);
`resolve_all` looks many references up at once (``resolve``). Standard library only.
"""

from __future__ import annotations

from dlint_dockerfile.registry.cache import DigestCache
from dlint_dockerfile.registry.client import RegistryClient
from dlint_dockerfile.registry.resolve import NOT_CACHED, resolve_all, resolve_pins
from dlint_dockerfile.registry.settings import RegistrySettings, Resolution

__all__ = [
    "NOT_CACHED",
    "DigestCache",
    "RegistryClient",
    "RegistrySettings",
    "Resolution",
    "resolve_all",
    "resolve_pins",
]
