"""The per-file model: stages, references, scopes, USER/WORKDIR/SHELL per instruction."""

from __future__ import annotations

from dlint_dockerfile.model.model import DockerfileModel, build_model, parse_mount
from dlint_dockerfile.syntax import Instruction


def find(model: DockerfileModel, name: str, nth: int = 0) -> Instruction:
    return [i for i in model.instructions if i.name == name][nth]


def test_stages_names_and_bases() -> None:
    model = build_model(
        "FROM python:3.12-slim AS Build\nRUN make\n"
        "FROM build AS test\nRUN test\n"
        "FROM scratch\nCOPY --from=build /a /a\n"
    )
    build, test, final = model.stages
    assert [(s.index, s.name, s.key) for s in model.stages] == [
        (0, "Build", "build"),
        (1, "test", "test"),
        (2, None, "2"),
    ]
    assert build.image is not None
    assert (build.image.registry, build.image.repository, build.image.tag) == (
        "docker.io",
        "library/python",
        "3.12-slim",
    )
    assert test.parent is build and test.image is None
    assert final.is_scratch and final.image is None
    assert [i.name for i in model.instructions_of(build)] == ["FROM", "RUN"]
    assert model.stage_of(find(model, "RUN", 1)) is test
    assert model.final_stage is final


def test_stage_graph_and_unused_stages() -> None:
    model = build_model(
        "FROM alpine AS deps\nRUN a\n"
        "FROM alpine AS unused\nRUN b\n"
        "FROM alpine AS cache\nRUN c\n"
        "FROM alpine\nCOPY --from=deps /x /x\nRUN --mount=type=cache,from=cache,target=/c d\n"
        "COPY --from=nginx:1.27 /etc/nginx /etc/nginx\n"
    )
    refs = [(r.kind, r.text, r.stage.key if r.stage else None) for r in model.references]
    assert refs == [
        ("copy-from", "deps", "deps"),
        ("mount-from", "cache", "cache"),
        ("copy-from", "nginx:1.27", None),
    ]
    assert [s.key for s in model.unused_stages()] == ["unused"]


def test_copy_from_index() -> None:
    model = build_model("FROM a\nRUN x\nFROM b\nCOPY --from=0 /x /y\n")
    assert model.references[0].stage is model.stages[0]
    assert model.unused_stages() == []


def test_global_args_resolve_from_lines() -> None:
    model = build_model(
        "ARG REGISTRY=ghcr.io\nARG TAG\nARG IMAGE=${REGISTRY}/org/app\n"
        "FROM $IMAGE:1.0 AS one\nFROM ${IMAGE}:${TAG}\n"
    )
    one, two = model.stages
    assert one.base.text == "ghcr.io/org/app:1.0"
    assert one.image is not None and one.image.registry == "ghcr.io"
    assert two.base.unresolved == {"TAG"}
    assert two.image is None
    assert [i.name for i in model.global_args] == ["ARG", "ARG", "ARG"]


def test_arg_scopes_follow_buildkit() -> None:
    model = build_model(
        "ARG VERSION=1.0\nARG OTHER=x\nFROM alpine\n"
        "RUN echo first\n"
        "ARG VERSION\n"
        "ARG LOCAL=${VERSION}-local\n"
        "ENV LOCAL=env-wins\n"
        "ARG LOCAL=ignored\n"
        "RUN echo last\n"
    )
    first = find(model, "RUN", 0)
    last = find(model, "RUN", 1)
    assert "VERSION" not in model.scope_before(first)  # global ARG needs re-declaring
    scope = model.scope_before(last)
    assert scope.get("VERSION").value == "1.0"  # type: ignore[union-attr]
    assert scope.get("LOCAL").value == "env-wins"  # type: ignore[union-attr]
    assert "OTHER" not in scope
    assert model.expand("$VERSION/${OTHER:-none}", last).text == "1.0/none"


def test_env_in_one_statement_uses_the_environment_before_it() -> None:
    model = build_model("FROM a\nENV A=1\nENV A=2 B=$A\nRUN x\n")
    scope = model.scope_before(find(model, "RUN"))
    assert scope.get("B").value == "1"  # type: ignore[union-attr]
    assert scope.get("A").value == "2"  # type: ignore[union-attr]


def test_env_inherited_by_child_stage_but_not_args() -> None:
    model = build_model(
        "FROM a AS base\nARG SECRET=s\nENV HOME_DIR=/srv\nUSER app\nWORKDIR /srv\n"
        "FROM base\nRUN x\n"
    )
    run = find(model, "RUN")
    scope = model.scope_before(run)
    assert scope.get("HOME_DIR").value == "/srv"  # type: ignore[union-attr]
    assert "SECRET" not in scope
    assert model.user_at(run) == "app"
    assert model.workdir_at(run) == "/srv"


def test_expansion_reports_unresolved_and_undefined() -> None:
    model = build_model("FROM a\nARG NOVALUE\nCOPY $NOVALUE $NOPE /dst\n")
    copy = find(model, "COPY")
    result = model.expand("$NOVALUE-$NOPE", copy)
    assert result.unresolved == {"NOVALUE"}
    assert result.undefined == {"NOPE"}
    assert not result.complete


def test_user_and_workdir_per_instruction() -> None:
    model = build_model(
        "FROM a\nRUN one\nUSER 1000\nWORKDIR /app\nWORKDIR src\nARG D=data\nWORKDIR $D\n"
        "RUN two\nFROM b\nRUN three\n"
    )
    one, two, three = (find(model, "RUN", i) for i in range(3))
    assert (model.user_at(one), model.workdir_at(one)) == (None, "/")
    assert (model.user_at(two), model.workdir_at(two)) == ("1000", "/app/src/data")
    assert (model.user_at(three), model.workdir_at(three)) == (None, "/")


def test_shell_per_stage_switches_scripts_off() -> None:
    model = build_model(
        'FROM a\nRUN echo sh\nSHELL ["pwsh", "-Command"]\nRUN Write-Host hi\n'
        'FROM b\nSHELL ["/bin/bash", "-o", "pipefail", "-c"]\nRUN echo bash\n'
    )
    sh, pwsh, bash = (find(model, "RUN", i) for i in range(3))
    assert model.shell_at(sh).name == "sh"
    assert model.script(sh) is not None
    assert model.shell_at(pwsh).name == "pwsh"
    assert model.script(pwsh) is None
    assert model.shell_at(bash).sets_pipefail


def test_windows_base_defaults_to_cmd() -> None:
    model = build_model("FROM mcr.microsoft.com/windows/servercore:ltsc2022\nRUN dir\n")
    run = find(model, "RUN")
    assert model.shell_at(run).name == "cmd"
    assert model.script(run) is None


def test_script_is_cached() -> None:
    model = build_model("FROM a\nRUN apt-get update\n")
    run = find(model, "RUN")
    assert model.script(run) is model.script(run)


def test_onbuild_instructions_belong_to_their_stage() -> None:
    model = build_model("FROM a\nONBUILD RUN make\nONBUILD COPY --from=x a b\n")
    run = find(model, "ONBUILD")
    assert model.stage_of(run) is model.stages[0]
    script = model.script(run)
    assert script is not None and script.commands[0].name_value == "make"
    assert model.references[0].kind == "copy-from"


def test_parse_mount() -> None:
    assert parse_mount('type=cache,target=/root/.cache,"from=a,b",sharing=locked') == {
        "type": "cache",
        "target": "/root/.cache",
        "from": "a,b",
        "sharing": "locked",
    }


def test_bad_reference_is_recorded() -> None:
    model = build_model("FROM UPPER/Case:tag\n")
    stage = model.stages[0]
    assert stage.image is None and stage.image_error
