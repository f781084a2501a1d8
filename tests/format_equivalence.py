"""Whether a formatted Dockerfile still means what the original meant.

`difference(before, after)` is None when BuildKit's parser (PyPI ``dockerfile``) reads the
same instructions from both texts, else one line naming the first difference. The
formatter may change only layout, so instructions are compared as BuildKit hands them
on, with what the formatter is allowed to change taken out:

- the keyword's case (and the inner keyword of ``ONBUILD``, ``AS`` of ``FROM``, ``CMD`` and
  ``NONE`` of ``HEALTHCHECK``, which BuildKit reads in any case);
- the order of flags of different names (flags of one name keep their order);
- where the lines of an instruction break, their indentation, blank lines, trailing
  blanks, the final newline, the whitespace of exec-form JSON: BuildKit's values do not
  hold them, except in a shell-form command line, where the continuation lines are joined
  as they are. A shell-form script (``RUN``, ``CMD``, ``ENTRYPOINT``, ``HEALTHCHECK CMD``, and
  under ``ONBUILD``) is compared as tree-sitter-bash's leaf tokens (with their parent's
  type, whitespace between them left out; the inside of a comment counts as words only):
  whitespace between shell tokens is free, whitespace inside one (a quoted string that
  spans a continuation) is not;
- the order of the packages of an install (`SORTABLE_INSTALLS`, DLX312's families): those
  words are compared as one sorted multiset per command, options and their arguments
  keep their places.

Heredocs (name, descriptor, content) are compared exactly, and so are the parser
directives at the top (``# syntax=``, ``# escape=``, ``# check=``): BuildKit's binding does
not return them, dlint's parser does. When BuildKit rejects the original, the formatted
text must be rejected too (same exception class). A text BuildKit's binding cannot take
(`buildkit_can_read`: a NUL, a lone surrogate) is read with dlint's own parser
(`dlint_dockerfile.syntax.parse`), and the difference says so.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any

import dockerfile  # type: ignore[import-not-found]

from dlint_dockerfile.shell import ShellSource, parse_script
from dlint_dockerfile.shell.packages import package_commands
from dlint_dockerfile.shell.script import bash_parser
from dlint_dockerfile.syntax import Dockerfile, Instruction, PositionIndex, parse
from dlint_dockerfile.syntax.nodes import KNOWN_INSTRUCTIONS
from tests.fix_invariants import buildkit_can_read

if TYPE_CHECKING:
    from tree_sitter import Node as TSNode

__all__ = ["SORTABLE_INSTALLS", "difference", "script_shape"]

#: The installs whose package words the formatter may reorder: family (as
#: `dlint_dockerfile.shell.packages.FAMILIES` names it) to the actions. The checker keeps
#: its own copy of DLX312's table: it states what the issue allows, whatever the formatter
#: does (a test checks that DLX312 sorts each of them).
SORTABLE_INSTALLS: dict[str, frozenset[str | None]] = {
    "apt": frozenset({"install"}),
    "apk": frozenset({"add"}),
    "yum": frozenset({"install"}),
    "dnf": frozenset({"install"}),
    "zypper": frozenset({"install", "in"}),
    "pip": frozenset({"install"}),
    "gem": frozenset({"install"}),
    "npm": frozenset({"install", "i", "add"}),
    "yarn": frozenset({"add", "global add"}),
}

#: Instructions whose shell form is a script.
_SCRIPTS = frozenset({"run", "cmd", "entrypoint"})
#: Stands in the token stream for a package word of a sortable install.
_PACKAGE = ("<package>",)

Token = tuple[str, ...]


@dataclass(frozen=True)
class ScriptShape:
    """A shell script as the formatter must keep it: its tokens, each package word of a
    sortable install replaced by `_PACKAGE`, and those words, sorted, per install."""

    tokens: tuple[Token, ...]
    packages: tuple[tuple[tuple[Token, ...], ...], ...]


@dataclass(frozen=True)
class _Row:
    """One instruction as compared: every field but ``line`` must be equal."""

    line: int
    keyword: str
    inner: str | None
    json: bool
    flags: tuple[tuple[str, tuple[str, ...]], ...]
    inner_flags: tuple[tuple[str, tuple[str, ...]], ...] | str
    values: tuple[str, ...]
    script: ScriptShape | None
    heredocs: tuple[tuple[Any, ...], ...]


@dataclass(frozen=True)
class _Read:
    """What one parser read from a text: rows, or the error that stopped it."""

    rows: tuple[_Row, ...]
    error: str | None


def difference(before: str, after: str) -> str | None:
    """None when ``after`` means what ``before`` means, else the first difference in one
    line: which instruction (number, keyword, lines), what differs, both sides."""
    directives = _directives(before), _directives(after)
    if directives[0] != directives[1]:
        return f"parser directives differ: {directives[0]!r} vs {directives[1]!r}"
    if buildkit_can_read(before) and buildkit_can_read(after):
        return _compare(_buildkit_read(before), _buildkit_read(after), "")
    note = " (dlint's parser: BuildKit's binding cannot read a NUL or a lone surrogate)"
    return _compare(_dlint_read(before), _dlint_read(after), note)


def _compare(before: _Read, after: _Read, note: str) -> str | None:
    if before.error is not None or after.error is not None:
        if before.error is None:
            return f"the formatted text no longer parses: {after.error}{note}"
        if after.error is None:
            return f"the original does not parse ({before.error}), the formatted text does{note}"
        if before.error.split(":")[0] != after.error.split(":")[0]:
            return f"parse errors differ: {before.error} vs {after.error}{note}"
        if not note:
            return None  # BuildKit says no more than that
    for number, (old, new) in enumerate(zip(before.rows, after.rows, strict=False), start=1):
        found = _row_difference(old, new)
        if found is not None:
            where = f"line {old.line}" + (f" -> {new.line}" if new.line != old.line else "")
            return f"instruction {number} ({old.keyword.upper()}, {where}): {found}{note}"
    if len(before.rows) != len(after.rows):
        extra = before.rows[len(after.rows) :] or after.rows[len(before.rows) :]
        return (
            f"{len(before.rows)} instructions vs {len(after.rows)} (first unmatched: "
            f"{extra[0].keyword.upper()} at line {extra[0].line}){note}"
        )
    return None


def _row_difference(old: _Row, new: _Row) -> str | None:
    for field in fields(_Row):
        name = field.name
        if name in ("line", "script"):
            continue
        a, b = getattr(old, name), getattr(new, name)
        if a != b:
            return f"{name.replace('_', ' ')} differ: {a!r} vs {b!r}"
    if old.script != new.script:
        return _script_difference(old.script, new.script)
    return None


def _script_difference(old: ScriptShape | None, new: ScriptShape | None) -> str:
    if old is None or new is None:
        return f"script vs none: {old!r} vs {new!r}"
    for i, (a, b) in enumerate(zip(old.tokens, new.tokens, strict=False)):
        if a != b:
            if a[1:] == b[1:]:  # the same token in another construct
                return f"shell token {i + 1} ({_show(a)}) differs: in {a[0]} vs in {b[0]}"
            return f"shell token {i + 1} differs: {_show(a)} vs {_show(b)}"
    if len(old.tokens) != len(new.tokens):
        longer = old.tokens if len(old.tokens) > len(new.tokens) else new.tokens
        shorter = min(len(old.tokens), len(new.tokens))
        return (
            f"{len(old.tokens)} shell tokens vs {len(new.tokens)} (first extra: "
            f"{_show(longer[shorter])})"
        )
    for mine, theirs in zip(old.packages, new.packages, strict=False):
        if mine != theirs:
            return f"install packages differ: {_words(mine)} vs {_words(theirs)}"
    return f"{len(old.packages)} installs vs {len(new.packages)}"


def _show(token: Token) -> str:
    return token[0] if token == _PACKAGE else f"{token[1]} {token[2]!r}"


def _words(words: Sequence[tuple[Token, ...]]) -> list[str]:
    return ["".join(t[2] for t in word) for word in words]


# ------------------------------------------------------------------------- BuildKit


def _buildkit_read(text: str) -> _Read:
    try:
        commands = dockerfile.parse_string(text)
    except Exception as exc:  # GoParseError; anything else stops it just the same
        return _Read((), f"{type(exc).__name__}: {exc}")
    return _Read(tuple(_buildkit_row(c) for c in commands), None)


def _buildkit_row(command: Any) -> _Row:
    keyword = (command.cmd or "").lower()  # None for a lone continuation line
    inner = command.sub_cmd.lower() if command.sub_cmd else None
    values = tuple(command.value)
    if keyword.upper() not in KNOWN_INSTRUCTIONS:
        # BuildKit's binding drops an unknown instruction's arguments: its words instead
        values = tuple((command.original or "").split()[1:])
    inner_flags: tuple[tuple[str, tuple[str, ...]], ...] | str = ()
    if keyword == "onbuild":
        inner_flags = _onbuild_flags(command.original or "")
    return _row(
        command.start_line,
        keyword,
        inner,
        bool(command.json),
        command.flags,
        inner_flags,
        values,
        tuple((h.name, h.file_descriptor, h.content) for h in command.heredocs),
    )


def _onbuild_flags(original: str) -> tuple[tuple[str, tuple[str, ...]], ...] | str:
    """The flags of ``ONBUILD``'s inner instruction (the binding returns none): that
    instruction, from BuildKit's joined line, parsed on its own."""
    parts = original.strip().split(None, 1)
    if len(parts) < 2:
        return ()
    try:
        inner = dockerfile.parse_string(parts[1] + "\n")
    except Exception as exc:
        return f"{type(exc).__name__}: {exc}"
    return _grouped(inner[0].flags) if inner else ()


# ------------------------------------------------------------------------- dlint


def _dlint_read(text: str) -> _Read:
    tree = parse(text)
    index = PositionIndex(tree)
    rows = []
    for ins in tree.instructions:
        inner = ins.inner
        source: Instruction = inner if inner is not None else ins
        rows.append(
            _row(
                index.lines.position(index.body_start(ins)).line,
                ins.name.lower(),
                inner.name.lower() if inner is not None else None,
                source.is_json,
                tuple(f.value for f in ins.flags),
                _grouped([f.value for f in inner.flags]) if inner is not None else (),
                source.values,
                tuple((h.name, h.fd, h.content) for h in ins.heredocs),
            )
        )
    issues = [issue for _, issue in tree.all_issues()]
    error = f"{issues[0].code}: {issues[0].message}" if issues else None
    return _Read(tuple(rows), error)


def _directives(text: str) -> tuple[tuple[str, str], ...]:
    tree: Dockerfile = parse(text)
    return tuple((d.name.lower(), d.value) for d in tree.directives if d.issue is None)


# ------------------------------------------------------------------------- both


def _row(
    line: int,
    keyword: str,
    inner: str | None,
    json: bool,
    flags: Sequence[str],
    inner_flags: tuple[tuple[str, tuple[str, ...]], ...] | str,
    values: tuple[str, ...],
    heredocs: tuple[tuple[Any, ...], ...],
) -> _Row:
    """A row with what may change taken out of ``values``."""
    kind = inner or keyword
    script = None
    if keyword == "from" and len(values) == 3 and values[1].lower() == "as":
        values = (values[0], "AS", values[2])
    if kind == "healthcheck" and values:
        values = (values[0].upper(), *values[1:])
    if not json and len(values) == 1 and kind in _SCRIPTS:
        script, values = script_shape(values[0]), ()
    elif not json and len(values) == 2 and kind == "healthcheck" and values[0] == "CMD":
        script, values = script_shape(values[1]), ("CMD",)
    return _Row(line, keyword, inner, json, _grouped(flags), inner_flags, values, script, heredocs)


def _grouped(flags: Sequence[str]) -> tuple[tuple[str, tuple[str, ...]], ...]:
    """Flags by name, names sorted, each name's flags in their order."""
    by_name: dict[str, list[str]] = {}
    for flag in flags:
        by_name.setdefault(flag[2:].split("=", 1)[0], []).append(flag)
    return tuple((name, tuple(by_name[name])) for name in sorted(by_name))


# ------------------------------------------------------------------------- shell


def script_shape(script: str) -> ScriptShape:
    """``script``'s tokens by tree-sitter-bash, with the package words of each sortable
    install taken out into a sorted multiset (see the module docstring)."""
    data = script.encode("utf-8", "surrogatepass")
    words = _package_words(script, data)
    starts = [start for start, _, _ in words]
    tokens: list[Token] = []
    word_tokens: dict[int, list[Token]] = {}
    for leaf in _leaves(bash_parser().parse(data).root_node):
        token = _token(leaf, data)
        at = bisect_right(starts, leaf.start_byte) - 1
        if at >= 0 and leaf.start_byte < words[at][1]:
            if at not in word_tokens:
                word_tokens[at] = []
                tokens.append(_PACKAGE)
            word_tokens[at].append(token)
        else:
            tokens.append(token)
    installs: dict[int, list[tuple[Token, ...]]] = {}
    for at, (_, _, number) in enumerate(words):
        installs.setdefault(number, []).append(tuple(word_tokens.get(at, ())))
    packages = tuple(tuple(sorted(installs[n])) for n in sorted(installs))
    return ScriptShape(tuple(tokens), packages)


def _token(leaf: TSNode, data: bytes) -> Token:
    # a token may end inside a character's bytes: kept byte for byte
    text = data[leaf.start_byte : leaf.end_byte].decode("utf-8", "surrogateescape")
    kind = "MISSING " + leaf.type if leaf.is_missing else leaf.type
    if kind == "comment":
        text = " ".join(text.split())
    parent = leaf.parent
    return (parent.type if parent is not None else "", kind, text)


def _leaves(root: TSNode) -> Iterator[TSNode]:
    """The tree's leaves in source order."""
    stack = [root]
    while stack:
        node = stack.pop()
        if node.child_count == 0:
            yield node
        else:
            stack.extend(reversed(node.children))


def _package_words(script: str, data: bytes) -> list[tuple[int, int, int]]:
    """``(start byte, end byte, install number)`` of every package word of the sortable
    installs of ``script`` (top level, not inside ``sh -c``), in source order."""
    parsed = parse_script(ShellSource.from_pieces([(script, 0)], len(script)))
    found: list[tuple[int, int, int]] = []
    to_byte = _char_to_byte(script, data)
    number = 0
    for install in package_commands(parsed):
        if install.action not in SORTABLE_INSTALLS.get(install.family, ()):
            continue
        if install.command.script is not parsed:
            continue  # an ``sh -c`` body: one string to the outer shell
        words = [w for w in install.packages if not (w.value or w.text).startswith("-")]
        if not words:
            continue
        found.extend((to_byte(w.text_start), to_byte(w.text_end), number) for w in words)
        number += 1
    found.sort()
    return found


def _char_to_byte(text: str, data: bytes) -> Any:
    if len(text) == len(data):
        return lambda k: k
    offsets = [0]
    for ch in text:
        offsets.append(offsets[-1] + len(ch.encode("utf-8", "surrogatepass")))
    return offsets.__getitem__
