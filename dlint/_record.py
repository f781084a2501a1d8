"""``record``: an immutable value class that is cheap to make.

A ``@dataclass(frozen=True, slots=True)`` sets each field in ``__init__`` through
``object.__setattr__``: about 1 µs for six fields against 0.2 µs for a plain slots class.
The classes made by the million (syntax nodes, shell words and options, positions,
diagnostics) are records instead: slotted dataclasses, equal and hashed by value exactly
like frozen ones, and read-only to the type checker (`dataclass_transform` with
``frozen_default``: mypy rejects any assignment to a field). At run time an assignment is
not stopped; nothing in dlint assigns to a record after ``__post_init__``.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # pragma: no cover - typing_extensions is known to the type checker only
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_options: Any) -> Callable[[Any], Any]:
        return lambda decorator: decorator


__all__ = ["record"]

T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """Make ``cls`` a slotted value dataclass (compared and hashed by its fields)."""
    return dataclass(slots=True, unsafe_hash=True)(cls)
