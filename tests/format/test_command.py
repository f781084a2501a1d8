"""``dlint format`` as a user runs it: what is written and kept (bytes, BOM, line endings,
mode), ``--check``, ``--diff``, standard input, the configuration, and the errors."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

from tests.test_cli import dlint, write

MESSY = "from alpine:3.20\nrun apk add  curl &&\\\n  echo ok\n"
TIDY = "FROM alpine:3.20\nRUN apk add curl \\\n  && echo ok\n"


def test_rewrites_in_place_and_says_so(tmp_path: Path) -> None:
    target = write(tmp_path / "Dockerfile", MESSY)
    result = dlint("format", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    assert target.read_text() == TIDY
    assert "1 file reformatted, 0 left unchanged" in result.stderr
    again = dlint("format", cwd=tmp_path)
    assert again.returncode == 0
    assert "0 files reformatted, 1 left unchanged" in again.stderr


def test_check_lists_files_and_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path / "a" / "Dockerfile", MESSY)
    write(tmp_path / "b" / "Containerfile", TIDY)
    result = dlint("format", "--check", ".", cwd=tmp_path)
    assert result.returncode == 1
    assert "would reformat a/Dockerfile" in result.stderr
    assert "b/Containerfile" not in result.stderr
    assert (tmp_path / "a" / "Dockerfile").read_text() == MESSY
    write(tmp_path / "a" / "Dockerfile", TIDY)
    assert dlint("format", "--check", cwd=tmp_path).returncode == 0


def test_diff_shows_the_change_and_writes_nothing(tmp_path: Path) -> None:
    write(tmp_path / "Dockerfile", MESSY)
    result = dlint("format", "--diff", "Dockerfile", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.startswith("--- a/Dockerfile\n+++ b/Dockerfile\n")
    assert "\n-from alpine:3.20\n" in result.stdout
    assert "\n+FROM alpine:3.20\n" in result.stdout
    assert (tmp_path / "Dockerfile").read_text() == MESSY


def test_bom_crlf_and_mode_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "Dockerfile"
    target.write_bytes(("\ufeff" + MESSY).replace("\n", "\r\n").encode())
    target.chmod(0o640)
    assert dlint("format", "Dockerfile", cwd=tmp_path).returncode == 0
    assert target.read_bytes() == ("\ufeff" + TIDY).replace("\n", "\r\n").encode()
    assert stat.S_IMODE(target.stat().st_mode) == 0o640


def test_bytes_that_are_not_utf8_are_kept(tmp_path: Path) -> None:
    target = tmp_path / "Dockerfile"
    target.write_bytes(b"from alpine\nLABEL name=\xff\xfe\n")
    assert dlint("format", "Dockerfile", cwd=tmp_path).returncode == 0
    assert target.read_bytes() == b"FROM alpine\nLABEL name=\xff\xfe\n"


def test_standard_input_to_standard_output(tmp_path: Path) -> None:
    result = dlint("format", "-", stdin=MESSY, cwd=tmp_path)
    assert result.returncode == 0
    assert result.stdout == TIDY
    checked = dlint("format", "--check", "-", stdin=MESSY, cwd=tmp_path)
    assert checked.returncode == 1
    assert checked.stdout == ""
    assert "would reformat -" in checked.stderr


def test_configuration_format_table(tmp_path: Path) -> None:
    write(tmp_path / ".dlint.yaml", "format:\n  indent: tab\n  operators: end\n")
    target = write(tmp_path / "Dockerfile", MESSY)
    assert dlint("format", cwd=tmp_path).returncode == 0
    assert target.read_text() == "FROM alpine:3.20\nRUN apk add curl && \\\n\techo ok\n"


def test_stdin_filename_finds_the_configuration(tmp_path: Path) -> None:
    write(tmp_path / "app" / "pyproject.toml", '[tool.dlint.format]\noperators = "end"\n')
    result = dlint(
        "format", "-", "--stdin-filename", "app/Dockerfile", stdin=TIDY, cwd=tmp_path
    )
    assert result.stdout == "FROM alpine:3.20\nRUN apk add curl && \\\n  echo ok\n"


@pytest.mark.parametrize(
    ("config", "message"),
    [
        ("format:\n  indent: three\n", ".dlint.yaml:2:11: 'indent' must be 1 to 8 (spaces)"),
        ("format:\n  operator: end\n", ".dlint.yaml:2:3: unknown key 'operator' in 'format'"),
        ("format:\n  split-packages: -1\n", ".dlint.yaml:2:19: 'split-packages' must be"),
    ],
)
def test_configuration_errors_name_the_place(tmp_path: Path, config: str, message: str) -> None:
    write(tmp_path / ".dlint.yaml", config)
    write(tmp_path / "Dockerfile", MESSY)
    result = dlint("format", cwd=tmp_path)
    assert result.returncode == 2
    assert message in result.stderr
    assert (tmp_path / "Dockerfile").read_text() == MESSY


def test_a_bad_file_is_an_error_and_the_others_are_formatted(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "Dockerfile").write_bytes("FROM a\n".encode("utf-16"))
    good = write(tmp_path / "b" / "Dockerfile", MESSY)
    result = dlint("format", ".", "missing", cwd=tmp_path)
    assert result.returncode == 2
    assert "a/Dockerfile: error: UTF-16 text" in result.stderr
    assert "missing: error: no such file or directory" in result.stderr
    assert good.read_text() == TIDY


def test_read_only_file_is_an_error(tmp_path: Path) -> None:
    target = write(tmp_path / "Dockerfile", MESSY)
    target.chmod(0o444)
    result = dlint("format", "Dockerfile", cwd=tmp_path)
    assert result.returncode == 2
    assert "read-only" in result.stderr
    assert target.read_text() == MESSY


def test_many_files_in_worker_processes_keep_their_order(tmp_path: Path) -> None:
    names = [f"s{k:02d}/Dockerfile" for k in range(24)]
    for k, name in enumerate(names):
        write(tmp_path / name, MESSY if k % 2 else TIDY)
    (tmp_path / "s07" / "Dockerfile").write_bytes("FROM a\n".encode("utf-16"))
    result = dlint("format", "--check", "--jobs", "2", ".", cwd=tmp_path)
    assert result.returncode == 2
    expected = [f"would reformat {n}" for k, n in enumerate(names) if k % 2 and k != 7]
    lines = [line for line in result.stderr.splitlines() if line.startswith("would")]
    assert lines == expected
    assert "s07/Dockerfile: error: UTF-16 text" in result.stderr
    written = dlint("format", "-j", "2", ".", cwd=tmp_path)
    assert all(
        (tmp_path / n).read_text() == TIDY for k, n in enumerate(names) if k != 7
    ), written.stderr


def test_jobs_must_be_a_count(tmp_path: Path) -> None:
    result = dlint("format", "--jobs", "-1", cwd=tmp_path)
    assert result.returncode == 2
    assert "must be 0 (all cores) or more" in result.stderr


def test_a_configuration_error_is_said_once(tmp_path: Path) -> None:
    write(tmp_path / ".dlint.yaml", "format:\n  indent: three\n")
    for name in ("a", "b", "c"):
        write(tmp_path / name / "Dockerfile", MESSY)
    result = dlint("format", cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr.count("'indent' must be 1 to 8") == 1
    for name in ("a", "b", "c"):
        assert f"{name}/Dockerfile: error: not formatted: its configuration" in result.stderr
