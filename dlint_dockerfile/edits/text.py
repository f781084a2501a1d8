"""Edit builders shared by the rules' fixes: replace a node, add or remove whole lines,
insert a shell word, all in the file's own indentation and line endings."""

from __future__ import annotations

from collections.abc import Sequence

from dlint_dockerfile.lint.diagnostic import Edit
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.shell.script import Command, ShellWord
from dlint_dockerfile.syntax import Instruction, Node
from dlint_dockerfile.syntax.positions import line_ending_at

__all__ = [
    "delete_instruction",
    "indentation",
    "insert_after_word",
    "insert_lines_after",
    "insert_lines_before",
    "instruction_text",
    "line_ending",
    "line_start",
    "replace_node",
    "word_is_plain",
]


def line_ending(model: DockerfileModel, near: int = 0) -> str:
    """The line ending of the line at offset ``near`` (the file's first one otherwise)."""
    return line_ending_at(model.tree.code, near)


def line_start(model: DockerfileModel, instruction: Instruction) -> int:
    """Offset where the instruction's first line starts (after its leading comments)."""
    return model.index.body_start(instruction)


def indentation(model: DockerfileModel, instruction: Instruction) -> str:
    """The spaces and tabs before the instruction's keyword."""
    text = model.tree.code
    start = line_start(model, instruction)
    keyword = model.index.span(instruction.keyword)[0]
    prefix = text[start:keyword]
    return prefix if not prefix.strip() else ""


def instruction_text(model: DockerfileModel, instruction: Instruction) -> str:
    """The instruction as written, from its keyword's line (continuation lines and
    heredocs too), without its last line ending."""
    text = model.tree.code[line_start(model, instruction) : _instruction_end(model, instruction)]
    if text.endswith("\n"):
        text = text[:-1]
        if text.endswith("\r"):
            text = text[:-1]
    return text


def replace_node(model: DockerfileModel, node: Node, content: str) -> Edit:
    """Replace the whole text of ``node``."""
    start, end = model.index.span(node)
    return Edit(start, end, content)


def _instruction_end(model: DockerfileModel, instruction: Instruction) -> int:
    """Offset just past the instruction's last line (its newline, heredocs included)."""
    return model.index.span(instruction)[1]


def delete_instruction(model: DockerfileModel, instruction: Instruction) -> Edit:
    """Remove the instruction's lines (continuations and heredocs too); comment lines
    above it stay. At the end of a file without a final newline, the line break before
    it goes instead."""
    start = line_start(model, instruction)
    end = _instruction_end(model, instruction)
    text = model.tree.code
    if not text[start:end].endswith("\n") and start > 0:
        previous_break = start - 1
        if previous_break > 0 and text[previous_break - 1] == "\r":
            previous_break -= 1
        return Edit(previous_break, end, "")
    return Edit(start, end, "")


def insert_lines_before(
    model: DockerfileModel, instruction: Instruction, lines: Sequence[str]
) -> Edit:
    """New lines just above the instruction (below its comments), indented like it."""
    start = line_start(model, instruction)
    newline = line_ending(model, start)
    indent = indentation(model, instruction)
    return Edit(start, start, "".join(f"{indent}{line}{newline}" for line in lines))


def insert_lines_after(
    model: DockerfileModel, instruction: Instruction, lines: Sequence[str]
) -> Edit:
    """New lines just below the instruction (after its continuations and heredocs),
    indented like it; at the end of a file without a final newline, none is added."""
    end = _instruction_end(model, instruction)
    newline = line_ending(model, line_start(model, instruction))
    indent = indentation(model, instruction)
    content = "".join(f"{indent}{line}{newline}" for line in lines)
    if not model.tree.code[:end].endswith("\n"):
        content = newline + content[: -len(newline)]
    return Edit(end, end, content)


def word_is_plain(command: Command, word: ShellWord) -> bool:
    """Whether ``word`` is written in the Dockerfile as it is in the script: not inside a
    quoted ``sh -c '...'`` body or an escaped segment, so text can be inserted next to it."""
    if "exec" in command.context:  # a JSON string: text beside it would break the array
        return False
    script = command.script
    if script is not None and script.depth > 0:
        return False
    start, end = word.start, word.end
    return end - start == len(word.text)


def insert_after_word(command: Command, word: ShellWord, text: str) -> Edit | None:
    """Insert `` text`` right after ``word`` (e.g. ``-y`` after ``install``); None when
    the word cannot be edited in place (see `word_is_plain`)."""
    if not word_is_plain(command, word):
        return None
    return Edit(word.end, word.end, " " + text)
