"""`RegistryClient`: the digest a tag points to now, by the OCI Distribution protocol.

``HEAD /v2/<name>/manifests/<tag>`` with the ``Accept`` list of the four manifest kinds
(OCI index and manifest, Docker manifest list and v2 manifest) gives the digest in
``Docker-Content-Digest``; without that header, or with a platform asked for, the
manifest is fetched with ``GET`` and its bytes hashed: the header, when sent, must
match. With ``platform="linux/arm64"`` the digest is that platform's manifest, picked
from the index. A ``404`` is told apart by the tag list: ``unknown image`` or
``unknown tag``. Docker Hub (``docker.io``) is reached at ``registry-1.docker.io``,
unless a mirror is set for it.
"""

from __future__ import annotations

import hashlib
import json
import re
import time
from typing import Any

from dlint_dockerfile.model.reference import (
    DEFAULT_REGISTRY,
    DEFAULT_TAG,
    ImageReference,
    ImageReferenceError,
    parse_reference,
)
from dlint_dockerfile.registry.auth import Authenticator, AuthError
from dlint_dockerfile.registry.settings import RegistrySettings, Resolution
from dlint_dockerfile.registry.transport import Response, Transport, TransportError

__all__ = ["ACCEPT", "HUB_ENDPOINT", "RegistryClient", "canonical_reference"]

OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
DOCKER_LIST = "application/vnd.docker.distribution.manifest.list.v2+json"
DOCKER_MANIFEST = "application/vnd.docker.distribution.manifest.v2+json"
ACCEPT = ", ".join((OCI_INDEX, OCI_MANIFEST, DOCKER_LIST, DOCKER_MANIFEST))
INDEX_TYPES = frozenset({OCI_INDEX, DOCKER_LIST})
#: Where Docker Hub's registry API answers.
HUB_ENDPOINT = "registry-1.docker.io"
_DIGEST = re.compile(r"(sha256|sha384|sha512):[0-9a-f]+")
_MESSAGE_LENGTH = 200


class RegistryError(Exception):
    """Why a reference has no digest: one line, safe to show."""


def canonical_reference(reference: ImageReference) -> str:
    """``docker.io/library/alpine:3.20``: full name and tag (``latest`` when none)."""
    if reference.tag is None and reference.digest is not None:
        return f"{reference.full_name}@{reference.digest}"
    return f"{reference.full_name}:{reference.tag_or_default or DEFAULT_TAG}"


class RegistryClient:
    """Resolves references; one client shares its connections and tokens between threads."""

    def __init__(self, settings: RegistrySettings | None = None) -> None:
        self.settings = settings or RegistrySettings()
        self._transport = Transport(self.settings)
        self._auth = Authenticator(self._transport, self.settings)

    def resolve(self, reference: str, platform: str | None = None) -> Resolution:
        """The digest ``reference``'s tag points to; errors are in the answer, not raised."""
        now = time.time()
        try:
            parsed = parse_reference(reference)
        except ImageReferenceError as error:
            return Resolution(reference, None, f"invalid reference: {error.message}", None, now)
        canonical = canonical_reference(parsed)
        if parsed.is_scratch:
            return Resolution(canonical, None, "scratch is no image", None, now)
        try:
            wanted = _parse_platform(platform) if platform is not None else None
            digest, media_type = self._resolve(parsed, wanted)
        except (RegistryError, AuthError, TransportError) as error:
            return Resolution(canonical, None, str(error), None, now)
        return Resolution(canonical, digest, None, media_type, now)

    # ------------------------------------------------------------------ the lookup

    def _resolve(
        self, reference: ImageReference, platform: tuple[str, str, str | None] | None
    ) -> tuple[str, str | None]:
        mirror = self.settings.mirrors.get(reference.registry)
        hub = reference.registry == DEFAULT_REGISTRY
        host = mirror or (HUB_ENDPOINT if hub else reference.registry)
        login = DEFAULT_REGISTRY if host == HUB_ENDPOINT else host
        target = reference.tag or reference.digest or DEFAULT_TAG
        url = f"{self._transport.base_url(host)}/v2/{reference.repository}/manifests/{target}"
        call = _Call(self, login, host, reference.repository)
        if platform is None:
            head = call("HEAD", url)
            digest = head.headers.get("docker-content-digest", "")
            if head.status == 200 and _DIGEST.fullmatch(digest):
                _check_pinned(reference, digest)
                return digest, _media_type(head, None)
            if head.status not in (200, 405):
                call.fail(head, reference, target)
        response = call("GET", url)
        if response.status != 200:
            call.fail(response, reference, target)
        digest = _verified_digest(response, host)
        _check_pinned(reference, digest)
        manifest = _json(response.body, host)
        media_type = _media_type(response, manifest)
        if platform is None:
            return digest, media_type
        if media_type not in INDEX_TYPES and not isinstance(manifest.get("manifests"), list):
            return digest, media_type  # one image, one platform
        return _pick_platform(manifest, platform, canonical_reference(reference))


class _Call:
    """Requests for one repository, authenticated as the registry asks."""

    def __init__(self, client: RegistryClient, login: str, host: str, repository: str) -> None:
        self.client = client
        self.login = login
        self.host = host
        self.repository = repository

    def __call__(self, method: str, url: str) -> Response:
        auth = self.client._auth
        transport = self.client._transport
        headers = {"Accept": ACCEPT}
        sent = auth.cached(self.host, self.repository)
        if sent is not None:
            headers["Authorization"] = sent
        response = transport.request(method, url, headers)
        if response.status != 401:
            return response
        if sent is not None:
            auth.forget(self.host, self.repository)
        challenge = response.headers.get("www-authenticate")
        headers["Authorization"] = auth.authorize(self.login, self.host, self.repository, challenge)
        response = transport.request(method, url, headers)
        if response.status == 401:
            auth.forget(self.host, self.repository)
            if auth.credentials(self.login, self.repository) is None:
                raise RegistryError(
                    f"unauthorized: {self.host} needs a login, or the image does not exist"
                )
            raise RegistryError(f"unauthorized: wrong user name or password for {self.host}")
        return response

    def fail(self, response: Response, reference: ImageReference, target: str) -> None:
        """Raise the error that ``response`` (not 200) means."""
        status = response.status
        if status == 404:
            base = self.client._transport.base_url(self.host)
            tags = self("GET", f"{base}/v2/{self.repository}/tags/list?n=1")
            if tags.status == 404:
                raise RegistryError("unknown image")
            if reference.tag is None and reference.digest is not None:
                raise RegistryError(f"unknown digest {reference.digest}")
            raise RegistryError(f"unknown tag {target}")
        message = _registry_message(response.body)
        if status == 403:
            raise RegistryError(f"denied: {message or f'{self.host} refused access'}")
        if status == 429:
            raise RegistryError(f"too many requests: {self.host} answered HTTP 429")
        raise RegistryError(
            f"{self.host} answered HTTP {status}" + (f": {message}" if message else "")
        )


def _verified_digest(response: Response, host: str) -> str:
    """The body's digest; the ``Docker-Content-Digest`` header, when sent, must match."""
    header = response.headers.get("docker-content-digest", "")
    algorithm = header.split(":", 1)[0] if _DIGEST.fullmatch(header) else "sha256"
    digest = f"{algorithm}:{hashlib.new(algorithm, response.body).hexdigest()}"
    if header and header != digest:
        raise RegistryError(
            f"digest mismatch: {host} said {header} but sent a manifest whose digest is {digest}"
        )
    return digest


def _check_pinned(reference: ImageReference, digest: str) -> None:
    if reference.tag is None and reference.digest is not None and reference.digest != digest:
        raise RegistryError(f"digest mismatch: asked for {reference.digest}, got {digest}")


def _json(body: bytes, host: str) -> dict[str, Any]:
    try:
        data = json.loads(body)
    except ValueError:
        data = None
    if not isinstance(data, dict):
        raise RegistryError(f"{host} sent a manifest that is not a JSON object")
    return data


def _media_type(response: Response, manifest: dict[str, Any] | None) -> str | None:
    if manifest is not None and isinstance(manifest.get("mediaType"), str):
        return str(manifest["mediaType"])
    content_type = response.headers.get("content-type", "").split(";", 1)[0].strip()
    return content_type or None


def _registry_message(body: bytes) -> str:
    """The first ``errors[].message`` of a registry's error body, on one short line."""
    try:
        data = json.loads(body)
    except ValueError:
        return ""
    errors = data.get("errors") if isinstance(data, dict) else None
    if not isinstance(errors, list) or not errors or not isinstance(errors[0], dict):
        return ""
    message = str(errors[0].get("message") or errors[0].get("code") or "")
    return " ".join(message.split())[:_MESSAGE_LENGTH]


def _parse_platform(text: str) -> tuple[str, str, str | None]:
    parts = text.strip().lower().split("/")
    if len(parts) not in (2, 3) or not all(parts):
        raise RegistryError(f"invalid platform {text!r}: write os/arch[/variant], e.g. linux/arm64")
    return parts[0], parts[1], parts[2] if len(parts) == 3 else None


def _pick_platform(
    index: dict[str, Any], platform: tuple[str, str, str | None], canonical: str
) -> tuple[str, str | None]:
    """The manifest of ``platform`` in ``index`` (arm64's variant ``v8`` is the default)."""
    wanted_os, wanted_arch, wanted_variant = platform
    if wanted_arch == "arm64" and wanted_variant == "v8":
        wanted_variant = None
    seen: list[str] = []
    fallback: tuple[str, str | None] | None = None
    for descriptor in index.get("manifests") or []:
        if not isinstance(descriptor, dict) or not isinstance(descriptor.get("platform"), dict):
            continue
        found = descriptor["platform"]
        os_name, arch = str(found.get("os", "")), str(found.get("architecture", ""))
        variant = str(found.get("variant") or "") or None
        if arch == "arm64" and variant == "v8":
            variant = None
        if os_name != "unknown":
            seen.append("/".join(p for p in (os_name, arch, variant) if p))
        digest = descriptor.get("digest")
        if os_name != wanted_os or arch != wanted_arch or not isinstance(digest, str):
            continue
        if not _DIGEST.fullmatch(digest):
            continue
        media_type = descriptor.get("mediaType")
        choice = (digest, media_type if isinstance(media_type, str) else None)
        if variant == wanted_variant:
            return choice
        if wanted_variant is None and fallback is None:
            fallback = choice
    if fallback is not None:
        return fallback
    wanted = "/".join(p for p in platform if p)
    have = ", ".join(seen) or "no platforms listed"
    raise RegistryError(f"no {wanted} image in {canonical} (it has: {have})")
