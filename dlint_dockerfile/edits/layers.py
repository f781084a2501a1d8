"""Edit builders for the layers and cache families: appending a command to a RUN,
putting a command in front of another, removing one, merging two RUNs, and moving
whole instructions.

All offsets are absolute offsets in ``model.tree.code``. A builder returns None when it
cannot make the edit without guessing (a parse error, an ``sh -c`` body, a heredoc mixed
with other commands, an escaped word...).
"""

from __future__ import annotations

from dlint_dockerfile.edits.text import delete_instruction, line_ending
from dlint_dockerfile.lint.diagnostic import Edit
from dlint_dockerfile.lint.suppression import is_pragma
from dlint_dockerfile.model.heredocs import in_heredoc
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.shell.outline import (
    STATEFUL,
    Item,
    Outline,
    outline,
    replaces_sh,
    set_options,
    sets_errexit,
)
from dlint_dockerfile.shell.script import Command, raw_command
from dlint_dockerfile.syntax import CommentLine, Instruction

__all__ = [
    "append_command",
    "block_span",
    "delete_lines",
    "merge_runs",
    "prefix_command",
    "remove_command",
]

#: Commands that leave nothing to run when they are all that is left of a RUN.
_TRIVIAL = frozenset({"set", "true", ":"})


def _script_outline(model: DockerfileModel, instruction: Instruction) -> Outline | None:
    """The outline of a shell-form RUN (its ONBUILD trigger too); None for exec form, a
    RUN mixing heredocs with other commands, or a script that does not parse."""
    outer = model.outer(instruction)
    target = outer.inner or outer
    if target.name != "RUN" or target.shell_form is None:
        return None
    script = model.script(outer)
    if script is None:
        return None
    found = outline(script)
    if found is None:
        return None
    if outer.heredocs and not in_heredoc(model, outer, found.start(found.items[0])):
        return None
    return found


# ------------------------------------------------------------------ appending


def append_command(model: DockerfileModel, instruction: Instruction, text: str) -> Edit | None:
    """Add ``text`` as the RUN's last command, in the RUN's own style.

    One line: `` && text``. Continued lines: a new continued line with the operator,
    indentation and escape character of the others (``; \\`` is kept only under
    ``set -e``). A heredoc script: a new line under ``set -e``, else `` && text`` on
    the last line. A RUN ending in ``&`` is left alone.
    """
    found = _script_outline(model, instruction)
    if found is None or found.terminator == "&":
        return None
    last = found.items[-1]
    at = found.end(last)
    code = model.tree.code
    outer = model.outer(instruction)
    errexit = found.errexit_at[-1] or sets_errexit(found, len(found.items) - 1)
    if outer.heredocs:
        if errexit:  # a line of its own, inserted as a whole line below the last one
            line = code[code.rfind("\n", 0, found.start(last)) + 1 :]
            indent = line[: len(line) - len(line.lstrip(" \t"))]
            below = code.find("\n", at) + 1
            return Edit(below, below, indent + text + line_ending(model, at))
        return Edit(at, at, f" && {text}")
    target = outer.inner or outer
    assert target.shell_form is not None
    form_start, form_end = model.index.span(target.shell_form)
    if "\n" not in code[form_start:form_end]:
        joined = f"; {text}" if errexit and last.operator == ";" else f" && {text}"
        return Edit(at, at, joined)
    style = _continuation_style(model, form_start, form_end, at)
    if style is None:
        return None
    trailing, indent, spacing, operator = style
    if operator != ";" or not errexit:
        operator = "&&"
    escape = model.escape
    newline = line_ending(model, at)
    if trailing:
        before, after = spacing.split("|")
        if operator == "&&":
            before = before or " "
        content = f"{before}{operator}{after}{escape}{newline}{indent}{text}"
    else:
        content = f" {escape}{newline}{indent}{operator}{spacing}{text}"
    return Edit(at, at, content)


def _continuation_style(
    model: DockerfileModel, start: int, end: int, at: int
) -> tuple[bool, str, str, str] | None:
    """How the continued lines of a shell form join commands: (operator at the end of
    the line, indentation of the next line, spaces around the operator: after a leading
    one, ``before|after`` a trailing one, operator).
    Taken from the last line break before ``at`` that has an operator next to it; when
    none has one (only arguments are continued), a leading ``&&`` indented one step past
    the keyword, or like the last line when that is not deeper."""
    code = model.tree.code
    escape = model.escape
    lines: list[tuple[int, str]] = []  # (offset, text without line ending)
    pos = start
    while pos < end:
        nl = code.find("\n", pos, end)
        stop = nl if nl >= 0 else end
        text = code[pos:stop].removesuffix("\r")
        lines.append((pos, text))
        pos = stop + 1
    content = [
        (offset, text)
        for k, (offset, text) in enumerate(lines)
        if k == 0 or (text.strip() and not text.lstrip().startswith("#"))
    ]
    last_indent = ""
    for k in range(len(content) - 1, 0, -1):
        offset, text = content[k]
        if offset > at:
            continue
        previous = content[k - 1][1].rstrip(" \t")
        if not previous.endswith(escape):
            return None  # not a continuation: something this builder does not expect
        gap = previous[:-1]
        before = gap.rstrip(" \t")
        after = gap[len(before) :] or " "
        stripped = text.lstrip(" \t")
        indent = text[: len(text) - len(stripped)]
        if not last_indent:
            last_indent = indent or " "
        for operator in ("&&", "||", ";", "|"):
            if before.endswith(operator) and not before.endswith(";;"):
                left = before[: -len(operator)]
                pre = left[len(left.rstrip(" \t")) :]
                return True, indent, f"{pre}|{after}", operator
            if stripped.startswith(operator):
                rest = stripped[len(operator) :]
                spacing = rest[: len(rest) - len(rest.lstrip(" \t"))] or " "
                return False, indent, spacing, operator
    if not last_indent:
        return None
    # only arguments are continued: a new statement line, less indented than they are
    first = code.rfind("\n", 0, start) + 1
    line = code[first:start]
    base = line[: len(line) - len(line.lstrip(" \t"))]
    indent = base + ("\t" if "\t" in last_indent else "    ")
    if len(indent) >= len(last_indent):
        indent = last_indent
    return False, indent, " ", "&&"


# ------------------------------------------------------------------ prefixing


def prefix_command(model: DockerfileModel, command: Command, text: str) -> Edit | None:
    """Insert ``text && `` in front of ``command`` (as written: with ``sudo``,
    assignments), when it starts a statement joined by ``&&``, ``;`` or a line break
    (never after ``||`` or ``|``, never inside ``$(...)``, ``!`` or an ``sh -c`` body).
    Under ``set -e``, a command that is a statement of its own with more after it gets
    ``text; `` instead: ``set -e`` ignores a failure on the left of ``&&``."""
    raw = raw_command(command)
    script = raw.script
    if script is None or script.depth > 0 or not script.ok:
        return None
    if raw.operator not in (None, "&&", ";", "\n", "&"):
        return None
    if raw.in_substitution or "negated_command" in raw.context or "exec" in raw.context:
        return None
    words = (*raw.assignments, *raw.words)
    if not words:
        return None
    first = min(words, key=lambda w: w.text_start)
    if first.text_start != raw.text_start or first.end - first.start != len(first.text):
        return None
    found = outline(script)
    if found is None:
        return None
    index = found.item_of(raw)
    if index is None:
        return None
    item = found.items[index]
    joiner = "&&"
    if item.start == raw.text_start:
        if item.operator not in (None, "&&", ";", "\n", "&"):
            return None
        following = found.items[index + 1] if index + 1 < len(found.items) else None
        if (
            following is not None
            and following.operator not in ("&&", "||")
            and item.operator != "&&"
            and found.errexit_at[index]
        ):
            # `set -e; update && install; more` would go on after a failed update
            joiner = ";"
    return Edit(first.start, first.start, f"{text} {joiner} " if joiner == "&&" else f"{text}; ")


# ------------------------------------------------------------------ removing


def remove_command(
    model: DockerfileModel, instruction: Instruction, command: Command
) -> tuple[Edit, bool] | None:
    """Remove the top-level statement that is ``command`` (a command of the RUN's own
    script) with the operator joining it; the whole RUN (and its line) when nothing
    but ``set``/``true`` would be left. Also whether the RUN is removed."""
    found = _script_outline(model, instruction)
    raw = raw_command(command)
    if found is None or raw.script is not found.script:
        return None
    index = found.item_of(raw)
    if index is None:
        return None
    item = found.items[index]
    if [c.index for c in found.commands_in(item)] != [raw.index]:
        return None
    others = [i for k, i in enumerate(found.items) if k != index]
    if all(_trivial(found, i) for i in others):
        return delete_lines(model, model.outer(instruction)), True
    following = found.items[index + 1] if index + 1 < len(found.items) else None
    allowed = ("&&", ";", "\n")
    if following is not None and following.operator not in allowed:
        return None
    if index == 0:
        assert following is not None
        return Edit(found.start(item), found.start(following), ""), False
    if item.operator not in allowed:
        return None
    return Edit(found.end(found.items[index - 1]), found.end(item), ""), False


def _trivial(found: Outline, item: Item) -> bool:
    commands = found.commands_in(item)
    return (
        len(commands) == 1
        and not commands[0].redirects
        and commands[0].basename in _TRIVIAL
        and item.kind == "command"
    )


def delete_lines(model: DockerfileModel, outer: Instruction, *, comments: bool = False) -> Edit:
    """Delete the instruction's lines with the comment lines directly above it when
    ``comments``, else only with the linter pragmas directly above it (they would
    apply to the next instruction); when that leaves two blank lines in a row, one of
    them goes too."""
    edit = delete_instruction(model, outer)
    start, _ = block_span(model, outer)
    if not comments:
        pragmas = 0
        for line in reversed(outer.leading):
            if not isinstance(line, CommentLine) or not is_pragma(line.raw):
                break
            pragmas += 1
        leading = outer.leading[len(outer.leading) - pragmas :]
        start = model.index.body_start(outer) - sum(len(line.raw) for line in leading)
    edit = Edit(min(start, edit.start), edit.end, "")
    code = model.tree.code  # never sliced whole: a big file has thousands of these
    if code.endswith(("\n\n", "\n\r\n"), 0, edit.start) and code.startswith(
        ("\n", "\r\n"), edit.end
    ):
        return Edit(edit.start, edit.end + (1 if code.startswith("\n", edit.end) else 2), "")
    return edit


def block_span(model: DockerfileModel, outer: Instruction) -> tuple[int, int]:
    """The instruction (heredocs included) with the comment lines directly above it
    (no blank line between), which describe it or direct a linter at it."""
    _, end = model.index.span(outer)
    leading = outer.leading
    attached = 0
    for line in reversed(leading):
        if not isinstance(line, CommentLine):
            break
        attached += 1
    body = model.index.body_start(outer)
    return body - sum(len(line.raw) for line in leading[len(leading) - attached :]), end


# ------------------------------------------------------------------ merging


def merge_runs(
    model: DockerfileModel, first: Instruction, second: Instruction
) -> tuple[Edit, ...] | None:
    """Join two consecutive shell-form RUNs into the first: `` && \\`` + newline + the
    first RUN's continuation indentation, the comment lines between kept (blank ones
    dropped). The second RUN's flags go away: the caller checks they are the first's.

    The first script must end with a statement whose status was the RUN's (no ``&``,
    no trailing comment) and change no shell state the second would inherit (``cd``,
    ``export``, ``set``...); a second script with ``;``, ``||`` or line breaks between
    its statements is wrapped in ``{ ...; }`` so that it still runs after a success
    only, as a whole."""
    if first.heredocs or second.heredocs or first.inner or second.inner:
        return None
    if first.shell_form is None or second.shell_form is None:
        return None
    one, two = model.script(first), model.script(second)
    if one is None or two is None:
        return None
    head, tail = outline(one), outline(two)
    if head is None or tail is None:
        return None
    if head.terminator == "&" or head.trailing_comment or tail.terminator == "&":
        return None
    if replaces_sh(one):
        return None  # the second script would run in the old shell, not the new /bin/sh
    options: set[str] = set()  # shell options the first script turns on
    for item in head.items:
        for command in head.commands_in(item):
            if command.context:
                continue
            if command.basename == "set":
                found = set_options(command)
                if found is None:
                    return None
                options |= found
            elif command.basename in STATEFUL or (command.name is None and command.assignments):
                return None
    if "u" in options and any(w.variables for c in two.commands for w in c.words):
        return None  # set -u would now apply to the second script
    if "pipefail" in options and any(c.operator in ("|", "|&") for c in two.commands):
        return None
    code = model.tree.code
    escape = model.escape
    at = head.end(head.items[-1])
    _, first_end = model.index.span(first.shell_form)
    second_start, second_end = model.index.span(second.shell_form)
    newline = line_ending(model, at)
    indent = _continuation_indent(model, first, first_end)
    between = [line for line in second.leading if isinstance(line, CommentLine)]
    if any(is_pragma(line.raw) for line in between):
        return None  # a suppression for the second RUN would lose its instruction
    comments = "".join(
        line.raw if line.raw.endswith("\n") else line.raw + newline for line in between
    )
    middle = f" && {escape}{newline}{comments}{indent}"
    # `a && b; c` would run c after a failed (even under set -e, which ignores a failure
    # on the left of &&): the second script goes in braces
    wrap = bool(tail.operators() - {"&&"})
    if not wrap:
        return (Edit(at, second_start, middle),)
    if "e" in options:
        return None  # set -e would now stop the second script at its first failure
    last = tail.items[-1]
    two_end = tail.end(last)
    if tail.trailing_comment or tail.start(tail.items[0]) != second_start:
        return None
    if code[two_end:second_end].strip(" \t;") or not tail.plain(last.start, last.end):
        return None
    return Edit(at, second_start, middle + "{ "), Edit(two_end, two_end, "; }")


def _continuation_indent(model: DockerfileModel, instruction: Instruction, end: int) -> str:
    """The indentation of the instruction's continued lines (four spaces past the
    keyword's when it has none)."""
    code = model.tree.code
    keyword = model.index.span(instruction.keyword)[0]
    text = code[keyword:end]
    lines = text.split("\n")[1:]
    for line in reversed(lines):
        stripped = line.lstrip(" \t")
        if stripped and not stripped.startswith("#"):
            indent = line[: len(line) - len(stripped)]
            if indent:
                return indent
    body = model.index.body_start(instruction)
    prefix = code[body:keyword]
    return (prefix if not prefix.strip() else "") + "    "
