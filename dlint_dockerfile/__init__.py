"""dlint: a Dockerfile linter and optimizer.

``dlint_dockerfile.parse`` and ``dlint_dockerfile.Dockerfile`` are loaded on first use, so
that importing the package (``dlint --version``, the CLI's start-up) does not pay for the parser.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

__version__ = "0.1.0"
__all__ = ["Dockerfile", "__version__", "parse"]

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.syntax import Dockerfile, parse


def __getattr__(name: str) -> Any:
    if name in ("Dockerfile", "parse"):
        import dlint_dockerfile.syntax

        return getattr(dlint_dockerfile.syntax, name)
    raise AttributeError(f"module 'dlint_dockerfile' has no attribute {name!r}")
