"""``record``: an immutable value class that is cheap to make and cheap to define.

A ``@dataclass(frozen=True, slots=True)`` sets each field in ``__init__`` through
``object.__setattr__``, several times slower than a plain slots class.
The classes made by the million (syntax nodes, shell words and options, positions,
diagnostics) are records instead: slotted dataclasses, equal and hashed by value exactly
like frozen ones, and read-only to the type checker (`dataclass_transform` with
``frozen_default``: mypy rejects any assignment to a field). At run time an assignment is
not stopped; nothing in dlint assigns to a record after ``__post_init__``.

Defining a dataclass compiles each generated method, a good part of dlint's import; a
record has only its ``__init__`` generated, its ``__eq__``, ``__hash__`` and
``__repr__`` are built from `operator.attrgetter` (the same results as the generated ones).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields
from operator import attrgetter
from typing import TYPE_CHECKING, Any, TypeVar

if TYPE_CHECKING:  # pragma: no cover - typing_extensions is known to the type checker only
    from typing_extensions import dataclass_transform
else:

    def dataclass_transform(**_options: Any) -> Callable[[Any], Any]:
        return lambda decorator: decorator


__all__ = ["attribute_tuple", "record"]

T = TypeVar("T")


@dataclass_transform(frozen_default=True, field_specifiers=(field,))
def record(cls: type[T]) -> type[T]:
    """Make ``cls`` a slotted value dataclass (compared and hashed by its fields)."""
    made: Any = dataclass(slots=True, eq=False, repr=False)(cls)
    compared = tuple(f.name for f in fields(made) if f.compare)
    shown = tuple(f.name for f in fields(made) if f.repr)
    values = attribute_tuple(compared)

    def __eq__(self: Any, other: object) -> bool:
        if other.__class__ is self.__class__:
            return bool(values(self) == values(other))
        return NotImplemented

    def __hash__(self: Any) -> int:
        return hash(values(self))

    def __repr__(self: Any) -> str:
        inner = ", ".join(f"{name}={getattr(self, name)!r}" for name in shown)
        return f"{self.__class__.__qualname__}({inner})"

    for method in (__eq__, __hash__, __repr__):
        if method.__name__ not in cls.__dict__:  # a method of the class's own stays
            method.__qualname__ = f"{made.__qualname__}.{method.__name__}"
            setattr(made, method.__name__, method)
    return made  # type: ignore[no-any-return]


def attribute_tuple(names: tuple[str, ...]) -> Callable[[Any], tuple[Any, ...]]:
    """A function giving the tuple of an object's ``names`` attributes (what a generated
    ``__eq__``/``__hash__`` compares, or what a constructor takes again)."""
    if not names:
        return lambda _self: ()
    if len(names) == 1:
        get = attrgetter(names[0])
        return lambda self: (get(self),)
    return attrgetter(*names)
