"""``dump_buildkit``: the tree in the exact format of BuildKit's parser test ``result`` files."""

from __future__ import annotations

from dlint_dockerfile.syntax.gotext import go_quote, go_quote_list
from dlint_dockerfile.syntax.nodes import Dockerfile, Instruction

__all__ = ["dump_buildkit", "dump_instruction"]


def dump_instruction(instruction: Instruction) -> str:
    """One instruction as BuildKit's ``Node.Dump`` renders it (without parentheses)."""
    out = instruction.keyword.raw.lower()
    flags = instruction.flags
    if flags:
        out += " " + go_quote_list([flag.value for flag in flags])
    inner = instruction.inner
    if inner is not None:
        return out + " (" + dump_instruction(inner) + ")"
    for value in instruction.values:
        out += " " + go_quote(value)
    return out.strip()


def dump_buildkit(tree: Dockerfile) -> str:
    """Every instruction as an s-expression, one per line, newline-terminated."""
    return "".join("(" + dump_instruction(node) + ")\n" for node in tree.instructions)
