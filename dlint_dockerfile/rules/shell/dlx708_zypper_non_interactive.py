"""DLX708 zypper-non-interactive: `zypper install` without `-n`."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.shell._shared import YesRule

__all__ = ["ZypperNonInteractive"]


class ZypperNonInteractive(YesRule):
    """`zypper install` without `-n` waits for an answer the build never gives.

    ## What it does
    Reports zypper `install`/`in`, `remove`/`rm`, `source-install`/`si` and `patch` without
    `-n`/`--non-interactive` or `-y`/`--no-confirm`.

    ## Why
    zypper asks for confirmation, reads end-of-file and aborts.

    ## Example
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper install curl && zypper clean
    ```

    ## Use instead
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper --non-interactive install curl && zypper clean
    ```

    ## Fix safety
    Safe: the fix writes the global option `--non-interactive` right after `zypper`
    (`zypper --non-interactive install curl`), as the message says. Without it zypper
    aborts the build when it would ask; with it zypper takes the default answers, which
    accept the install. No fix is offered when `zypper` is written inside an `sh -c '...'`
    body or with escapes.
    """

    code = "DLX708"
    name = "zypper-non-interactive"
    aliases = ("DL3034",)
    category = "shell"
    severity = Severity.WARNING
    tools = ("zypper",)
    actions = frozenset({"install", "in", "remove", "rm", "source-install", "si", "patch"})
    yes = ("-n", "--non-interactive", "-y", "--no-confirm")
    hint = "--non-interactive"
    global_option = True
