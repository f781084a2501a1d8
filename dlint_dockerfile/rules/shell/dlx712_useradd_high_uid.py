"""DLX712 useradd-high-uid: `useradd` with a high UID and without `-l`."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Applicability, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.run_commands import run_commands
from dlint_dockerfile.rules.shell._shared import option_fix
from dlint_dockerfile.shell import Command, ShellWord
from dlint_dockerfile.syntax import Instruction

__all__ = ["UseraddHighUid"]


class UseraddHighUid(Rule):
    """`useradd` with a high UID and without `-l` writes huge lastlog/faillog files.

    ## What it does
    Reports `useradd -u UID` (or `--uid`) with a UID above 99999 and no `-l`/`--no-log-init`.

    **Differences from hadolint.** hadolint (DL3046) checks `-u` only (not `--uid`) and
    reports any UID given by a variable; dlint resolves the variable from its ARG/ENV default
    and stays silent when it has none.

    ## Why
    useradd reserves a record for every UID up to the new one in the sparse `/var/log/lastlog`
    and `faillog` files, and image layers store them in full: gigabytes for a large UID.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN useradd -u 123456 app
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN useradd -l -u 123456 app
    ```

    ## Fix safety
    Safe: the fix writes `-l` right after `useradd`. The user, its UID and home are the
    same; only the zeroed lastlog/faillog records of a user that never logged in are not
    written, which is what keeps the layer small. No fix is offered when `useradd` is
    written inside an `sh -c '...'` body or with escapes.
    """

    code = "DLX712"
    name = "useradd-high-uid"
    aliases = ("DL3046",)
    category = "shell"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        for command in run_commands(self.model, instruction, exec_form=False):
            if command.basename != "useradd" or command.has_option("-l", "--no-log-init"):
                continue
            option = command.option("-u", "--uid")
            if option is None:
                continue
            value = option.value
            if value is None:
                value = self._expanded_value(command, option.word, instruction)
            if value is None or not value.isdigit() or int(value) <= 99999:
                continue
            start, end = option.word.start, option.word.end
            text = option.word.value or ""
            if not text.endswith(value):
                args = command.args
                at = args.index(option.word)
                if at + 1 < len(args):
                    end = args[at + 1].end
            name = command.name
            self.report(
                (start, end),
                f"add `-l` (`--no-log-init`): UID {value} makes lastlog/faillog huge",
                fix=option_fix(command, name, "-l", Applicability.SAFE) if name else None,
            )

    def _expanded_value(
        self, command: Command, word: ShellWord, instruction: Instruction
    ) -> str | None:
        """The value of ``-u $UID`` from the ARG/ENV defaults, when they give it."""
        args = command.args
        at = args.index(word)
        text = word.value or ""
        if text.startswith("--uid="):
            raw = word.text.partition("=")[2]
        elif at + 1 < len(args):
            raw = args[at + 1].text
        else:
            return None
        expansion = self.model.expand(raw.strip('"'), instruction)
        return expansion.text if expansion.complete else None
