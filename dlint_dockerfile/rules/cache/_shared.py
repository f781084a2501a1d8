"""Helpers shared by the cache family's rules: where an instruction starts, what runs after it."""

from __future__ import annotations

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.image_config import line_of
from dlint_dockerfile.syntax import Instruction

__all__ = ["join_names", "later_instructions", "start_line"]


def start_line(rule: Rule, instruction: Instruction) -> int:
    """The line where ``instruction`` (or the ONBUILD wrapping it) starts."""
    return line_of(rule.model, rule.model.outer(instruction))


def later_instructions(rule: Rule, instruction: Instruction) -> list[Instruction]:
    """The instructions after ``instruction`` in its stage that run in the same build:
    ONBUILD triggers for a trigger, plain instructions otherwise."""
    model = rule.model
    stage = model.stage_of(instruction)
    if stage is None:
        return []
    outer = model.outer(instruction)
    trigger = outer is not instruction
    later: list[Instruction] = []
    seen = False
    for item in stage.instructions:
        if seen:
            inner = item.inner if item.name == "ONBUILD" else None
            if trigger and inner is not None:
                later.append(inner)
            elif not trigger and inner is None and item.name != "ONBUILD":
                later.append(item)
        elif item is outer:
            seen = True
    return later


def join_names(names: list[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(names) == 1:
        return names[0]
    return ", ".join(names[:-1]) + " and " + names[-1]
