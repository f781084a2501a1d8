"""`LintSession`: what the files of one command-line run, or of one editor, share."""

from __future__ import annotations

import os
import pickle
from functools import partial
from pathlib import Path

import pytest

from dlint_dockerfile.lint import parallel
from dlint_dockerfile.lint.command_line import CommandLineSelection
from dlint_dockerfile.lint.parallel import fork_map
from dlint_dockerfile.lint.session import LintSession, SessionError, SessionOptions

ONLY_DLX008 = CommandLineSelection(select=("DLX008",))
LEGACY_ENV = "FROM alpine:3.20\nENV A 1\n"


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def _codes(session: LintSession, path: Path) -> tuple[list[str], int]:
    """What ``session`` finds in ``path``, and the process that found it."""
    outcome = session.lint_file(str(path), path)
    return [d.code for d in outcome.result.diagnostics], os.getpid()


def _project(tmp_path: Path) -> tuple[Path, list[Path]]:
    config = write(tmp_path / ".dlint.yaml", "ignore: [DLX008]\n")
    files = [write(tmp_path / f"d{i}" / "Dockerfile", LEGACY_ENV) for i in range(4)]
    return config, files


@pytest.mark.skipif(not parallel.available(), reason="needs fork")
def test_forked_workers_lint_with_the_session_they_are_handed(tmp_path: Path) -> None:
    """A forked worker inherits the session whole: the configuration the parent loaded is
    the one the workers use (a one-pass session does not look at a config file twice)."""
    config, files = _project(tmp_path)
    session = LintSession(SessionOptions(selection=ONLY_DLX008))
    assert _codes(session, files[0])[0] == []
    config.write_text("ignore: []\n", encoding="utf-8")  # too late for this session
    found = list(fork_map(partial(_codes, session), files[1:], 2, 1))
    assert [codes for codes, _ in found] == [[], [], []]
    assert all(pid != os.getpid() for _, pid in found)
    assert _codes(LintSession(SessionOptions(selection=ONLY_DLX008)), files[1])[0] == ["DLX008"]


def test_a_pickled_session_keeps_its_options_not_its_caches(tmp_path: Path) -> None:
    """What a spawned worker gets: the options, with caches to fill again."""
    config, files = _project(tmp_path)
    session = LintSession(SessionOptions(selection=ONLY_DLX008))
    assert _codes(session, files[0])[0] == []
    config.write_text("ignore: []\n", encoding="utf-8")
    copy = pickle.loads(pickle.dumps(session))
    assert copy.options == session.options
    assert _codes(copy, files[1])[0] == ["DLX008"]
    assert _codes(session, files[1])[0] == []


def test_a_long_lived_session_notices_a_changed_config(tmp_path: Path) -> None:
    config, files = _project(tmp_path)
    session = LintSession(SessionOptions(selection=ONLY_DLX008, long_lived=True))
    prepared = session.prepare_document(files[0])
    assert session.lint_document(LEGACY_ENV, prepared).diagnostics == []
    config.write_text("ignore: [DLX008, DLX009]\n", encoding="utf-8")
    config.write_text("ignore: []\n", encoding="utf-8")  # another size: another stamp
    prepared = session.prepare_document(files[0])
    codes = [d.code for d in session.lint_document(LEGACY_ENV, prepared).diagnostics]
    assert codes == ["DLX008"]


def test_a_broken_config_is_a_file_error_or_an_editor_notice(tmp_path: Path) -> None:
    write(tmp_path / ".dlint.yaml", "ignore: [NOPE999]\n")
    path = write(tmp_path / "Dockerfile", LEGACY_ENV)
    session = LintSession()
    outcome = session.lint_file("Dockerfile", path)
    assert outcome.result.error is not None
    assert outcome.result.error.startswith("not linted: its configuration")
    assert [w.split(":")[:2] for w in session.take_warnings()] == [["dlint", " error"]]
    prepared = LintSession(SessionOptions(long_lived=True)).prepare_document(path)
    assert prepared.problem is not None
    assert prepared.problem.startswith("dlint configuration error: ")
    named = LintSession(SessionOptions(config=tmp_path / ".dlint.yaml"))
    with pytest.raises(SessionError):
        named.check_config()
    with pytest.raises(SessionError):
        named.lint_file("Dockerfile", path)


def test_warnings_are_shown_once_per_session() -> None:
    session = LintSession()
    session.warn(["a", "b", "a"])
    assert session.warnings_to_show() == ["a", "b"]
    session.warn(["a", "c"])
    assert session.warnings_to_show() == ["c"]
    assert session.warnings_to_show() == []
    other = LintSession()
    other.warn(["a"])
    assert other.warnings_to_show() == ["a"]


def test_a_worker_hands_back_every_warning_it_collected() -> None:
    session = LintSession()
    session.warn(["a"])
    assert session.warnings_to_show() == ["a"]
    session.warn(["a", "b"])
    assert session.take_warnings() == ["a", "b"]  # its parent decides what was shown
    assert session.take_warnings() == []


def test_fixing_keeps_no_result_cache(tmp_path: Path) -> None:
    cached = LintSession(SessionOptions(use_cache=True, cache_dir=tmp_path))
    assert cached.result_cache() is not None
    fixing = LintSession(SessionOptions(use_cache=True, cache_dir=tmp_path, fix=True))
    assert fixing.result_cache() is None
    assert LintSession().result_cache() is None
