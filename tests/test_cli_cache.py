"""The result cache, through the ``dlint`` command: same output, and it notices changes."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from dlint_dockerfile import cli
from dlint_dockerfile.lint.cache import ResultCache
from tests.conftest import corpus_files
from tests.test_cli import dlint, write

DOCKERFILE = "FROM alpine:3.20\nCOPY . /app\nCOPY app.py /srv/\nCOPY missing.txt /x\nENV A 1\n"
PRIVATE = "-----BEGIN PRIVATE KEY-----\nMIIB\n-----END PRIVATE KEY-----\n"


def run(cache: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    return dlint("--cache-dir", str(cache), "--extend-select", "DLX410", *args, cwd=cwd)


def entries(cache: Path) -> list[Path]:
    return sorted(p for p in (cache / "v1").rglob("*.json"))


def seen(result: subprocess.CompletedProcess[str]) -> tuple[int, str, str]:
    """Everything a user sees of a run."""
    return result.returncode, result.stdout, result.stderr


def codes(result: subprocess.CompletedProcess[str]) -> list[str]:
    return [row["code"] for row in json.loads(result.stdout)]


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    write(root / "Dockerfile", DOCKERFILE)
    write(root / "server.pem", PRIVATE)
    write(root / "app.py", "print('hi')\n")
    return root


def _same(cache: Path, *args: str, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    """Run with the cache twice and without it; all three must agree exactly."""
    first = run(cache, *args, cwd=cwd)
    second = run(cache, *args, cwd=cwd)
    fresh = run(cache, "--no-cache", *args, cwd=cwd)
    for other in (second, fresh):
        assert seen(other) == seen(first)
    return first


def test_cached_run_is_the_uncached_run_in_every_format(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    for fmt in ("text", "json", "sarif", "github", "gitlab", "checkstyle", "junit", "gnu"):
        result = _same(cache, "--format", fmt, str(project / "Dockerfile"))
        assert result.returncode == 1
    assert len(entries(cache)) == 1  # the format is not part of the key


def test_cached_corpus_run_is_identical_in_one_and_many_processes(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    files = [str(p) for p in corpus_files("real") if p.name.startswith("Dockerfile")][:60]
    cold = dlint("--cache-dir", str(cache), "--format", "json", "-j", "1", *files)
    assert len(entries(cache)) == len(files)
    fresh = dlint("--no-cache", "--format", "json", "-j", "1", *files)
    for jobs in ("1", "2"):
        warm = dlint("--cache-dir", str(cache), "--format", "json", "-j", jobs, *files)
        assert seen(warm) == seen(cold)
    assert (fresh.returncode, fresh.stdout) == (cold.returncode, cold.stdout)
    parallel_cold = dlint("--cache-dir", str(tmp_path / "other"), "--format", "json", *files)
    assert parallel_cold.stdout == cold.stdout


def test_a_hit_does_not_lint(tmp_path: Path, project: Path, monkeypatch, capsys) -> None:  # type: ignore[no-untyped-def]
    cache = tmp_path / "cache"
    argv = ["--cache-dir", str(cache), "--format", "json", str(project / "Dockerfile")]
    assert cli.main(argv) == 1
    first = capsys.readouterr().out

    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("linted although the cache holds the result")

    monkeypatch.setattr("dlint_dockerfile.lint.runner.lint_text", refuse)
    assert cli.main(argv) == 1
    assert capsys.readouterr().out == first


def test_notices_a_change_to_the_file(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    target = str(project / "Dockerfile")
    assert "DLX008" in codes(_same(cache, "--format", "json", target))
    write(project / "Dockerfile", DOCKERFILE.replace("ENV A 1", "ENV A=1"))
    assert "DLX008" not in codes(_same(cache, "--format", "json", target))


def test_notices_a_change_to_the_dockerignore(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    target = str(project / "Dockerfile")
    before = codes(_same(cache, "--format", "json", target))
    assert "DLX408" in before and "DLX406" in before
    write(project / ".dockerignore", "server.pem\n")
    after = codes(_same(cache, "--format", "json", target))
    assert "DLX408" not in after and "DLX406" not in after
    write(project / ".dockerignore", "*.md\n")  # same size class, other content
    assert "DLX408" in codes(_same(cache, "--format", "json", target))
    # A Dockerfile-specific ignore file takes over from .dockerignore.
    write(project / "Dockerfile.dockerignore", "server.pem\n")
    assert "DLX408" not in codes(_same(cache, "--format", "json", target))


def test_notices_a_change_to_the_config(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    target = str(project / "Dockerfile")
    assert "DLX008" in codes(_same(cache, "--format", "json", target))
    write(project / ".dlint.yaml", "ignore: [DLX008]\n")
    assert "DLX008" not in codes(_same(cache, "--format", "json", target))
    write(project / ".dlint.yaml", "severity:\n  DLX008: error\n")
    rows = json.loads(_same(cache, "--format", "json", target).stdout)
    assert [r["severity"] for r in rows if r["code"] == "DLX008"] == ["error"]
    # The command line is configuration too.
    assert "DLX008" not in codes(_same(cache, "--format", "json", "--ignore", "DLX008", target))


def test_notices_files_appearing_in_the_context(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    target = str(project / "Dockerfile")
    assert "DLX410" in codes(_same(cache, "--format", "json", target))
    write(project / "missing.txt", "here now\n")
    assert "DLX410" not in codes(_same(cache, "--format", "json", target))
    (project / "missing.txt").unlink()
    (project / "missing.txt").mkdir()
    assert "DLX410" not in codes(_same(cache, "--format", "json", target))


def test_notices_a_change_to_a_context_file_a_rule_read(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    target = str(project / "Dockerfile")
    assert "DLX408" in codes(_same(cache, "--format", "json", target))
    write(project / "server.pem", "-----BEGIN CERTIFICATE-----\nMIIB\n")  # a public cert
    assert "DLX408" not in codes(_same(cache, "--format", "json", target))


def test_notices_a_context_file_becoming_a_tar_archive(tmp_path: Path) -> None:
    """DLX401's finding depends on the content of the file ADD names (ADD unpacks a tar
    archive whatever its name): the read is recorded, so the cache sees the change."""
    import io
    import tarfile

    cache = tmp_path / "cache"
    root = tmp_path / "assets"
    target = str(write(root / "Dockerfile", "FROM alpine:3.20\nADD assets.dat /srv/\n"))
    write(root / "assets.dat", "plain text\n")
    assert "DLX401" in codes(_same(cache, "--format", "json", target))
    stream = io.BytesIO()
    with tarfile.open(fileobj=stream, mode="w:gz") as archive:
        info = tarfile.TarInfo("logo.txt")
        info.size = 3
        archive.addfile(info, io.BytesIO(b"hi\n"))
    (root / "assets.dat").write_bytes(stream.getvalue())
    assert "DLX401" not in codes(_same(cache, "--format", "json", target))


def test_damaged_entries_are_misses(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    target = str(project / "Dockerfile")
    good = _same(cache, "--format", "json", target)
    for damage in (
        b"",
        b"{not json",
        b'{"format": "other"}',
        b'{"format": "dlint-result-cache-3"}',
    ):
        (entry,) = entries(cache)
        entry.write_bytes(damage)
        again = run(cache, "--format", "json", target)
        assert seen(again) == seen(good)
        assert json.loads(entry.read_bytes())["format"] == "dlint-result-cache-3"  # rewritten


def test_an_unwritable_cache_warns_once_and_loses_nothing(tmp_path: Path, project: Path) -> None:
    blocker = write(tmp_path / "cache", "a file, not a folder\n")
    other = write(project / "sub" / "Dockerfile", "FROM alpine:3.20\nENV B 2\n")
    result = run(blocker, "--format", "json", str(project / "Dockerfile"), str(other))
    fresh = run(blocker, "--no-cache", "--format", "json", str(project / "Dockerfile"), str(other))
    assert (result.returncode, result.stdout) == (fresh.returncode, fresh.stdout)
    assert result.stderr.count("cannot write the result cache") == 1
    assert fresh.stderr == ""


def test_no_cache_writes_nothing_and_fixes_bypass_it(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    run(cache, "--no-cache", str(project / "Dockerfile"))
    run(cache, "--diff", str(project / "Dockerfile"))
    assert not cache.exists()
    result = run(cache, "--fix", str(project / "Dockerfile"))
    assert "ENV A=1" in (project / "Dockerfile").read_text()
    assert result.returncode == 1
    assert not cache.exists()


def test_concurrent_runs_share_one_cache(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    files = [str(p) for p in corpus_files("wild")][:80]
    procs = [
        subprocess.Popen(
            [
                str(Path(sys.executable).parent / "dlint"),
                "--cache-dir",
                str(cache),
                "--format",
                "json",
                "-j",
                "1",
                *files,
            ],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for _ in range(3)
    ]
    outputs = [p.communicate() for p in procs]
    fresh = dlint("--no-cache", "--format", "json", "-j", "1", *files)
    for out, err in outputs:
        assert out == fresh.stdout
        assert err == fresh.stderr
    assert not list((cache / "v1").rglob("*.tmp"))
    warm = dlint("--cache-dir", str(cache), "--format", "json", *files)
    assert warm.stdout == fresh.stdout


def test_cache_dir_from_the_environment_and_cache_commands(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "from-env"
    env = {"DLINT_CACHE_DIR": str(cache)}
    shown = dlint("cache", "dir", env=env)
    assert shown.stdout.strip() == str(cache)
    dlint(str(project / "Dockerfile"), env=env)
    assert len(entries(cache)) == 1
    assert (
        (cache / "CACHEDIR.TAG")
        .read_text()
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )
    assert (cache / ".gitignore").read_text() == "*\n"
    cleaned = dlint("cache", "clean", env=env)
    assert cleaned.returncode == 0 and "removed 1 cache entry" in cleaned.stdout
    assert entries(cache) == []


def test_prune_removes_old_entries_and_stale_temporary_files(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    run(cache, str(project / "Dockerfile"))
    (entry,) = entries(cache)
    stale = entry.with_name(".x.123.tmp")
    stale.write_text("half")
    store = ResultCache(cache)
    now = time.time()
    assert store.prune(now=now, force=True) == 0  # everything is fresh
    assert store.prune(now=now + 2 * 3600) == 0  # pruned less than a day ago: skipped
    assert store.prune(now=now + 2 * 3600, force=True) == 1  # the stale temporary file
    assert store.prune(now=now + 31 * 24 * 3600, force=True) == 1  # the month-old entry
    assert entries(cache) == []


def test_a_hit_loads_neither_rules_nor_parser(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    script = (
        "import sys\n"
        "from dlint_dockerfile.cli import main\n"
        f"code = main(['--cache-dir', {str(cache)!r}, {str(project / 'Dockerfile')!r}])\n"
        "loaded = [m for m in ('dlint_dockerfile.rules', 'dlint_dockerfile.syntax.parser', "
        "'tree_sitter') if m in sys.modules]\n"
        "print(code, loaded, file=sys.stderr)\n"
    )
    first = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    second = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert first.stderr.splitlines()[-1].startswith("1 ['dlint_dockerfile.rules'")
    assert second.stderr.splitlines()[-1] == "1 []"
    assert second.stdout == first.stdout


def test_warnings_are_said_on_a_hit_too(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    absent = {"DLINT_SHELLCHECK": str(tmp_path / "absent")}
    args = ["--cache-dir", str(cache), "--extend-select", "SC", str(project / "Dockerfile")]
    first = dlint(*args, env=absent)
    second = dlint(*args, env=absent)
    assert "DLX715 (shellcheck) is selected but cannot run" in first.stderr
    assert seen(second) == seen(first)


def test_notices_a_config_appearing_in_a_parent_folder(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    target = str(project / "Dockerfile")
    assert "DLX008" in codes(_same(cache, "--format", "json", target))
    write(tmp_path / ".dlint.yaml", "ignore: [DLX008]\n")
    assert "DLX008" not in codes(_same(cache, "--format", "json", target))
    write(project / ".hadolint.yaml", "ignored: [DL3020]\n")  # a dlint config wins over it
    assert "DLX008" not in codes(_same(cache, "--format", "json", target))
    (tmp_path / ".dlint.yaml").unlink()
    assert "DLX008" in codes(_same(cache, "--format", "json", target))


def test_one_file_under_two_names(tmp_path: Path, project: Path) -> None:
    cache = tmp_path / "cache"
    for name in ("./Dockerfile", "Dockerfile", "../project/Dockerfile", "./Dockerfile"):
        for fmt in ("text", "json"):
            warm = run(cache, "--format", fmt, name, cwd=project)
            fresh = run(cache, "--no-cache", "--format", fmt, name, cwd=project)
            assert seen(warm) == seen(fresh)
            assert name.lstrip("./") in warm.stdout or name in warm.stdout


def test_a_parallel_run_prunes_old_entries(tmp_path: Path) -> None:
    cache = tmp_path / "cache"
    old = cache / "v1" / "ab" / "old-entry.json"
    old.parent.mkdir(parents=True)
    old.write_text("{}")
    month_ago = time.time() - 40 * 24 * 3600
    os.utime(old, (month_ago, month_ago))
    root = tmp_path / "many"
    for number in range(12):
        write(root / f"s{number:02d}" / "Dockerfile", f"FROM alpine:3.20\nRUN echo {number}\n")
    result = dlint("--cache-dir", str(cache), "-j", "2", str(root))
    assert result.returncode == 0, result.stderr
    assert not old.exists()
    assert len(entries(cache)) == 12
