"""One instruction in the house style: keyword, spacing, flags, exec form, shell layout.

Only whitespace, the case of the keyword (and of ``AS``), the order of flags of
different names, the spacing of a one-line JSON array and where a shell command breaks
change; every value is written back from its source bytes. Heredoc bodies, comment
lines and the scripts of a shell that is not POSIX keep their bytes.
"""

from __future__ import annotations

import dataclasses
from functools import lru_cache

from dlint_dockerfile.edits.packages import ODD_SPACE
from dlint_dockerfile.format.packages import package_breaks, sorted_packages
from dlint_dockerfile.format.shell_layout import (
    assign_depths,
    collapse_spaces,
    indent_unit,
    place_operators,
    render,
    shell_lines,
    split_lines,
)
from dlint_dockerfile.format.shell_tokens import shell_tokens
from dlint_dockerfile.lint.format_options import FormatOptions
from dlint_dockerfile.syntax import (
    ErrorInstruction,
    ExecForm,
    Flag,
    Instruction,
    JsonString,
    Keyword,
    Node,
    ShellForm,
    Trivia,
    Word,
)
from dlint_dockerfile.syntax.gotext import trim_newline
from dlint_dockerfile.syntax.logical import logical_text
from dlint_dockerfile.syntax.nodes import KNOWN_INSTRUCTIONS

__all__ = ["format_instruction"]

#: The order flags are written in, per instruction; flags of other names follow in
#: their own order, and flags of one name keep theirs (``--mount`` order can matter).
FLAG_ORDER: dict[str, tuple[str, ...]] = {
    "FROM": ("platform",),
    "COPY": ("from", "chown", "chmod", "link", "parents", "exclude"),
    "ADD": ("keep-git-dir", "checksum", "chown", "chmod", "link", "exclude"),
    "RUN": ("mount", "network", "security"),
    "HEALTHCHECK": ("interval", "timeout", "start-period", "start-interval", "retries"),
}


def format_instruction(
    instruction: Instruction, escape: str, options: FormatOptions, posix: bool
) -> str:
    """The instruction's own text (its leading lines aside), formatted; ``posix`` says
    whether its shell-form command is POSIX shell."""
    if isinstance(instruction, ErrorInstruction) or instruction.name not in KNOWN_INSTRUCTIONS:
        return instruction.body_code
    text = _parts(instruction, escape, options, posix)
    return text + instruction.newline.raw + "".join(h.code for h in instruction.heredocs)


def _parts(instruction: Instruction, escape: str, options: FormatOptions, posix: bool) -> str:
    parts = list(instruction.parts)
    while parts and isinstance(parts[0], Trivia) and _blanks(parts[0].raw):
        parts.pop(0)  # the indentation before the keyword
    parts = _ordered_flags(instruction.name, parts)
    arguments = instruction.arguments
    # an argument written across lines (ENV's old form, an exec form) keeps its
    # indentation, and so do the breaks between the parts, to stay in line with it
    spread = any(
        "\n" in part.code for part in parts if not isinstance(part, (Trivia, ShellForm))
    )
    out: list[str] = []
    for k, part in enumerate(parts):
        if isinstance(part, Trivia):
            last = all(isinstance(p, Trivia) for p in parts[k + 1 :])
            out.append(_gap(part.raw, escape, options, last=last, keep_break=spread))
        elif isinstance(part, Keyword):
            out.append(part.raw.upper())
        elif isinstance(part, ErrorInstruction):
            out.append(part.code)
        elif isinstance(part, Instruction):  # ONBUILD's trigger
            known = part.name in KNOWN_INSTRUCTIONS
            out.append(_parts(part, escape, options, posix) if known else part.code)
        elif isinstance(part, ShellForm):
            out.append(_shell(part, instruction, escape, options, posix))
        elif isinstance(part, ExecForm):
            out.append(_exec_form(part))
        elif (
            isinstance(part, Word)
            and instruction.name == "FROM"
            and len(arguments) == 3
            and part is arguments[1]
            and part.value.lower() == "as"
        ):
            out.append("AS")
        else:
            out.append(part.code)
    return "".join(out)


def _ordered_flags(name: str, parts: list[Node]) -> list[Node]:
    """``parts`` with the flags in `FLAG_ORDER` (a stable sort: same names keep order)."""
    order = FLAG_ORDER.get(name)
    slots = [k for k, part in enumerate(parts) if isinstance(part, Flag)]
    if order is None or len(slots) < 2:
        return parts
    flags = [parts[k] for k in slots]

    def rank(flag: Node) -> int:
        assert isinstance(flag, Flag)
        flag_name = flag.name.lower()
        return order.index(flag_name) if flag_name in order else len(order)

    ranked = sorted(flags, key=rank)
    if ranked == flags:
        return parts
    out = list(parts)
    for k, flag in zip(slots, ranked, strict=True):
        out[k] = flag
    return out


def _gap(
    raw: str, escape: str, options: FormatOptions, *, last: bool, keep_break: bool
) -> str:
    """The whitespace between two parts: one space, or a continuation onto a line
    indented one level (the comment and blank lines inside it kept); nothing at the end
    of the line."""
    if "\n" not in raw:
        if not _blanks(raw):
            return raw  # an escape, or a space BuildKit's flag parser may not see as one
        return "" if last or not raw else " "
    if last or keep_break:
        return raw  # a continuation into the file's end, or beside a spread argument
    lines = raw.split("\n")
    first, middle = lines[0], lines[1:-1]
    if not _blanks(first.rstrip("\r").replace(escape, "", 1)) or not _blanks(lines[-1]):
        return raw
    ending = "\r\n" if first.endswith("\r") else "\n"
    kept = "".join(_without_blanks_at_end(line) + "\n" for line in middle)
    return f" {escape}{ending}{kept}{indent_unit(options)}"


def _blanks(text: str) -> bool:
    """Whether ``text`` is only spaces and tabs (other characters Go calls spaces, such
    as NEL, are not the same to every part of BuildKit: they are kept)."""
    return not text.strip(" \t")


def _without_blanks_at_end(line: str) -> str:
    """A line (its ``\\r`` kept, no ``\\n``) without the spaces and tabs that end it."""
    content = trim_newline(line)
    return content.rstrip(" \t") + line[len(content) :]


def _exec_form(node: ExecForm) -> str:
    """``["a", "b"]`` for a JSON array on one line; an array across lines as it is."""
    if any(isinstance(p, Trivia) and "\n" in p.raw for p in node.parts):
        return node.code
    strings = [p.raw for p in node.parts if isinstance(p, JsonString)]
    return "[" + ", ".join(strings) + "]"


def _shell(
    node: ShellForm, instruction: Instruction, escape: str, options: FormatOptions, posix: bool
) -> str:
    """A shell-form command laid out (`shell_layout`); as it is when its shell is not
    POSIX or when it has heredocs."""
    if not posix or instruction.heredocs:
        return node.raw
    run = (instruction.inner or instruction).name == "RUN"
    out = laid_out(node.raw, escape, _layout_only(options), run)
    return sorted_packages(out, escape) if run and options.sort_packages else out


@lru_cache(maxsize=16)
def _layout_only(options: FormatOptions) -> FormatOptions:
    """The options the layout depends on (sorting is a step of its own): one key for
    `laid_out`'s table whether lists are sorted or not."""
    return dataclasses.replace(options, sort_packages=False)


#: Scripts laid out that `laid_out` keeps (the most recently used): official-image
#: families repeat their RUN blocks file after file.
LAID_OUT_KEPT = 256


@lru_cache(maxsize=LAID_OUT_KEPT)
def laid_out(raw: str, escape: str, options: FormatOptions, run: bool) -> str:
    """A shell form's raw text laid out: re-indented, install lists split (in a RUN),
    blanks between tokens squeezed, operators placed; as it is when tree-sitter-bash
    cannot read it or it holds a space that is none to the shell (NEL, NBSP)."""
    if ODD_SPACE.search(raw):
        return raw  # where the shell, BuildKit and tree-sitter may not see one script
    text = logical_text(raw, escape).text
    tokens = shell_tokens(text)
    if tokens is None:
        return raw
    lines = shell_lines(raw, escape)
    assign_depths(lines, tokens)
    if run:
        lines = split_lines(lines, package_breaks(lines, text, tokens, options))
    collapse_spaces(lines, tokens)
    place_operators(lines, tokens, options)
    return render(lines, escape, options)
