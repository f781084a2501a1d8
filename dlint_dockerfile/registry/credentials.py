"""Registry credentials, read where Docker and Podman keep them.

Docker's ``config.json`` (in `RegistrySettings.docker_config_dir`): ``credHelpers`` (per
host) before ``credsStore`` (all hosts) before ``auths``; a helper is run as
``docker-credential-<name> get`` with the server URL on standard input and answers JSON
(``Username``, ``Secret``; the user ``<token>`` means the secret is an identity token).
Then Podman's ``auth.json`` files, whose keys may name a repository
(``host/namespace/repo``; the longest matching key wins). Docker Hub is ``docker.io`` to
the caller and is found under any of its names (``https://index.docker.io/v1/`` first).

A `Credentials` never prints its secret (its ``repr`` hides it), and nothing here logs.
"""

from __future__ import annotations

import base64
import binascii
import json
import subprocess
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from dlint_dockerfile.model.reference import DEFAULT_REGISTRY
from dlint_dockerfile.registry.settings import RegistrySettings

__all__ = ["HUB_SERVER_URL", "Credentials", "find_credentials"]

#: The key Docker stores Docker Hub's login under.
HUB_SERVER_URL = "https://index.docker.io/v1/"
_HUB_NAMES = ("docker.io", "index.docker.io", "registry-1.docker.io", "registry.hub.docker.com")
_HELPER_TIMEOUT = 20.0
_TOKEN_USER = "<token>"


@dataclass(frozen=True)
class Credentials:
    """A user name and password, or an identity token (an OAuth refresh token)."""

    username: str = ""
    password: str = field(default="", repr=False)
    identity_token: str = field(default="", repr=False)


def find_credentials(
    registry: str, repository: str, settings: RegistrySettings
) -> Credentials | None:
    """The credentials for ``registry`` (a host as `parse_reference` gives it), or None."""
    found = _from_docker_config(registry, settings.docker_config_dir() / "config.json")
    if found is not None:
        return found
    for path in settings.auth_file_paths():
        found = _from_auth_file(registry, repository, path)
        if found is not None:
            return found
    return None


def _host_of_key(key: str) -> str:
    """``https://host:5000/v1/`` -> ``host:5000``; a hub name -> ``docker.io``."""
    host = key.split("://", 1)[-1].split("/", 1)[0].lower()
    return DEFAULT_REGISTRY if host in _HUB_NAMES else host


def _server_url(registry: str) -> str:
    return HUB_SERVER_URL if registry == DEFAULT_REGISTRY else registry


def _read_json(path: Path) -> dict[str, Any] | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _from_docker_config(registry: str, path: Path) -> Credentials | None:
    config = _read_json(path)
    if config is None:
        return None
    helpers = config.get("credHelpers")
    if isinstance(helpers, dict):
        for key, helper in helpers.items():
            if isinstance(helper, str) and helper and _host_of_key(key) == registry:
                return _from_helper(helper, _server_url(registry))
    store = config.get("credsStore")
    if isinstance(store, str) and store:
        found = _from_helper(store, _server_url(registry))
        if found is not None:
            return found
    auths = config.get("auths")
    if isinstance(auths, dict):
        entries = sorted(auths.items(), key=lambda item: item[0] != HUB_SERVER_URL)
        for key, entry in entries:
            if _host_of_key(key) == registry and isinstance(entry, dict):
                found = _from_entry(entry)
                if found is not None:
                    return found
    return None


def _from_auth_file(registry: str, repository: str, path: Path) -> Credentials | None:
    config = _read_json(path)
    auths = config.get("auths") if config is not None else None
    if not isinstance(auths, dict):
        return None
    best: tuple[int, Credentials] | None = None
    full = f"{registry}/{repository}"
    for key, entry in auths.items():
        if not isinstance(key, str) or not isinstance(entry, dict):
            continue
        bare = key.split("://", 1)[-1].rstrip("/")
        host, _, path_part = bare.partition("/")
        scope = _host_of_key(host) + (f"/{path_part}" if path_part and "://" not in key else "")
        if full != scope and not full.startswith(scope + "/"):
            continue
        found = _from_entry(entry)
        if found is not None and (best is None or len(scope) > best[0]):
            best = (len(scope), found)
    return best[1] if best is not None else None


def _from_entry(entry: dict[str, Any]) -> Credentials | None:
    """An ``auths`` entry: ``auth`` (base64 ``user:password``), ``identitytoken``."""
    token = entry.get("identitytoken")
    username = ""
    password = ""
    encoded = entry.get("auth")
    if isinstance(encoded, str) and encoded:
        try:
            decoded = base64.b64decode(encoded, validate=False).decode("utf-8")
        except (binascii.Error, UnicodeDecodeError):
            decoded = ""
        username, _, password = decoded.partition(":")
    elif isinstance(entry.get("username"), str) and isinstance(entry.get("password"), str):
        username, password = entry["username"], entry["password"]
    if isinstance(token, str) and token:
        return Credentials(username=username, identity_token=token)
    if username or password:
        return Credentials(username=username, password=password)
    return None


def _from_helper(helper: str, server_url: str) -> Credentials | None:
    """``docker-credential-<helper> get``; None when it is missing, fails or knows nothing."""
    try:
        done = subprocess.run(
            [f"docker-credential-{helper}", "get"],
            input=server_url,
            capture_output=True,
            text=True,
            timeout=_HELPER_TIMEOUT,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if done.returncode != 0:
        return None
    try:
        answer = json.loads(done.stdout)
    except ValueError:
        return None
    if not isinstance(answer, dict):
        return None
    username = answer.get("Username")
    secret = answer.get("Secret")
    if not isinstance(username, str) or not isinstance(secret, str) or not secret:
        return None
    if username == _TOKEN_USER:
        return Credentials(identity_token=secret)
    return Credentials(username=username, password=secret)
