"""Golden files (output formats, per-rule snapshots): compare, or rewrite under one switch.

``DLINT_UPDATE_SNAPSHOTS=1 python -m pytest tests/...`` writes what the code produces now
instead of comparing, and deletes stored files nothing produces any more; review the diff.
"""

from __future__ import annotations

import difflib
import os
from collections.abc import Iterable
from pathlib import Path

import pytest

SWITCH = "DLINT_UPDATE_SNAPSHOTS"
UPDATING = os.environ.get(SWITCH) == "1"


def check_golden(path: Path, actual: str) -> None:
    """Fail unless ``path`` holds exactly ``actual``, showing the lines that differ."""
    if UPDATING:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(actual.encode("utf-8"))
        return
    if not path.exists():
        pytest.fail(f"{path} is missing: rerun with {SWITCH}=1 to create it", pytrace=False)
    stored = path.read_bytes().decode("utf-8")
    if stored != actual:
        diff = difflib.unified_diff(
            stored.splitlines(keepends=True),
            actual.splitlines(keepends=True),
            f"{path.name} (stored)",
            f"{path.name} (now)",
        )
        pytest.fail(
            f"{path} differs from the output; if the change is intended, rerun with "
            f"{SWITCH}=1 and review the diff:\n{''.join(diff)}",
            pytrace=False,
        )


def check_no_orphans(folder: Path, pattern: str, expected: Iterable[str]) -> None:
    """Fail on files matching ``pattern`` in ``folder`` that no test produces (deleted when
    updating)."""
    names = set(expected)
    orphans = sorted(p for p in folder.glob(pattern) if p.name not in names)
    if UPDATING:
        for path in orphans:
            path.unlink()
        return
    assert not orphans, f"stale files (delete them, or rerun with {SWITCH}=1): {orphans}"
