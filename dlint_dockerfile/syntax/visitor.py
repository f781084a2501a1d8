"""Visitor and Transformer over the CST, in the style of LibCST.

A `Visitor` gets ``visit_<Class>(node)`` before a node's children (return False to skip
them) and ``leave_<Class>(node)`` after. A `Transformer` gets
``leave_<Class>(original, updated)`` and returns the node to put in its place, so a
tree is rebuilt bottom-up without mutating anything. A node the hooks put in two places
is copied: a tree never holds a node twice.
"""

from __future__ import annotations

import dataclasses
from typing import Any, TypeVar

from dlint_dockerfile.syntax.nodes import Node, without_shared_nodes

__all__ = ["Transformer", "Visitor"]

N = TypeVar("N", bound=Node)


class Visitor:
    """Walks a tree calling ``visit_<Class>`` / ``leave_<Class>`` hooks."""

    def visit(self, node: Node) -> None:
        name = type(node).__name__
        hook = getattr(self, "visit_" + name, None)
        if hook is None or hook(node) is not False:
            for child in node.children():
                self.visit(child)
        leave = getattr(self, "leave_" + name, None)
        if leave is not None:
            leave(node)


class Transformer:
    """Rebuilds a tree bottom-up through ``leave_<Class>(original, updated)`` hooks."""

    def transform(self, node: N) -> N:
        return without_shared_nodes(self._transform(node))  # type: ignore[return-value]

    def _transform(self, node: Node) -> Node:
        name = type(node).__name__
        hook = getattr(self, "visit_" + name, None)
        updated = node
        if hook is None or hook(node) is not False:
            changes: dict[str, Any] = {}
            for field in node._child_fields:
                value = getattr(node, field)
                if isinstance(value, Node):
                    new = self._transform(value)
                    if new is not value:
                        changes[field] = new
                elif isinstance(value, tuple):
                    new_items = tuple(self._transform(item) for item in value)
                    if any(a is not b for a, b in zip(new_items, value, strict=True)):
                        changes[field] = new_items
            if changes:
                updated = dataclasses.replace(node, **changes)  # shared nodes: at the end
        leave = getattr(self, "leave_" + name, None)
        if leave is not None:
            return leave(node, updated)  # type: ignore[no-any-return]
        return updated
