"""Plain-HTTP URLs, as downloads (ADD sources, curl and wget) are judged.

`plain_http_host` tells whether a URL is fetched over plain HTTP from another machine:
it gives the URL's host (with its port, if any) or None for ``https://``, other schemes
and the local machine (``localhost``, ``127.0.0.1``, ``[::1]``, ``host.docker.internal``),
where nothing travels over a network someone else could tamper with.
"""

from __future__ import annotations

__all__ = ["has_port", "plain_http_host"]

_LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "[::1]", "host.docker.internal"})


def plain_http_host(url: str) -> str | None:
    """The lower-cased ``host[:port]`` of an ``http://`` URL to another machine, else None."""
    if url[:7].lower() != "http://":
        return None
    host = url[7:].split("/", 1)[0].split("?", 1)[0].split("#", 1)[0].rsplit("@", 1)[-1].lower()
    if not host:
        return None
    name = host if host.startswith("[") else host.split(":", 1)[0]
    if name.startswith("[") and "]" in name:
        name = name[: name.index("]") + 1]
    return None if name in _LOCAL_HOSTS else host


def has_port(host: str) -> bool:
    """Whether ``host`` (from `plain_http_host`) names a port: HTTPS is rarely served there."""
    return ":" in host.rsplit("]", 1)[-1]
