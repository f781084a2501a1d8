"""`dlint_dockerfile.verify.compare` on real inspect output: normalisation across builders, the
fields that must be equal, what may go with the build base, and what the fix adds."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from dlint_dockerfile.model.model import build_model
from dlint_dockerfile.verify.builders import ImageInfo
from dlint_dockerfile.verify.builders.buildah import parse_buildah_inspect
from dlint_dockerfile.verify.builders.docker import parse_docker_inspect
from dlint_dockerfile.verify.builders.podman import parse_podman_inspect
from dlint_dockerfile.verify.compare import (
    FIELDS,
    Difference,
    Dropped,
    OwnKeys,
    compare_configs,
    dockerfile_sets,
    normalize,
    size_change_percent,
)

FIXTURES = Path(__file__).parent / "fixtures"

BEFORE_DOCKERFILE = """\
FROM localhost/dlint-verify-toolchain:test
ENV APP_ENV=prod
LABEL org.opencontainers.image.title=hello
RUN printf '#!/bin/sh\\necho "hello from $APP_ENV in $(pwd)"\\n' > /usr/local/bin/hello
WORKDIR /app
EXPOSE 8080
CMD ["hello"]
"""
AFTER_DOCKERFILE = """\
FROM localhost/dlint-verify-toolchain:test AS build
RUN printf '#!/bin/sh\\necho "hello from $APP_ENV in $(pwd)"\\n' > /usr/local/bin/hello

FROM localhost/dlint-verify-base:bookworm
COPY --from=build /usr/local/bin/hello /usr/local/bin/hello
ENV APP_ENV=prod
LABEL org.opencontainers.image.title=hello
WORKDIR /app
EXPOSE 8080
CMD ["hello"]
"""


def _load(name: str) -> Any:
    return json.loads((FIXTURES / name).read_text())


def _buildah(name: str) -> ImageInfo:
    return parse_buildah_inspect(_load(name))


def _own(text: str) -> OwnKeys:
    return dockerfile_sets(build_model(text))


def test_buildah_every_field_normalized() -> None:
    info = _buildah("buildah_every_field.json")
    config = normalize(info.config)
    assert info.size == 170_400_768 + 13_824  # the manifest's layers
    assert config == {
        "Cmd": ["/app/hello"],
        "Entrypoint": ["cat"],
        "User": "app",
        "WorkingDir": "/app",
        "ExposedPorts": ["53/udp", "8080/tcp"],
        "Volumes": ["/data"],
        "StopSignal": "SIGTERM",
        "Healthcheck": {"Test": ["CMD-SHELL", "cat /app/hello"], "Interval": 30_000_000_000},
        "OnBuild": ["RUN echo child"],
        "Shell": ["/bin/bash", "-c"],
        "Env": {
            "APP_VERSION": "1.2",
            "PATH": "/app/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
        },
        "Labels": {
            "io.buildah.version": "1.28.2",
            "maintainer": "me",
            "org.opencontainers.image.version": "1.2",
        },
    }


def test_the_same_image_reads_the_same_from_every_builder() -> None:
    buildah = normalize(_buildah("buildah_every_field.json").config)
    docker = parse_docker_inspect(_load("docker_every_field.json"))
    assert docker.size == 170_414_592
    assert normalize(docker.config) == buildah
    podman = normalize(parse_podman_inspect(_load("podman_every_field.json")).config)
    # podman reports neither ONBUILD nor SHELL
    assert podman == {**buildah, "OnBuild": None, "Shell": None}


def test_empty_and_absent_fields_are_equal() -> None:
    """buildah writes empty lists and maps where BuildKit leaves the field out."""
    buildah = normalize(_buildah("buildah_toolchain_after.json").config)
    docker = normalize(parse_docker_inspect(_load("docker_toolchain_after.json")).config)
    assert buildah == docker
    assert buildah["Entrypoint"] is None and buildah["Volumes"] is None
    found = compare_configs(buildah, docker, OwnKeys(), OwnKeys())
    assert (found.differences, found.dropped, found.added) == ([], [], [])


def test_what_goes_with_the_toolchain_base_is_dropped_not_different() -> None:
    before = normalize(_buildah("buildah_toolchain_before.json").config)
    after = normalize(_buildah("buildah_toolchain_after.json").config)
    found = compare_configs(before, after, _own(BEFORE_DOCKERFILE), _own(AFTER_DOCKERFILE))
    assert found.differences == []
    assert found.dropped == [
        Dropped("Env", "GOLANG_VERSION", "1.19"),
        Dropped("Env", "GOPATH", "/go"),
        Dropped("Env", "PATH", "/go/bin:/usr/local/go/bin"),
        Dropped("Labels", "org.opencontainers.image.source", "https://example.invalid/toolchain"),
    ]


def test_what_the_dockerfile_sets_must_stay() -> None:
    before = normalize(_buildah("buildah_toolchain_before.json").config)
    after = normalize(_buildah("buildah_toolchain_after.json").config)
    del after["Env"]["APP_ENV"]
    after["Labels"]["org.opencontainers.image.title"] = "other"
    after["Cmd"] = ["hello", "--loud"]
    found = compare_configs(before, after, _own(BEFORE_DOCKERFILE), _own(AFTER_DOCKERFILE))
    assert found.differences == [
        Difference("Cmd", ["hello"], ["hello", "--loud"]),
        Difference("Env", "prod", None, "APP_ENV"),
        Difference("Labels", "hello", "other", "org.opencontainers.image.title"),
    ]


@pytest.mark.parametrize("name", FIELDS)
def test_every_runtime_field_is_compared(name: str) -> None:
    before = normalize(_buildah("buildah_every_field.json").config)
    after = {**before, name: None}
    found = compare_configs(before, after, OwnKeys(), OwnKeys())
    assert [d.field for d in found.differences] == [name]


def test_a_base_value_that_changes_or_appears_is_a_difference() -> None:
    before = normalize({"Env": ["LANG=C.UTF-8"]})
    after = normalize({"Env": ["LANG=en_US.UTF-8", "JAVA_HOME=/opt/java"]})
    found = compare_configs(before, after, OwnKeys(), OwnKeys())
    assert [d.key for d in found.differences] == ["JAVA_HOME", "LANG"]


def test_a_label_only_the_fix_sets_is_added_by_the_fix() -> None:
    """MAINTAINER becomes LABEL org.opencontainers.image.authors (DLX009)."""
    before = normalize({"Labels": {}})
    after = normalize({"Labels": {"org.opencontainers.image.authors": "Jane"}})
    fixed = _own('FROM x\nLABEL org.opencontainers.image.authors="Jane"\n')
    found = compare_configs(before, after, _own("FROM x\nMAINTAINER Jane\n"), fixed)
    assert found.differences == []
    assert found.added == [Dropped("Labels", "org.opencontainers.image.authors", "Jane")]
    # the same label coming from nowhere the Dockerfile says is a difference
    found = compare_configs(before, after, OwnKeys(), OwnKeys())
    assert [d.key for d in found.differences] == ["org.opencontainers.image.authors"]


@pytest.mark.parametrize(
    ("before", "after", "own", "verdict"),
    [
        # toolchain entries gone: dropped
        ("/go/bin:/usr/local/go/bin:/usr/bin:/bin", "/usr/bin:/bin", "", "dropped"),
        # an entry the Dockerfile writes itself must stay
        ("/opt/venv/bin:/go/bin:/usr/bin", "/go/bin:/usr/bin", "/opt/venv/bin", "different"),
        ("/opt/venv/bin:/go/bin:/usr/bin", "/opt/venv/bin:/usr/bin", "/opt/venv/bin", "dropped"),
        # a new entry, or another order, changes which program runs
        ("/usr/bin:/bin", "/usr/local/bin:/usr/bin:/bin", "", "different"),
        ("/usr/bin:/bin", "/bin:/usr/bin", "", "different"),
        ("/usr/bin:/bin", None, "", "different"),
    ],
)
def test_path_is_compared_entry_by_entry(
    before: str, after: str | None, own: str, verdict: str
) -> None:
    old = normalize({"Env": [f"PATH={before}"]})
    new = normalize({"Env": [f"PATH={after}"] if after is not None else []})
    keys = OwnKeys(path_entries=frozenset(filter(None, own.split(":"))))
    found = compare_configs(old, new, keys, OwnKeys())
    assert ("different" if found.differences else "dropped") == verdict
    if verdict == "dropped":
        assert [d.key for d in found.dropped] == ["PATH"]


def test_dockerfile_sets_follows_the_final_stage_and_its_parents() -> None:
    text = """\
ARG NAME=app
FROM golang:1.22 AS build
ENV CGO_ENABLED=0
LABEL stage=build
FROM build AS test
ENV GOFLAGS=-mod=vendor PATH=/opt/bin:$PATH
FROM debian:bookworm-slim AS unused
ENV UNUSED=1
FROM test
ARG NAME
LABEL org.opencontainers.image.title=$NAME "legacy key"=x
ENV legacy value
LABEL ${UNKNOWN}=x
"""
    own = _own(text)
    assert own.env == {"CGO_ENABLED", "GOFLAGS", "PATH", "legacy"}
    assert own.labels == {"stage", "org.opencontainers.image.title", "legacy key"}
    assert own.path_entries == {"/opt/bin"}


def test_size_change_percent() -> None:
    assert size_change_percent(200, 50) == -75.0
    assert size_change_percent(3, 4) == 33.3
    assert size_change_percent(None, 4) is None
    assert size_change_percent(0, 4) is None
    assert str(size_change_percent(100_000, 99_999)) == "0.0"
