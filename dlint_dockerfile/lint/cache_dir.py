"""Where dlint keeps its caches (the results of `lint.cache`, the digests of
`registry.cache`): a module of its own, importing nothing of dlint."""

from __future__ import annotations

import os
import sys
from pathlib import Path

__all__ = ["CACHE_ENV", "default_cache_dir"]

#: Environment variable naming the cache directory.
CACHE_ENV = "DLINT_CACHE_DIR"


def default_cache_dir() -> Path:
    """``$DLINT_CACHE_DIR``, else the platform's per-user cache folder for dlint."""
    configured = os.environ.get(CACHE_ENV)
    if configured:
        return Path(configured)
    if sys.platform == "win32":
        base = os.environ.get("LOCALAPPDATA") or str(Path.home() / "AppData" / "Local")
        return Path(base) / "dlint" / "Cache"
    if sys.platform == "darwin":
        return Path.home() / "Library" / "Caches" / "dlint"
    xdg = os.environ.get("XDG_CACHE_HOME")
    return Path(xdg if xdg and os.path.isabs(xdg) else Path.home() / ".cache") / "dlint"
