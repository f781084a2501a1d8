"""DLX705 apt-get-install-yes: `apt-get install` without `-y`."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Applicability, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.run_commands import run_commands
from dlint_dockerfile.rules.shell._shared import option_fix, subcommand_span
from dlint_dockerfile.shell import Command
from dlint_dockerfile.shell.options import APT_DRY_RUN
from dlint_dockerfile.syntax import Instruction

__all__ = ["AptGetInstallYes"]


def _apt_quiet_level(command: Command) -> int:
    """How quiet ``apt-get`` is: ``-q`` counts 1, ``-qq`` 2, ``-q=2``/``--quiet=2`` 2."""
    level = 0
    words: set[int] = set()
    for option in command.options:
        text = option.word.value or ""
        if text.startswith(("-q=", "--quiet=")):
            if id(option.word) not in words:
                words.add(id(option.word))
                value = text.partition("=")[2]
                level += int(value) if value.isdigit() else 1
        elif option.name == ("quiet" if option.long else "q"):
            level += 1
    return level


class AptGetInstallYes(Rule):
    """`apt-get install` without `-y` waits for an answer the build never gives.

    ## What it does
    Reports `apt-get install` without `-y`/`--yes`/`--assume-yes` or a quiet level of 2
    (`-qq`, `-q -q`, `-q=2`), which implies yes. Dry runs (`-s`, `--simulate`...) install
    nothing and never ask, so they are left alone.

    **Differences from hadolint.** hadolint (DL3014) does not count `--quiet=2` and `-q=2`;
    dlint does, as apt-get does. hadolint also reports dry runs (`apt-get install -s`, used
    by the official postgres images to test whether a package exists); dlint does not.

    ## Why
    Without it apt-get asks for confirmation, reads end-of-file and aborts the install.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y curl
    ```

    ## Fix safety
    Safe: the fix writes `-y` right after `install` (`apt-get install -y curl`, also when
    the packages follow on continuation lines). apt-get without it aborts the build as
    soon as it would ask; with it the install goes ahead as the RUN meant. No fix is
    offered when `install` is written inside an `sh -c '...'` body or with escapes.
    """

    code = "DLX705"
    name = "apt-get-install-yes"
    aliases = ("DL3014",)
    category = "shell"
    severity = Severity.WARNING

    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        for command in run_commands(self.model, instruction, exec_form=False):
            if command.basename != "apt-get" or command.subcommand != "install":
                continue
            if command.has_option("-y", "--yes", "--assume-yes") or _apt_quiet_level(command) >= 2:
                continue
            if command.has_option(*APT_DRY_RUN):  # a dry run never asks
                continue
            self.report(
                subcommand_span(command),
                "add `-y` so `apt-get install` does not prompt",
                fix=option_fix(command, command.positionals[0], "-y", Applicability.SAFE),
            )
