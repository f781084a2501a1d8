"""DLX707 dnf-install-yes: `dnf`, `microdnf` or `tdnf install` without `-y`."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.shell._shared import YesRule

__all__ = ["DnfInstallYes"]


class DnfInstallYes(YesRule):
    """`dnf install` without `-y` waits for an answer the build never gives.

    ## What it does
    Reports `dnf`, `microdnf` and `tdnf` `install`, `groupinstall` and `localinstall` without
    `-y`/`--assumeyes`.

    **Differences from hadolint.** hadolint (DL3038) does not check `tdnf`, which prompts
    the same way.

    ## Why
    dnf asks for confirmation, reads end-of-file and aborts.

    ## Example
    ```dockerfile
    FROM fedora:40
    RUN dnf install httpd && dnf clean all
    ```

    ## Use instead
    ```dockerfile
    FROM fedora:40
    RUN dnf install -y httpd && dnf clean all
    ```

    ## Fix safety
    The fix writes `-y` right after the action (`dnf install -y httpd`): safe for `dnf` and
    `tdnf`, which otherwise abort the build when they would ask. Unsafe for `microdnf`:
    older versions (in early RHEL 8 and Oracle Linux 8 minimal images) never ask and do
    not accept `-y`, so the fix would break a build that works there. No fix is offered
    when the action is written inside an `sh -c '...'` body or with escapes.
    """

    code = "DLX707"
    name = "dnf-install-yes"
    aliases = ("DL3038",)
    category = "shell"
    severity = Severity.WARNING
    tools = ("dnf", "microdnf", "tdnf")
    actions = frozenset({"install", "groupinstall", "localinstall"})
    unsure = frozenset({"microdnf"})
