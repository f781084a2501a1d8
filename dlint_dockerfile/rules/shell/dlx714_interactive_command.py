"""DLX714 interactive-command: a RUN calls a command that is interactive or pointless in a build."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.run_commands import run_commands
from dlint_dockerfile.rules.shell._shared import name_span
from dlint_dockerfile.syntax import Instruction

__all__ = ["InteractiveCommand"]


_INTERACTIVE = frozenset(
    {"ssh", "vim", "shutdown", "service", "ps", "free", "top", "kill", "mount", "ifconfig"}
)


class InteractiveCommand(Rule):
    """A RUN calls a command that is interactive or meaningless during a build.

    ## What it does
    Reports `ssh`, `vim`, `shutdown`, `service`, `ps`, `free`, `top`, `kill`, `mount` and
    `ifconfig` run as commands (not as package names).

    ## Why
    A build step has no terminal, no init system and no running services: these commands
    hang, fail, or report on the throw-away build container rather than the final one.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN service nginx start
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    CMD ["nginx", "-g", "daemon off;"]
    ```

    ## Fix safety
    No automatic fix: removing the command may break the commands after it in the RUN
    (a service started for a later step), so it needs a person.
    """

    code = "DLX714"
    name = "interactive-command"
    aliases = ("DL3001",)
    category = "shell"
    severity = Severity.INFO

    def visit_run(self, instruction: Instruction) -> None:
        for command in run_commands(self.model, instruction, exec_form=False):
            name = command.basename
            if name in _INTERACTIVE:
                self.report(
                    name_span(command), f"`{name}` makes no sense in a build step; remove it"
                )
