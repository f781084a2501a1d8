"""The ``--jobs`` option's value, shared by ``dlint`` and ``dlint format`` (a module of
its own: ``dlint --version`` builds the parser that uses it, and imports nothing more)."""

from __future__ import annotations

import argparse

__all__ = ["jobs_argument"]


def jobs_argument(text: str) -> int:
    """A ``--jobs`` value: a number of worker processes, 0 for one per core."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {text!r}") from None
    if value < 0:
        raise argparse.ArgumentTypeError("must be 0 (all cores) or more")
    return value
