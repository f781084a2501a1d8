"""ShellCheck runner: positions mapped back to the Dockerfile, dialects, one process per
file, and clear errors when ShellCheck misbehaves. Needs the real binary (dev extra)."""

from __future__ import annotations

import stat
import subprocess
from pathlib import Path

import pytest

from dlint_dockerfile.lint.registry import default_registry
from dlint_dockerfile.lint.runner import LintSettings, lint_text
from dlint_dockerfile.shell.shellcheck import (
    ShellCheckError,
    ShellCheckScript,
    find_shellcheck,
    run_shellcheck,
    shellcheck_dialect,
)
from dlint_dockerfile.shell.source import ShellSource

EXECUTABLE = find_shellcheck()


def test_shellcheck_is_installed_for_the_tests() -> None:
    assert EXECUTABLE is not None, "install the dev extra: pip install -e '.[dev]'"


def findings(text: str) -> list[str]:
    registry = default_registry()
    rule = registry.get("DLX715")
    assert rule is not None
    result = lint_text(text, LintSettings((rule,), registry=registry))
    return [f"{d.range} {d.code} {d.severity.label}" for d in result.diagnostics]


@pytest.mark.parametrize(
    ("shell", "text", "expected"),
    [
        ("sh", "echo", "sh"),
        ("bash", "echo", "bash"),
        ("ash", "echo", "busybox"),
        ("mksh", "echo", "ksh"),
        ("zsh", "echo", None),
        ("pwsh", "echo", None),
        ("sh", "#!/bin/bash\necho", "bash"),
        ("bash", "#!/usr/bin/env -S dash -e\necho", "dash"),
        ("sh", "#!/usr/bin/python3\nprint()", None),
    ],
)
def test_dialect(shell: str, text: str, expected: str | None) -> None:
    assert shellcheck_dialect(shell, text) == expected


def test_crlf_file_keeps_exact_columns() -> None:
    assert findings("FROM debian:12\r\nRUN echo $1\r\n") == ["2:10-2:12 SC2086 info"]


def test_script_with_bytes_that_are_not_utf8() -> None:
    # dlint keeps such bytes as lone surrogates (surrogateescape); they crashed the runner
    assert findings("FROM debian:12\nRUN echo \udcff $1\n") == ["2:12-2:14 SC2086 info"]


def test_chomped_heredoc_maps_to_the_tab_indented_source() -> None:
    text = "FROM debian:12\nRUN <<-EOF\n\t\techo $1\n\tEOF\n"
    assert findings(text) == ["3:8-3:10 SC2086 info"]


def test_levels_become_severities() -> None:
    text = 'FROM debian:12\nRUN for f in $(ls); do echo "$f"; done\nRUN echo `date`\n'
    assert findings(text) == [
        "2:14-2:19 SC2045 error",
        "3:10-3:16 SC2005 style",
        "3:10-3:16 SC2006 style",
        "3:10-3:16 SC2046 warning",
    ]


def test_script_with_its_own_shebang_keeps_line_numbers() -> None:
    source = ShellSource.from_pieces([("#!/bin/bash\n\necho $undeclared_x\n", 100)], 135)
    script = ShellCheckScript(source, "bash", ("declared",))
    assert EXECUTABLE is not None
    found = run_shellcheck([script], EXECUTABLE)
    assert {(f.code, f.start, f.end) for f in found} == {
        ("SC2154", 100 + 18, 100 + 31),
        ("SC2086", 100 + 18, 100 + 31),
    }


def test_one_process_per_dockerfile(monkeypatch: pytest.MonkeyPatch) -> None:
    calls: list[list[str]] = []
    real = subprocess.run

    def counting(command: list[str], **kwargs: object) -> subprocess.CompletedProcess[bytes]:
        calls.append(command)
        return real(command, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(subprocess, "run", counting)
    text = "FROM debian:12\n" + "".join(f"RUN echo ${n}\n" for n in range(1, 6))
    assert len(findings(text)) == 5
    assert len(calls) == 1
    assert calls[0][-5:] == ["0.sh", "1.sh", "2.sh", "3.sh", "4.sh"]


def test_no_process_without_a_script(monkeypatch: pytest.MonkeyPatch) -> None:
    def forbidden(*args: object, **kwargs: object) -> None:
        raise AssertionError("ShellCheck started without a script")

    monkeypatch.setattr(subprocess, "run", forbidden)
    assert findings('FROM debian:12\nRUN ["echo", "$1"]\nCOPY a b\n') == []


def _fake(tmp_path: Path, body: str) -> str:
    script = tmp_path / "shellcheck"
    script.write_text("#!/bin/sh\n" + body + "\n", encoding="utf-8")
    script.chmod(script.stat().st_mode | stat.S_IEXEC)
    return str(script)


def _one() -> list[ShellCheckScript]:
    return [ShellCheckScript(ShellSource.from_pieces([("echo $1", 0)], 7), "sh")]


def test_failing_shellcheck_is_an_error(tmp_path: Path) -> None:
    fake = _fake(tmp_path, "echo 'boom: bad option' >&2; exit 4")
    with pytest.raises(ShellCheckError, match=r"exited with status 4: boom: bad option"):
        run_shellcheck(_one(), fake)


def test_unreadable_output_is_an_error(tmp_path: Path) -> None:
    fake = _fake(tmp_path, "echo 'not json'; exit 1")
    with pytest.raises(ShellCheckError, match="unreadable output"):
        run_shellcheck(_one(), fake)


def test_missing_executable_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(ShellCheckError, match="cannot run"):
        run_shellcheck(_one(), str(tmp_path / "absent"))


def test_broken_shellcheck_becomes_one_finding(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _fake(tmp_path, "exit 3")
    monkeypatch.setattr("dlint_dockerfile.shell.shellcheck.find_shellcheck", lambda: fake)
    assert findings("FROM debian:12\nRUN echo $1\nRUN echo $2\n") == ["2:1-2:4 DLX715 error"]


def test_environment_variable_chooses_the_executable(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = _fake(tmp_path, "exit 0")
    find_shellcheck.cache_clear()
    try:
        monkeypatch.setenv("DLINT_SHELLCHECK", fake)
        assert find_shellcheck() == fake
        find_shellcheck.cache_clear()
        monkeypatch.setenv("DLINT_SHELLCHECK", str(tmp_path / "absent"))
        assert find_shellcheck() is None
    finally:
        find_shellcheck.cache_clear()
