"""``cached_property`` without a lock, and `keep`: a bounded first-in-first-out table.

Python 3.11's `functools.cached_property` takes a lock on every first access of every
instance, which costs more than most of the values dlint caches. This descriptor stores
the value in the instance's ``__dict__`` on first access, so later reads never reach it.
(Racing threads may both compute the value; every cached value here is a pure function of
the instance, so either result is right.)
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Hashable
from itertools import islice
from typing import Any, Generic, TypeVar, overload

__all__ = ["cached_property", "keep"]

T = TypeVar("T")
K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class cached_property(Generic[T]):
    """A read-once attribute computed by the decorated method."""

    def __init__(self, func: Callable[[Any], T]) -> None:
        self.func = func
        self.name = func.__name__
        self.__doc__ = func.__doc__

    def __set_name__(self, owner: type, name: str) -> None:
        self.name = name

    @overload
    def __get__(self, instance: None, owner: type | None = None) -> cached_property[T]: ...

    @overload
    def __get__(self, instance: object, owner: type | None = None) -> T: ...

    def __get__(self, instance: object | None, owner: type | None = None) -> Any:
        if instance is None:
            return self
        value = self.func(instance)
        instance.__dict__[self.name] = value
        return value


def keep(table: dict[K, V], key: K, value: V, limit: int) -> None:
    """Store ``value`` in ``table``; when it holds ``limit`` entries, its oldest
    sixty-fourth (at least one) goes first.

    Tables of parsed pieces shared by threads (the language server lints in a worker):
    when two evict at once, one finds nothing left to drop, which is fine.
    """
    if len(table) >= limit:
        # the oldest sixty-fourth at once: a dictionary leaves a hole where an entry was
        # removed, and finding the oldest walks past every hole left at its front, so
        # dropping one entry per insertion cost a walk of hundreds each time (2 µs at
        # 2,048); a bigger share would shrink the table below what files reuse
        with contextlib.suppress(RuntimeError):
            for old in list(islice(table, max(1, limit // 64))):
                table.pop(old, None)
    table[key] = value
