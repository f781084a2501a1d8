"""DLX709 zypper-dist-upgrade: `zypper dist-upgrade` in a build."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.run_commands import run_commands
from dlint_dockerfile.rules.shell._shared import subcommand_span
from dlint_dockerfile.syntax import Instruction

__all__ = ["ZypperDistUpgrade"]


class ZypperDistUpgrade(Rule):
    """`zypper dist-upgrade` in a build moves the image to a different distribution state.

    ## What it does
    Reports `zypper dist-upgrade` and `zypper dup`.

    ## Why
    A dist-upgrade can change vendors and major versions of packages behind the base image's
    back; the result depends on the day of the build. Use a newer base image instead.

    ## Example
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper -n dist-upgrade
    ```

    ## Use instead
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper -n patch
    ```

    ## Fix safety
    No automatic fix: replacing the upgrade (by `patch`, `update` or a newer base image)
    changes what ends up in the image, which only the author can decide.
    """

    code = "DLX709"
    name = "zypper-dist-upgrade"
    aliases = ("DL3035",)
    category = "shell"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        for command in run_commands(self.model, instruction, exec_form=False):
            if command.basename == "zypper" and command.subcommand in ("dist-upgrade", "dup"):
                self.report(
                    subcommand_span(command),
                    "do not run `zypper dist-upgrade` in a build; use a newer base image",
                )
