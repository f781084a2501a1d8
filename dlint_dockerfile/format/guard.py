"""The formatter's own proof: the formatted file reads the same as the original.

dlint's parser is BuildKit's, value for value; two parses are the same build when they
hold the same directives and, instruction by instruction, the same keyword, flags (by
name, in order within a name), arguments, heredocs and syntax errors. A shell-form
command may differ only in whitespace between tokens: its two scripts must give the same
tree-sitter-bash token stream. The formatter keeps any instruction this finds changed as
it was written.
"""

from __future__ import annotations

from dlint_dockerfile.format.shell_tokens import shell_tokens
from dlint_dockerfile.syntax import Dockerfile, Instruction

__all__ = ["WHOLE_FILE", "first_difference"]

#: `first_difference` for a change no single instruction explains.
WHOLE_FILE = -1


def first_difference(before: Dockerfile, after: Dockerfile) -> int | None:
    """The index of the first instruction that reads differently, `WHOLE_FILE`, or None
    when the two files are the same build."""
    if len(before.instructions) != len(after.instructions) or _directives(
        before
    ) != _directives(after):
        return WHOLE_FILE
    for k, (a, b) in enumerate(zip(before.instructions, after.instructions, strict=True)):
        if not same_instruction(a, b):
            return k
    return None


def same_instruction(a: Instruction, b: Instruction) -> bool:
    """Whether BuildKit reads ``a`` and ``b`` the same (shell scripts by their tokens)."""
    if (
        type(a) is not type(b)
        or a.name != b.name
        or a.is_json != b.is_json
        or _flags(a) != _flags(b)
        or [(h.name, h.content, h.chomp, h.expand, h.fd) for h in a.heredocs]
        != [(h.name, h.content, h.chomp, h.expand, h.fd) for h in b.heredocs]
        or [i.message for i in a.issues] != [i.message for i in b.issues]
    ):
        return False
    if a.inner is not None or b.inner is not None:
        return a.inner is not None and b.inner is not None and same_instruction(a.inner, b.inner)
    values_a, values_b = _values(a), _values(b)
    if values_a == values_b:
        return True
    shell_a, shell_b = a.shell_form, b.shell_form
    if shell_a is None or shell_b is None or values_a[:-1] != values_b[:-1]:
        return False
    tokens_a, tokens_b = shell_tokens(shell_a.value), shell_tokens(shell_b.value)
    return (
        tokens_a is not None
        and tokens_b is not None
        and tokens_a.stream(shell_a.value) == tokens_b.stream(shell_b.value)
    )


def _values(instruction: Instruction) -> tuple[str, ...]:
    """BuildKit's arguments, ``AS`` of ``FROM x AS y`` in one case (BuildKit ignores it)."""
    values = instruction.values
    if instruction.name == "FROM" and len(values) == 3 and values[1].lower() == "as":
        return (values[0], "as", values[2])
    return values


def _flags(instruction: Instruction) -> dict[str, list[str]]:
    grouped: dict[str, list[str]] = {}
    for flag in instruction.flags:
        grouped.setdefault(flag.name, []).append(flag.value)
    return grouped


def _directives(tree: Dockerfile) -> list[tuple[str, str, bool]]:
    return [(d.name, d.value, d.issue is None) for d in tree.directives]
