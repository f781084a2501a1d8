"""The code part of the result cache's key notices changed code: dlint's own files and
the installed shell grammar's."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from dlint_dockerfile.lint import cache


def _fresh() -> str:
    cache._CODE = None
    try:
        return cache.code_fingerprint()
    finally:
        cache._CODE = None


def test_a_changed_grammar_package_changes_the_fingerprint(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    package = tmp_path / "fakegrammar"
    package.mkdir()
    binding = package / "_binding.abi3.so"
    binding.write_bytes(b"v1")
    (package / "__init__.py").write_text("")
    monkeypatch.syspath_prepend(str(tmp_path))
    monkeypatch.setattr(cache, "_ENGINE_PACKAGES", ("fakegrammar",))
    sys.modules.pop("fakegrammar", None)
    first = _fresh()
    assert _fresh() == first
    binding.write_bytes(b"v2, a new build")
    second = _fresh()
    assert second != first
    stat = binding.stat()
    os.utime(binding, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert _fresh() != second


def test_the_real_fingerprint_covers_the_grammar() -> None:
    assert cache._ENGINE_PACKAGES == ("tree_sitter", "tree_sitter_bash")
    assert len(_fresh()) == 40
