"""What the registry client is told (`RegistrySettings`) and what it answers (`Resolution`)."""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from types import MappingProxyType

__all__ = ["RegistrySettings", "Resolution"]


@dataclass(frozen=True)
class RegistrySettings:
    """Where credentials and CAs are read, which hosts are plain HTTP or mirrored.

    ``docker_config``: the folder holding Docker's ``config.json`` (None: ``$DOCKER_CONFIG``,
    else ``~/.docker``). ``auth_files``: Podman/containers ``auth.json`` files (None:
    ``$REGISTRY_AUTH_FILE``, ``$XDG_RUNTIME_DIR/containers/auth.json``,
    ``~/.config/containers/auth.json``). ``certs_dirs``: folders with one folder per
    ``host[:port]`` holding ``ca.crt``/``*.crt`` (CAs) and ``*.cert``/``*.key`` (client
    certificates), as Docker reads them (None: ``/etc/docker/certs.d``,
    ``~/.docker/certs.d``, ``/etc/containers/certs.d``). ``insecure``: hosts reached over
    plain HTTP. ``mirrors``: registry host -> host asked instead. ``retries``: how often a
    request is tried again after 429, 5xx or a dropped connection.
    """

    docker_config: Path | None = None
    auth_files: tuple[Path, ...] | None = None
    certs_dirs: tuple[Path, ...] | None = None
    insecure: frozenset[str] = frozenset()
    mirrors: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))
    timeout: float = 10.0
    retries: int = 3

    def docker_config_dir(self) -> Path:
        """The folder of Docker's ``config.json`` these settings name."""
        if self.docker_config is not None:
            return self.docker_config
        configured = os.environ.get("DOCKER_CONFIG")
        return Path(configured) if configured else Path.home() / ".docker"

    def auth_file_paths(self) -> tuple[Path, ...]:
        """The Podman/containers ``auth.json`` files, in the order they are read."""
        if self.auth_files is not None:
            return self.auth_files
        paths: list[Path] = []
        configured = os.environ.get("REGISTRY_AUTH_FILE")
        if configured:
            paths.append(Path(configured))
        runtime = os.environ.get("XDG_RUNTIME_DIR")
        if runtime:
            paths.append(Path(runtime) / "containers" / "auth.json")
        paths.append(Path.home() / ".config" / "containers" / "auth.json")
        return tuple(paths)

    def certs_dir_paths(self) -> tuple[Path, ...]:
        """The ``certs.d`` folders, in the order they are read."""
        if self.certs_dirs is not None:
            return self.certs_dirs
        return (
            Path("/etc/docker/certs.d"),
            Path.home() / ".docker" / "certs.d",
            Path("/etc/containers/certs.d"),
        )


@dataclass(frozen=True)
class Resolution:
    """The digest a reference's tag points to, or one line saying why there is none.

    ``reference`` is canonical (``docker.io/library/alpine:3.20``); ``digest`` is the
    index's digest, or the one platform's manifest when a platform was asked for;
    ``error`` never holds a secret. ``looked_up_at`` is the ``time.time()`` of the lookup
    (kept in the cache); ``cached`` says the answer came from the cache.
    """

    reference: str
    digest: str | None
    error: str | None
    media_type: str | None = None
    looked_up_at: float | None = None
    cached: bool = False
