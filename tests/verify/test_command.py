"""``dlint verify`` driven end to end by a fake builder: builds that succeed or fail,
config differences, what goes with the build base, smoke runs, exit codes, the JSON
object, and argument errors."""

from __future__ import annotations

import json
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from dlint_dockerfile import cli
from dlint_dockerfile.lint.fixing import fix_text
from dlint_dockerfile.lint.registry import default_registry
from dlint_dockerfile.lint.selection import CommandLineSelection, resolve_settings
from dlint_dockerfile.verify import command
from dlint_dockerfile.verify.builders import (
    Builder,
    BuilderError,
    Finished,
    ImageInfo,
    own_ignore_file,
)

NEEDS_FIX = """\
FROM debian:bookworm-slim
MAINTAINER Jane Doe <jane@example.com>
CMD ["echo", "hello"]
"""
CLEAN = """\
FROM debian:bookworm-slim
CMD ["echo", "hello"]
"""
BASE_ENV = ["PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"]


@dataclass
class FakeImage:
    """What the fake builder makes of one side (None in `FakeBuilder`: the build fails)."""

    config: dict[str, Any] = field(default_factory=lambda: {"Env": BASE_ENV, "Cmd": ["run"]})
    size: int | None = 1000
    smoke: Finished = field(default_factory=lambda: Finished(0, "hello\n"))


class FakeBuilder(Builder):
    """Builds nothing: each side (``before``/``after``, from the tag) gets its image."""

    name = "fake"

    def __init__(self, before: FakeImage | None, after: FakeImage | None) -> None:
        self.images = {"before": before, "after": after}
        self.built: dict[str, tuple[Path, str, Path]] = {}
        #: The ignore file each side was built with, when it had its own.
        self.ignores: dict[str, str] = {}
        self.runs: list[tuple[str, list[str], float]] = []
        self.removed: list[str] = []

    @classmethod
    def probe(cls) -> Builder | str:
        return cls(FakeImage(), FakeImage())

    @staticmethod
    def _side(tag: str) -> str:
        return tag.rsplit("-", 1)[1]

    def build(self, dockerfile: Path, context: Path, tag: str, log: Path) -> str | None:
        side = self._side(tag)
        self.built[side] = (dockerfile, dockerfile.read_text(), context)
        ignore = own_ignore_file(dockerfile)
        if ignore is not None:
            self.ignores[side] = ignore.read_text()
        if self.images[side] is None:
            log.write_text("".join(f"step {n}\n" for n in range(40)) + "E: no such package\n")
            return None
        log.write_text("done\n")
        return f"sha256:{side}"

    def inspect(self, image: str) -> ImageInfo:
        found = self.images[self._side(image)]
        assert found is not None
        return ImageInfo(found.config, found.size)

    def run(self, image: str, argv: Sequence[str], timeout: float) -> Finished:
        self.runs.append((image, list(argv), timeout))
        found = self.images[self._side(image)]
        assert found is not None
        return found.smoke

    def remove(self, image: str) -> None:
        self.removed.append(image)


@pytest.fixture(autouse=True)
def _temporary_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """dlint verify's temporary folders go below the test's own (outside the context)."""
    folder = tmp_path / "tmp"
    folder.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(folder))
    return folder


def _project(tmp_path: Path, text: str = NEEDS_FIX, name: str = "Dockerfile") -> Path:
    project = tmp_path / "project"
    project.mkdir(exist_ok=True)
    path = project / name
    path.write_text(text)
    return path


def _verify(
    argv: list[str], builder: Builder, capsys: pytest.CaptureFixture[str]
) -> tuple[int, str, str]:
    code = command.main(argv, select_builder=lambda choice: builder)
    out, err = capsys.readouterr()
    return code, out, err


def _json(
    argv: list[str], builder: Builder, capsys: pytest.CaptureFixture[str]
) -> tuple[int, dict[str, Any]]:
    code, out, _ = _verify([*argv, "--format", "json"], builder, capsys)
    return code, json.loads(out)


def _fixed(path: Path) -> str:
    registry = default_registry()
    settings = resolve_settings(registry, None, CommandLineSelection(), path)
    return fix_text(path.read_text(), settings, unsafe=True, file_path=path).text


def test_same_builds_the_fixed_text_outside_the_context(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project(tmp_path)
    fake = FakeBuilder(FakeImage(size=2000), FakeImage(size=1500))
    code, result = _json([str(path)], fake, capsys)
    assert code == 0
    assert result["verdict"] == "same"
    assert result["size_change_percent"] == -25.0
    assert [f["code"] for f in result["fixes"]] == ["DLX009"]
    before_file, before_text, before_context = fake.built["before"]
    after_file, after_text, after_context = fake.built["after"]
    assert before_file == path and before_text == NEEDS_FIX
    assert after_text == _fixed(path) != NEEDS_FIX
    assert before_context == after_context == path.parent
    assert not after_file.resolve().is_relative_to(path.parent.resolve())
    assert not after_file.exists()  # the temporary folder is gone
    assert path.read_text() == NEEDS_FIX  # the user's file is untouched
    assert sorted(fake.removed) == sorted(f"dlint-verify-{t}" for t in _tags(fake))
    assert [argv for _, argv, _ in fake.runs] == [["run"], ["run"]]


def test_an_ignore_file_fix_is_built_beside_the_fixed_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = tmp_path / "project" / "Dockerfile"
    (path.parent / ".venv").mkdir(parents=True)
    (path.parent / ".venv" / "pyvenv.cfg").write_text("home = /usr\n")
    (path.parent / "app.py").write_text("print(1)\n")
    path.write_text("FROM python:3.12-slim\nCOPY . /app/\n")
    fake = FakeBuilder(FakeImage(), FakeImage())
    code, result = _json([str(path), "--select", "DLX406"], fake, capsys)
    assert code == 0, result
    assert [f["code"] for f in result["fixes"]] == ["DLX406"]
    assert fake.built["after"][1] == fake.built["before"][1]  # the Dockerfile is the same
    assert fake.ignores == {"after": "# Python virtual environments\n.venv\n"}
    assert not (path.parent / ".dockerignore").exists()  # the user's folder is untouched


def _tags(fake: FakeBuilder) -> list[str]:
    return [image.removeprefix("dlint-verify-") for image, _, _ in fake.runs]


def test_json_object_shape(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path)
    _, result = _json([str(path)], FakeBuilder(FakeImage(), FakeImage()), capsys)
    assert list(result) == [
        "schema",
        "verdict",
        "builder",
        "context",
        "fixes",
        "before",
        "after",
        "differences",
        "dropped_with_base",
        "added_by_fix",
        "size_change_percent",
        "log_dir",
    ]
    assert list(result["before"]) == [
        "dockerfile",
        "built",
        "build_error",
        "build_seconds",
        "image",
        "image_size",
        "config",
        "smoke",
    ]
    assert result["schema"] == 1 and result["builder"] == "fake"
    assert result["before"]["smoke"] == {
        "command": ["run"],
        "exit_code": 0,
        "output": "hello\n",
        "timed_out": False,
    }
    assert result["before"]["config"]["Env"] == {"PATH": BASE_ENV[0][5:]}
    assert result["after"]["dockerfile"] == f"{path} (fixed)"


def test_nothing_to_fix_builds_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project(tmp_path, CLEAN)

    def no_builder(choice: str) -> Builder:
        raise AssertionError("no builder is needed")

    code = command.main([str(path), "--format", "json"], select_builder=no_builder)
    result = json.loads(capsys.readouterr().out)
    assert code == 0
    assert result["verdict"] == "nothing-to-fix"
    assert result["before"]["built"] is None and result["builder"] is None


def test_two_identical_files_have_nothing_to_fix(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project(tmp_path)
    other = _project(tmp_path, NEEDS_FIX, "Dockerfile.copy")
    code, result = _json([str(path), str(other)], FakeBuilder(None, None), capsys)
    assert (code, result["verdict"]) == (0, "nothing-to-fix")


def test_original_does_not_build(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], _temporary_folder: Path
) -> None:
    path = _project(tmp_path)
    fake = FakeBuilder(None, FakeImage())
    code, out, _ = _verify([str(path)], fake, capsys)
    assert code == 3
    assert "original-does-not-build" in out
    assert "E: no such package" in out
    assert "after" not in fake.built  # the fix is not built
    assert fake.removed == []
    code, result = _json([str(path)], FakeBuilder(None, FakeImage()), capsys)
    before = result["before"]
    assert before["built"] is False and result["after"]["built"] is None
    lines = before["build_error"].split("\n")
    assert len(lines) == 30 and lines[-1] == "E: no such package"
    assert Path(result["log_dir"], "before.log").is_file()  # kept to read in full


def test_fix_does_not_build(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path)
    fake = FakeBuilder(FakeImage(), None)
    code, result = _json([str(path)], fake, capsys)
    assert code == 1
    assert result["verdict"] == "fix-does-not-build"
    assert result["before"]["built"] is True and result["after"]["built"] is False
    assert result["before"]["image_size"] == 1000
    assert [t.rsplit("-", 1)[1] for t in fake.removed] == ["before"]


def test_a_different_cmd_is_different(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path, CLEAN)
    other = _project(tmp_path, CLEAN.replace('"hello"', '"bye"'), "Dockerfile.other")
    after = FakeImage(config={"Env": BASE_ENV, "Cmd": ["echo", "bye"]}, smoke=Finished(0, "bye\n"))
    before = FakeImage(config={"Env": BASE_ENV, "Cmd": ["echo", "hello"]})
    code, out, _ = _verify([str(path), str(other)], FakeBuilder(before, after), capsys)
    assert code == 1
    assert "Cmd ≠" in out and "verdict: different" in out
    code, result = _json([str(path), str(other)], FakeBuilder(before, after), capsys)
    assert result["differences"] == [
        {"field": "Cmd", "key": None, "before": ["echo", "hello"], "after": ["echo", "bye"]},
        {"field": "smoke", "key": "output", "before": "hello\n", "after": "bye\n"},
    ]
    assert result["fixes"] == []


def test_env_of_the_build_base_may_go(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    single = 'FROM golang:1.22\nENV APP=1\nRUN go build -o /app .\nCMD ["/app"]\n'
    path = _project(tmp_path, single)
    other = _project(
        tmp_path,
        "FROM golang:1.22 AS build\nRUN go build -o /app .\n"
        "FROM debian:bookworm-slim\nCOPY --from=build /app /app\nENV APP=1\nCMD [\"/app\"]\n",
        "Dockerfile.multi",
    )
    go = "/go/bin:/usr/local/go/bin:"
    before = FakeImage(
        config={
            "Env": [f"PATH={go}{BASE_ENV[0][5:]}", "GOPATH=/go", "APP=1"],
            "Cmd": ["/app"],
            "WorkingDir": "/go",
        }
    )
    after = FakeImage(config={"Env": [*BASE_ENV, "APP=1"], "Cmd": ["/app"], "WorkingDir": "/go"})
    code, result = _json([str(path), str(other)], FakeBuilder(before, after), capsys)
    assert (code, result["verdict"]) == (0, "same")
    assert result["dropped_with_base"] == [
        {"field": "Env", "key": "GOPATH", "value": "/go"},
        {"field": "Env", "key": "PATH", "value": go.rstrip(":")},
    ]
    # APP is the Dockerfile's own: it must stay
    after.config["Env"] = BASE_ENV
    code, result = _json([str(path), str(other)], FakeBuilder(before, after), capsys)
    assert (code, result["verdict"]) == (1, "different")
    assert result["differences"] == [{"field": "Env", "key": "APP", "before": "1", "after": None}]


def test_smoke_timeout(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path)
    before = FakeImage(smoke=Finished(None, "serving\n", timed_out=True))
    after = FakeImage(smoke=Finished(1, "crashed\n"))
    code, result = _json([str(path), "--timeout", "2.5"], FakeBuilder(before, after), capsys)
    assert code == 1
    assert result["before"]["smoke"]["timed_out"] is True
    assert result["before"]["smoke"]["exit_code"] is None
    assert result["differences"][0] == {
        "field": "smoke",
        "key": "exit_code",
        "before": "timed out",
        "after": 1,
    }
    # a server that runs until the time limit in both, with the same output, is the same
    fake = FakeBuilder(before, FakeImage(smoke=Finished(None, "serving\n", timed_out=True)))
    code, out, _ = _verify([str(path), "--timeout", "2.5"], fake, capsys)
    assert code == 0 and "timed out" in out
    assert [timeout for _, _, timeout in fake.runs] == [2.5, 2.5]


def test_smoke_command_and_default(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path)
    fake = FakeBuilder(FakeImage(), FakeImage())
    _verify([str(path), "--smoke", "app --version"], fake, capsys)
    assert [argv for _, argv, _ in fake.runs] == [["/bin/sh", "-c", "app --version"]] * 2
    entry = {"Entrypoint": ["/bin/sh", "-c", "exec app"], "Cmd": ["--port", "80"]}
    fake = FakeBuilder(FakeImage(config=entry), FakeImage(config=entry))
    _verify([str(path)], fake, capsys)
    assert fake.runs[0][1] == ["/bin/sh", "-c", "exec app", "--port", "80"]
    fake = FakeBuilder(FakeImage(config={}), FakeImage(config={}))
    code, result = _json([str(path)], fake, capsys)
    assert fake.runs == [] and result["before"]["smoke"] is None and code == 0


def test_keep_images(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path)
    fake = FakeBuilder(FakeImage(), FakeImage())
    _, result = _json([str(path), "--keep-images"], fake, capsys)
    assert fake.removed == []
    assert result["before"]["image"].endswith("-before")
    assert result["after"]["image"].endswith("-after")
    assert Path(result["after"]["dockerfile"].removesuffix(" (fixed)")).exists()


def test_select_narrows_the_fixes(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path)
    code, result = _json([str(path), "--select", "DLX609"], FakeBuilder(None, None), capsys)
    assert (code, result["verdict"]) == (0, "nothing-to-fix")
    fake = FakeBuilder(FakeImage(), FakeImage())
    code, result = _json([str(path), "--select", "DLX0"], fake, capsys)
    assert [f["code"] for f in result["fixes"]] == ["DLX009"]


def test_the_per_dockerfile_ignore_file_goes_with_the_fixed_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project(tmp_path)
    path.with_name("Dockerfile.dockerignore").write_text("secret\n")
    seen: list[str] = []

    class Reading(FakeBuilder):
        def build(self, dockerfile: Path, context: Path, tag: str, log: Path) -> str | None:
            ignore = dockerfile.with_name(dockerfile.name + ".dockerignore")
            seen.append(ignore.read_text())
            return super().build(dockerfile, context, tag, log)

    _verify([str(path)], Reading(FakeImage(), FakeImage()), capsys)
    assert seen == ["secret\n", "secret\n"]


def test_builder_errors_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path)

    def none_works(choice: str) -> Builder:
        raise BuilderError("no container builder works (docker: not installed)")

    assert command.main([str(path)], select_builder=none_works) == 2
    assert "no container builder works" in capsys.readouterr().err

    class Broken(FakeBuilder):
        def inspect(self, image: str) -> ImageInfo:
            raise BuilderError("'fake inspect' failed: boom")

    fake = Broken(FakeImage(), FakeImage())
    code, _, err = _verify([str(path)], fake, capsys)
    assert code == 2 and "boom" in err
    assert len(fake.removed) == 2  # the images built are removed all the same


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["missing/Dockerfile"], "no such file or directory"),
        (["{path}", "--context", "{path}"], "not a directory"),
        (["{path}", "--select", "NOPE999"], "unknown rule"),
        (["{path}", "{path}", "--select", "DLX009"], "--select chooses fixes"),
    ],
)
def test_usage_errors(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], argv: list[str], message: str
) -> None:
    path = _project(tmp_path)
    args = [a.format(path=path) for a in argv]
    code, _, err = _verify(args, FakeBuilder(None, None), capsys)
    assert code == 2
    assert message in err


@pytest.mark.parametrize(
    "argv",
    [["--timeout", "0"], ["--timeout", "soon"], ["--builder", "kaniko"], ["--format", "xml"]],
)
def test_argument_errors(argv: list[str], capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as raised:
        command.main(argv)
    assert raised.value.code == 2


def test_temporary_folder_inside_the_context(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project(tmp_path)
    code, _, err = _verify([str(path), "--context", str(tmp_path)], FakeBuilder(None, None), capsys)
    assert code == 2
    assert "inside the build context" in err


def test_wired_into_dlint(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = _project(tmp_path)
    chosen: list[str] = []

    def find(choice: str) -> Builder:
        chosen.append(choice)
        return FakeBuilder(FakeImage(), FakeImage())

    monkeypatch.setattr(command, "find_builder", find)
    assert cli.main(["verify", str(path), "--builder", "buildah"]) == 0
    assert chosen == ["buildah"]
    assert "verdict: same" in capsys.readouterr().out


# -- the configuration, the selection and the build context ------------------------------

TWO_FIXES = """\
FROM debian:bookworm-slim
MAINTAINER Jane Doe <jane@example.com>
RUN apt-get update && apt-get install -y curl
CMD ["echo", "hello"]
"""


def _dlint_fix(path: Path, argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> str:
    """What ``dlint --fix --unsafe-fixes`` writes into a copy of ``path`` beside it."""
    copy = path.with_name(path.name + ".dlint")
    copy.write_text(path.read_text())
    cli.main(["--fix", "--unsafe-fixes", "--no-cache", "--quiet", *argv, str(copy)])
    capsys.readouterr()
    fixed = copy.read_text()
    copy.unlink()
    return fixed


@pytest.mark.parametrize(
    ("config", "argv", "codes"),
    [
        (None, [], ["DLX009", "DLX304"]),
        ("ignore: [DLX009]\n", [], ["DLX304"]),
        ("select: [DLX009]\n", [], ["DLX009"]),
        ("ignore: [maintainer-deprecated, DLX304]\n", [], []),
        ("ignore: [DLX009]\n", ["--select", "DLX009"], []),  # the ignore stays
        ("ignore: [DLX009]\n", ["--select", "DLX009,DLX304"], ["DLX304"]),
        (None, ["--select", "DL3000"], []),  # hadolint's code of a rule dlint lacks
        ("select: [DLX009]\n", ["--select", "DLX304"], ["DLX304"]),
        ("per-path:\n  - paths: [Dockerfile*]\n    ignore: [DLX304]\n", [], ["DLX009"]),
    ],
)
def test_the_fixes_are_those_of_dlint_fix_under_the_configuration_found(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    config: str | None,
    argv: list[str],
    codes: list[str],
) -> None:
    path = _project(tmp_path, TWO_FIXES)
    if config is not None:
        path.with_name(".dlint.yaml").write_text(config)
    fake = FakeBuilder(FakeImage(), FakeImage())
    code, result = _json([str(path), *argv], fake, capsys)
    assert [f["code"] for f in result["fixes"]] == codes
    expected = _dlint_fix(path, argv, capsys)
    if codes:
        assert (code, result["verdict"]) == (0, "same")
        assert fake.built["after"][1] == expected != TWO_FIXES
    else:
        assert (code, result["verdict"]) == (0, "nothing-to-fix")
        assert expected == TWO_FIXES and fake.built == {}


def test_the_fix_titles_are_listed(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = _project(tmp_path, TWO_FIXES)
    _, result = _json([str(path)], FakeBuilder(FakeImage(), FakeImage()), capsys)
    assert result["fixes"] == [
        {"code": "DLX009", "title": "replace MAINTAINER with an authors LABEL"},
        {"code": "DLX304", "title": "end the RUN with `rm -rf /var/lib/apt/lists/*`"},
    ]


def test_config_names_the_configuration(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = _project(tmp_path, TWO_FIXES)
    path.with_name(".dlint.yaml").write_text("ignore: [DLX304]\n")  # not the one used
    other = tmp_path / "elsewhere" / ".dlint.yaml"
    other.parent.mkdir()
    other.write_text("ignore: [DLX009]\n")
    argv = ["--config", str(other)]
    fake = FakeBuilder(FakeImage(), FakeImage())
    _, result = _json([str(path), *argv], fake, capsys)
    assert [f["code"] for f in result["fixes"]] == ["DLX304"]
    assert fake.built["after"][1] == _dlint_fix(path, argv, capsys)


@pytest.mark.parametrize(
    ("text", "place", "message"),
    [
        ("context: 3\n", "1:10", "'context' must be a string, got integer"),
        ("select: [NOPE999]\n", "1:10", "unknown rule selector 'NOPE999'"),
        ("ignore: [DLX009\n", "2:1", "invalid YAML: expected ',' or ']', but got '<stream end>'"),
    ],
)
@pytest.mark.parametrize("given", [False, True])
def test_a_broken_configuration_exits_2_with_its_place(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    text: str,
    place: str,
    message: str,
    given: bool,
) -> None:
    path = _project(tmp_path)
    config = (tmp_path / "conf" if given else path.parent) / ".dlint.yaml"
    config.parent.mkdir(exist_ok=True)
    config.write_text(text)

    def no_builder(choice: str) -> Builder:
        raise AssertionError("no builder is needed")

    argv = [str(path), *(["--config", str(config)] if given else [])]
    code = command.main(argv, select_builder=no_builder)
    out, err = capsys.readouterr()
    assert (code, out) == (2, "")
    assert err.startswith(f"dlint verify: error: {config}:{place}: {message}")
    assert err.count("\n") == 1


@pytest.mark.parametrize(
    ("selector", "message"),
    [
        ("NOPE999", "unknown rule or category 'NOPE999'"),
        (
            "DLX009,maintainer-deprecatd",
            "unknown rule or category 'maintainer-deprecatd' (did you mean maintainer-deprecated?)",
        ),
    ],
)
def test_an_unknown_selector_exits_2(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], selector: str, message: str
) -> None:
    path = _project(tmp_path)
    code, out, err = _verify([str(path), "--select", selector], FakeBuilder(None, None), capsys)
    assert (code, out) == (2, "")
    assert err == f"dlint verify: error: {message}\n"


def _tar(path: Path) -> None:
    """A tar archive named like a plain file: ADD unpacks it, COPY would not."""
    import io
    import tarfile

    data = b"key = value\n"
    with tarfile.open(path, "w") as archive:
        member = tarfile.TarInfo("app.conf")
        member.size = len(data)
        archive.addfile(member, io.BytesIO(data))


@pytest.mark.parametrize(
    ("configured", "given", "context", "codes"),
    [
        (None, None, "project", ["DLX009", "DLX401"]),
        (None, "archive", "archive", ["DLX009"]),
        ("../archive", None, "archive", ["DLX009"]),
        ("../archive", "project", "project", ["DLX009", "DLX401"]),
        (".", "archive", "archive", ["DLX009"]),
    ],
)
def test_the_build_context_is_given_else_configured_else_the_folder(
    tmp_path: Path,
    capsys: pytest.CaptureFixture[str],
    configured: str | None,
    given: str | None,
    context: str,
    codes: list[str],
) -> None:
    """The context chosen is the one the fixes see (ADD of a tar archive stays) and the
    one the builds get."""
    path = _project(tmp_path, "FROM alpine:3.20\nMAINTAINER Jane\nADD app.conf /etc/app/\n")
    path.with_name("app.conf").write_text("key = value\n")
    (tmp_path / "archive").mkdir()
    _tar(tmp_path / "archive" / "app.conf")
    if configured is not None:
        path.with_name(".dlint.yaml").write_text(f"context: {configured}\n")
    argv = ["--context", str(tmp_path / given)] if given else []
    fake = FakeBuilder(FakeImage(), FakeImage())
    code, result = _json([str(path), *argv], fake, capsys)
    assert code == 0
    assert [f["code"] for f in result["fixes"]] == codes
    used = fake.built["before"][2]
    assert used == fake.built["after"][2] and result["context"] == str(used)
    assert used.resolve() == (tmp_path / context).resolve()
    assert fake.built["after"][1] == _dlint_fix(path, argv, capsys)
