"""``dlint_dockerfile.cli`` keeps nothing between runs: each `main` makes its own session."""

from __future__ import annotations

import types
from pathlib import Path

import pytest

from dlint_dockerfile import cli

#: What a module-level name of cli.py may be bound to: nothing a run could change.
IMMUTABLE = (
    types.ModuleType,
    types.FunctionType,
    type,
    str,
    bytes,
    int,
    float,
    bool,
    type(None),
    frozenset,
)


def _immutable(value: object) -> bool:
    if isinstance(value, tuple):
        return all(_immutable(v) for v in value)
    if type(value).__module__ == "__future__":  # from __future__ import annotations
        return True
    return isinstance(value, IMMUTABLE)


def _mutable_globals() -> dict[str, str]:
    return {
        name: type(value).__name__
        for name, value in vars(cli).items()
        if not (name.startswith("__") and name.endswith("__")) and not _immutable(value)
    }


def test_cli_module_holds_no_mutable_state(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """Constants, functions and classes only, before and after a run."""
    assert _mutable_globals() == {}
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nENV A 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    assert cli.main(["--no-cache", "-j", "1", "Dockerfile"]) == 0
    assert "DLX008" in capsys.readouterr().out
    assert _mutable_globals() == {}


def test_two_runs_in_one_process_share_nothing(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A warning shown by one run is shown by the next; a config changed between two runs
    is read again."""
    config = tmp_path / ".dlint.yaml"
    config.write_text("extend-select: [InvalidBaseImagePlatform]\nignore: [DLX008]\n")
    (tmp_path / "Dockerfile").write_text("FROM alpine:3.20\nENV A 1\n", encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    argv = ["--no-cache", "-q", "-j", "1", "Dockerfile"]
    warning = "InvalidBaseImagePlatform selects no rule"
    for _ in range(2):
        assert cli.main(argv) == 0
        out, err = capsys.readouterr()
        assert out == ""
        assert err.count(warning) == 1
    config.write_text("extend-select: [InvalidBaseImagePlatform]\n")
    assert cli.main(argv) == 0  # DLX008 is a style finding
    out, err = capsys.readouterr()
    assert "DLX008" in out
    assert err.count(warning) == 1


@pytest.mark.parametrize("enabled", [True, False])
def test_a_run_leaves_the_garbage_collector_as_it_found_it(
    enabled: bool, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The collector is paused while a run imports what it needs, on again once the rules
    are loaded, and after the run as it was before."""
    import gc

    from dlint_dockerfile.cli import main

    dockerfile = tmp_path / "Dockerfile"
    dockerfile.write_text("FROM alpine:3.20\nRUN apk add curl\n", encoding="utf-8")
    was = gc.isenabled()
    try:
        gc.enable() if enabled else gc.disable()
        main(["--no-cache", str(dockerfile)])
        assert gc.isenabled() is enabled
    finally:
        gc.enable() if was else gc.disable()
    capsys.readouterr()
