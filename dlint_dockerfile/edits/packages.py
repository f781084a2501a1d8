"""Sorted package lists: the order DLX312 asks for and the edit that makes it, shared by
the rule's fix and ``dlint format``."""

from __future__ import annotations

import itertools
import re

from dlint_dockerfile.edits.text import word_is_plain
from dlint_dockerfile.lint.diagnostic import Edit
from dlint_dockerfile.shell import ShellWord
from dlint_dockerfile.shell.packages import FAMILIES, PackageCommand, package_name

__all__ = [
    "ODD_SPACE",
    "SORTED_INSTALLS",
    "first_unsorted",
    "listed_packages",
    "may_install",
    "one_per_line",
    "sort_edits",
]

#: The install actions whose package lists are kept sorted, by package-manager family.
SORTED_INSTALLS: dict[str, frozenset[str | None]] = {
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


#: Shell keywords and brackets: no package is called that.
_SHELL_WORDS = frozenset(
    {
        *("if", "then", "else", "elif", "fi", "case", "esac", "for", "select", "while"),
        *("until", "do", "done", "in", "function", "time"),
        *("{", "}", "[", "]", "[[", "]]", "!", ";;", "((", "))"),
    }
)
#: A character Python and Go call a space that is no space to the shell (NEL, NBSP...).
ODD_SPACE = re.compile(r"[^\S \t\r\n]")
#: A package manager's name anywhere in a text (``pip`` also in ``pip3``, ``python -m pip``).
_MANAGER = re.compile("|".join(sorted((*map(re.escape, FAMILIES), "pip"), key=len, reverse=True)))


def may_install(text: str) -> bool:
    """Whether a script's text names a package manager: a cheap test before parsing it
    for installs (a name spelled with quotes or escapes is missed, as the formatter may)."""
    return _MANAGER.search(text) is not None


def listed_packages(pc: PackageCommand) -> list[ShellWord] | None:
    """The package words of an install whose list is kept sorted (options left out), or
    None for another command, or for a list holding a shell keyword or bracket (``if``,
    ``]``): a script whose lines were joined where they should not be, which readers of
    shell (bash, tree-sitter) do not take apart alike."""
    if pc.action not in SORTED_INSTALLS.get(pc.family, ()):
        return None
    words = [w for w in pc.packages if not (w.value or w.text).startswith("-")]
    return None if any(w.text in _SHELL_WORDS for w in words) else words


def one_per_line(code: str, words: list[ShellWord]) -> bool:
    """Whether each word of the list stands on a line of its own."""
    return all("\n" in code[a.end : b.start] for a, b in itertools.pairwise(words))


def first_unsorted(code: str, words: list[ShellWord]) -> tuple[ShellWord, str, str] | None:
    """The first package word out of order, with its name and the name it sorts before;
    each group (comment and blank lines part them) is sorted on its own, and variables,
    URLs and files are left out."""
    previous: tuple[ShellWord, str] | None = None
    for word in words:
        name = _sorted_name(word)
        if previous is not None and _group_break(code[previous[0].end : word.start]):
            previous = None
        if name is None:
            continue
        if previous is not None and _before(name, previous[1]):
            return word, name, previous[1]
        previous = (word, name)
    return None


def sort_edits(code: str, pc: PackageCommand, words: list[ShellWord]) -> list[Edit] | None:
    """Sort each group of package words in place: every line keeps its layout, only the
    words trade places (variables, URLs and paths stay where they are). One edit per
    group, over the lines from the first word that moves to the last; None when a word
    that would move cannot be edited in place."""
    if "exec" in pc.command.context:
        return None  # JSON strings, not shell words
    if words and ODD_SPACE.search(code, words[0].start, words[-1].end):
        return None  # the shell, BuildKit and tree-sitter do not agree on such a list
    groups: list[list[tuple[ShellWord, str]]] = [[]]
    for i, word in enumerate(words):
        if i and _group_break(code[words[i - 1].end : word.start]):
            groups.append([])
        name = _sorted_name(word)
        if name is not None:
            groups[-1].append((word, name))
    edits: list[Edit] = []
    for group in groups:
        by_bytes = sorted(group, key=lambda pair: pair[1])
        by_letters = sorted(group, key=lambda pair: (_alnum(pair[1]), pair[1]))
        moved_bytes = sum(a is not b for a, b in zip(group, by_bytes, strict=True))
        moved_letters = sum(a is not b for a, b in zip(group, by_letters, strict=True))
        order = by_letters if moved_letters < moved_bytes else by_bytes
        moves = [
            (slot, word)
            for (slot, _), (word, _) in zip(group, order, strict=True)
            if slot is not word
        ]
        if not moves:
            continue
        if not all(word_is_plain(pc.command, w) for pair in moves for w in pair):
            return None
        # one edit over the whole lines that change: the bytes between are written
        # back as they are, and a reader of the fix sees the block that moved
        start = code.rfind("\n", 0, moves[0][0].start) + 1
        newline = code.find("\n", moves[-1][0].end)
        end = len(code) if newline < 0 else newline + 1
        pieces: list[str] = []
        position = start
        for slot, word in moves:
            pieces.append(code[position : slot.start])
            pieces.append(code[word.start : word.end])
            position = slot.end
        pieces.append(code[position:end])
        edits.append(Edit(start, end, "".join(pieces)))
    return edits


def _sorted_name(word: ShellWord) -> str | None:
    """The name a package word sorts by; None for a word that stays where it is: a
    variable, a URL or a file, or a word written with quotes or escapes (what it is can
    depend on what stands around it: a backslash before a line's end, an unclosed
    quote)."""
    name = package_name(word)
    if name is None or "/" in name or word.value != word.text:
        return None
    return name


def _before(name: str, other: str) -> bool:
    """``name`` sorts before ``other`` both byte-wise (``sort`` with ``LC_ALL=C``) and
    ignoring punctuation (editors' natural order), so either habit is accepted."""
    return name < other and _alnum(name) < _alnum(other)


def _alnum(name: str) -> str:
    return "".join(ch for ch in name if ch.isalnum())


def _group_break(between: str) -> bool:
    """A comment line or a blank line between two package words."""
    lines = between.split("\n")
    return any(not line.strip(" \t\\\r") or line.lstrip().startswith("#") for line in lines[1:-1])
