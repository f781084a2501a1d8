"""The analysis behind DLX609's rewrite: runtime bases, build outputs, plans and declines.

The rewrites themselves are before/after fixtures in tests/rules/fixtures/DLX609.yaml.
"""

from __future__ import annotations

import pytest

from dlint_dockerfile.model.build_plan import Declined, SplitPlan, plan_split
from dlint_dockerfile.model.build_steps import Output, command_outputs, run_kind
from dlint_dockerfile.model.model import build_model
from dlint_dockerfile.model.reference import parse_reference
from dlint_dockerfile.model.runtime_bases import _table, runtime_base
from dlint_dockerfile.rules.multistage.dlx609_build_in_final_stage import BuildInFinalStage


@pytest.mark.parametrize(
    ("image", "runtime"),
    [
        ("golang:1.19", "debian:bookworm-slim"),
        ("golang:1.22-bookworm", "debian:bookworm-slim"),
        ("golang:1.25.3", "debian:trixie-slim"),
        ("golang:1.23", None),  # its default release is not certain
        ("golang", None),
        ("golang:1.22-alpine3.20", "alpine:3.20"),
        ("golang:1.22-alpine", None),  # which Alpine is not said
        ("rust:1.63", "debian:bullseye-slim"),
        ("rust:1.40", None),  # older than the table knows
        ("rust:1.63-bookworm", "debian:bookworm-slim"),
        ("rust:1.80-slim-bookworm", "debian:bookworm-slim"),
        ("gcc:12", "debian:bookworm-slim"),
        ("gcc:14", None),
        ("python:3.11", "python:3.11-slim"),
        ("python:3.11-bookworm", "python:3.11-slim-bookworm"),
        ("python:3.12-slim", "python:3.12-slim"),
        ("python:3.6-alpine3.8", "python:3.6-alpine3.8"),
        ("node:18", "node:18-slim"),
        ("node:20-bookworm", "node:20-bookworm-slim"),
        ("node:lts", "node:lts-slim"),
        ("node:latest", None),
        ("node:18-alpine", "node:18-alpine"),
        ("eclipse-temurin:17-jdk", "eclipse-temurin:17-jre"),
        ("eclipse-temurin:21-jdk-jammy", "eclipse-temurin:21-jre-jammy"),
        ("maven:3.9.6-eclipse-temurin-17", "eclipse-temurin:17-jre"),
        ("debian:bookworm-slim", "debian:bookworm-slim"),
        ("ubuntu:22.04", "ubuntu:22.04"),
        ("myorg/golang:1.22", None),
        ("ghcr.io/library/golang:1.22-bookworm", None),  # not Docker Hub's image
    ],
)
def test_runtime_base(image: str, runtime: str | None) -> None:
    facts = runtime_base(parse_reference(image), image)
    assert facts.runtime == runtime
    assert (facts.why == "") == (runtime is not None)


def test_an_override_keeps_what_the_table_knows_of_the_build_image() -> None:
    facts = runtime_base(parse_reference("golang:1.23"), "golang:1.23", {"golang": "alpine:3.20"})
    assert facts.runtime == "alpine:3.20"
    assert facts.alpine
    assert facts.workdir == "/go"
    assert "/go/bin" in facts.path
    assert "go" in facts.toolchain


def test_every_build_image_of_the_table_is_on_the_rule_page() -> None:
    page = BuildInFinalStage.docs().sections["Fix safety"]
    for entry in _table():
        assert f"`{entry['repository']}" in page, entry["repository"]


def _command(text: str):  # type: ignore[no-untyped-def]
    model = build_model(f"FROM debian:12\nRUN {text}\n")
    script = model.script(model.instructions[1])
    assert script is not None
    return script.commands[0]


@pytest.mark.parametrize(
    ("command", "outputs"),
    [
        ("go build -o bin/app ./cmd/app", [Output("/src/bin/app")]),
        ("go build -ldflags='-s -w' -o /app .", [Output("/app")]),
        ("go install ./cmd/app", [Output("/go/bin", directory=True)]),
        ("gcc -O2 -Wall -o hello hello.c", [Output("/src/hello")]),
        ("cargo build --release", [Output("/src/target/release", directory=True)]),
        ("cargo build", [Output("/src/target/debug", directory=True)]),
        ("mvn -B package", [Output("/src/target", directory=True)]),
        ("jar cfe app.jar com.example.Main -C out .", [Output("/src/app.jar")]),
        ("jar --create --file lib.jar -C out .", [Output("/src/lib.jar")]),
        ("make install", [Output("/usr/local", tree=True)]),
        ("make PREFIX=/opt install", []),
        ("cp tool /usr/local/bin/", [Output("/usr/local/bin"), Output("/usr/local/bin/tool")]),
        ("go test ./...", []),
    ],
)
def test_command_outputs(command: str, outputs: list[Output]) -> None:
    def variable(name: str) -> str | None:
        return None

    assert command_outputs(_command(command), "/src", variable, distribution=True) == outputs


def test_make_install_on_a_toolchain_image_has_no_known_output() -> None:
    def variable(name: str) -> str | None:
        return None

    assert command_outputs(_command("make install"), "/src", variable, distribution=False) == []


@pytest.mark.parametrize(
    ("run", "kind"),
    [
        ("go build -o /app .", "build"),
        ("npm ci", "build"),
        ("pip install -r requirements.txt", "build"),
        ("python -m venv /venv", "build"),
        ("apt-get update && apt-get install -y libpq-dev", "build"),
        ("apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*", "packages"),
        ("useradd -r app && mkdir -p /data && chown app /data", "files"),
        ("curl -fsSL https://example.com/x.sh | sh", "other"),
    ],
)
def test_run_kind(run: str, kind: str) -> None:
    model = build_model(f"FROM debian:12\nRUN {run}\n")
    assert run_kind(model.script(model.instructions[1])) == kind


def test_nothing_to_plan_without_a_build() -> None:
    assert plan_split(build_model("FROM debian:12\nRUN apt-get install -y curl\n")) is None


def test_a_plan_lists_what_the_runtime_stage_needs() -> None:
    model = build_model(
        "FROM golang:1.19\n"
        "ENV CGO_ENABLED=1\n"
        "RUN apt-get update && apt-get install -y gcc libsqlite3-dev ca-certificates\n"
        "COPY . .\n"
        "RUN go build -o app .\n"
        'CMD ["./app"]\n'
    )
    plan = plan_split(model)
    assert isinstance(plan, SplitPlan)
    assert plan.runtime_base == "debian:bookworm-slim"
    assert plan.ecosystem == "go"
    assert plan.packages == ("apt", ("libsqlite3-0", "ca-certificates"))
    assert plan.workdir == "/go"  # golang's WORKDIR: "./app" is /go/app
    assert [a.path for a in plan.artifacts] == ["/go/app"]
    assert [i.name for i in plan.repeated] == ["ENV", "COPY"]


def test_a_go_build_without_cgo_needs_no_library() -> None:
    model = build_model(
        "FROM golang:1.19\n"
        "ENV CGO_ENABLED=0\n"
        "RUN apt-get update && apt-get install -y libsqlite3-dev\n"
        "WORKDIR /src\n"
        "COPY . .\n"
        "RUN go build -o /app .\n"
        'CMD ["/app"]\n'
    )
    plan = plan_split(model)
    assert isinstance(plan, SplitPlan)
    assert plan.packages is None


def test_cmd_is_only_arguments_after_an_entrypoint() -> None:
    model = build_model(
        "FROM golang:1.19\n"
        "WORKDIR /src\n"
        "COPY . .\n"
        "RUN go install ./cmd/greeter\n"
        'ENTRYPOINT ["greeter"]\n'
        'CMD ["--name", "world"]\n'
    )
    plan = plan_split(model)
    assert isinstance(plan, SplitPlan)
    assert [a.path for a in plan.artifacts] == ["/go/bin/greeter"]
    assert plan.path_dirs == ("/go/bin",)


def test_an_unknown_binary_name_is_not_guessed_from_a_directory_output() -> None:
    model = build_model(
        "FROM golang:1.21-bookworm\n"
        "WORKDIR /src\n"
        "COPY . .\n"
        "RUN go install .\n"
        "COPY docker-entrypoint.sh /usr/local/bin/\n"
        'ENTRYPOINT ["docker-entrypoint.sh"]\n'
    )
    found = plan_split(model)
    assert isinstance(found, Declined)
    assert "no output of the build" in found.reason
