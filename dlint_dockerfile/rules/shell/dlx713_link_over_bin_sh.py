"""DLX713 link-over-bin-sh: a RUN links another shell over `/bin/sh`."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.run_commands import run_commands
from dlint_dockerfile.shell.outline import SH_PATHS
from dlint_dockerfile.syntax import Instruction

__all__ = ["LinkOverBinSh"]


class LinkOverBinSh(Rule):
    """A RUN replaces `/bin/sh` with a link to another shell; use SHELL instead.

    ## What it does
    Reports `ln` whose destination is `/bin/sh` or `/usr/bin/sh`.

    **Differences from hadolint.** hadolint (DL4005) reports `/bin/sh` anywhere in an `ln`
    command, also as the link target (`ln -s /bin/sh /usr/local/bin/x`); dlint only reports
    it as the destination, and also reports `/usr/bin/sh` (the same file on merged-/usr
    systems).

    ## Why
    Relinking `/bin/sh` changes the shell of every script and package hook in the image,
    not just of the Dockerfile's RUNs. `SHELL` changes what RUN uses and nothing else.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN ln -sf /bin/bash /bin/sh
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    SHELL ["/bin/bash", "-c"]
    ```

    ## Fix safety
    No automatic fix: the link changes the shell of every script in the image, not only
    of RUN; whether a SHELL instruction is enough depends on what the image runs.
    """

    code = "DLX713"
    name = "link-over-bin-sh"
    aliases = ("DL4005",)
    category = "shell"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        for command in run_commands(self.model, instruction, exec_form=False):
            if command.basename != "ln":
                continue
            positionals = command.positionals
            if len(positionals) < 2 or positionals[-1].value not in SH_PATHS:
                continue
            target = positionals[-1]
            self.report(
                (target.start, target.end),
                "do not relink /bin/sh; use SHELL to change the shell of RUN",
            )
