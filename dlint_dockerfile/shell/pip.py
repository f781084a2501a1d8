"""``pip`` however a script runs it: ``pip``, ``pip3.12``, ``python3 -m pip``, ``python -mpip``.

`pip_command` gives such a command as pip parses it (named ``pip``, for pip's option spec),
so that the cache, layers and pinning rules read its sub-command and options alike.
"""

from __future__ import annotations

import re

from dlint_dockerfile.shell import Command, ShellWord

__all__ = ["PIP_NAME", "PYTHON_NAME", "pip_command", "pip_spelling"]

PIP_NAME = re.compile(r"pip[0-9.]*\Z")
PYTHON_NAME = re.compile(r"python[0-9.]*\Z")


def pip_command(command: Command) -> Command | None:
    """``command`` (unwrapped) as a ``pip`` command, or None when it does not run pip."""
    base = command.basename or ""
    name = command.name
    if name is None or not base.startswith(("pip", "python")):  # most commands: no regex
        return None
    if PIP_NAME.match(base):
        return command if base in ("pip", "pip3") else _renamed(command, name, command.args)
    if not PYTHON_NAME.match(base):
        return None
    args = command.args
    for i, word in enumerate(args):
        value = word.value or ""
        if value == "-m" and i + 1 < len(args) and PIP_NAME.match(args[i + 1].value or ""):
            return _renamed(command, args[i + 1], args[i + 2 :])
        if value.startswith("-m") and PIP_NAME.match(value[2:]):
            return _renamed(command, word, args[i + 1 :])
        if not value.startswith("-") or value in ("-c", "-m"):
            return None  # a script, or another module
    return None


def _renamed(command: Command, name: ShellWord, args: tuple[ShellWord, ...]) -> Command:
    """``command`` seen as ``pip args...``, ``name`` (its text kept) standing for pip."""
    word = ShellWord(name.text, "pip", name.text_start, name.text_end, (), name.source)
    return command.with_words(word, args)


def pip_spelling(pip: Command) -> str:
    """How a `pip_command` names pip, for messages: ``pip3.12``, ``pip`` (of ``-m pip``)."""
    if pip.name is None:
        return "pip"
    return pip.name.text.strip("\"'").rsplit("/", 1)[-1].removeprefix("-m") or "pip"
