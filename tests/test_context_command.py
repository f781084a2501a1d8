"""``dlint context``: the report of a real project on disk, text and JSON, and its errors."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from dlint_dockerfile.cli import main as dlint_main
from dlint_dockerfile.context_command import main as context_main
from dlint_dockerfile.model.context_report import Proposal
from dlint_dockerfile.output.context_report import format_size

DLINT = str(Path(sys.executable).parent / "dlint")

DOCKERFILE = """\
FROM node:20 AS build
WORKDIR /app
COPY package.json ./
COPY src/ src/
RUN --mount=type=bind,source=scripts,target=/s sh /s/build.sh

FROM nginx:1.27
COPY --from=build /app/dist /usr/share/nginx/html
COPY ${CONF:-nginx.conf} /etc/nginx/conf.d/default.conf
ADD https://example.com/robots.txt /usr/share/nginx/html/
"""
DOCKERIGNORE = "node_modules\n.git\n*.log\ntmp/\n!docs/keep.md\n"
#: File -> size in bytes.
FILES = {
    "package.json": 120,
    "src/index.js": 2000,
    "src/app/view.js": 3000,
    "src/app/style.css": 1500,
    "scripts/build.sh": 300,
    "nginx.conf": 400,
    "docs/guide.md": 5000,
    "docs/img/shot.png": 150000,
    "node_modules/react/index.js": 70000,
    "node_modules/react/cjs/react.js": 90000,
    ".git/HEAD": 23,
    ".git/objects/ab/cdef": 800,
    "build.log": 2048,
}
PROPOSAL: Proposal = [("# Version control", [".git"]), ("# Documentation", ["docs", "*.md"])]


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A web project (the working folder): sources, scripts, docs, node_modules, .git."""
    for name, size in FILES.items():
        write(tmp_path / name, "x" * size)
    write(tmp_path / ".dockerignore", DOCKERIGNORE)
    write(tmp_path / "Dockerfile", DOCKERFILE)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("NO_COLOR", raising=False)
    return tmp_path


def run(
    capsys: pytest.CaptureFixture[str], *argv: str, proposal: Proposal | None = None
) -> tuple[int, str, str]:
    """``dlint context ARGV`` in this process (through the ``dlint`` dispatch, unless a
    proposal is handed to the command): exit code, stdout, stderr."""
    if proposal is None:
        code = dlint_main(["context", *argv])
    else:
        code = context_main(list(argv), propose=lambda model: (proposal, []))
    out, err = capsys.readouterr()
    return code, out, err


TEXT = """\
Build context .  (Dockerfile: Dockerfile; ignore file: .dockerignore)
  sent to the builder          10 files  158.9 KB
  kept out by the ignore file   5 files  159.1 KB
  in the folder                15 files  317.9 KB

Biggest folders sent
  docs/              2 files  151.4 KB
    docs/img/        1 file   146.5 KB
  src/               3 files    6.3 KB
    src/app/         2 files    4.4 KB
  scripts/           1 file      300 B
  files at the root  4 files     877 B

What .dockerignore keeps out
  1:1  node_modules   2 files  156.2 KB
  2:1  .git           2 files     823 B
  3:1  *.log          1 file     2.0 KB
  4:1  tmp/                              excludes nothing
  5:1  !docs/keep.md                     brings nothing back
{proposal}
What each COPY, ADD and bind mount takes
  stage  line:col  instruction  source                          files    size
  build  3:6       COPY         package.json                        1   120 B
  build  4:6       COPY         src/                                3  6.3 KB
  build  5:5       RUN          scripts                             1   300 B
  1      8:19      COPY         /app/dist                                      \
not from the context (--from=build)
  1      9:6       COPY         ${CONF:-nginx.conf}                 1   400 B  = nginx.conf
  1      10:5      ADD          https://example.com/robots.txt                 \
not from the context: a URL

Sent but taken by no instruction: 4 files, 151.7 KB
  docs/              2 files  151.4 KB
  files at the root  2 files     357 B
"""
PROPOSAL_TEXT = """
What dlint's .dockerignore fix would keep out
  # Version control  .git        0 files       0 B
  # Documentation    docs, *.md  2 files  151.4 KB
  no longer sent                 2 files  151.4 KB
"""


def test_text_report_of_every_section(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys) == (0, TEXT.replace("{proposal}", ""), "")


def test_text_report_with_the_proposal(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, proposal=PROPOSAL) == (0, TEXT.replace("{proposal}", PROPOSAL_TEXT), "")


def test_the_proposal_warns_of_files_an_instruction_takes(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, proposal=[("# Sources", ["src/app"])])
    assert code == 0
    assert (
        "What dlint's .dockerignore fix would keep out\n"
        "  # Sources       src/app  2 files  4.4 KB  2 of them taken by an instruction\n"
        "  no longer sent           2 files  4.4 KB\n"
    ) in out


def test_json_report(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(capsys, "--format", "json", proposal=PROPOSAL)
    assert (code, err) == (0, "")
    assert out.startswith('{\n  "version": 1,\n  "dockerfile": "Dockerfile",\n')
    source = {"stage_built": True, "ignored": 0, "listed": True, "note": None}
    assert json.loads(out) == {
        "version": 1,
        "dockerfile": "Dockerfile",
        "context": ".",
        "ignore_file": ".dockerignore",
        "ignore_file_readable": True,
        "complete": True,
        "issues": [],
        "sent": {"files": 10, "bytes": 162677},
        "excluded": {"files": 5, "bytes": 162871},
        "total": {"files": 15, "bytes": 325548},
        "folders": [
            {
                "path": "docs",
                "files": 2,
                "bytes": 155000,
                "subfolders": [{"path": "docs/img", "files": 1, "bytes": 150000}],
            },
            {
                "path": "src",
                "files": 3,
                "bytes": 6500,
                "subfolders": [{"path": "src/app", "files": 2, "bytes": 4500}],
            },
            {"path": "scripts", "files": 1, "bytes": 300, "subfolders": []},
        ],
        "other_folders": {"folders": 0, "files": 0, "bytes": 0},
        "root_files": {"files": 4, "bytes": 877},
        "ignore_patterns": [
            {"line": 1, "column": 1, "pattern": "node_modules", "exception": False,
             "files": 2, "bytes": 160000},
            {"line": 2, "column": 1, "pattern": ".git", "exception": False,
             "files": 2, "bytes": 823},
            {"line": 3, "column": 1, "pattern": "*.log", "exception": False,
             "files": 1, "bytes": 2048},
            {"line": 4, "column": 1, "pattern": "tmp/", "exception": False,
             "files": 0, "bytes": 0},
            {"line": 5, "column": 1, "pattern": "!docs/keep.md", "exception": True,
             "files": 0, "bytes": 0},
        ],
        "proposal": {
            "groups": [
                {"comment": "# Version control", "patterns": [".git"], "files": 0,
                 "bytes": 0, "used_files": 0},
                {"comment": "# Documentation", "patterns": ["docs", "*.md"], "files": 2,
                 "bytes": 155000, "used_files": 0},
            ],
            "files": 2,
            "bytes": 155000,
            "withheld": [],
        },
        "sources": [
            {**source, "instruction": "COPY", "stage": "build", "line": 3, "column": 6,
             "source": "package.json", "resolved": "package.json", "origin": "context",
             "files": 1, "bytes": 120},
            {**source, "instruction": "COPY", "stage": "build", "line": 4, "column": 6,
             "source": "src/", "resolved": "src/", "origin": "context",
             "files": 3, "bytes": 6500},
            {**source, "instruction": "RUN", "stage": "build", "line": 5, "column": 5,
             "source": "scripts", "resolved": "scripts", "origin": "context",
             "files": 1, "bytes": 300},
            {**source, "instruction": "COPY", "stage": "1", "line": 8, "column": 19,
             "source": "/app/dist", "resolved": "/app/dist", "origin": "from",
             "files": 0, "bytes": 0, "note": "--from=build"},
            {**source, "instruction": "COPY", "stage": "1", "line": 9, "column": 6,
             "source": "${CONF:-nginx.conf}", "resolved": "nginx.conf", "origin": "context",
             "files": 1, "bytes": 400},
            {**source, "instruction": "ADD", "stage": "1", "line": 10, "column": 5,
             "source": "https://example.com/robots.txt",
             "resolved": "https://example.com/robots.txt", "origin": "url",
             "files": 0, "bytes": 0},
        ],
        "unused": {
            "files": 4,
            "bytes": 155357,
            "exact": True,
            "folders": [
                {"path": "docs", "whole": True, "files": 2, "bytes": 155000},
                {"path": "", "whole": False, "files": 2, "bytes": 357},
            ],
            "other": {"folders": 0, "files": 0, "bytes": 0},
        },
    }


def test_unknown_sources_unbuilt_stages_and_problems(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project / "Dockerfile", (
        "FROM alpine AS tools\n"
        "ARG VERSION\n"
        "COPY tools-$VERSION/ /t/\n"
        "COPY missing.txt node_modules/react/ /\n"
        "FROM alpine\n"
        "COPY <<EOF /etc/motd\nhello\nEOF\n"
        "ONBUILD COPY . /app\n"
    ))
    code, out, err = run(capsys)
    assert (code, err) == (0, "")
    sources = out[out.index("What each COPY"):]
    assert sources == (
        "What each COPY, ADD and bind mount takes\n"
        "  stage  line:col  instruction  source               files  size\n"
        "  tools  3:6       COPY         tools-$VERSION/                   "
        "unknown: a variable without a value\n"
        "  tools  4:6       COPY         missing.txt              0   0 B  "
        "not found in the context: the build fails; stage not built by default\n"
        "  tools  4:18      COPY         node_modules/react/      0   0 B  "
        "kept out by the ignore file: the build fails; stage not built by default\n"
        "  1      6:6       COPY         <<EOF                             "
        "not from the context: a heredoc\n"
        "  1      9:14      COPY         .                                 "
        "not from this build's context: an ONBUILD trigger\n"
        "\n"
        "Sent but taken by no instruction: 10 files, 158.7 KB\n"
        "  docs/              2 files  151.4 KB\n"
        "  src/               3 files    6.3 KB\n"
        "  files at the root  4 files     723 B\n"
        "  scripts/           1 file      300 B\n"
        "  (a source could not be resolved: some may be used)\n"
    )


def test_path_a_folder_context_and_configuration(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project / "web" / "web.Dockerfile", "FROM nginx\nCOPY . /srv\n")
    write(project / "web" / "web.Dockerfile.dockerignore", "docs\n")
    # --context: the project; the ignore file beside the Dockerfile wins
    code, out, _ = run(capsys, "--context", ".", "web/web.Dockerfile")
    assert code == 0
    assert out.splitlines()[:4] == [
        "Build context .  (Dockerfile: web/web.Dockerfile; "
        "ignore file: web/web.Dockerfile.dockerignore)",
        "  sent to the builder          15 files  166.6 KB",
        "  kept out by the ignore file   2 files  151.4 KB",
        "  in the folder                17 files  317.9 KB",
    ]
    # the configuration's context, as `dlint` takes it
    write(project / "web" / ".dlint.yaml", "context: ..\n")
    code, out, _ = run(capsys, "web/web.Dockerfile")
    assert code == 0
    assert out.splitlines()[0] == (
        f"Build context {project}  (Dockerfile: web/web.Dockerfile; "
        "ignore file: web/web.Dockerfile.dockerignore)"
    )
    # a folder: its Dockerfile
    write(project / "api" / "Dockerfile", "FROM scratch\n")
    code, out, _ = run(capsys, "api")
    assert code == 0
    assert out.splitlines()[:2] == [
        "Build context api  (Dockerfile: api/Dockerfile; no ignore file)",
        "  sent to the builder          1 file   13 B",
    ]


def test_nothing_sent(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(tmp_path / "Dockerfile", "FROM scratch\n")
    write(tmp_path / ".dockerignore", "*\n")
    code, out, err = run(capsys, str(tmp_path))
    assert (code, err) == (0, "")
    assert out == (
        f"Build context {tmp_path}  (Dockerfile: {tmp_path}/Dockerfile; "
        f"ignore file: {tmp_path}/.dockerignore)\n"
        "  sent to the builder          0 files   0 B\n"
        "  kept out by the ignore file  2 files  15 B\n"
        "  in the folder                2 files  15 B\n"
        "\n"
        "Biggest folders sent\n"
        "  nothing is sent\n"
        "\n"
        "What .dockerignore keeps out\n"
        "  1:1  *  2 files  15 B\n"
        "\n"
        "What each COPY, ADD and bind mount takes\n"
        "  no COPY, ADD or RUN --mount=type=bind\n"
        "\n"
        "Sent but taken by no instruction\n"
        "  none\n"
    )


def test_colour_only_when_asked(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    _, plain, _ = run(capsys)  # captured: not a terminal
    assert "\x1b[" not in plain
    _, coloured, _ = run(capsys, "--color", "always")
    assert coloured.startswith("\x1b[1mBuild context \x1b[0m\x1b[1m.\x1b[0m  (Dockerfile")
    assert "\x1b[33mexcludes nothing\x1b[0m" in coloured
    assert "\x1b[" not in run(capsys, "--color", "never")[1]


def test_file_names_cannot_drive_the_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(tmp_path / "Dockerfile", "FROM scratch\n")
    write(tmp_path / "evil\x1b[31mname" / "x", "12")
    code, out, _ = run(capsys, str(tmp_path / "Dockerfile"))
    assert code == 0 and "\x1b" not in out
    assert "evil\u241b[31mname/" in out


# ----------------------------------------------------------------------- errors


def test_missing_dockerfile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nope" / "Dockerfile"
    assert run(capsys, str(missing)) == (
        2, "", f"dlint: error: {missing}: no such file or directory\n"
    )


def test_folder_without_a_dockerfile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run(capsys, str(tmp_path)) == (
        2,
        "",
        f"dlint: error: {tmp_path}: no file named Dockerfile in this folder; "
        f"name the Dockerfile: dlint context {tmp_path}/NAME\n",
    )


def test_unreadable_dockerfile(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "Dockerfile").write_bytes(b"\xff\xfeF\x00R\x00")
    code, out, err = run(capsys, str(tmp_path))
    assert (code, out) == (2, "")
    assert err.startswith(f"dlint: error: {tmp_path}/Dockerfile: ")


def test_context_that_is_not_a_folder(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run(capsys, "--context", "package.json") == (
        2, "", "dlint: error: --context package.json: not a directory\n"
    )
    write(project / ".dlint.yaml", "context: gone\n")
    assert run(capsys) == (
        2,
        "",
        f"dlint: error: build context {project}/gone (set in {project}/.dlint.yaml): "
        "not a directory\n",
    )


def test_configuration_error(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    write(project / ".dlint.yaml", "selct: [DLX1]\n")
    code, out, err = run(capsys)
    assert (code, out) == (2, "")
    assert err.startswith(f"dlint: error: {project}/.dlint.yaml:1:1: ")


def test_unreadable_ignore_file_is_an_error_and_the_report_goes_on_without_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / ".dockerignore").unlink()
    (project / ".dockerignore").mkdir()
    code, out, err = run(capsys)
    assert code == 2
    assert err == (
        "dlint: error: .dockerignore: cannot read the ignore file: it is a directory; "
        "Docker fails the build\n"
    )
    assert out.splitlines()[:5] == [
        "Build context .  (Dockerfile: Dockerfile; ignore file: .dockerignore)",
        "  sent to the builder          14 files  317.9 KB",
        "  kept out by the ignore file   0 files       0 B",
        "  in the folder                14 files  317.9 KB",
        "  .dockerignore cannot be read: shown without it",
    ]
    assert "keeps out" not in out


def test_bad_ignore_patterns_are_warnings(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    write(project / ".dockerignore", "node_modules\n[\n")
    code, out, err = run(capsys)
    assert code == 0
    assert err == (
        'dlint: warning: .dockerignore:2:1: syntax error in pattern "["; '
        "Docker fails the build\n"
    )
    assert "  1:1  node_modules  2 files  156.2 KB\n" in out


# --------------------------------------------------------------- the command


def test_help_documents_the_command() -> None:
    done = subprocess.run([DLINT, "context", "--help"], capture_output=True, text=True)
    assert done.returncode == 0
    assert done.stdout.startswith("usage: dlint context [-h] [--context DIR] [--config PATH]")
    for option in ("PATH", "--context DIR", "--format {text,json}", "--color"):
        assert option in done.stdout


def test_the_console_script_runs_it(project: Path) -> None:
    environment = {k: v for k, v in os.environ.items() if k != "NO_COLOR"}
    done = subprocess.run(
        [DLINT, "context", "--format", "json"],
        capture_output=True,
        text=True,
        cwd=project,
        env=environment,
    )
    assert (done.returncode, done.stderr) == (0, "")
    assert json.loads(done.stdout)["sent"] == {"files": 10, "bytes": 162677}


@pytest.mark.parametrize(
    ("size", "shown"),
    [(0, "0 B"), (1023, "1023 B"), (1024, "1.0 KB"), (1536, "1.5 KB"),
     (5 * 1024**2, "5.0 MB"), (int(1.44 * 1024**3), "1.4 GB"), (3 * 1024**4, "3.0 TB")],
)
def test_sizes(size: int, shown: str) -> None:
    assert format_size(size) == shown


class _Terminal:
    def isatty(self) -> bool:
        return True


def test_auto_colour_is_a_terminal_without_no_color(monkeypatch: pytest.MonkeyPatch) -> None:
    from dlint_dockerfile.output.common import use_color

    monkeypatch.delenv("NO_COLOR", raising=False)
    terminal = _Terminal()
    assert use_color("auto", terminal)  # type: ignore[arg-type]
    monkeypatch.setenv("NO_COLOR", "1")
    assert not use_color("auto", terminal)  # type: ignore[arg-type]
    assert use_color("always", terminal)  # type: ignore[arg-type]


def test_the_default_proposal_is_the_fix_and_says_what_it_withholds(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".git" / "HEAD", "ref: refs/heads/main\n")
    write(tmp_path / ".env", "TOKEN=1\n")
    write(tmp_path / "app.py", "print(1)\n")
    write(tmp_path / "Dockerfile", "FROM python:3.12-slim\nCOPY .env /etc/app.env\nCOPY . /app/\n")
    monkeypatch.chdir(tmp_path)
    code, out, _ = run(capsys, "--color", "never")
    assert code == 0
    section = out[out.index("What dlint's .dockerignore fix") :].split("\n\n")[0]
    assert section.splitlines() == [
        "What dlint's .dockerignore fix would keep out",
        "  version control  .git  1 file   21 B  1 of them taken by an instruction",
        "  no longer sent         1 file   21 B",
        "  not .env: COPY at Dockerfile:2 needs '.env'",
    ]


# -- --changed: what a rebuild reruns -------------------------------------------------

REBUILD_DOCKERFILE = """\
FROM node:22-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci
COPY src/ ./src/
RUN npm run build

FROM nginx:1.27
COPY --from=build /app/dist /usr/share/nginx/html
"""


def _rebuild_project(root: Path) -> None:
    write(root / "Dockerfile", REBUILD_DOCKERFILE)
    write(root / "package.json", "{}\n")
    write(root / "package-lock.json", "{}\n")
    write(root / "src" / "main.js", "x\n")
    write(root / "README.md", "hi\n")
    write(root / ".dockerignore", "node_modules\n")
    write(root / "node_modules" / "x.js", "")


def test_changed_lists_the_first_step_and_every_step_after_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _rebuild_project(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "--changed", "src/main.js", "--color", "never")
    assert (code, err) == (0, "")
    assert out.splitlines() == [
        "What a rebuild reruns after src/main.js changed",
        "  (cache rules of buildkit; --builder chooses)",
        "",
        "stage build (line 1)",
        "      5  COPY src/ ./src/",
        "         reruns: COPY takes the changed file src/main.js",
        "      6  RUN npm run build",
        "",
        "stage 1 (line 8)",
        "  ?   9  COPY --from=build /app/dist /usr/share/nginx/html",
        "         may rerun: COPY --from=build: /app/dist may have changed in stage build (RUN "
        "at line 6 re-ran); rebuilt if the files it copies came out different",
        "",
        "? the builder decides at build time: rerun if those files differ",
    ]


def test_changed_json_with_an_ignored_file_and_a_target(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _rebuild_project(tmp_path)
    monkeypatch.chdir(tmp_path / "src")  # paths are taken as typed, from the working folder
    code, out, _ = run(
        capsys, "..", "--changed", "../package.json", "../node_modules/x.js", "../README.md",
        "--target", "build", "--format", "json",
    )
    assert code == 0
    document = json.loads(out)
    assert document["kind"] == "rebuild" and document["version"] == 1
    assert document["changed"] == ["package.json", "node_modules/x.js", "README.md"]
    assert document["ignored"] == ["node_modules/x.js"]
    [stage] = document["stages"]  # the target stage only
    assert stage["stage"] == "build" and stage["rebuilt"]
    assert [(s["line"], s["instruction"], s["reason"] != "") for s in stage["steps"]] == [
        (3, "COPY", True), (4, "RUN", False), (5, "COPY", False), (6, "RUN", False)
    ]


def test_changed_outside_the_context_is_an_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    _rebuild_project(tmp_path / "app")
    write(tmp_path / "other.txt", "")
    monkeypatch.chdir(tmp_path)
    code, out, err = run(capsys, "app", "--changed", "other.txt")
    assert (code, out) == (2, "")
    assert err == "dlint: error: --changed other.txt: not in the build context app\n"
    code, _, err = run(capsys, "app", "--target", "build")
    assert code == 2 and "--target chooses the stage --changed predicts for" in err
    code, _, err = run(capsys, "app", "--changed", "app/src", "--target", "nope")
    assert code == 2 and err.startswith("dlint: error: ") and "nope" in err


def test_a_withheld_pattern_names_the_line_of_the_copy_not_the_comment_above(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    write(tmp_path / ".env", "TOKEN=1\n")
    write(tmp_path / "app.py", "print(1)\n")
    dockerfile = "FROM python:3.12-slim\n\n# the settings\nCOPY .env /etc/app.env\nCOPY . /app/\n"
    write(tmp_path / "Dockerfile", dockerfile)
    monkeypatch.chdir(tmp_path)
    _, out, _ = run(capsys, "--color", "never")
    assert "  not .env: COPY at Dockerfile:4 needs '.env'" in out.splitlines()
