"""The ``dlint`` console script, run as a user runs it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
EXAMPLES = ROOT / "examples"
DLINT = str(Path(sys.executable).parent / "dlint")


def dlint(
    *args: str, cwd: Path | None = None, stdin: str | None = None, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "CI")}
    environment.update(env or {})
    return subprocess.run(
        [DLINT, *args],
        cwd=cwd or ROOT,
        input=stdin,
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


BAD = "FROM alpine:3.20\nRUNN x\nENV A 1\n"
CLEAN = "FROM alpine:3.20\nRUN echo hi\n"


# ---------------------------------------------------------------- exit codes


def test_clean_file_exits_zero() -> None:
    result = dlint(str(EXAMPLES / "Dockerfile"))
    assert result.returncode == 0, result.stdout + result.stderr
    assert result.stdout == "No problems found in 1 file.\n"


def test_findings_exit_one_with_exact_positions() -> None:
    result = dlint(str(EXAMPLES / "broken.Dockerfile"), "--quiet")
    path = str(EXAMPLES / "broken.Dockerfile")
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        f"{path}:2:1: DLX002 [unknown-instruction] unknown instruction: RUNN (did you mean RUN?)",
        f"{path}:3:5: DLX001 [syntax-error] ENV must have two arguments",
        f"{path}:4:12: DLX001 [syntax-error] when using JSON array syntax, arrays must be "
        "comprised of strings only",
    ]


def test_missing_path_exits_two_and_lints_the_rest(tmp_path: Path) -> None:
    bad = write(tmp_path / "Dockerfile", BAD)
    result = dlint(str(tmp_path / "nope"), str(bad), "-q")
    assert result.returncode == 2
    assert result.stderr.strip() == f"{tmp_path / 'nope'}: error: no such file or directory"
    assert "DLX002" in result.stdout


@pytest.mark.skipif(os.geteuid() == 0, reason="root reads any file")
def test_unreadable_file(tmp_path: Path) -> None:  # pragma: no cover - CI runs as root
    path = write(tmp_path / "Dockerfile", CLEAN)
    path.chmod(0)
    result = dlint(str(path))
    assert result.returncode == 2
    assert "permission denied" in result.stderr


def test_directory_as_dockerfile_via_stdin_filename_is_an_error(tmp_path: Path) -> None:
    result = dlint(str(tmp_path / "missing"), "--quiet")
    assert result.returncode == 2


def test_exit_zero_and_fail_levels(tmp_path: Path) -> None:
    warn_only = write(tmp_path / "Dockerfile", "FROM alpine:3.20\nMAINTAINER me\n")
    assert dlint(str(warn_only), "-q").returncode == 1
    assert dlint(str(warn_only), "-q", "--exit-zero").returncode == 0
    assert dlint(str(warn_only), "-q", "--fail-level", "error").returncode == 0
    assert dlint(str(warn_only), "-q", "--fail-level", "warning").returncode == 1
    assert dlint(str(warn_only), "-q", "--fail-level", "none").returncode == 0


def test_usage_errors_exit_two() -> None:
    assert dlint().returncode == 2
    result = dlint("--select", "DLX99999", str(EXAMPLES / "Dockerfile"))
    assert result.returncode == 2
    assert "unknown rule or category 'DLX99999'" in result.stderr
    assert dlint("--format", "xml", "x").returncode == 2


# -------------------------------------------------------------------- stdin


def test_stdin_with_filename() -> None:
    result = dlint("-", "--stdin-filename", "Dockerfile", "-q", stdin="FROM a:1\nFOO x\n")
    assert result.returncode == 1
    assert result.stdout.startswith("Dockerfile:2:1: DLX002 [unknown-instruction]")


def test_stdin_without_filename() -> None:
    result = dlint("-", "-q", stdin="FROM a:1\nFOO x\n")
    assert result.stdout.startswith("-:2:1: DLX002")


# ---------------------------------------------------------------- selection


def test_select_ignore_extend_select(tmp_path: Path) -> None:
    path = str(write(tmp_path / "Dockerfile", BAD))
    assert codes(path, "--select", "DLX002") == ["DLX002"]
    assert codes(path, "--ignore", "unknown-instruction") == ["DLX008"]
    assert codes(path, "--select", "DLX002", "--extend-select", "LegacyKeyValueFormat") == [
        "DLX002",
        "DLX008",
    ]
    assert codes(path, "--select", "syntax", "--ignore", "DLX008,DLX002") == []


def codes(*args: str) -> list[str]:
    result = dlint(*args, "--format", "json")
    return [row["code"] for row in json.loads(result.stdout)]


# ------------------------------------------------------------------ formats


@pytest.mark.parametrize(
    "fmt", ["text", "json", "sarif", "github", "gitlab", "checkstyle", "junit", "gnu"]
)
def test_every_format_runs(fmt: str, tmp_path: Path) -> None:
    path = str(write(tmp_path / "Dockerfile", BAD))
    result = dlint(path, "--format", fmt)
    assert result.returncode == 1
    assert "DLX002" in result.stdout


def test_statistics() -> None:
    result = dlint(str(EXAMPLES / "broken.Dockerfile"), "--statistics")
    rows = [line.split() for line in result.stdout.splitlines()]
    assert ["2", "DLX001", "syntax-error"] in rows or any(
        r[:3] == ["DLX001", "syntax-error", "2"] for r in rows
    ), result.stdout


def test_color_only_when_asked(tmp_path: Path) -> None:
    path = str(write(tmp_path / "Dockerfile", BAD))
    assert "\x1b[" not in dlint(path).stdout
    assert "\x1b[" in dlint(path, "--color", "always").stdout
    assert "\x1b[" not in dlint(path, "--color", "auto", env={"NO_COLOR": "1"}).stdout


# ---------------------------------------------------------------- discovery


def test_discovery_respects_gitignore_and_survives_symlink_loops(tmp_path: Path) -> None:
    write(tmp_path / "Dockerfile", CLEAN)
    write(tmp_path / "app" / "Dockerfile.prod", CLEAN)
    write(tmp_path / "app" / "web.Dockerfile", CLEAN)
    write(tmp_path / "app" / "Containerfile", CLEAN)
    write(tmp_path / "app" / "Dockerfile.dockerignore", "*\n")
    write(tmp_path / "app" / "notes.txt", "x")
    write(tmp_path / "build" / "Dockerfile", BAD)
    write(tmp_path / ".gitignore", "build/\n")
    (tmp_path / ".git").mkdir()
    write(tmp_path / "node_modules" / "pkg" / "Dockerfile", BAD)
    (tmp_path / "app" / "loop").symlink_to(tmp_path)
    outside = write(tmp_path.parent / f"{tmp_path.name}-outside" / "Dockerfile", BAD)
    (tmp_path / "app" / "linked.Dockerfile").symlink_to(outside)
    result = dlint(".", "--format", "json", cwd=tmp_path)
    assert result.returncode == 0, result.stdout + result.stderr
    sarif = dlint(".", "--format", "junit", cwd=tmp_path).stdout
    assert sorted(_junit_files(sarif)) == [
        "Dockerfile",
        "app/Containerfile",
        "app/Dockerfile.prod",
        "app/web.Dockerfile",
    ]


def _junit_files(xml: str) -> list[str]:
    import xml.etree.ElementTree as ET

    root = ET.fromstring(xml)
    return [case.get("name", "") for case in root.iter("testcase")]


def test_explicit_file_is_linted_whatever_its_name(tmp_path: Path) -> None:
    path = write(tmp_path / "weird-name.txt", BAD)
    assert dlint(str(path), "-q").returncode == 1


# ------------------------------------------------------------------- config


def test_bad_config_names_file_line_and_key(tmp_path: Path) -> None:
    write(tmp_path / ".dlint.yaml", "select:\n  - DLX001\nignroe: [DLX002]\n")
    path = write(tmp_path / "Dockerfile", BAD)
    result = dlint(str(path))
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        f"dlint: error: {tmp_path / '.dlint.yaml'}:3:1: unknown key 'ignroe' "
        "(did you mean 'ignore'?)",
        f"{path}: error: not linted: its configuration {tmp_path / '.dlint.yaml'} has an error",
    ]


def test_bad_config_skips_only_the_files_it_governs(tmp_path: Path) -> None:
    """Issue 18, bug 4: one broken config stopped the linting of every file."""
    config = write(tmp_path / "a" / ".dlint.yaml", "select: [\n")
    governed = [write(tmp_path / "a" / f"{i}.Dockerfile", BAD) for i in range(3)]
    others = [write(tmp_path / "b" / f"{i}.Dockerfile", BAD) for i in range(9)]
    for jobs in ("1", "2"):
        result = dlint("-q", "--no-cache", "-j", jobs, str(tmp_path))
        assert result.returncode == 2, result.stderr
        errors = result.stderr.splitlines()
        assert errors[0].startswith(f"dlint: error: {config}:2:1: invalid YAML")
        assert errors[1:] == [
            f"{p.as_posix()}: error: not linted: its configuration {config} has an error"
            for p in governed
        ]
        linted = {line.split(":")[0] for line in result.stdout.splitlines()}
        assert linted == {p.as_posix() for p in others}


def test_bad_explicit_config_stops_the_run(tmp_path: Path) -> None:
    config = write(tmp_path / "lint.yaml", "ignroe: [DLX002]\n")
    path = write(tmp_path / "Dockerfile", BAD)
    result = dlint(str(path), "--config", str(config))
    assert (result.returncode, result.stdout) == (2, "")
    assert result.stderr.splitlines() == [
        f"dlint: error: {config}:1:1: unknown key 'ignroe' (did you mean 'ignore'?)"
    ]


def test_config_is_found_and_applied(tmp_path: Path) -> None:
    write(tmp_path / ".dlint.yaml", "ignore: [DLX008]\nseverity:\n  DLX002: warning\n")
    path = write(tmp_path / "sub" / "Dockerfile", BAD)
    result = dlint(str(path), "--format", "json")
    rows = json.loads(result.stdout)
    assert [(r["code"], r["severity"]) for r in rows] == [("DLX002", "warning")]


def test_hadolint_config_fallback(tmp_path: Path) -> None:
    write(tmp_path / ".hadolint.yaml", "ignored:\n  - DL4000\nfailure-threshold: error\n")
    path = write(tmp_path / "Dockerfile", "FROM alpine:3.20\nMAINTAINER me\nENV A 1\n")
    result = dlint(str(path), "--format", "json")
    assert [r["code"] for r in json.loads(result.stdout)] == ["DLX008"]
    assert result.returncode == 0  # warnings are below the hadolint failure threshold


def test_explicit_config(tmp_path: Path) -> None:
    config = write(tmp_path / "conf" / "lint.yaml", "select: [DLX008]\n")
    path = write(tmp_path / "Dockerfile", BAD)
    result = dlint(str(path), "--config", str(config), "--format", "json")
    assert [r["code"] for r in json.loads(result.stdout)] == ["DLX008"]


# ------------------------------------------------------------ rules / rule


def test_rules_text_and_json() -> None:
    text = dlint("rules")
    assert text.returncode == 0
    assert "DLX002  unknown-instruction" in text.stdout
    rows = json.loads(dlint("rules", "--format", "json").stdout)
    assert set(rows[0]) == {
        "code",
        "name",
        "aliases",
        "category",
        "severity",
        "fix",
        "default_enabled",
        "summary",
    }
    assert {r["code"] for r in rows} >= {"DLX001", "DLX015"}


@pytest.mark.parametrize(
    "key", ["DLX009", "maintainer-deprecated", "DL4000", "MaintainerDeprecated"]
)
def test_rule_docs_by_any_key(key: str) -> None:
    from dlint_dockerfile.lint.docs import rule_markdown
    from dlint_dockerfile.lint.registry import default_registry

    result = dlint("rule", key)
    assert result.returncode == 0
    rule = default_registry().get("DLX009")
    assert rule is not None
    assert result.stdout == rule_markdown(rule)


def test_unknown_rule_suggests() -> None:
    result = dlint("rule", "maintainer-deprecatd")
    assert result.returncode == 2
    assert "did you mean maintainer-deprecated?" in result.stderr


def test_version() -> None:
    result = dlint("--version")
    assert result.returncode == 0
    assert result.stdout.startswith("dlint ")


def test_no_cache_and_context_are_accepted(tmp_path: Path) -> None:
    path = write(tmp_path / "Dockerfile", CLEAN)
    assert dlint(str(path), "--no-cache", "--context", str(tmp_path)).returncode == 0
    assert dlint(str(path), "--context", str(tmp_path / "nope")).returncode == 2


def test_show_fixes_shows_the_edits(tmp_path: Path) -> None:
    path = str(write(tmp_path / "Dockerfile", "FROM alpine:3.20 as build\nRUN true\n"))
    plain = dlint(path, "--select", "DLX007")
    shown = dlint(path, "--select", "DLX007", "--show-fixes")
    assert shown.returncode == plain.returncode == 1
    assert "as build" in plain.stdout
    extra = [line for line in shown.stdout.splitlines() if line not in plain.stdout.splitlines()]
    assert any("AS" in line for line in extra), shown.stdout


# ---------------------------------------------------------------- parallel runs


def _many(tmp_path: Path, count: int = 12) -> Path:
    for number in range(count):
        write(
            tmp_path / f"s{number:02d}" / "Dockerfile",
            f"FROM ubuntu\nRUN apt-get update\nRUN apt-get install curl && echo {number}\n"
            + ("RUNN broken\n" if number % 3 == 0 else ""),
        )
    return tmp_path


def test_parallel_output_is_the_single_process_output(tmp_path: Path) -> None:
    root = str(_many(tmp_path))
    for fmt in ("text", "json", "sarif"):
        one = dlint("--jobs", "1", "--format", fmt, root)
        many = dlint("--jobs", "3", "--format", fmt, root)
        assert (many.returncode, many.stdout, many.stderr) == (
            one.returncode,
            one.stdout,
            one.stderr,
        )
        assert one.returncode == 1


def test_parallel_warning_is_said_once(tmp_path: Path) -> None:
    root = str(_many(tmp_path))
    env = {"DLINT_SHELLCHECK": str(tmp_path / "absent")}
    result = dlint("--jobs", "3", "--extend-select", "SC", root, env=env)
    assert result.stderr.count("DLX715 (shellcheck) is selected but cannot run") == 1


def test_jobs_must_be_a_count() -> None:
    result = dlint("--jobs", "-2", str(EXAMPLES / "Dockerfile"))
    assert result.returncode == 2
    assert "must be 0 (all cores) or more" in result.stderr


def test_resolved_paths_match_path_resolve(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A run's session resolves the folders of the files it lints once each."""
    from dlint_dockerfile.lint.session import LintSession

    session = LintSession()
    (tmp_path / "real" / "sub" / "deep").mkdir(parents=True)
    (tmp_path / "real" / "Dockerfile").write_text("FROM a\n")
    (tmp_path / "link").symlink_to(tmp_path / "real")
    (tmp_path / "real" / "Dlink").symlink_to(tmp_path / "real" / "Dockerfile")
    (tmp_path / "real" / "up").symlink_to(tmp_path / "real" / "sub" / "deep")
    monkeypatch.chdir(tmp_path)
    for text in (
        "real/sub/deep/Dockerfile",
        "link/sub/deep/Dockerfile",
        "link/sub/Dockerfile",
        "real/up/Dockerfile",
        "real/up/../Dockerfile",
        "real/sub/../up/../../Dockerfile",
        "link/Dockerfile",
        "real/../link/Dockerfile",
        "link/../real/Dockerfile",
        "real/Dlink",
        "Dockerfile",
        "real/missing",
        str(tmp_path / "link" / "Dockerfile"),
        "link/./Dockerfile",
        ".",
        "..",
    ):
        assert session.lookup(Path(text)) == Path(text).resolve(), text


def test_no_collection_while_a_file_is_linted(tmp_path: Path) -> None:
    """The collector is off while each file is linted (the model is freed by reference
    counting) and on between files; a caller that turned it off keeps it off."""
    first = write(tmp_path / "a" / "Dockerfile", CLEAN)
    second = write(tmp_path / "b" / "Dockerfile", BAD)
    script = (
        "import gc, sys\n"
        "import dlint_dockerfile.lint.runner as runner\n"
        "from dlint_dockerfile.cli import main\n"
        "seen = []\n"
        "real = runner.lint_text\n"
        "def lint_text(*args, **kwargs):\n"
        "    seen.append(gc.isenabled())\n"
        "    return real(*args, **kwargs)\n"
        "runner.lint_text = lint_text\n"
        "if sys.argv[1] == 'off':\n"
        "    gc.disable()\n"
        "code = main(['--no-cache', '-j', '1', *sys.argv[2:]])\n"
        "print(code, seen, gc.isenabled(), file=sys.stderr)\n"
    )
    for state, expected in (("on", "1 [False, False] True"), ("off", "1 [False, False] False")):
        run = subprocess.run(
            [sys.executable, "-c", script, state, str(first), str(second)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert run.stderr.splitlines()[-1] == expected, run.stderr


def _lock(monkeypatch: pytest.MonkeyPatch, locked: Path) -> None:
    """Make ``locked`` behave as a folder without read or search permission (as root
    ignores permissions, the denial is simulated where the system would give it)."""
    real_scandir, real_stat = os.scandir, os.stat

    def denied(path: object) -> PermissionError:
        return PermissionError(13, "Permission denied", os.fspath(path))  # type: ignore[arg-type]

    def scandir(path: object = ".") -> object:
        if Path(os.fspath(path)).resolve() == locked:  # type: ignore[arg-type]
            raise denied(path)
        return real_scandir(path)  # type: ignore[arg-type]

    def stat(path: object, *args: object, **kwargs: object) -> os.stat_result:
        if locked in Path(os.path.abspath(os.fspath(path))).parents:  # type: ignore[arg-type]
            raise denied(path)
        return real_stat(path, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "scandir", scandir)
    monkeypatch.setattr(os, "stat", stat)


def test_unreadable_directory_argument_is_an_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 18, bug 5: a directory argument without read permission crashed."""
    from dlint_dockerfile import cli

    locked = write(tmp_path / "locked" / "Dockerfile", BAD).parent.resolve()
    write(tmp_path / "ok" / "Dockerfile", BAD)
    monkeypatch.chdir(tmp_path)
    _lock(monkeypatch, locked)
    code = cli.main(["--no-cache", "-q", "locked", "ok"])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.splitlines() == ["locked: error: cannot read directory: permission denied"]
    assert {line.split(":")[0] for line in out.splitlines()} == {"ok/Dockerfile"}


def test_unreadable_subdirectory_is_an_error_not_a_silent_skip(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 18, bug 5: an unreadable folder met while searching was skipped, exit 0."""
    from dlint_dockerfile import cli

    write(tmp_path / "top" / "Dockerfile", CLEAN)
    locked = write(tmp_path / "top" / "sub" / "Dockerfile", BAD).parent.resolve()
    write(tmp_path / "top" / "zzz" / "Dockerfile", CLEAN)
    monkeypatch.chdir(tmp_path)
    _lock(monkeypatch, locked)
    code = cli.main(["--no-cache", "--format", "json", "top"])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.splitlines() == ["top/sub: error: cannot read directory: permission denied"]
    assert json.loads(out) == []


# ------------------------------------------------- encodings: one policy for path and stdin

LATIN1 = b'FROM alpine:3.20\nLABEL description="caf\xe9"\nENV A 1\n'


def test_latin1_file_is_linted_by_path_as_through_stdin(tmp_path: Path) -> None:
    """Issue 18, bug 6: BuildKit reads any bytes; dlint refused the file by path."""
    path = tmp_path / "Dockerfile"
    path.write_bytes(LATIN1)
    by_path = dlint("--no-cache", "-q", "Dockerfile", cwd=tmp_path)
    by_stdin = subprocess.run(
        [DLINT, "--no-cache", "-q", "-", "--stdin-filename", "Dockerfile"],
        cwd=tmp_path, input=LATIN1, capture_output=True, check=False,
    )
    assert by_path.stderr == ""
    assert by_path.stdout == by_stdin.stdout.decode() != ""
    assert "Dockerfile:3:5: DLX008" in by_path.stdout
    dlint("--fix", "Dockerfile", cwd=tmp_path)
    assert path.read_bytes() == LATIN1.replace(b"ENV A 1", b"ENV A=1"), "bytes kept"


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (b"\x7fELF\x02\x01\x01\x00\x00\x00RUN x\n", "binary file (a NUL byte on line 1)"),
        (b"FROM alpine\nRUN x\n\x00\x00", "binary file (a NUL byte on line 3)"),
        (
            "FROM alpine\n".encode("utf-16"),
            "UTF-16 text; BuildKit reads UTF-8: convert it (iconv -f UTF-16 -t UTF-8)",
        ),
    ],
)
def test_binary_input_is_one_clear_error_both_ways(
    tmp_path: Path, data: bytes, reason: str
) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(data)
    by_path = dlint("--no-cache", "Dockerfile", cwd=tmp_path)
    assert (by_path.returncode, by_path.stderr) == (2, f"Dockerfile: error: {reason}\n")
    by_stdin = subprocess.run(
        [DLINT, "--no-cache", "-"], cwd=tmp_path, input=data, capture_output=True, check=False
    )
    assert (by_stdin.returncode, by_stdin.stderr.decode()) == (2, f"-: error: {reason}\n")
    assert "DLX" not in by_stdin.stdout.decode()


# ------------------------------------- codes dlint has no rule for (issue 18, bug 10)


def test_selecting_a_retired_hadolint_code_is_a_warning(tmp_path: Path) -> None:
    path = write(tmp_path / "Dockerfile", "FROM debian:12\nRUN apt-get upgrade -y\n")
    result = dlint("--no-cache", "--select", "DL3005,DLX201", str(path))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        "dlint: warning: --select DL3005 selects no rule: removed from hadolint "
        "(apt-get upgrade is a choice, not a mistake)"
    ]
    ignored = dlint("--no-cache", "--ignore", "DL3005", str(path))
    assert ignored.stderr == "", "ignoring a code dlint lacks is harmless"


def test_config_selecting_a_code_dlint_lacks_is_a_warning_with_its_place(tmp_path: Path) -> None:
    config = write(tmp_path / ".dlint.yaml", "extend-select: [DLX201, InvalidBaseImagePlatform]\n")
    path = write(tmp_path / "Dockerfile", "FROM debian:12\n")
    result = dlint("--no-cache", str(path))
    assert result.returncode == 0
    assert result.stderr.splitlines() == [
        f"dlint: warning: {config}:1:25: InvalidBaseImagePlatform selects no rule: "
        "needs the base image's platforms from a registry; not offline"
    ]


def test_an_internal_error_on_one_file_loses_nothing_else(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A bug of dlint met on one file is that file's error (exit 2), not a traceback
    that stops the run and loses every other file's findings."""
    from dlint_dockerfile import cli
    from dlint_dockerfile.lint import runner

    write(tmp_path / "a" / "Dockerfile", BAD)
    write(tmp_path / "b" / "Dockerfile", BAD)
    real = runner.lint_text

    def lint_text(text: str, *args: object, path: str = "", **kwargs: object) -> object:
        if path.startswith("a/"):
            raise RuntimeError("boom")
        return real(text, *args, path=path, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(runner, "lint_text", lint_text)
    monkeypatch.chdir(tmp_path)
    code = cli.main(["--no-cache", "-q", "-j", "1", "a", "b"])
    out, err = capsys.readouterr()
    assert code == 2
    assert err.splitlines() == [
        "a/Dockerfile: error: internal error (RuntimeError: boom); dlint skipped this file. "
        "Please report it with the file: https://github.com/dlint-dev/dlint/issues"
    ]
    assert {line.split(":")[0] for line in out.splitlines()} == {"b/Dockerfile"}
