"""Edit builders for the layers and cache families: the top-level outline of a RUN's
script, appending a command to a RUN, putting a command in front of another, removing
one, merging two RUNs, and moving whole instructions.

All offsets are absolute offsets in ``model.tree.code``. A builder returns None when it
cannot make the edit without guessing (a parse error, an ``sh -c`` body, a heredoc mixed
with other commands, an escaped word...).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from dlint_dockerfile._memo import cached_property
from dlint_dockerfile._record import record
from dlint_dockerfile.fixers.edits import delete_instruction, in_heredoc, line_ending
from dlint_dockerfile.lint.diagnostic import Edit
from dlint_dockerfile.lint.suppression import is_pragma
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.shell.script import Command, Script, bash_parser
from dlint_dockerfile.syntax import CommentLine, Instruction

if TYPE_CHECKING:  # pragma: no cover
    from tree_sitter import Node as TSNode

__all__ = [
    "STATEFUL",
    "Item",
    "Outline",
    "append_command",
    "block_span",
    "delete_lines",
    "is_root",
    "merge_runs",
    "outline",
    "prefix_command",
    "raw_command",
    "remove_command",
]

#: Builtins whose effect outlives the command (the directory, the environment, the
#: shell's options): a RUN made of them cannot be joined with the next one.
STATEFUL = frozenset(
    {
        "cd",
        "pushd",
        "popd",
        "export",
        "unset",
        "set",
        "umask",
        "source",
        ".",
        "alias",
        "unalias",
        "shopt",
        "trap",
        "exec",
        "exit",
        "return",
        "ulimit",
        "declare",
        "typeset",
        "local",
        "readonly",
        "eval",
        "hash",
        "newgrp",
        "shift",
        "break",
        "continue",
    }
)
#: Where the `/bin/sh` that runs RUN's shell form lives (merged-/usr systems have both).
SH_PATHS = frozenset({"/bin/sh", "/usr/bin/sh"})
#: Commands that can replace `/bin/sh` when they name it.
_SH_REPLACERS = frozenset(
    {"ln", "cp", "mv", "install", "rm", "update-alternatives", "dpkg-divert", "busybox"}
)
#: Commands that leave nothing to run when they are all that is left of a RUN.
_TRIVIAL = frozenset({"set", "true", ":"})


@record
class Item:
    """A top-level statement of a script (a command, pipeline, compound...), with the
    operator that joins it to the previous one (None for the first, ``"\\n"`` for a
    line break). Offsets index the script's text."""

    start: int
    end: int
    operator: str | None
    kind: str


@dataclass(frozen=True)
class Outline:
    """The top-level statements of a parsed script."""

    script: Script
    items: tuple[Item, ...]
    #: ``;`` or ``&`` after the last statement, else None.
    terminator: str | None
    #: A comment after the last statement.
    trailing_comment: bool

    def start(self, item: Item) -> int:
        """Dockerfile offset where ``item`` starts."""
        return self.script.source.offset(item.start)

    def end(self, item: Item) -> int:
        """Dockerfile offset just past ``item``."""
        return self.script.source.end(item.end)

    def commands_in(self, item: Item) -> list[Command]:
        return [c for c in self.script.commands if item.start <= c.text_start < item.end]

    def item_of(self, command: Command) -> int | None:
        """Index of the item holding ``command`` (a command of this script)."""
        for i, item in enumerate(self.items):
            if item.start <= command.text_start < item.end:
                return i
        return None

    def operators(self) -> set[str]:
        return {i.operator for i in self.items[1:] if i.operator is not None}

    @cached_property
    def errexit_at(self) -> list[bool]:
        """Whether ``set -e`` is in force before each item."""
        state = False
        found: list[bool] = []
        for item in self.items:
            found.append(state)
            commands = self.commands_in(item)
            if len(commands) == 1 and commands[0].basename == "set" and not commands[0].context:
                state = _errexit(commands[0], state)
        return found

    def plain(self, start: int, end: int) -> bool:
        """The script text ``[start, end)`` is written as is in the Dockerfile."""
        source = self.script.source
        code_start, code_end = source.span(start, end)
        return code_end - code_start == end - start and self.script.depth == 0


def _errexit(command: Command, state: bool) -> bool:
    words = [w.value or "" for w in command.args]
    for i, word in enumerate(words):
        if word in ("-o", "+o") and i + 1 < len(words) and words[i + 1] == "errexit":
            state = word == "-o"
        elif word[:1] in "-+" and word[1:].isalpha() and "e" in word[1:]:
            state = word[0] == "-"
    return state


def outline(script: Script) -> Outline | None:
    """The top-level statements of ``script``; None if it does not parse cleanly."""
    if not script.ok or not script.commands:
        return None
    text = script.source.text
    if text.isascii():
        data = text.encode("ascii")
        table: list[int] | None = None
    else:
        data = text.encode("utf-8", "surrogatepass")
        table = []
        for i, ch in enumerate(text):
            table.extend([i] * len(ch.encode("utf-8", "surrogatepass")))
        table.append(len(text))

    def chars(byte: int) -> int:
        return table[byte] if table is not None else byte

    root = bash_parser().parse(data).root_node
    if root.has_error:
        return None
    items: list[Item] = []
    pending: str | None = None
    terminator: str | None = None
    comment = False

    def flatten(node: TSNode, operator: str | None) -> None:
        kind = node.type
        if kind == "list":
            joined = operator
            for child in node.children:
                if child.type in ("&&", "||"):
                    joined = child.type
                elif child.is_named and child.type != "comment":
                    flatten(child, joined)
            return
        start = chars(node.start_byte)
        end = chars(node.end_byte)
        items.append(Item(start, end, operator, kind))

    for child in root.children:
        kind = child.type
        if kind in (";", "&"):
            pending = kind
            terminator = kind
            continue
        if kind == "comment":
            comment = True
            continue
        if not child.is_named:
            return None  # something this outline does not understand
        operator = pending if pending is not None else ("\n" if items else None)
        flatten(child, operator)
        pending = None
        terminator = None
        comment = False
    if not items:
        return None
    return Outline(script, tuple(items), terminator, comment)


def raw_command(command: Command) -> Command:
    """The command as written (with ``sudo``, ``env`` or assignments) of an unwrapped one."""
    script = command.script
    if script is None or command.index >= len(script.commands):
        return command
    return script.commands[command.index]


def is_root(user: str | None) -> bool:
    """A USER value that is root (None: the base image's user, assumed root)."""
    if user is None:
        return True
    name = user.split(":", 1)[0].strip()
    return name in ("", "root", "0")


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
    errexit = found.errexit_at[-1] or _sets_errexit(found, len(found.items) - 1)
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


def _sets_errexit(found: Outline, index: int) -> bool:
    """The item at ``index`` is itself ``set -e``."""
    commands = found.commands_in(found.items[index])
    return (
        len(commands) == 1
        and commands[0].basename == "set"
        and _errexit(commands[0], found.errexit_at[index])
    )


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
    if _replaces_sh(one):
        return None  # the second script would run in the old shell, not the new /bin/sh
    options: set[str] = set()  # shell options the first script turns on
    for item in head.items:
        for command in head.commands_in(item):
            if command.context:
                continue
            if command.basename == "set":
                found = _set_options(command)
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


def _replaces_sh(script: Script) -> bool:
    """Whether the script may replace `/bin/sh`: a command such as `ln`, `cp` or
    `update-alternatives` naming it, or `dpkg-reconfigure dash`."""
    for command in script.all_commands():
        values = {word.value for word in command.args}
        if command.basename in _SH_REPLACERS and values & SH_PATHS:
            return True
        if command.basename == "dpkg-reconfigure" and "dash" in values:
            return True
    return False


_LONG_OPTIONS = {"errexit": "e", "nounset": "u", "xtrace": "x", "pipefail": "pipefail"}


def _set_options(command: Command) -> set[str] | None:
    """The options ``set -eux``, ``set -o pipefail``... turn on (``e``, ``u``, ``x``,
    ``pipefail``); None for anything else (positional parameters, other options)."""
    found: set[str] = set()
    words = [w.value or "" for w in command.args]
    i = 0
    while i < len(words):
        value = words[i]
        if value == "-o" and i + 1 < len(words) and words[i + 1] in _LONG_OPTIONS:
            found.add(_LONG_OPTIONS[words[i + 1]])
            i += 2
            continue
        if value[:1] == "-" and value[1:] and set(value[1:]) <= set("eux"):
            found |= set(value[1:])
            i += 1
            continue
        return None
    return found if found else None


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
