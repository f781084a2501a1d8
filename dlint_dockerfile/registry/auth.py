"""Registry authentication: anonymous first, then what the ``401`` challenge asks for.

``WWW-Authenticate: Basic`` gets the credentials as a Basic header; ``Bearer realm=...,
service=...`` gets a token from the realm for the scope ``repository:<name>:pull`` (with
the credentials as Basic auth, or an identity token as an OAuth refresh-token grant), read
from ``token`` or ``access_token``. Headers are kept per host and repository in memory
only, until the token's ``expires_in`` runs out or the registry rejects it. Credentials
go over plain HTTP only to a host named insecure (or the registry's own host).
"""

from __future__ import annotations

import base64
import json
import re
import threading
import time
from urllib.parse import urlencode, urlsplit

from dlint_dockerfile.registry.credentials import Credentials, find_credentials
from dlint_dockerfile.registry.settings import RegistrySettings
from dlint_dockerfile.registry.transport import Transport

__all__ = ["AuthError", "Authenticator", "parse_challenge"]

_DEFAULT_TOKEN_LIFE = 60.0
_CHALLENGE_PARAM = re.compile(r'\s*([A-Za-z_][\w-]*)\s*=\s*(?:"((?:[^"\\]|\\.)*)"|([^\s,]*))\s*,?')


class AuthError(Exception):
    """Authentication failed: one line, safe to show (never a secret)."""


def parse_challenge(header: str) -> tuple[str, dict[str, str]]:
    """``Bearer realm="x",service="y"`` -> ``("bearer", {"realm": "x", "service": "y"})``."""
    scheme, _, rest = header.strip().partition(" ")
    params = {
        match.group(1).lower(): _unquote(match.group(2), match.group(3))
        for match in _CHALLENGE_PARAM.finditer(rest)
    }
    return scheme.lower(), params


def _unquote(quoted: str | None, bare: str) -> str:
    return re.sub(r"\\(.)", r"\1", quoted) if quoted is not None else bare


class Authenticator:
    """The ``Authorization`` headers of one client, per host and repository."""

    def __init__(self, transport: Transport, settings: RegistrySettings) -> None:
        self._transport = transport
        self._settings = settings
        self._headers: dict[tuple[str, str], tuple[str, float]] = {}
        self._credentials: dict[tuple[str, str], Credentials | None] = {}
        self._lock = threading.Lock()

    def cached(self, host: str, repository: str) -> str | None:
        """The header to send first, if one is known and not expired."""
        with self._lock:
            entry = self._headers.get((host, repository)) or self._headers.get((host, ""))
        if entry is None or entry[1] <= time.monotonic():
            return None
        return entry[0]

    def credentials(self, registry: str, repository: str) -> Credentials | None:
        """The credentials for ``registry`` (read once per registry and repository)."""
        key = (registry, repository)
        with self._lock:
            if key in self._credentials:
                return self._credentials[key]
        found = find_credentials(registry, repository, self._settings)
        with self._lock:
            self._credentials[key] = found
        return found

    def authorize(self, registry: str, host: str, repository: str, challenge: str | None) -> str:
        """The header answering ``challenge``; raises `AuthError`."""
        if not challenge:
            raise AuthError(f"unauthorized: {host} asked for a login without saying how")
        scheme, params = parse_challenge(challenge)
        credentials = self.credentials(registry, repository)
        if scheme == "basic":
            if credentials is None or not (credentials.username or credentials.password):
                raise AuthError(f"unauthorized: {host} needs a login (docker login {registry})")
            header = _basic(credentials)
            self._keep(host, "", header, float("inf"))
            return header
        if scheme != "bearer":
            raise AuthError(f"unauthorized: {host} asks for {scheme!r} authentication")
        header, life = self._token(host, repository, params, credentials)
        self._keep(host, repository, header, life)
        return header

    def forget(self, host: str, repository: str) -> None:
        """Drop a header the registry rejected."""
        with self._lock:
            self._headers.pop((host, repository), None)
            self._headers.pop((host, ""), None)

    def _keep(self, host: str, repository: str, header: str, life: float) -> None:
        with self._lock:
            self._headers[(host, repository)] = (header, time.monotonic() + life)

    def _token(
        self,
        host: str,
        repository: str,
        params: dict[str, str],
        credentials: Credentials | None,
    ) -> tuple[str, float]:
        realm = params.get("realm", "")
        parts = urlsplit(realm)
        if parts.scheme not in ("http", "https") or not parts.netloc:
            raise AuthError(f"unauthorized: {host} names no usable token service")
        if (
            credentials is not None
            and parts.scheme == "http"
            and parts.netloc not in self._settings.insecure
            and parts.hostname != urlsplit(f"//{host}").hostname
        ):
            raise AuthError(
                f"unauthorized: not sending credentials to {parts.netloc} over plain HTTP"
            )
        query = {"scope": f"repository:{repository}:pull"}
        if "service" in params:
            query["service"] = params["service"]
        headers = {"Accept": "application/json"}
        if credentials is not None and credentials.identity_token:
            form = {
                **query,
                "grant_type": "refresh_token",
                "refresh_token": credentials.identity_token,
                "client_id": "dlint",
            }
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            response = self._transport.request(
                "POST", realm, headers, urlencode(form).encode("ascii")
            )
        else:
            if credentials is not None:
                headers["Authorization"] = _basic(credentials)
            separator = "&" if parts.query else "?"
            response = self._transport.request("GET", realm + separator + urlencode(query), headers)
        if response.status in (401, 403):
            if credentials is None:
                raise AuthError(f"unauthorized: {host} needs a login (docker login {host})")
            raise AuthError(f"unauthorized: wrong user name or password for {host}")
        if response.status != 200:
            raise AuthError(
                f"unauthorized: the token service {parts.netloc} answered HTTP {response.status}"
            )
        try:
            answer = json.loads(response.body)
        except ValueError:
            answer = None
        token = None
        if isinstance(answer, dict):
            token = answer.get("token") or answer.get("access_token")
        if not isinstance(token, str) or not token:
            raise AuthError(f"unauthorized: the token service {parts.netloc} sent no token")
        life = answer.get("expires_in") if isinstance(answer, dict) else None
        seconds = _DEFAULT_TOKEN_LIFE
        if isinstance(life, (int, float)) and life > 0:
            seconds = float(life)
        return f"Bearer {token}", max(seconds - 5.0, 1.0)


def _basic(credentials: Credentials) -> str:
    pair = f"{credentials.username}:{credentials.password}".encode()
    return "Basic " + base64.b64encode(pair).decode("ascii")
