"""The TOML reader: tomllib (tomli before Python 3.11), imported on first use."""

from __future__ import annotations

import sys
from typing import Any

__all__ = ["toml"]


def toml() -> Any:
    """The ``tomllib`` module: most runs read no TOML, so it is imported when needed."""
    if sys.version_info >= (3, 11):
        import tomllib
    else:  # pragma: no cover
        import tomli as tomllib
    return tomllib
