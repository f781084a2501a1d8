"""The layout of a shell-form command that spans lines: indentation, operators, breaks.

BuildKit joins the lines of a continuation into one logical line (the escape and the
line ending removed, comment and empty lines dropped) and hands that to the shell. So
the whitespace at a line break may change only where the shell sees it as a separator
between two tokens (`ShellTokens.separates`); a break inside a quoted string, a word or
a shell comment keeps its bytes. Comment lines inside the continuation keep their bytes
too (trailing blanks aside).

Each continuation line gets a depth (its indentation's rank among the indentations of
the command's lines: the command's own nesting, kept) and is indented ``depth`` units.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from dlint_dockerfile.format.shell_tokens import ShellTokens
from dlint_dockerfile.lint.format_options import FormatOptions
from dlint_dockerfile.syntax.gotext import lstrip_space, trim_newline
from dlint_dockerfile.syntax.logical import continued_line

__all__ = [
    "Break",
    "ShellLine",
    "assign_depths",
    "collapse_spaces",
    "file_indent",
    "indent_unit",
    "place_operators",
    "render",
    "shell_lines",
    "split_lines",
]

#: Blanks inside a line.
_BLANKS = re.compile(r"[ \t]+")
#: The operators the ``operators`` option places at a line break.
OPERATORS = frozenset({"&&", "||", "|"})


def indent_unit(options: FormatOptions) -> str:
    """One level of indentation (``"keep"`` is resolved for a file by `file_indent`)."""
    if options.indent == "tab":
        return "\t"
    return " " * (4 if options.indent == "keep" else options.indent)


def file_indent(bodies: Sequence[str]) -> int | Literal["tab"]:
    """The indentation unit instructions (their texts, heredocs aside) already use: a
    tab when most continuation lines start with one, else the most common smallest
    indentation among instructions (4 when there is none)."""
    tabs = spaces = 0
    smallest: Counter[int] = Counter()
    for body in bodies:
        widths = []
        for line in body.split("\n")[1:]:
            stripped = line.lstrip(" \t")
            if not stripped or stripped.startswith("#") or len(stripped) == len(line):
                continue
            if line[0] == "\t":
                tabs += 1
            else:
                spaces += 1
                widths.append(len(line) - len(stripped))
        if widths:
            smallest[min(widths)] += 1
    if tabs > spaces:
        return "tab"
    return smallest.most_common(1)[0][0] if smallest else 4


@dataclass
class ShellLine:
    """One physical line of a shell-form command."""

    kind: str  # "code", "comment" or "blank"
    #: code: the text after the indentation, up to the blanks before the escape;
    #: comment and blank: the line without its ending.
    body: str
    indent: str  # a code line's indentation as written
    tail: str  # the blanks between the body and the escape, as written
    ending: str  # the line ending ("" on the last line)
    continued: bool  # a code line that ends with the escape
    start: int = -1  # logical offset of the body (code lines)
    end: int = -1  # logical offset of the body's end
    movable: bool = False  # its indentation may change (the break before it separates)
    depth: int = 0


@dataclass(frozen=True)
class Break:
    """A line break to put before the token at logical offset ``at``, at ``depth``."""

    at: int
    depth: int


def shell_lines(raw: str, escape: str) -> list[ShellLine]:
    """The lines of a shell form's raw text, located in its logical text."""
    lines: list[ShellLine] = []
    logical = 0
    position = 0
    first = True
    while position < len(raw):
        newline = raw.find("\n", position)
        stop = newline + 1 if newline >= 0 else len(raw)
        line = raw[position:stop]
        position = stop
        content = trim_newline(line)
        ending = line[len(content) :]
        if not first:
            stripped = lstrip_space(content)
            if not stripped:
                lines.append(ShellLine("blank", content, "", "", ending, False))
                continue
            if stripped.startswith("#"):
                lines.append(ShellLine("comment", content, "", "", ending, False))
                continue
        segment, continued = continued_line(content, escape)
        # spaces and tabs only: a character Go calls a space (NEL) is text to the shell
        indent = segment[: len(segment) - len(segment.lstrip(" \t"))] if not first else ""
        body = segment[len(indent) :].rstrip(" \t") if continued else segment[len(indent) :]
        tail = segment[len(indent) + len(body) :]
        start = logical + len(indent)
        lines.append(
            ShellLine("code", body, indent, tail, ending, continued, start, start + len(body))
        )
        logical += len(segment)
        first = False
    return lines


def assign_depths(lines: list[ShellLine], tokens: ShellTokens) -> None:
    """Mark the code lines whose indentation may change and give each its depth."""
    code = [line for line in lines if line.kind == "code"]
    for before, line in itertools.pairwise(code):
        line.movable = tokens.separates(before.end, line.start)
    widths = sorted({_width(line.indent) for line in code[1:] if line.movable} - {0})
    for line in code[1:]:
        width = _width(line.indent)
        line.depth = widths.index(width) + 1 if width in widths else 1


def collapse_spaces(lines: list[ShellLine], tokens: ShellTokens) -> None:
    """One space between two tokens of a line where there are more (or a tab); the
    blanks before a shell comment are kept (they align it)."""
    for line in lines:
        if line.kind != "code":
            continue
        pieces: list[str] = []
        position = 0
        for run in _BLANKS.finditer(line.body):
            start, end = run.span()
            if run.group() == " " or line.body[end : end + 1] in ("#", ""):
                continue
            if tokens.separates(line.start + start, line.start + end):
                pieces.append(line.body[position:start] + " ")
                position = end
        if pieces:
            line.body = "".join(pieces) + line.body[position:]


def render(lines: list[ShellLine], escape: str, options: FormatOptions) -> str:
    """The raw text of the laid-out lines."""
    unit = indent_unit(options)
    code = [line for line in lines if line.kind == "code"]
    following = {id(a): b for a, b in itertools.pairwise(code)}
    # the depths in use, without gaps (a list split under a line whose indentation is
    # kept goes one deeper than a depth no line has): read again, the indentations
    # rank to the same depths
    used = sorted({line.depth for line in code[1:] if line.movable})
    level = {depth: k + 1 for k, depth in enumerate(used)}
    pieces: list[str] = []
    for line in lines:
        if line.kind != "code":
            pieces.append(line.body.rstrip(" \t") + line.ending)
            continue
        indent = unit * level[line.depth] if line.movable else line.indent
        pieces.append(indent + line.body)
        if line.continued:
            after = following.get(id(line))
            if after is not None and after.movable:  # a space between tokens
                pieces.append(" " if line.body else "")
            else:
                pieces.append(line.tail)
            pieces.append(escape)
        else:
            pieces.append(line.tail)
        pieces.append(line.ending)
    return "".join(pieces)


def _width(indent: str) -> int:
    return len(indent.expandtabs(4))


def split_lines(lines: list[ShellLine], breaks: Sequence[Break]) -> list[ShellLine]:
    """The lines with a break before each of ``breaks`` (each inside one code line)."""
    if not breaks:
        return lines
    ending = next((line.ending for line in lines if line.ending), "\n")
    out: list[ShellLine] = []
    for line in lines:
        inside = sorted(
            (b for b in breaks if line.kind == "code" and line.start < b.at < line.end),
            key=lambda b: b.at,
        )
        for cut in inside:
            offset = cut.at - line.start
            head = line.body[:offset].rstrip(" \t")
            rest = line.body[offset:]
            out.append(
                ShellLine(
                    "code", head, line.indent, " ", ending, True, line.start,
                    line.start + len(head), line.movable, line.depth,
                )
            )
            line = ShellLine(
                "code", rest, "", line.tail, line.ending, line.continued, cut.at,
                line.end, True, cut.depth,
            )
        out.append(line)
    return out


def place_operators(lines: list[ShellLine], tokens: ShellTokens, options: FormatOptions) -> None:
    """Move ``&&``, ``||`` and ``|`` to the start or the end of a break, as ``options``
    says, between two code lines next to each other whose break separates tokens (the
    lines' ``start`` and ``end`` keep naming the tokens as they were first read)."""
    for before, line in itertools.pairwise(lines):
        if before.kind != "code" or line.kind != "code" or not line.movable:
            continue
        if not before.body or not line.body:
            continue  # an empty continuation line: nothing to move across
        if options.operators == "start":
            kind = tokens.token_ending_at(before.end)
            if kind in OPERATORS and before.body.endswith(kind):
                head = before.body[: -len(kind)].rstrip(" \t")
                if head:
                    before.body, before.tail = head, " "
                    line.body = f"{kind} {line.body}"
        else:
            kind = tokens.token_at(line.start)
            if kind in OPERATORS and line.body.startswith(kind):
                rest = line.body[len(kind) :].lstrip(" \t")
                if rest and not rest.startswith("#"):
                    before.body, before.tail = f"{before.body} {kind}", " "
                    line.body = rest
