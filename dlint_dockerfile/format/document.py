"""A whole Dockerfile in the house style, proven to read the same.

The file is parsed once; each instruction is written by `format_instruction`, the lines
between instructions are tidied (no runs of blank lines, one blank line before each
stage, no blank lines at the end, a final line ending), and the result is parsed again
and compared with the original (`guard`). An instruction the guard finds changed is
written as it was, and the file formatted again; a change the guard cannot pin on one
instruction gives back the original text. Package lists are then sorted by the code
DLX312's fix uses.

Regions between ``# dlint: format-off`` and ``# dlint: format-on`` comment lines, and the
instruction after ``# dlint: format-skip``, keep their bytes; so does everything before
the first instruction when the file has parser directives.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator

from dlint_dockerfile.format.guard import WHOLE_FILE, first_difference
from dlint_dockerfile.format.instructions import format_instruction
from dlint_dockerfile.format.shell_layout import file_indent
from dlint_dockerfile.lint.format_options import FormatOptions
from dlint_dockerfile.lint.suppression import format_pragma
from dlint_dockerfile.shell import dialect_of
from dlint_dockerfile.syntax import (
    BlankLine,
    CommentLine,
    Dockerfile,
    Instruction,
    parse,
)

__all__ = ["format_text"]

#: How often an instruction the guard refused is put back before the file is given up.
_ROUNDS = 8


def format_text(
    text: str, options: FormatOptions | None = None, *, lines: tuple[int, int] | None = None
) -> str:
    """``text`` in the style of ``options``; ``lines`` (1-based, inclusive) limits the
    changes to the instructions that overlap them. Never raises on any text."""
    options = options or FormatOptions()
    tree = parse(text)
    if options.indent == "keep":
        bodies = [_own_lines(i) for i in tree.instructions]
        options = dataclasses.replace(options, indent=file_indent(bodies))
    kept = _kept(tree, lines)
    # the guard compares the layout; the sorted lists come after it, as DLX312's fix
    layout = dataclasses.replace(options, sort_packages=False)
    for _ in range(_ROUNDS):
        out = _render(tree, layout, kept, lines)
        changed = None if out == text else first_difference(tree, parse(out))
        if changed is None:
            return _render(tree, options, kept, lines) if options.sort_packages else out
        if changed == WHOLE_FILE or changed in kept:
            return text
        kept.add(changed)
    return text


def _kept(tree: Dockerfile, lines: tuple[int, int] | None) -> set[int]:
    """The instructions to keep as written: format-off regions, format-skip, and those
    outside ``lines``."""
    kept: set[int] = set()
    off = False
    line = 1 + sum(d.raw.count("\n") for d in tree.directives)
    for k, instruction in enumerate(tree.instructions):
        skip = False
        for comment in instruction.leading:
            word = format_pragma(comment.raw) if isinstance(comment, CommentLine) else None
            if word == "skip":
                skip = True
            elif word is not None:
                off = word == "off"
        first = line + sum(c.raw.count("\n") for c in instruction.leading)
        last = first + instruction.body_code.count("\n") - (
            1 if instruction.body_code.endswith("\n") else 0
        )
        line = last + 1
        outside = lines is not None and (last < lines[0] or first > lines[1])
        if off or skip or outside:
            kept.add(k)
    return kept


def _render(
    tree: Dockerfile, options: FormatOptions, kept: set[int], lines: tuple[int, int] | None
) -> str:
    ending = _line_ending(tree)
    pieces = [tree.bom, *(d.raw for d in tree.directives)]
    for k, instruction, posix in _with_shells(tree):
        leading = "".join(c.raw for c in instruction.leading)
        if k in kept:
            pieces.append(leading + instruction.body_code)
            continue
        if k == 0 and tree.directives:
            pieces.append(leading)
        else:
            stage = instruction.name == "FROM" and k > 0
            pieces.append(_tidy(instruction.leading, ending, first=k == 0, stage=stage))
        pieces.append(format_instruction(instruction, tree.escape, options, posix))
    last = len(tree.instructions) - 1
    footer_kept = lines is not None or (last >= 0 and last in kept)
    if footer_kept:
        pieces.append("".join(c.raw for c in tree.footer))
    else:
        first = not tree.instructions
        pieces.append(_tidy(tree.footer, ending, first=first, stage=False, end=True))
    out = "".join(pieces)
    if out and not out.endswith("\n") and not footer_kept:
        out += ending
    return out


def _tidy(
    lines: tuple[CommentLine | BlankLine, ...],
    ending: str,
    *,
    first: bool,
    stage: bool,
    end: bool = False,
) -> str:
    """Comment and blank lines between instructions: no blanks at the start of the file
    or at its end, no run of blank lines, one blank line above a stage (and above its
    comments), no spaces at the end of a line. Each line keeps its own line ending; a
    blank line put in gets the file's (``ending``)."""
    out: list[tuple[str, bool]] = []  # each line, and whether it is blank
    for line in lines:
        content = line.raw.rstrip("\r\n")
        kept = content.rstrip(" \t") + line.raw[len(content) :]
        if not isinstance(line, BlankLine):
            out.append((kept, False))
        elif (out and not out[-1][1]) or (not out and not first):
            out.append((line.raw[len(content) :] or ending, True))
    if stage and not any(blank for _, blank in out):
        out.insert(0, (ending, True))
    while end and out and out[-1][1]:
        out.pop()
    return "".join(text for text, _ in out)


def _with_shells(tree: Dockerfile) -> Iterator[tuple[int, Instruction, bool]]:
    """Each instruction with whether its shell-form command is POSIX shell: the default
    ``/bin/sh -c`` unless a ``SHELL`` of the stage chose another, or the file's escape
    is a backtick (Windows images, whose default shell is ``cmd``)."""
    default = tree.escape == "\\"
    posix = default
    for k, instruction in enumerate(tree.instructions):
        if instruction.name == "FROM":
            posix = default
        elif instruction.name == "SHELL" and instruction.is_json:
            posix = dialect_of(instruction.values).is_posix
        yield k, instruction, default if instruction.inner is not None else posix


def _own_lines(instruction: Instruction) -> str:
    """The instruction's lines without its heredocs."""
    return "".join(part.code for part in instruction.parts)


def _line_ending(tree: Dockerfile) -> str:
    text = tree.code
    crlf = text.count("\r\n")
    return "\r\n" if crlf and crlf * 2 >= text.count("\n") else "\n"
