"""Edit builders of the runtime family: shell form to exec form, JSON arrays repaired,
overridden instructions removed with the comment that describes them."""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from dlint_dockerfile.edits.text import delete_instruction, insert_lines_before, word_is_plain
from dlint_dockerfile.lint.diagnostic import Edit
from dlint_dockerfile.lint.suppression import is_pragma
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.shell.script import Command, ShellWord
from dlint_dockerfile.syntax import BlankLine, CommentLine, Instruction, parse

__all__ = [
    "delete_dead_instruction",
    "exec_form_edits",
    "json_string",
    "plain_value",
    "repair_json_array",
    "reparsed_exec_values",
]

#: Characters a shell leaves alone outside quotes (no expansion, glob, operator, tilde,
#: brace or history expansion, comment or escape).
_PLAIN_CHAR = r"[A-Za-z0-9_@%+=:,./-]"
_PLAIN_RUN = _PLAIN_CHAR + "+"
#: One word made of plain characters and quoted strings that expand nothing (no ``$``,
#: backquote or backslash even in single quotes: in exec form they would look like
#: variables or escapes to a reader and to DLX507). One plain character per repetition:
#: a run inside the repetition would backtrack exponentially on a word that fails.
_LITERAL_WORD = re.compile(rf"(?:{_PLAIN_CHAR}|'[^'$`\\\\]*'|\"[^\"$`\\\\!]*\")+\Z")
_SEGMENT = re.compile(rf"{_PLAIN_RUN}|'([^']*)'|\"([^\"]*)\"")


def json_string(value: str) -> str:
    """``value`` as a JSON string (non-ASCII kept as is)."""
    return json.dumps(value, ensure_ascii=False)


def plain_value(text: str) -> str | None:
    """The value of a shell word written only with plain characters and quotes that
    expand nothing (``nginx``, ``"daemon off;"``, ``'a b'``); None otherwise."""
    if not _LITERAL_WORD.match(text):
        return None
    parts = []
    for match in _SEGMENT.finditer(text):
        single, double = match.group(1), match.group(2)
        parts.append(single if single is not None else double if double is not None else match[0])
    return "".join(parts)


def _literal_words(command: Command) -> list[tuple[ShellWord, str]] | None:
    out = []
    for word in command.words:
        if not word_is_plain(command, word):
            return None
        value = plain_value(word.text)
        if value is None or value != word.value:
            return None
        out.append((word, value))
    return out


def exec_form_edits(model: DockerfileModel, instruction: Instruction) -> tuple[Edit, ...] | None:
    """Edits turning a shell-form CMD/ENTRYPOINT that runs one plain command into exec
    form, word by word (continuation lines and comment lines between them stay); a
    leading ``exec`` goes. None when the command uses anything the shell would interpret
    (variables, globs, operators, redirections, escapes, ``~``, a comment...)."""
    form = instruction.shell_form
    script = model.script(instruction)
    if form is None or script is None or not script.ok or len(script.commands) != 1:
        return None
    if instruction.flags:
        return None  # CMD and ENTRYPOINT take none: BuildKit fails
    command = script.commands[0]
    if command.context or command.redirects or command.assignments or command.operator:
        return None
    text = script.source.text
    if text[command.text_start : command.text_end].strip() != text.strip():
        return None  # a comment or something the parser left out
    words = _literal_words(command)
    if not words:
        return None
    edits: list[Edit] = []
    if words[0][1] == "exec":
        if len(words) < 2 or words[1][1].startswith("-"):
            return None  # exec -a name ...: the options belong to exec
        gap = model.tree.code[words[0][0].start : words[1][0].start]
        if gap[4:].strip(" \t"):
            return None  # a line break between exec and the program
        edits.append(Edit(words[0][0].start, words[1][0].start, ""))
        words = words[1:]
    program = words[0][1]
    if not program or program != "".join(program.split()):
        return None  # a program name with spaces: exec-form-command-line would object
    last = len(words) - 1
    for i, (word, value) in enumerate(words):
        content = ("[" if i == 0 else "") + json_string(value) + ("]" if i == last else ",")
        edits.append(Edit(word.start, word.end, content))
    expected = tuple(value for _, value in words)
    if reparsed_exec_values(model, instruction, edits) != expected:
        return None
    return tuple(edits)


def reparsed_exec_values(
    model: DockerfileModel, instruction: Instruction, edits: Sequence[Edit]
) -> tuple[str, ...] | None:
    """The exec-form values of ``instruction`` once ``edits`` are applied (None if it is
    not exec form then): a check that a rewrite says what it should."""
    outer = model.outer(instruction)
    start = model.index.body_start(outer)
    end = start + len("".join(part.code for part in outer.parts))
    text = model.tree.code[start:end]
    for edit in sorted(edits, key=lambda e: e.start, reverse=True):
        if edit.start < start or edit.end > end:
            return None
        text = text[: edit.start - start] + edit.content + text[edit.end - start :]
    tree = parse(text + "\n")
    if len(tree.instructions) != 1 or tree.instructions[0].issues:
        return None
    found = tree.instructions[0]
    found = found.inner or found
    form = found.exec_form
    return form.values if form is not None else None


# ------------------------------------------------------------ overridden instructions


def delete_dead_instruction(model: DockerfileModel, instruction: Instruction) -> tuple[Edit, ...]:
    """Remove an instruction that has no effect (a later one overrides it...), with the
    comment lines right above it (no blank line between) when they describe it alone:
    when the next instruction is not part of the same block of lines. A comment heading
    a block of instructions stays, but the suppression comments for this instruction
    (``# dlint: ignore=``, ``# hadolint ignore=``, ``# check=skip=``) always go with it,
    and file-wide ones always stay. When the removed lines stood between two blank lines,
    one of those goes too."""
    edit = delete_instruction(model, instruction)
    body = model.index.body_start(instruction)
    if edit.start != body:
        return (edit,)  # the end of a file without a final newline: leave the comments
    comments = _attached_comments(instruction)
    following = _following_lines(model, instruction)
    alone = following is None or bool(following)
    spans: list[tuple[int, int]] = []
    top = offset = body - sum(len(line.raw) for line in comments)
    for line in comments:
        kind = _pragma_kind(line)
        if kind == "instruction" or (alone and kind is None):
            spans.append((offset, offset + len(line.raw)))
        offset += len(line.raw)
    spans.append((edit.start, edit.end))
    merged: list[tuple[int, int]] = []
    for a, b in spans:
        if merged and merged[-1][1] == a:
            merged[-1] = (merged[-1][0], b)
        else:
            merged.append((a, b))
    if len(merged) == 1 and merged[0][0] == top and alone:
        start, end = merged[0]
        before = instruction.leading[: len(instruction.leading) - len(comments)]
        blank_after = following is None or isinstance(following[0], BlankLine)
        if before and isinstance(before[-1], BlankLine) and blank_after:
            start -= len(before[-1].raw)  # one blank line is enough
        elif following and blank_after and _only_marks_before(model.tree.code, start):
            end += len(following[0].raw)  # no blank line at the top of the file
        merged[0] = (start, end)
    return tuple(Edit(a, b, "") for a, b in merged)


def _pragma_kind(line: CommentLine) -> str | None:
    """``"instruction"`` for a suppression comment of the instruction below, ``"file"``
    for a file-wide one, None for another comment."""
    text = line.raw.strip().lower()
    if not is_pragma(text):
        return None
    if "ignore-file" in text or re.match(r"#\s*hadolint\s+global\b", text):
        return "file"
    return "instruction"


def _attached_comments(instruction: Instruction) -> list[CommentLine]:
    out: list[CommentLine] = []
    for line in reversed(instruction.leading):
        if not isinstance(line, CommentLine):
            break
        out.append(line)
    out.reverse()
    return out


def _following_lines(
    model: DockerfileModel, instruction: Instruction
) -> tuple[CommentLine | BlankLine, ...] | None:
    """The blank and comment lines after the instruction: the next instruction's leading
    lines, or the footer (None when the file ends there)."""
    instructions = model.instructions
    for i, current in enumerate(instructions):
        if current is instruction:
            if i + 1 < len(instructions):
                return instructions[i + 1].leading
            return model.tree.footer or None
    return ()


# ------------------------------------------------------------ broken JSON arrays


def repair_json_array(
    model: DockerfileModel, instruction: Instruction, values: Sequence[str]
) -> tuple[Edit, ...] | None:
    """Edits turning a shell form that tries to be a JSON array (single quotes, missing
    or extra commas, a comment after it) into that JSON array, token by token, keeping
    continuation lines and their comment lines. A comment after the array moves to a
    line of its own above the instruction. None when the text is anything else or the
    result would not be the array ``values``."""
    form = instruction.shell_form
    if form is None:
        return None
    base = model.index.span(form)[0]
    tokens = _tokens(form.raw, model.escape)
    if tokens is None:
        return None
    items, close, tail = tokens
    edits: list[Edit] = []
    strings = [t for t in items if t[0] != ","]
    for kind, start, end in strings:
        raw = form.raw[start:end]
        if kind == "'":
            inner = raw[1:-1]
            if "\\" in inner:
                return None  # what the author meant by a backslash is not clear
            edits.append(Edit(base + start, base + end, json_string(inner)))
        else:
            try:
                json.loads(raw)
            except ValueError:
                return None
    previous: tuple[str, int, int] | None = None  # the last string or kept comma
    for index, item in enumerate(items):
        kind, start, end = item
        if kind != ",":
            if previous is not None and previous[0] != ",":
                edits.append(Edit(base + previous[2], base + previous[2], ","))
            previous = item
            continue
        more = any(t[0] != "," for t in items[index + 1 :])
        if previous is not None and previous[0] != "," and more:
            previous = item  # the one comma between two strings
            continue
        # a comma too many, with the spaces around it where they would be left over
        cut, stop = start, end
        if previous is None or not more:
            following = close if not more else items[index + 1][1]
            if not form.raw[end:following].strip(" \t"):
                stop = following
        if not more and previous is not None and not form.raw[previous[2] : start].strip(" \t"):
            cut = previous[2]
        edits.append(Edit(base + cut, base + stop, ""))
    if tail is not None:
        comment = form.raw[tail:].strip()
        stop = base + len(form.raw)
        parts_end = model.index.body_start(model.outer(instruction)) + len(
            "".join(part.code for part in model.outer(instruction).parts)
        )
        if not model.tree.code[stop:parts_end].strip(" \t"):
            stop = parts_end
        edits.append(Edit(base + close + 1, stop, ""))
        edits.append(insert_lines_before(model, model.outer(instruction), [comment]))
    result = reparsed_exec_values(model, instruction, [e for e in edits if e.start >= base])
    if result != tuple(values):
        return None
    return tuple(edits)


def _tokens(raw: str, escape: str) -> tuple[list[tuple[str, int, int]], int, int | None] | None:
    """``(items, close, comment)`` of ``[ ... ]``: items are ``(kind, start, end)`` with
    kind ``"`` or ``'`` for strings and ``,`` for commas; ``close`` is the offset of ``]``
    and ``comment`` the offset of a ``#`` comment after it (None if there is none)."""
    if not raw.startswith("["):
        return None
    items: list[tuple[str, int, int]] = []
    i = 1
    n = len(raw)
    while i < n:
        ch = raw[i]
        if ch in " \t":
            i += 1
        elif ch == escape and (skip := _continuation(raw, i)) is not None:
            i = skip
        elif ch == ",":
            items.append((",", i, i + 1))
            i += 1
        elif ch in "\"'":
            end = i + 1
            while end < n and raw[end] != ch:
                if raw[end] in "\r\n":
                    return None
                end += 2 if raw[end] == "\\" else 1
            if end >= n:
                return None
            items.append((ch, i, end + 1))
            i = end + 1
        elif ch == "]":
            rest = raw[i + 1 :]
            if not rest.strip():
                return items, i, None
            stripped = rest.lstrip(" \t")
            if stripped.startswith("#") and "\n" not in rest and "\r" not in rest:
                return items, i, i + 1 + len(rest) - len(stripped)
            return None
        else:
            return None
    return None


def _continuation(raw: str, i: int) -> int | None:
    """After an escape character at ``i`` that ends its line: the offset of the next
    line that is not empty or a comment (BuildKit drops those in a continuation)."""
    j = i + 1
    while j < len(raw) and raw[j] in " \t":
        j += 1
    if raw.startswith("\r\n", j):
        j += 2
    elif raw.startswith("\n", j):
        j += 1
    else:
        return None
    while j < len(raw):
        line_end = raw.find("\n", j)
        line = raw[j : line_end if line_end >= 0 else len(raw)]
        stripped = line.strip()
        if stripped and not stripped.startswith("#"):
            break
        if line_end < 0:
            return len(raw)
        j = line_end + 1
    return j


def _only_marks_before(code: str, start: int) -> bool:
    """Whether nothing but byte-order marks precedes ``start`` (without copying the text
    before it: fixes near the end of a big file would copy all of it)."""
    return start == 0 or (code[0] == "\ufeff" and code[:start] == "\ufeff" * start)
