"""Real registries for the registry client's tests, all on 127.0.0.1, nothing leaves the machine.

Three ``docker-registry serve`` processes (the CNCF distribution registry, Debian's
``docker-registry``) on free ports, for the session: ``plain`` over HTTP without auth (an
insecure registry), ``basic`` over TLS with a certificate from a CA made here and htpasswd
Basic auth, ``token`` with token auth, whose realm is a small token service in a thread
that signs RS256 JWTs (with ``openssl``) with the certificate the registry trusts. Images
are pushed through the registry API: `Registry.push_image` (an OCI image: config and one
layer) and `Registry.push_index` (a two-platform OCI index).
"""

from __future__ import annotations

import base64
import gzip
import hashlib
import http.client
import io
import json
import os
import shutil
import socket
import ssl
import subprocess
import tarfile
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.parse import parse_qs, urljoin, urlsplit

import pytest

USER = "alice"
PASSWORD = "s3cret-Pa55word"
SERVICE = "dlint-test-registry"
ISSUER = "dlint-test-issuer"
OCI_MANIFEST = "application/vnd.oci.image.manifest.v1+json"
OCI_INDEX = "application/vnd.oci.image.index.v1+json"
OCI_CONFIG = "application/vnd.oci.image.config.v1+json"
OCI_LAYER = "application/vnd.oci.image.layer.v1.tar+gzip"
_READY_WITHIN = 15.0


def free_port() -> int:
    """A TCP port nobody listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _run(*command: str) -> None:
    subprocess.run(command, check=True, capture_output=True)


@dataclass(frozen=True)
class Pki:
    """A CA, a server certificate for 127.0.0.1 it signed, and a token-signing pair."""

    ca_cert: Path
    server_cert: Path
    server_key: Path
    signing_cert: Path
    signing_key: Path


@pytest.fixture(scope="session")
def pki(tmp_path_factory: pytest.TempPathFactory) -> Pki:
    if shutil.which("openssl") is None:
        pytest.skip("openssl is not installed")
    d = tmp_path_factory.mktemp("pki")
    ca_key, ca_cert = d / "ca.key", d / "ca.crt"
    _run(
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
        "-keyout", str(ca_key), "-out", str(ca_cert), "-subj", "/CN=dlint test CA",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
    )
    server_key, csr, server_cert = d / "server.key", d / "server.csr", d / "server.crt"
    _run(
        "openssl", "req", "-newkey", "rsa:2048", "-nodes", "-sha256",
        "-keyout", str(server_key), "-out", str(csr), "-subj", "/CN=127.0.0.1",
    )
    extensions = d / "server.ext"
    extensions.write_text(
        "subjectAltName=IP:127.0.0.1,DNS:localhost\n"
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyEncipherment\n"
        "extendedKeyUsage=serverAuth\n"
        "authorityKeyIdentifier=keyid\n"
    )
    _run(
        "openssl", "x509", "-req", "-in", str(csr), "-CA", str(ca_cert), "-CAkey", str(ca_key),
        "-CAcreateserial", "-days", "2", "-sha256", "-extfile", str(extensions),
        "-out", str(server_cert),
    )
    signing_key, signing_cert = d / "signing.key", d / "signing.crt"
    _run(
        "openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-sha256", "-days", "2",
        "-keyout", str(signing_key), "-out", str(signing_cert), "-subj", "/CN=dlint token signer",
    )
    return Pki(ca_cert, server_cert, server_key, signing_cert, signing_key)


# ---------------------------------------------------------------- HTTP for the tests


def http_call(
    method: str,
    url: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    context: ssl.SSLContext | None = None,
) -> tuple[int, dict[str, str], bytes]:
    """One request; status, headers (lower-case names), body."""
    parts = urlsplit(url)
    connection: http.client.HTTPConnection
    if parts.scheme == "https":
        connection = http.client.HTTPSConnection(parts.netloc, timeout=10, context=context)
    else:
        connection = http.client.HTTPConnection(parts.netloc, timeout=10)
    target = parts.path + (f"?{parts.query}" if parts.query else "")
    try:
        connection.request(method, target, body=body, headers=headers or {})
        answer = connection.getresponse()
        data = answer.read()
        return answer.status, {k.lower(): v for k, v in answer.getheaders()}, data
    finally:
        connection.close()


def sha256(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


# ---------------------------------------------------------------- the token service


def _b64url(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


class TokenService:
    """The documented token flow: ``GET realm?service=&scope=`` (Basic auth optional)."""

    def __init__(self, pki: Pki) -> None:
        self.pki = pki
        der = subprocess.run(
            ["openssl", "x509", "-in", str(pki.signing_cert), "-outform", "DER"],
            check=True, capture_output=True,
        ).stdout
        self._x5c = base64.b64encode(der).decode("ascii")
        self.requests: list[dict[str, str]] = []
        self.port = free_port()
        self.realm = f"http://127.0.0.1:{self.port}/token"
        service = self

        class Handler(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_GET(self) -> None:
                service._answer(self)

        self._server = ThreadingHTTPServer(("127.0.0.1", self.port), Handler)
        self._thread = threading.Thread(target=self._server.serve_forever, daemon=True)
        self._thread.start()

    def close(self) -> None:
        self._server.shutdown()
        self._server.server_close()

    def issue(self, subject: str, scopes: list[str]) -> str:
        """A signed JWT granting ``scopes`` (``repository:name:pull,push``)."""
        now = int(time.time())
        access = []
        for scope in scopes:
            kind, _, rest = scope.partition(":")
            name, _, actions = rest.rpartition(":")
            access.append({"type": kind, "name": name, "actions": actions.split(",")})
        header = {"typ": "JWT", "alg": "RS256", "x5c": [self._x5c]}
        claims = {
            "iss": ISSUER, "sub": subject, "aud": SERVICE, "exp": now + 300, "nbf": now - 10,
            "iat": now, "jti": uuid.uuid4().hex, "access": access,
        }
        signing_input = (
            _b64url(json.dumps(header).encode()) + "." + _b64url(json.dumps(claims).encode())
        )
        signature = subprocess.run(
            ["openssl", "dgst", "-sha256", "-sign", str(self.pki.signing_key)],
            input=signing_input.encode(), check=True, capture_output=True,
        ).stdout
        return signing_input + "." + _b64url(signature)

    def _answer(self, handler: BaseHTTPRequestHandler) -> None:
        query = parse_qs(urlsplit(handler.path).query)
        authorization = handler.headers.get("Authorization", "")
        self.requests.append({"path": handler.path, "authorization": authorization})
        subject = ""
        if authorization:
            expected = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
            if authorization != f"Basic {expected}":
                handler.send_response(401)
                handler.send_header("Content-Type", "application/json")
                handler.end_headers()
                handler.wfile.write(b'{"details": "wrong credentials"}')
                return
            subject = USER
        scopes = query.get("scope", []) if subject else []  # anonymous: no access
        token = self.issue(subject, scopes)
        body = json.dumps({"token": token, "access_token": token, "expires_in": 300}).encode()
        handler.send_response(200)
        handler.send_header("Content-Type", "application/json")
        handler.send_header("Content-Length", str(len(body)))
        handler.end_headers()
        handler.wfile.write(body)


# ---------------------------------------------------------------- the registries


@dataclass
class Registry:
    """A running ``docker-registry``: where it is, and how the tests push to it."""

    host: str
    scheme: str
    push_headers: dict[str, str] = field(default_factory=dict)
    context: ssl.SSLContext | None = None
    token_service: TokenService | None = None

    @property
    def url(self) -> str:
        return f"{self.scheme}://{self.host}"

    def _headers(self, repository: str) -> dict[str, str]:
        if self.token_service is not None:
            token = self.token_service.issue(USER, [f"repository:{repository}:pull,push"])
            return {"Authorization": f"Bearer {token}"}
        return dict(self.push_headers)

    def _call(
        self, method: str, url: str, repository: str, body: bytes | None = None,
        headers: dict[str, str] | None = None,
    ) -> tuple[int, dict[str, str], bytes]:
        sent = {**self._headers(repository), **(headers or {})}
        return http_call(method, url, body, sent, self.context)

    def push_blob(self, repository: str, data: bytes) -> str:
        digest = sha256(data)
        status, headers, body = self._call(
            "POST", f"{self.url}/v2/{repository}/blobs/uploads/", repository, b""
        )
        assert status == 202, (status, body)
        location = urljoin(self.url + "/", headers["location"])
        location += ("&" if "?" in location else "?") + f"digest={digest}"
        status, _, body = self._call(
            "PUT", location, repository, data, {"Content-Type": "application/octet-stream"}
        )
        assert status == 201, (status, body)
        return digest

    def push_manifest(self, repository: str, reference: str, manifest: dict[str, object]) -> str:
        data = json.dumps(manifest).encode()
        status, headers, body = self._call(
            "PUT", f"{self.url}/v2/{repository}/manifests/{reference}", repository, data,
            {"Content-Type": str(manifest["mediaType"])},
        )
        assert status == 201, (status, body)
        assert headers["docker-content-digest"] == sha256(data)
        return sha256(data)

    def push_image(
        self, repository: str, tag: str | None, arch: str = "amd64", variant: str | None = None
    ) -> str:
        """A small OCI image (a config and one layer of one unique file); its digest."""
        layer_tar = io.BytesIO()
        with tarfile.open(fileobj=layer_tar, mode="w") as archive:
            content = f"{repository} {arch} {uuid.uuid4().hex}\n".encode()
            info = tarfile.TarInfo("hello.txt")
            info.size = len(content)
            archive.addfile(info, io.BytesIO(content))
        layer = gzip.compress(layer_tar.getvalue(), mtime=0)
        platform = {"architecture": arch, "os": "linux"} | ({"variant": variant} if variant else {})
        config = json.dumps(
            platform | {"rootfs": {"type": "layers", "diff_ids": [sha256(layer_tar.getvalue())]}}
        ).encode()
        manifest = {
            "schemaVersion": 2,
            "mediaType": OCI_MANIFEST,
            "config": {"mediaType": OCI_CONFIG, "digest": self.push_blob(repository, config),
                       "size": len(config)},
            "layers": [{"mediaType": OCI_LAYER, "digest": self.push_blob(repository, layer),
                        "size": len(layer)}],
        }
        digest = self.push_manifest(repository, tag or sha256(json.dumps(manifest).encode()),
                                    manifest)
        return digest

    def push_index(self, repository: str, tag: str) -> tuple[str, dict[str, str]]:
        """A two-platform OCI index (linux/amd64, linux/arm64); its digest and each platform's."""
        platforms: dict[str, str] = {}
        descriptors = []
        for arch in ("amd64", "arm64"):
            digest = self.push_image(repository, None, arch)
            status, _, body = self._call(
                "GET", f"{self.url}/v2/{repository}/manifests/{digest}", repository,
                headers={"Accept": OCI_MANIFEST},
            )
            assert status == 200, (status, body)
            platforms[f"linux/{arch}"] = digest
            descriptors.append({"mediaType": OCI_MANIFEST, "digest": digest, "size": len(body),
                                "platform": {"architecture": arch, "os": "linux"}})
        index = {"schemaVersion": 2, "mediaType": OCI_INDEX, "manifests": descriptors}
        return self.push_manifest(repository, tag, index), platforms


def start_registry(
    folder: Path, port: int, extra: str, scheme: str, context: ssl.SSLContext | None
) -> subprocess.Popen[bytes]:
    """``docker-registry serve`` on 127.0.0.1:``port`` with its storage in ``folder``
    (``extra``: more configuration), once it answers (``bench/pin.py`` uses it too)."""
    if shutil.which("docker-registry") is None:
        pytest.skip("docker-registry is not installed (apt-get install docker-registry)")
    config = folder / "config.yml"
    config.write_text(
        "version: 0.1\n"
        "log:\n  level: error\n  accesslog:\n    disabled: true\n"
        f"storage:\n  filesystem:\n    rootdirectory: {folder / 'storage'}\n"
        "  delete:\n    enabled: true\n"
        f"http:\n  addr: 127.0.0.1:{port}\n  secret: dlint-test-secret\n"
        + extra
    )
    process = subprocess.Popen(
        ["docker-registry", "serve", str(config)],
        stdout=subprocess.DEVNULL, stderr=open(folder / "registry.log", "wb"),  # noqa: SIM115
    )
    deadline = time.monotonic() + _READY_WITHIN
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"docker-registry stopped: {(folder / 'registry.log').read_text()}")
        try:
            http_call("GET", f"{scheme}://127.0.0.1:{port}/v2/", context=context)
            return process
        except OSError:
            time.sleep(0.05)
    process.kill()
    raise RuntimeError(f"docker-registry on port {port} not ready in {_READY_WITHIN} s")


def stop_registry(process: subprocess.Popen[bytes]) -> None:
    """Stop a registry `start_registry` started."""
    process.terminate()
    try:
        process.wait(timeout=5)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


@pytest.fixture(scope="session")
def plain_registry(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Registry]:
    """An insecure registry: plain HTTP, no auth."""
    port = free_port()
    process = start_registry(tmp_path_factory.mktemp("plain"), port, "", "http", None)
    yield Registry(f"127.0.0.1:{port}", "http")
    stop_registry(process)


@pytest.fixture(scope="session")
def basic_registry(tmp_path_factory: pytest.TempPathFactory, pki: Pki) -> Iterator[Registry]:
    """TLS with a certificate of the test CA, htpasswd Basic auth (`USER`, `PASSWORD`)."""
    if shutil.which("htpasswd") is None:
        pytest.skip("htpasswd is not installed (apt-get install apache2-utils)")
    folder = tmp_path_factory.mktemp("basic")
    htpasswd = folder / "htpasswd"
    with htpasswd.open("wb") as stream:
        subprocess.run(["htpasswd", "-Bbn", USER, PASSWORD], check=True, stdout=stream)
    port = free_port()
    context = ssl.create_default_context(cafile=str(pki.ca_cert))
    extra = (
        f"  tls:\n    certificate: {pki.server_cert}\n    key: {pki.server_key}\n"
        f"auth:\n  htpasswd:\n    realm: dlint-basic\n    path: {htpasswd}\n"
    )
    process = start_registry(folder, port, extra, "https", context)
    basic = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    yield Registry(f"127.0.0.1:{port}", "https", {"Authorization": f"Basic {basic}"}, context)
    stop_registry(process)


@pytest.fixture(scope="session")
def token_registry(tmp_path_factory: pytest.TempPathFactory, pki: Pki) -> Iterator[Registry]:
    """Plain HTTP (insecure) with token auth; the realm is a `TokenService`."""
    service = TokenService(pki)
    port = free_port()
    extra = (
        f"auth:\n  token:\n    realm: {service.realm}\n    service: {SERVICE}\n"
        f"    issuer: {ISSUER}\n    rootcertbundle: {pki.signing_cert}\n"
    )
    process = start_registry(tmp_path_factory.mktemp("token"), port, extra, "http", None)
    yield Registry(f"127.0.0.1:{port}", "http", token_service=service)
    stop_registry(process)
    service.close()


@pytest.fixture
def isolated(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """No credentials, CAs or proxies of the machine: an empty Docker config folder."""
    for name in ("DOCKER_CONFIG", "REGISTRY_AUTH_FILE", "XDG_RUNTIME_DIR", "HTTPS_PROXY",
                 "https_proxy", "HTTP_PROXY", "http_proxy", "ALL_PROXY", "all_proxy"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    monkeypatch.setenv("DLINT_CACHE_DIR", str(tmp_path / "cache"))
    docker = tmp_path / "docker"
    docker.mkdir()
    return docker


def write_docker_config(folder: Path, config: dict[str, object]) -> None:
    (folder / "config.json").write_text(json.dumps(config))


def basic_auth_entry(user: str = USER, password: str = PASSWORD) -> dict[str, str]:
    return {"auth": base64.b64encode(f"{user}:{password}".encode()).decode()}


def env_path_with(folder: Path) -> str:
    return f"{folder}{os.pathsep}{os.environ.get('PATH', '')}"
