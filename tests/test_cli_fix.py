"""``dlint --fix``, ``--unsafe-fixes``, ``--diff``, ``--add-ignore``: what is written, what
is kept (bytes, BOM, line endings, mode), and the errors, run as a user runs them."""

from __future__ import annotations

import os
import stat
import subprocess
from pathlib import Path

import pytest

from tests.test_cli import DLINT, dlint, write

OLD = "FROM alpine:3.20\nMAINTAINER Jane <jane@example.com>\nRUN true\n"
NEW = (
    'FROM alpine:3.20\nLABEL org.opencontainers.image.authors="Jane <jane@example.com>"\nRUN true\n'
)
ONLY = ("--select", "DLX009")


def test_unsafe_fix_needs_the_flag(tmp_path: Path) -> None:
    path = write(tmp_path / "Dockerfile", OLD)
    result = dlint("--fix", *ONLY, str(path))
    assert path.read_text(encoding="utf-8") == OLD
    assert result.returncode == 1
    assert "DLX009" in result.stdout
    assert "fixed 0 problems in 0 files" in result.stderr


def test_fix_writes_and_reports(tmp_path: Path) -> None:
    path = write(tmp_path / "Dockerfile", OLD)
    result = dlint("--fix", "--unsafe-fixes", "--show-fixes", *ONLY, str(path))
    assert path.read_text(encoding="utf-8") == NEW
    assert result.returncode == 0, result.stdout + result.stderr
    assert "fixed DLX009: replace MAINTAINER with an authors LABEL" in result.stderr
    assert "fixed 1 problem in 1 file" in result.stderr
    again = dlint("--fix", "--unsafe-fixes", *ONLY, str(path))
    assert path.read_text(encoding="utf-8") == NEW
    assert "fixed 0 problems" in again.stderr


def test_diff_changes_nothing_and_fails_when_there_is_one(tmp_path: Path) -> None:
    path = write(tmp_path / "Dockerfile", OLD)
    result = dlint("--diff", "--unsafe-fixes", *ONLY, "Dockerfile", cwd=tmp_path)
    assert path.read_text(encoding="utf-8") == OLD
    assert result.returncode == 1
    assert result.stdout.splitlines() == [
        "--- a/Dockerfile",
        "+++ b/Dockerfile",
        "@@ -1,3 +1,3 @@",
        " FROM alpine:3.20",
        "-MAINTAINER Jane <jane@example.com>",
        '+LABEL org.opencontainers.image.authors="Jane <jane@example.com>"',
        " RUN true",
    ]
    assert "would fix 1 problem in 1 file" in result.stderr
    clean = dlint("--diff", *ONLY, "Dockerfile", cwd=tmp_path)
    assert (clean.returncode, clean.stdout) == (0, "")


def test_diff_marks_a_missing_final_newline(tmp_path: Path) -> None:
    write(tmp_path / "Dockerfile", OLD.rstrip("\n").replace("RUN true", "").rstrip("\n"))
    result = dlint("--diff", "--unsafe-fixes", *ONLY, "Dockerfile", cwd=tmp_path)
    assert "\\ No newline at end of file" in result.stdout


def test_diff_of_a_file_without_final_newline_is_a_valid_patch(tmp_path: Path) -> None:
    """Found by the fuzz harness: the old last line had no newline and no marker, so the
    '+' line was glued to it (``-ADD . e+COPY . e``) and patch refused the diff."""
    write(tmp_path / "Dockerfile", "FROM alpine:3.20\nADD . e")
    result = dlint("--diff", "Dockerfile", cwd=tmp_path)
    assert result.stdout.splitlines()[2:] == [
        "@@ -1,2 +1,2 @@",
        " FROM alpine:3.20",
        "-ADD . e",
        "\\ No newline at end of file",
        "+COPY . e",
        "\\ No newline at end of file",
    ]


def test_diff_lines_end_at_newlines_only(tmp_path: Path) -> None:
    """Found by the fuzz harness: lines were split at every Unicode line break (CR, FF,
    U+2028...), which diff and patch do not know, so the diff did not apply."""
    path = tmp_path / "Dockerfile"
    path.write_bytes("FROM alpine:3.20\nLABEL a=\u2028b\rc\nADD . e\n".encode())
    result = subprocess.run(  # bytes: no universal newlines
        [DLINT, "--diff", "Dockerfile"], cwd=tmp_path, capture_output=True, check=False
    )
    assert result.stdout.decode().split("\n")[2:] == [
        "@@ -1,3 +1,3 @@",
        " FROM alpine:3.20",
        " LABEL a=\u2028b\rc",
        "-ADD . e",
        "+COPY . e",
        "",
    ]


def test_fix_stdin_writes_the_text_to_stdout(tmp_path: Path) -> None:
    result = dlint("--fix", "--unsafe-fixes", *ONLY, "-", stdin=OLD, cwd=tmp_path)
    assert result.stdout == NEW
    assert result.returncode == 0


def test_fix_stdin_keeps_remaining_findings_off_stdout(tmp_path: Path) -> None:
    result = dlint("--fix", *ONLY, "-", stdin=OLD, cwd=tmp_path)
    assert result.stdout == OLD
    assert "DLX009" in result.stderr
    assert result.returncode == 1


@pytest.mark.parametrize("how", ["--fix -", "--diff -", "--diff Dockerfile"])
def test_bytes_that_are_not_utf8_reach_stdout_in_a_strict_utf8_locale(
    tmp_path: Path, how: str
) -> None:
    """Found by the fuzz harness: the fixed text or the diff of a Latin-1 file crashed
    with UnicodeEncodeError where stdout is strict UTF-8 (en_US.UTF-8; C.UTF-8 hides it)."""
    latin1 = OLD.replace("Jane", "Ren\xe9").encode("latin-1")
    fixed = NEW.replace("Jane", "Ren\xe9").encode("latin-1")
    (tmp_path / "Dockerfile").write_bytes(latin1)
    environment = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    result = subprocess.run(
        [DLINT, "--unsafe-fixes", *ONLY, *how.split()],
        cwd=tmp_path, input=latin1, capture_output=True, env=environment, check=False,
    )  # fmt: skip
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    if how == "--fix -":
        assert (result.returncode, result.stdout) == (0, fixed)
    else:
        assert result.returncode == 1
        assert b'+LABEL org.opencontainers.image.authors="Ren\xe9 <jane' in result.stdout


def test_bom_crlf_and_mode_are_kept(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"\xef\xbb\xbf" + OLD.replace("\n", "\r\n").encode())
    path.chmod(0o640)
    result = dlint("--fix", "--unsafe-fixes", *ONLY, str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert path.read_bytes() == b"\xef\xbb\xbf" + NEW.replace("\n", "\r\n").encode()
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert [p.name for p in tmp_path.iterdir()] == ["Dockerfile"], "no temporary file left"


def test_read_only_file_is_an_error_and_others_are_fixed(tmp_path: Path) -> None:
    locked = write(tmp_path / "a" / "Dockerfile", OLD)
    other = write(tmp_path / "b" / "Dockerfile", OLD)
    locked.chmod(0o444)
    try:
        result = dlint("--fix", "--unsafe-fixes", *ONLY, str(tmp_path))
    finally:
        locked.chmod(0o644)
    assert result.returncode == 2
    assert f"{locked}: error: cannot write fixes: the file is read-only" in result.stderr
    assert locked.read_text(encoding="utf-8") == OLD
    assert other.read_text(encoding="utf-8") == NEW


def test_symlink_target_is_written(tmp_path: Path) -> None:
    target = write(tmp_path / "real.Dockerfile", OLD)
    link = tmp_path / "Dockerfile"
    link.symlink_to(target.name)
    dlint("--fix", "--unsafe-fixes", *ONLY, str(link))
    assert link.is_symlink()
    assert target.read_text(encoding="utf-8") == NEW


def test_add_ignore_silences_every_finding(tmp_path: Path) -> None:
    path = write(
        tmp_path / "Dockerfile",
        "FROM ubuntu\n  MAINTAINER me\nRUN apt-get update\nRUN echo ok\n",
    )
    result = dlint("--add-ignore", str(path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "added 4 ignore comments" in result.stderr
    text = path.read_text(encoding="utf-8")
    assert text.splitlines()[2].startswith("  # dlint: ignore=DLX009 -- added by dlint")
    assert text.count("# dlint: ignore=") == 4
    after = dlint(str(path))
    assert (after.returncode, after.stdout) == (0, "No problems found in 1 file.\n")


def test_add_ignore_keeps_crlf(tmp_path: Path) -> None:
    path = tmp_path / "Dockerfile"
    path.write_bytes(b"FROM ubuntu\r\nMAINTAINER me\r\n")
    dlint("--add-ignore", str(path))
    data = path.read_bytes()
    assert b"\n" not in data.replace(b"\r\n", b"")
    assert data.count(b"# dlint: ignore=") == 2


def test_fix_respects_suppressions(tmp_path: Path) -> None:
    text = "FROM alpine:3.20\n# dlint: ignore=DLX009 -- kept on purpose\nMAINTAINER me\n"
    path = write(tmp_path / "Dockerfile", text)
    dlint("--fix", "--unsafe-fixes", *ONLY, str(path))
    assert path.read_text(encoding="utf-8") == text


def test_unchanged_file_is_not_rewritten(tmp_path: Path) -> None:
    path = write(tmp_path / "Dockerfile", "FROM alpine:3.20\nRUN true\n")
    before = path.stat().st_mtime_ns
    os.utime(path, ns=(before - 10**9, before - 10**9))
    dlint("--fix", "--unsafe-fixes", str(path))
    assert path.stat().st_mtime_ns == before - 10**9


# ----------------------------------------- standard input never writes a file (issue 18)

ON_DISK = "FROM alpine:3.20\n# keep\nRUN echo disk\n"


def _files(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder`` with its bytes and modification time."""
    return {
        str(p.relative_to(folder)): (p.read_bytes(), p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file()
    }


def test_fix_stdin_with_a_filename_never_writes_that_file(tmp_path: Path) -> None:
    write(tmp_path / "Dockerfile", ON_DISK)
    before = _files(tmp_path)
    result = dlint(
        "--fix", "--unsafe-fixes", *ONLY, "-", "--stdin-filename", "Dockerfile",
        stdin=OLD, cwd=tmp_path,
    )
    assert _files(tmp_path) == before
    assert result.stdout == NEW
    assert result.returncode == 0, result.stderr


def test_fix_stdin_with_a_filename_reports_remaining_findings_on_stderr(tmp_path: Path) -> None:
    write(tmp_path / "Dockerfile", ON_DISK)
    before = _files(tmp_path)
    result = dlint("--fix", *ONLY, "-", "--stdin-filename", "Dockerfile", stdin=OLD, cwd=tmp_path)
    assert _files(tmp_path) == before
    assert result.stdout == OLD
    assert "Dockerfile:2:1: DLX009" in result.stderr
    assert result.returncode == 1


def test_add_ignore_stdin_with_a_filename_writes_to_stdout(tmp_path: Path) -> None:
    write(tmp_path / "Dockerfile", ON_DISK)
    before = _files(tmp_path)
    result = dlint(
        "--add-ignore", *ONLY, "-", "--stdin-filename", "Dockerfile", stdin=OLD, cwd=tmp_path
    )
    assert _files(tmp_path) == before
    assert result.stdout == OLD.replace(
        "MAINTAINER",
        "# dlint: ignore=DLX009 -- added by dlint --add-ignore; fix or explain\nMAINTAINER",
    )
    assert result.returncode == 0, result.stderr


def test_diff_stdin_with_a_filename_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path / "Dockerfile", ON_DISK)
    before = _files(tmp_path)
    result = dlint(
        "--diff", "--unsafe-fixes", *ONLY, "-", "--stdin-filename", "Dockerfile",
        stdin=OLD, cwd=tmp_path,
    )
    assert _files(tmp_path) == before
    assert "+++ b/Dockerfile" in result.stdout
    assert result.returncode == 1


def test_stdin_filename_of_a_missing_file_creates_nothing(tmp_path: Path) -> None:
    result = dlint(
        "--fix", "--unsafe-fixes", *ONLY, "-", "--stdin-filename", "sub/Dockerfile",
        stdin=OLD, cwd=tmp_path,
    )
    assert _files(tmp_path) == {}
    assert result.stdout == NEW


def test_read_only_file_reports_every_finding_left_on_disk(tmp_path: Path) -> None:
    text = "FROM alpine:3.20\nMAINTAINER me\nRUN apk add curl\nENV A 1\n"
    path = write(tmp_path / "Dockerfile", text)
    plain = dlint("--quiet", "Dockerfile", cwd=tmp_path)
    path.chmod(0o444)
    try:
        fixed = dlint("--fix", "--quiet", "Dockerfile", cwd=tmp_path)
        unsafe = dlint("--fix", "--unsafe-fixes", "--quiet", "Dockerfile", cwd=tmp_path)
    finally:
        path.chmod(0o644)
    assert path.read_text(encoding="utf-8") == text
    assert len(plain.stdout.splitlines()) == 3
    for result in (fixed, unsafe):
        assert result.stdout == plain.stdout
        assert result.returncode == 2
        assert "fixed 0 problems in 0 files" in result.stderr


def test_a_run_that_crashed_leaves_nothing_to_the_next(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """``cli.main`` called again in one process (the fuzz harness, an embedding tool):
    what a run that raised had queued must not be reported or printed by the next."""
    from dlint_dockerfile import cli
    from dlint_dockerfile.lint import fixing

    first = write(tmp_path / "a" / "Dockerfile", OLD)
    write(tmp_path / "b" / "Dockerfile", OLD)
    real_fix_text = fixing.fix_text
    calls: list[str] = []

    def fix_text_failing_second(*args: object, **kwargs: object) -> fixing.FixOutcome:
        calls.append("x")
        if len(calls) == 2:
            raise RuntimeError("boom")
        return real_fix_text(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(fixing, "fix_text", fix_text_failing_second)
    monkeypatch.setenv("DLINT_DEBUG", "1")  # the bug is raised, not the file's error line
    with pytest.raises(RuntimeError):
        cli.main(["--fix", "--unsafe-fixes", *ONLY, str(tmp_path)])
    monkeypatch.setattr(fixing, "fix_text", real_fix_text)
    capsys.readouterr()
    assert first.read_text(encoding="utf-8") == NEW
    clean = write(tmp_path / "c" / "Dockerfile", NEW)
    assert cli.main(["--fix", *ONLY, str(clean)]) == 0
    assert "fixed 0 problems in 0 files" in capsys.readouterr().err
