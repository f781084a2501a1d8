"""The top-level statements of a script, and what they leave to the statements after
them: shell options (``set -e``...), state that outlives a command (``cd``, ``export``),
a `/bin/sh` replaced.

`outline` reads the statements the script's one parse found (`Script.top_level`): offsets
index the script's text, and `Outline` turns them into Dockerfile offsets.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from dlint_dockerfile.shell.script import Command, Item, Script

__all__ = [
    "SH_PATHS",
    "STATEFUL",
    "Item",
    "Outline",
    "outline",
    "replaces_sh",
    "script_start",
    "set_options",
    "sets_errexit",
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
    found = script.top_level
    if found is None:
        return None
    return Outline(script, found.items, found.terminator, found.trailing_comment)


def sets_errexit(found: Outline, index: int) -> bool:
    """The item at ``index`` is itself ``set -e``."""
    commands = found.commands_in(found.items[index])
    return (
        len(commands) == 1
        and commands[0].basename == "set"
        and _errexit(commands[0], found.errexit_at[index])
    )


def script_start(script: Script) -> int | None:
    """Index in the script's text of its first statement (after blank and comment lines)."""
    text = script.source.text
    i = 0
    while i < len(text):
        ch = text[i]
        if ch in " \t\r\n":
            i += 1
        elif ch == "#":
            newline = text.find("\n", i)
            if newline < 0:
                return None
            i = newline + 1
        else:
            return i
    return None


def replaces_sh(script: Script) -> bool:
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


def set_options(command: Command) -> set[str] | None:
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
