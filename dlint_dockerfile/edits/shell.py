"""Edit builders for the shell rules (DLX7xx): edits of shell words that keep the
Dockerfile's layout (continuations, comments, heredocs).

Every builder returns None when the edit cannot be made in place: a word inside a quoted
``sh -c '...'`` body, split by a line continuation or written with escapes.
"""

from __future__ import annotations

from dlint_dockerfile.edits.text import line_ending, word_is_plain
from dlint_dockerfile.lint.diagnostic import Edit
from dlint_dockerfile.model.heredocs import in_heredoc
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.shell.outline import script_start
from dlint_dockerfile.shell.script import Command, Script, ShellWord
from dlint_dockerfile.syntax import Instruction

__all__ = [
    "has_comment_line",
    "keyword_case",
    "prefix_script",
    "replace_word",
]


def keyword_case(instruction: Instruction, keyword: str) -> str:
    """``keyword`` in the case the instruction's own keyword is written in."""
    return keyword.lower() if instruction.keyword.raw.islower() else keyword.upper()


def replace_word(command: Command, word: ShellWord, content: str) -> Edit | None:
    """Replace a plainly written word (see `word_is_plain`)."""
    if not word_is_plain(command, word) or word.text != word.value:
        return None
    return Edit(word.start, word.end, content)


def prefix_script(
    model: DockerfileModel,
    instruction: Instruction,
    script: Script,
    line: str,
    separator: str = " && ",
) -> Edit | None:
    """Put ``line`` before the script's first statement: as ``line && `` (or another
    ``separator``) on the RUN's own line, as a line of its own in a heredoc body (indented
    like the line it precedes)."""
    if script.depth > 0:
        return None
    at = script_start(script)
    if at is None:
        return None
    offset = script.source.offset(at)
    if not in_heredoc(model, instruction, offset):
        return Edit(offset, offset, f"{line}{separator}")
    text = model.tree.code
    line_start = text.rfind("\n", 0, offset) + 1
    indent = text[line_start:offset]
    if indent.strip():
        return Edit(offset, offset, f"{line}{separator}")
    return Edit(offset, offset, f"{line}{line_ending(model, offset)}{indent}")


def has_comment_line(model: DockerfileModel, start: int, end: int) -> bool:
    """Whether a comment line starts within ``[start, end)`` of the file (after its first
    line): deleting the range would drop it."""
    lines = model.tree.code[start:end].split("\n")[1:]
    return any(line.lstrip().startswith("#") for line in lines)
