"""``cached_property`` without a lock.

Python 3.11's `functools.cached_property` takes a lock on every first access of every
instance, which costs more than most of the values dlint caches. This descriptor stores
the value in the instance's ``__dict__`` on first access, so later reads never reach it.
(Racing threads may both compute the value; every cached value here is a pure function of
the instance, so either result is right.)
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar, overload

__all__ = ["cached_property"]

T = TypeVar("T")


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
