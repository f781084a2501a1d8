"""Package-manager commands in RUN scripts.

`package_commands` finds the package-manager commands of a script (``apt-get``, ``apk``,
``yum``/``dnf``, ``zypper``, ``pip`` and ``python -m pip``, ``yarn``, ``npm``, ``gem``),
with the family they belong to, their action and their package words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from dlint_dockerfile.shell import Command, Script, ShellWord
from dlint_dockerfile.shell.pip import pip_command, pip_spelling

__all__ = ["FAMILIES", "PackageCommand", "install_command", "package_commands", "package_name"]


#: Command names by package-manager family.
FAMILIES: dict[str, str] = {
    "apt-get": "apt",
    "apt": "apt",
    "apk": "apk",
    "yum": "yum",
    "dnf": "dnf",
    "microdnf": "dnf",
    "tdnf": "dnf",
    "zypper": "zypper",
    "yarn": "yarn",
    "npm": "npm",
    "gem": "gem",
}


@dataclass(eq=False)
class PackageCommand:
    """A package-manager command: ``apt-get install -y curl``, ``python -m pip install x``."""

    family: str
    #: The command as the package manager parses it (``pip ...`` for ``python -m pip``).
    command: Command
    #: The sub-command words (``install``; ``global add`` for yarn; None for bare ``yarn``).
    action: str | None
    #: Start offset of the command name (``python`` of ``python -m pip``).
    start: int
    #: End offset of the action word (or of the command name): what findings underline.
    head_end: int
    #: Start offset of the command as the script has it (with ``sudo``, assignments).
    origin: int = -1

    @property
    def packages(self) -> tuple[ShellWord, ...]:
        """The positional words after the action: packages, files, URLs."""
        skip = len(self.action.split()) if self.action else 0
        return self.command.positionals[skip:]

    def has_option(self, *spellings: str) -> bool:
        return self.command.has_option(*spellings)

    @property
    def head(self) -> str:
        """``apt-get install`` as written, for messages."""
        name = self.command.basename or self.family
        if self.family == "pip":
            name = pip_spelling(self.command)
        return f"{name} {self.action}" if self.action else name


def _action(family: str, command: Command) -> tuple[str | None, ShellWord | None]:
    positionals = command.positionals
    if not positionals:
        return None, None
    first = positionals[0]
    value = first.value
    if value is None:
        return None, None
    if family == "yarn" and value == "global" and len(positionals) > 1:
        second = positionals[1].value
        if second is not None:
            return f"global {second}", positionals[1]
    if family in ("yum", "dnf") and value in ("module", "group") and len(positionals) > 1:
        second = positionals[1].value
        if second is not None:
            return f"{value} {second}", positionals[1]
    if family == "pip" and value == "cache" and len(positionals) > 1:
        second = positionals[1].value
        if second is not None:
            return f"cache {second}", positionals[1]
    if family in ("apk", "yarn", "npm") and value == "cache" and len(positionals) > 1:
        second = positionals[1].value
        if second is not None:
            return f"cache {second}", positionals[1]
    return value, first


def package_commands(script: Script) -> list[PackageCommand]:
    """Every package-manager command of ``script`` (``sh -c`` bodies and ``sudo`` too)."""
    found: list[PackageCommand] = []
    for raw in script.all_commands():
        command = raw.unwrapped()
        base = command.basename
        name = command.name
        if base is None or name is None:
            continue
        family = FAMILIES.get(base)
        if family is None:
            pip = pip_command(command)
            if pip is None:
                continue
            command = pip
            family = "pip"
        if family == "yarn" and command.positionals and command.positionals[0].value is None:
            continue
        action, word = _action(family, command)
        start = name.start  # of the command as written (``python``, not the ``pip`` view)
        if family == "yarn" and action is None:
            action_text: str | None = None
            head_end = command.name.end if command.name is not None else start
        else:
            if action is None or word is None:
                continue
            action_text = action
            head_end = word.end
        found.append(PackageCommand(family, command, action_text, start, head_end, raw.start))
    return found


#: Where a package word's version or qualifier starts: ``curl=7.88``, ``flask>=2``.
_VERSION_SPEC = re.compile(r"[=<>~!@\[;]")


def package_name(word: ShellWord) -> str | None:
    """The package name of a package word (``curl=7.88*`` -> ``curl``), lower case.

    None when the name itself is not static (``$PKG``) or the word is an option.
    """
    text = word.value if word.value is not None else word.text
    name = _VERSION_SPEC.split(text, maxsplit=1)[0] if text[:1] != "@" else text
    if not name or "$" in name or "`" in name or name.startswith(("-", '"', "'")):
        return None
    return name.lower()


def install_command(family: str, packages: tuple[str, ...]) -> str:
    """The command installing ``packages`` with an ``apk`` or ``apt`` family's package
    manager in one layer, without recommended packages or a cache left behind."""
    names = " ".join(packages)
    if family == "apk":
        return f"apk add --no-cache {names}"
    return (
        "apt-get update && apt-get install -y --no-install-recommends "
        f"{names} && rm -rf /var/lib/apt/lists/*"
    )
