"""The builders' command lines and how they read their tools' answers, with stand-in
programs (`fake_tool`) on PATH; the process runner's time limit."""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path

import pytest

from dlint_dockerfile.verify.builders import BuilderError, find_builder
from dlint_dockerfile.verify.builders.buildah import Buildah, clean_run_output
from dlint_dockerfile.verify.builders.docker import Docker
from dlint_dockerfile.verify.builders.podman import Podman
from dlint_dockerfile.verify.builders.process import MAX_OUTPUT, run_process

FIXTURES = Path(__file__).parent / "fixtures"
FAKE = Path(__file__).with_name("fake_tool.py")


@pytest.fixture
def tools(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A folder on PATH (the only one) for stand-in tools; returns the calls' log."""
    folder = tmp_path / "bin"
    folder.mkdir()
    log = tmp_path / "calls.jsonl"
    log.touch()
    monkeypatch.setenv("PATH", str(folder))
    monkeypatch.setenv("FAKE_LOG", str(log))
    monkeypatch.setenv("FAKE_INSPECT", str(FIXTURES / "docker_every_field.json"))
    return log


def _install(log: Path, *names: str) -> None:
    for name in names:
        tool = log.parent / "bin" / name
        tool.write_text(f"#!{sys.executable}\n" + FAKE.read_text())
        tool.chmod(0o755)


def _calls(log: Path) -> list[list[str]]:
    return [json.loads(line) for line in log.read_text().splitlines()]


def test_no_builder_installed(tools: Path) -> None:
    with pytest.raises(BuilderError) as raised:
        find_builder()
    assert str(raised.value) == (
        "no container builder works (docker: not installed; podman: not installed; "
        "buildah: not installed)"
    )


def test_docker_without_a_daemon_falls_back_to_buildah(
    tools: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(tools, "docker", "buildah")
    monkeypatch.setenv("FAKE_INFO", "fail")
    assert isinstance(find_builder(), Buildah)
    with pytest.raises(BuilderError) as raised:
        find_builder("docker")
    assert "docker: no daemon: Cannot connect to the Docker daemon" in str(raised.value)


def test_docker_with_buildx(tools: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    _install(tools, "docker", "podman", "buildah")
    monkeypatch.setenv("FAKE_BUILDX", "1")
    builder = find_builder()
    assert isinstance(builder, Docker) and builder.buildx
    log = tmp_path / "before.log"
    image = builder.build(tmp_path / "Dockerfile", tmp_path, "dlint-verify-x-before", log)
    assert image == "sha256:0123"
    assert "STEP 1/2" in log.read_text()
    info = builder.inspect("dlint-verify-x-before")
    assert info.size == 170_414_592 and info.config["User"] == "app"
    done = builder.run("dlint-verify-x-before", ["/bin/sh", "-c", "echo hi"], 10)
    assert done.exit_code == 0 and done.output.endswith("dlint-verify-x-before -c echo hi\n")
    builder.remove("dlint-verify-x-before")
    calls = _calls(tools)
    build = next(c for c in calls if "--iidfile" in c)
    assert build[:6] == ["docker", "buildx", "build", "--load", "--progress", "plain"]
    assert build[-5:-3] == ["-t", "dlint-verify-x-before"]
    assert build[-3:] == ["-f", str(tmp_path / "Dockerfile"), str(tmp_path)]
    run = next(c for c in calls if c[1] == "run")
    assert run[2:5] == ["--rm", "--pull", "never"]
    assert run[-4:] == ["/bin/sh", "dlint-verify-x-before", "-c", "echo hi"]
    assert run[-5] == "--entrypoint"
    assert calls[-1] == ["docker", "image", "rm", "dlint-verify-x-before"]
    assert not any("push" in c or "pull" in c[1:2] for c in calls)


def test_docker_without_buildx_and_a_failed_build(
    tools: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    _install(tools, "docker")
    monkeypatch.setenv("FAKE_BUILD", "fail")
    builder = find_builder("docker")
    assert isinstance(builder, Docker) and not builder.buildx
    log = tmp_path / "after.log"
    assert builder.build(tmp_path / "Dockerfile", tmp_path, "t", log) is None
    assert "error: no such package" in log.read_text()
    assert next(c for c in _calls(tools) if "--iidfile" in c)[:2] == ["docker", "build"]


def test_podman_builds_in_docker_format(
    tools: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _install(tools, "podman", "buildah")
    monkeypatch.setenv("FAKE_INSPECT", str(FIXTURES / "podman_every_field.json"))
    builder = find_builder()
    assert isinstance(builder, Podman)
    builder.build(tmp_path / "Dockerfile", tmp_path, "t", tmp_path / "log")
    build = next(c for c in _calls(tools) if "--iidfile" in c)
    assert build[:4] == ["podman", "build", "--format", "docker"]
    assert builder.inspect("t").config["Healthcheck"]["Test"] == ["CMD-SHELL", "cat /app/hello"]


def test_buildah_commands(tools: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    _install(tools, "buildah")
    monkeypatch.setenv("FAKE_INSPECT", str(FIXTURES / "buildah_every_field.json"))
    builder = find_builder("auto")
    assert isinstance(builder, Buildah)
    builder.build(tmp_path / "Dockerfile", tmp_path, "t", tmp_path / "log")
    assert builder.inspect("t").size == 170_414_592
    done = builder.run("t", ["cat", "/app/hello"], 10)
    assert (done.exit_code, done.output) == (3, "ran cat /app/hello\n")  # buildah's lines gone
    calls = _calls(tools)
    build = next(c for c in calls if "--iidfile" in c)
    assert build[:4] == ["buildah", "bud", "--format", "docker"]
    created, ran, removed = calls[-3:]
    assert created[:3] == ["buildah", "from", "--pull=never"]
    container = created[created.index("--name") + 1]
    assert ran == ["buildah", "run", container, "--", "cat", "/app/hello"]
    assert removed == ["buildah", "rm", container]


def test_clean_run_output() -> None:
    trailer = "subprocess exited with status 3\n" * 2 + "Error: exit status 3\n"
    assert clean_run_output("out\nerr\n" + trailer) == "out\nerr\n"
    assert clean_run_output("ok\n") == "ok\n"
    glued = (
        'process failed to start with error: exec: "x": executable file not found in $PATH'
        "process exited with error: exec: not startedsubprocess exited with status 1\n"
        "Error: exit status 1\n"
    )
    assert clean_run_output(glued).endswith("exec: not started")


def test_run_process_time_limit_ends_the_whole_group(tmp_path: Path) -> None:
    pid_file = tmp_path / "child.pid"
    script = f"echo started; sleep 60 & echo $! > {pid_file}; wait"
    began = time.monotonic()
    done = run_process(["/bin/sh", "-c", script], timeout=1)
    assert time.monotonic() - began < 10
    assert done.timed_out and done.exit_code is None
    assert done.output == "started\n"
    time.sleep(0.2)
    assert not _alive(int(pid_file.read_text()))


def _alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting for its new parent to reap it does not)."""
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
    except FileNotFoundError:
        return False
    return stat.rsplit(")", 1)[1].split()[0] != "Z"


def test_run_process_output(tmp_path: Path) -> None:
    done = run_process(["/bin/sh", "-c", "echo out; echo err >&2; exit 4"])
    assert (done.exit_code, done.output, done.timed_out) == (4, "out\nerr\n", False)
    done = run_process([sys.executable, "-c", f"print('x' * {MAX_OUTPUT * 2})"])
    assert done.output.endswith("[output cut]\n") and len(done.output) < MAX_OUTPUT + 20
    log = tmp_path / "log"
    assert run_process(["/bin/sh", "-c", "echo logged"], log=log).output == ""
    assert log.read_text() == "logged\n"


@pytest.mark.parametrize("tool", ["buildah", "podman", "docker"])
def test_a_dockerfiles_own_ignore_file_reaches_the_build(
    tool: str, tools: Path, tmp_path: Path
) -> None:
    _install(tools, tool, "buildah")
    builder = find_builder(tool)
    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM scratch\n")
    builder.build(dockerfile, tmp_path, "t", tmp_path / "log")
    (tmp_path / "Dockerfile.dockerignore").write_text(".git\n")
    builder.build(dockerfile, tmp_path, "t", tmp_path / "log")
    without, with_own = [c for c in _calls(tools) if "--iidfile" in c][-2:]
    assert "--ignorefile" not in without
    if tool == "docker":  # BuildKit reads Dockerfile.dockerignore by itself
        assert "--ignorefile" not in with_own
    else:
        at = with_own.index("--ignorefile")
        assert with_own[at + 1] == str(tmp_path / "Dockerfile.dockerignore")
