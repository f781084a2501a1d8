"""DLX805 world-writable-permissions: chmod makes files writable by every user."""

from __future__ import annotations

import re

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.run_commands import run_commands
from dlint_dockerfile.shell import ShellWord
from dlint_dockerfile.syntax import Instruction

__all__ = ["WorldWritablePermissions", "world_writable"]


_SYMBOLIC = re.compile(r"([ugoa]*)([-+=])([rwxXst]*)\Z")


def world_writable(mode: str) -> bool:
    """Whether a chmod mode makes files writable by everyone, without the sticky bit."""
    if re.fullmatch(r"[0-7]{1,4}", mode):
        value = int(mode, 8)
        return bool(value & 0o002) and not value & 0o1000
    writable = False
    for clause in mode.split(","):
        match = _SYMBOLIC.match(clause)
        if match is None:
            return False
        who, op, perms = match.groups()
        if "t" in perms and op in "+=":
            return False
        if "w" in perms and ("o" in who or "a" in who):
            writable = op != "-"
    return writable


def _temporary(word: ShellWord) -> bool:
    """Whether a chmod target is a scratch path (``/tmp/x``, ``"$tempDir"``)."""
    if word.value is not None:
        return word.value.startswith(("/tmp/", "/var/tmp/"))
    return any("tmp" in name.lower() or "temp" in name.lower() for name in word.variables)


class WorldWritablePermissions(Rule):
    """chmod makes files or directories writable by every user.

    ## What it does
    Reports `chmod` modes that give write access to others: `777`, `666`, `o+w`, `a+rwx`.
    Modes with the sticky bit (`1777`, `+t`), the usual idiom for shared scratch directories
    like `/tmp`, are not reported.

    ## Why
    Any user or process in the container can then replace those files, for example a script
    or binary that root runs later. Give ownership to the user that needs to write instead
    (`chown`, `COPY --chown`), with a mode like `755` or `775`.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN mkdir /data && chmod -R 777 /data
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN mkdir /data && chown -R 1000:1000 /data
    USER 1000
    ```

    ## Fix safety
    No automatic fix yet.
    """

    code = "DLX805"
    name = "world-writable-permissions"
    category = "security"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        for command in run_commands(self.model, instruction, exec_form=True):
            if command.basename != "chmod" or not command.positionals:
                continue
            mode = command.positionals[0]
            targets = command.positionals[1:]
            if targets and all(_temporary(t) for t in targets):
                continue
            if mode.value is not None and world_writable(mode.value):
                self.report(
                    (mode.start, mode.end),
                    f"chmod {mode.value} makes the files writable by every user; chown them "
                    "to the user that writes and use a mode like 755",
                )

    def visit_copy(self, instruction: Instruction) -> None:
        flag = instruction.flag("chmod")
        if flag is not None and flag.argument and world_writable(flag.argument):
            self.report(
                flag,
                f"--chmod={flag.argument} makes the files writable by every user; use "
                "--chown for the user that writes and a mode like 755",
            )

    visit_add = visit_copy
