"""Pausing Python's garbage collector around work that makes long-lived objects only.

A small module of its own: the command line pauses the collector before it imports the
rest of dlint.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator

__all__ = ["collector_paused"]


@contextlib.contextmanager
def collector_paused() -> Iterator[None]:
    """No garbage collection inside the block; afterwards the collector is as it was found
    (even if the block turned it on). Used while one file is linted: everything its model
    allocates survives until the end, so each pass would only walk it; the model is freed
    by reference counting (tests/lint/test_memory.py) and the few cycles a lint leaves are
    collected between files."""
    import gc

    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()
        else:
            gc.disable()
