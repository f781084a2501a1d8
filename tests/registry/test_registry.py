"""The registry client against real ``docker-registry`` processes (see ``conftest.py``)."""

from __future__ import annotations

import base64
import json
import threading
import time
from collections.abc import Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from dlint_dockerfile.registry import (
    NOT_CACHED,
    DigestCache,
    RegistryClient,
    RegistrySettings,
    resolve_all,
)
from tests.registry.conftest import (
    OCI_INDEX,
    PASSWORD,
    USER,
    Pki,
    Registry,
    basic_auth_entry,
    env_path_with,
    free_port,
    sha256,
    write_docker_config,
)


def settings_for(docker: Path, **options: object) -> RegistrySettings:
    """Settings that read nothing of the machine but ``docker`` (a Docker config folder)."""
    base: dict[str, object] = {"docker_config": docker, "auth_files": (), "certs_dirs": ()}
    return RegistrySettings(**(base | options))  # type: ignore[arg-type]


def certs_d(tmp_path: Path, registry: Registry, pki: Pki) -> Path:
    folder = tmp_path / "certs.d"
    (folder / registry.host).mkdir(parents=True)
    (folder / registry.host / "ca.crt").write_bytes(pki.ca_cert.read_bytes())
    return folder


# ---------------------------------------------------------------- plain (insecure) registry


def test_anonymous_pull_on_plain_registry(plain_registry: Registry, isolated: Path) -> None:
    digest = plain_registry.push_image("anon/app", "1.0")
    client = RegistryClient(settings_for(isolated, insecure=frozenset({plain_registry.host})))
    found = client.resolve(f"{plain_registry.host}/anon/app:1.0")
    assert found.error is None
    assert found.digest == digest
    assert found.reference == f"{plain_registry.host}/anon/app:1.0"
    assert found.media_type == "application/vnd.oci.image.manifest.v1+json"
    assert found.looked_up_at is not None and not found.cached


def test_plain_http_only_for_hosts_named_insecure(plain_registry: Registry, isolated: Path) -> None:
    plain_registry.push_image("anon/https-first", "1")
    client = RegistryClient(settings_for(isolated))
    found = client.resolve(f"{plain_registry.host}/anon/https-first:1")
    assert found.digest is None
    assert found.error is not None and found.error.startswith("TLS")


def test_missing_tag(plain_registry: Registry, isolated: Path) -> None:
    plain_registry.push_image("anon/tagged", "1.0")
    client = RegistryClient(settings_for(isolated, insecure=frozenset({plain_registry.host})))
    found = client.resolve(f"{plain_registry.host}/anon/tagged:3.99")
    assert (found.digest, found.error) == (None, "unknown tag 3.99")


def test_unknown_repository(plain_registry: Registry, isolated: Path) -> None:
    client = RegistryClient(settings_for(isolated, insecure=frozenset({plain_registry.host})))
    found = client.resolve(f"{plain_registry.host}/nobody/nothing:1")
    assert (found.digest, found.error) == (None, "unknown image")


def test_registry_down_fails_quickly(isolated: Path) -> None:
    host = f"127.0.0.1:{free_port()}"
    client = RegistryClient(settings_for(isolated, insecure=frozenset({host})))
    started = time.monotonic()
    found = client.resolve(f"{host}/app:1")
    assert time.monotonic() - started < 2.0
    assert found.error == f"cannot reach {host}: connection refused"


def test_index_digest_and_platform_digest(plain_registry: Registry, isolated: Path) -> None:
    index, platforms = plain_registry.push_index("multi/app", "2")
    client = RegistryClient(settings_for(isolated, insecure=frozenset({plain_registry.host})))
    reference = f"{plain_registry.host}/multi/app:2"
    whole = client.resolve(reference)
    assert (whole.digest, whole.media_type) == (index, OCI_INDEX)
    arm = client.resolve(reference, platform="linux/arm64")
    assert arm.error is None and arm.digest == platforms["linux/arm64"]
    amd = client.resolve(reference, platform="linux/amd64")
    assert amd.digest == platforms["linux/amd64"] != arm.digest
    missing = client.resolve(reference, platform="linux/s390x")
    assert missing.error == (
        f"no linux/s390x image in {reference} (it has: linux/amd64, linux/arm64)"
    )


def test_moved_tag_gives_the_new_digest(plain_registry: Registry, isolated: Path) -> None:
    first = plain_registry.push_image("moving/app", "stable")
    client = RegistryClient(settings_for(isolated, insecure=frozenset({plain_registry.host})))
    reference = f"{plain_registry.host}/moving/app:stable"
    assert client.resolve(reference).digest == first
    second = plain_registry.push_image("moving/app", "stable")
    assert second != first
    assert client.resolve(reference).digest == second


def test_mirror_answers_for_docker_hub(plain_registry: Registry, isolated: Path) -> None:
    digest = plain_registry.push_image("library/alpine", "3.20")
    settings = settings_for(
        isolated,
        insecure=frozenset({plain_registry.host}),
        mirrors={"docker.io": plain_registry.host},
    )
    found = RegistryClient(settings).resolve("alpine:3.20")
    assert (found.reference, found.digest, found.error) == (
        "docker.io/library/alpine:3.20",
        digest,
        None,
    )


# ---------------------------------------------------------------- TLS and Basic auth


def test_untrusted_ca_says_how_to_fix(basic_registry: Registry, isolated: Path) -> None:
    basic_registry.push_image("tls/app", "1")
    found = RegistryClient(settings_for(isolated, certs_dirs=(Path("/etc/docker/certs.d"),)))
    answer = found.resolve(f"{basic_registry.host}/tls/app:1")
    assert answer.digest is None and answer.error is not None
    assert answer.error.startswith(f"TLS: certificate of {basic_registry.host} not trusted")
    assert f"add its CA to /etc/docker/certs.d/{basic_registry.host}/ca.crt" in answer.error


def test_ca_from_certs_d_and_basic_auth(
    basic_registry: Registry, pki: Pki, isolated: Path, tmp_path: Path
) -> None:
    digest = basic_registry.push_image("tls/ok", "1")
    write_docker_config(isolated, {"auths": {basic_registry.host: basic_auth_entry()}})
    settings = settings_for(isolated, certs_dirs=(certs_d(tmp_path, basic_registry, pki),))
    found = RegistryClient(settings).resolve(f"{basic_registry.host}/tls/ok:1")
    assert (found.digest, found.error) == (digest, None)


def test_basic_auth_without_credentials(
    basic_registry: Registry, pki: Pki, isolated: Path, tmp_path: Path
) -> None:
    basic_registry.push_image("tls/login", "1")
    settings = settings_for(isolated, certs_dirs=(certs_d(tmp_path, basic_registry, pki),))
    found = RegistryClient(settings).resolve(f"{basic_registry.host}/tls/login:1")
    assert found.error == (
        f"unauthorized: {basic_registry.host} needs a login (docker login {basic_registry.host})"
    )


def test_wrong_password_is_unauthorized_and_secret_free(
    basic_registry: Registry, pki: Pki, isolated: Path, tmp_path: Path
) -> None:
    basic_registry.push_image("tls/wrong", "1")
    write_docker_config(
        isolated, {"auths": {basic_registry.host: basic_auth_entry(password="not-the-Pa55")}}
    )
    settings = settings_for(isolated, certs_dirs=(certs_d(tmp_path, basic_registry, pki),))
    found = RegistryClient(settings).resolve(f"{basic_registry.host}/tls/wrong:1")
    assert found.error == f"unauthorized: wrong user name or password for {basic_registry.host}"
    assert "not-the-Pa55" not in repr(found)


def test_credentials_from_a_cred_helper(
    basic_registry: Registry, pki: Pki, isolated: Path, tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    digest = basic_registry.push_image("tls/helper", "1")
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    asked = tmp_path / "asked"
    helper = bin_dir / "docker-credential-test"
    answer = json.dumps({"ServerURL": basic_registry.host, "Username": USER, "Secret": PASSWORD})
    helper.write_text(
        "#!/bin/sh\n"
        f'[ "$1" = get ] || exit 1\ncat > "{asked}"\n'
        f"printf '%s' '{answer}'\n"
    )
    helper.chmod(0o755)
    monkeypatch.setenv("PATH", env_path_with(bin_dir))
    write_docker_config(isolated, {"credHelpers": {basic_registry.host: "test"}})
    settings = settings_for(isolated, certs_dirs=(certs_d(tmp_path, basic_registry, pki),))
    found = RegistryClient(settings).resolve(f"{basic_registry.host}/tls/helper:1")
    assert (found.digest, found.error) == (digest, None)
    assert asked.read_text() == basic_registry.host


def test_credentials_from_podman_auth_json(
    basic_registry: Registry, pki: Pki, isolated: Path, tmp_path: Path
) -> None:
    digest = basic_registry.push_image("tls/podman", "1")
    auth_file = tmp_path / "auth.json"
    auth_file.write_text(json.dumps({"auths": {f"{basic_registry.host}/tls": basic_auth_entry()}}))
    settings = settings_for(
        isolated,
        auth_files=(auth_file,),
        certs_dirs=(certs_d(tmp_path, basic_registry, pki),),
    )
    found = RegistryClient(settings).resolve(f"{basic_registry.host}/tls/podman:1")
    assert (found.digest, found.error) == (digest, None)


# ---------------------------------------------------------------- token auth


def test_token_auth(token_registry: Registry, isolated: Path) -> None:
    digest = token_registry.push_image("team/service", "1.2")
    write_docker_config(isolated, {"auths": {token_registry.host: basic_auth_entry()}})
    assert token_registry.token_service is not None
    token_registry.token_service.requests.clear()
    client = RegistryClient(settings_for(isolated, insecure=frozenset({token_registry.host})))
    found = client.resolve(f"{token_registry.host}/team/service:1.2")
    assert (found.digest, found.error) == (digest, None)
    again = client.resolve(f"{token_registry.host}/team/service:1.2")
    assert again.digest == digest
    asked = token_registry.token_service.requests
    assert len(asked) == 1, "the token is kept for the scope"
    assert "scope=repository%3Ateam%2Fservice%3Apull" in asked[0]["path"]


def test_token_auth_wrong_password(token_registry: Registry, isolated: Path) -> None:
    token_registry.push_image("team/locked", "1")
    write_docker_config(
        isolated, {"auths": {token_registry.host: basic_auth_entry(password="Wr0ng-secret")}}
    )
    client = RegistryClient(settings_for(isolated, insecure=frozenset({token_registry.host})))
    found = client.resolve(f"{token_registry.host}/team/locked:1")
    assert found.error == f"unauthorized: wrong user name or password for {token_registry.host}"


def test_token_auth_anonymous_is_refused(token_registry: Registry, isolated: Path) -> None:
    token_registry.push_image("team/private", "1")
    client = RegistryClient(settings_for(isolated, insecure=frozenset({token_registry.host})))
    found = client.resolve(f"{token_registry.host}/team/private:1")
    assert found.digest is None
    assert found.error == (
        f"unauthorized: {token_registry.host} needs a login, or the image does not exist"
    )


# ---------------------------------------------------------------- servers that misbehave


Handler = Callable[[BaseHTTPRequestHandler], None]


@pytest.fixture
def fake_registry() -> Iterator[Callable[[Handler], str]]:
    """A tiny HTTP server answering with the handler a test gives; its host."""
    servers: list[ThreadingHTTPServer] = []

    def start(answer: Handler) -> str:
        class Fake(BaseHTTPRequestHandler):
            def log_message(self, *args: object) -> None:
                pass

            def do_HEAD(self) -> None:
                answer(self)

            def do_GET(self) -> None:
                answer(self)

        server = ThreadingHTTPServer(("127.0.0.1", 0), Fake)
        threading.Thread(target=server.serve_forever, daemon=True).start()
        servers.append(server)
        return f"127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


MANIFEST = json.dumps(
    {"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json"}
)


def _send(
    handler: BaseHTTPRequestHandler, status: int, headers: dict[str, str], body: bytes
) -> None:
    handler.send_response(status)
    for name, value in headers.items():
        handler.send_header(name, value)
    handler.send_header("Content-Length", str(len(body)))
    handler.end_headers()
    if handler.command != "HEAD":
        handler.wfile.write(body)


def test_digest_checked_against_the_body(
    fake_registry: Callable[[Handler], str], isolated: Path
) -> None:
    lie = "sha256:" + "0" * 64

    def answer(handler: BaseHTTPRequestHandler) -> None:
        headers = {"Content-Type": "application/vnd.oci.image.manifest.v1+json"}
        if handler.command == "GET":
            headers["Docker-Content-Digest"] = lie
        _send(handler, 200, headers, MANIFEST.encode())

    host = fake_registry(answer)
    client = RegistryClient(settings_for(isolated, insecure=frozenset({host})))
    found = client.resolve(f"{host}/liar/app:1")
    assert found.digest is None
    assert found.error == (
        f"digest mismatch: {host} said {lie} but sent a manifest whose digest is "
        f"{sha256(MANIFEST.encode())}"
    )


def test_429_then_200_is_retried(fake_registry: Callable[[Handler], str], isolated: Path) -> None:
    calls: list[str] = []
    digest = sha256(MANIFEST.encode())

    def answer(handler: BaseHTTPRequestHandler) -> None:
        calls.append(handler.command)
        if len(calls) == 1:
            _send(handler, 429, {"Retry-After": "0"}, b"")
        else:
            _send(handler, 200, {"Docker-Content-Digest": digest}, MANIFEST.encode())

    host = fake_registry(answer)
    client = RegistryClient(settings_for(isolated, insecure=frozenset({host})))
    found = client.resolve(f"{host}/busy/app:1")
    assert (found.digest, found.error) == (digest, None)
    assert calls == ["HEAD", "HEAD"]


def test_429_for_ever_gives_up(fake_registry: Callable[[Handler], str], isolated: Path) -> None:
    host = fake_registry(lambda handler: _send(handler, 429, {"Retry-After": "0"}, b""))
    client = RegistryClient(settings_for(isolated, insecure=frozenset({host}), retries=2))
    found = client.resolve(f"{host}/busy/app:1")
    assert found.error == f"too many requests: {host} answered HTTP 429"


# ---------------------------------------------------------------- the cache and resolve_all


def test_cache_offline_refresh_and_no_secrets(
    basic_registry: Registry, plain_registry: Registry, pki: Pki, isolated: Path, tmp_path: Path
) -> None:
    first = plain_registry.push_image("cached/app", "1")
    private = basic_registry.push_image("cached/private", "1")
    write_docker_config(isolated, {"auths": {basic_registry.host: basic_auth_entry()}})
    settings = settings_for(
        isolated,
        insecure=frozenset({plain_registry.host}),
        certs_dirs=(certs_d(tmp_path, basic_registry, pki),),
    )
    cache = DigestCache(tmp_path / "digests.json")
    public = f"{plain_registry.host}/cached/app:1"
    secret = f"{basic_registry.host}/cached/private:1"
    missing = f"{plain_registry.host}/cached/missing:1"

    offline = resolve_all([public], settings=settings, cache=cache, offline=True)
    assert offline[public].error == NOT_CACHED

    online = resolve_all([public, secret, missing, public], settings=settings, cache=cache)
    assert list(online) == [public, secret, missing]
    assert online[public].digest == first and online[secret].digest == private
    assert online[missing].error == "unknown image"

    reread = DigestCache(tmp_path / "digests.json")
    hit = resolve_all([public, missing], settings=settings, cache=reread, offline=True)
    assert hit[public].cached and hit[public].digest == first
    assert hit[public].looked_up_at == online[public].looked_up_at
    assert hit[missing].error == NOT_CACHED, "errors are not cached"

    moved = plain_registry.push_image("cached/app", "1")
    stale = resolve_all([public], settings=settings, cache=reread)
    assert stale[public].cached and stale[public].digest == first
    fresh = resolve_all([public], settings=settings, cache=reread, refresh=True)
    assert not fresh[public].cached and fresh[public].digest == moved
    assert DigestCache(tmp_path / "digests.json").get(public, None).digest == moved  # type: ignore[union-attr]

    text = (tmp_path / "digests.json").read_text()
    encoded = base64.b64encode(f"{USER}:{PASSWORD}".encode()).decode()
    assert PASSWORD not in text and encoded not in text and USER not in text


def test_resolve_all_one_error_never_stops_the_others(
    plain_registry: Registry, isolated: Path
) -> None:
    digests = {
        f"{plain_registry.host}/many/app{i}:1": plain_registry.push_image(f"many/app{i}", "1")
        for i in range(6)
    }
    down = f"127.0.0.1:{free_port()}"
    settings = settings_for(isolated, insecure=frozenset({plain_registry.host, down}))
    references = [*digests, f"{down}/x:1", "Not A Reference"]
    found = resolve_all(references, settings=settings, workers=4)
    assert {ref: found[ref].digest for ref in digests} == digests
    assert found[f"{down}/x:1"].error == f"cannot reach {down}: connection refused"
    assert found["Not A Reference"].error is not None
    assert found["Not A Reference"].error.startswith("invalid reference")
