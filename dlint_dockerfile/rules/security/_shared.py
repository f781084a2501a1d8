"""Helpers of two or more security rules: a RUN's commands, unquoting, interpreters."""

from __future__ import annotations

import re
from collections.abc import Iterator

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.shell import Command
from dlint_dockerfile.syntax import Instruction

__all__ = ["INTERPRETER", "run_commands", "unquote"]


def run_commands(rule: Rule, instruction: Instruction) -> Iterator[Command]:
    """Every command of a RUN script (``sh -c`` bodies too), unwrapped from ``sudo``..."""
    script = rule.model.script(instruction)
    if script is None:
        return
    for command in script.all_commands():
        yield command.unwrapped()


def unquote(value: str) -> str:
    if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
        return value[1:-1]
    return value


INTERPRETER = re.compile(r"(?:python|perl|ruby|node|php)[0-9.]*\Z")
