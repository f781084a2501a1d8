"""Where credentials are found: Docker's config.json keys, Podman's per-repository keys."""

from __future__ import annotations

import json
from pathlib import Path

from dlint_dockerfile.registry.credentials import Credentials, find_credentials
from dlint_dockerfile.registry.settings import RegistrySettings
from tests.registry.conftest import basic_auth_entry


def _settings(tmp_path: Path, docker: object = None, podman: object = None) -> RegistrySettings:
    (tmp_path / "config.json").write_text(json.dumps(docker or {}))
    (tmp_path / "auth.json").write_text(json.dumps(podman or {}))
    return RegistrySettings(docker_config=tmp_path, auth_files=(tmp_path / "auth.json",))


def test_docker_hub_under_its_legacy_key(tmp_path: Path) -> None:
    config = {"auths": {"https://index.docker.io/v1/": basic_auth_entry("hub", "pw")}}
    found = find_credentials("docker.io", "library/alpine", _settings(tmp_path, config))
    assert found == Credentials("hub", "pw")
    assert "pw" not in repr(found)


def test_identity_token_and_url_keys(tmp_path: Path) -> None:
    config = {"auths": {"https://registry.example.com:5000/v2/": {"identitytoken": "refresh"}}}
    found = find_credentials("registry.example.com:5000", "a/b", _settings(tmp_path, config))
    assert found == Credentials(identity_token="refresh")
    assert find_credentials("registry.example.com", "a/b", _settings(tmp_path, config)) is None


def test_podman_longest_repository_key_wins(tmp_path: Path) -> None:
    podman = {
        "auths": {
            "quay.io": basic_auth_entry("any", "1"),
            "quay.io/team": basic_auth_entry("team", "2"),
            "quay.io/team/app": basic_auth_entry("app", "3"),
        }
    }
    settings = _settings(tmp_path, None, podman)
    assert find_credentials("quay.io", "team/app", settings) == Credentials("app", "3")
    assert find_credentials("quay.io", "team/other", settings) == Credentials("team", "2")
    assert find_credentials("quay.io", "teams/x", settings) == Credentials("any", "1")


def test_missing_helper_is_no_credentials(tmp_path: Path) -> None:
    config = {"credsStore": "does-not-exist-dlint", "auths": {"ghcr.io": basic_auth_entry()}}
    found = find_credentials("ghcr.io", "o/r", _settings(tmp_path, config))
    assert found is not None and found.username == "alice"
