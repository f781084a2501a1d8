"""``cached_property`` is the standard library's, `functools.cached_property`.

The lock-free copy that lived here bought nothing a user could measure (Python 3.12 and
later take no lock; on 3.10 and 3.11 the lock costs little next to any lint), and the
bounded table `keep` gave way to `functools.lru_cache`. This name stays only for modules
still importing it from here (fixers/layers.py): import from functools instead.
"""

from __future__ import annotations

from functools import cached_property

__all__ = ["cached_property"]
