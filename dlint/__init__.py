"""dlint: a Dockerfile linter and optimizer."""

from dlint.syntax import Dockerfile, parse

__version__ = "0.1.0"
__all__ = ["Dockerfile", "__version__", "parse"]
