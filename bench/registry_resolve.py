"""Time `resolve_all` against a local ``docker-registry`` (cold and warm cache), and compare
the standard library's HTTP client with ``requests`` on the same manifest HEADs.

    python -m bench.registry_resolve [N]

Starts a plain-HTTP registry on 127.0.0.1 (as the tests do), pushes N small images, then
resolves the N references with 1 and 8 workers (no cache), again into a cache (cold) and
from it (warm).
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from dlint_dockerfile.registry import DigestCache, RegistrySettings, resolve_all
from dlint_dockerfile.registry.client import ACCEPT
from tests.registry.conftest import Registry, _start_registry, _stop, free_port, http_call


def main() -> None:
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 200
    with tempfile.TemporaryDirectory() as folder:
        port = free_port()
        process = _start_registry(Path(folder), port, "", "http", None)
        try:
            registry = Registry(f"127.0.0.1:{port}", "http")
            started = time.perf_counter()
            references = []
            for i in range(count):
                registry.push_image(f"bench/app{i}", "1")
                references.append(f"{registry.host}/bench/app{i}:1")
            print(f"pushed {count} images in {time.perf_counter() - started:.2f} s")
            settings = RegistrySettings(
                docker_config=Path(folder) / "docker", auth_files=(), certs_dirs=(),
                insecure=frozenset({registry.host}),
            )
            for workers in (1, 8):
                started = time.perf_counter()
                found = resolve_all(references, settings=settings, workers=workers)
                assert all(r.digest for r in found.values())
                print(f"no cache, {workers} workers: {time.perf_counter() - started:.3f} s")
            cache = DigestCache(Path(folder) / "digests.json")
            for label in ("cold cache", "warm cache"):
                started = time.perf_counter()
                found = resolve_all(references, settings=settings, cache=cache)
                assert all(r.digest for r in found.values())
                print(f"{label}, 8 workers: {time.perf_counter() - started:.3f} s")
            _clients(registry, references)
        finally:
            _stop(process)


def _clients(registry: Registry, references: list[str]) -> None:
    """The same HEADs, one thread: http.client (fresh connection and kept alive), requests."""
    urls = [
        f"{registry.url}/v2/{ref.split('/', 1)[1].rsplit(':', 1)[0]}/manifests/1"
        for ref in references
    ]
    started = time.perf_counter()
    for url in urls:
        assert http_call("HEAD", url, headers={"Accept": ACCEPT})[0] == 200
    print(f"http.client, new connection each: {time.perf_counter() - started:.3f} s")
    from dlint_dockerfile.registry.transport import Transport

    transport = Transport(RegistrySettings(insecure=frozenset({registry.host})))
    started = time.perf_counter()
    for url in urls:
        assert transport.request("HEAD", url, {"Accept": ACCEPT}).status == 200
    print(f"dlint Transport (http.client, kept alive): {time.perf_counter() - started:.3f} s")
    try:
        import requests
    except ImportError:
        return
    session = requests.Session()
    started = time.perf_counter()
    for url in urls:
        assert session.head(url, headers={"Accept": ACCEPT}).status_code == 200
    print(f"requests.Session (kept alive): {time.perf_counter() - started:.3f} s")


if __name__ == "__main__":
    main()
