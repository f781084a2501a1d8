"""DLX706 yum-install-yes: `yum install` without `-y`."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.shell._shared import YesRule

__all__ = ["YumInstallYes"]


class YumInstallYes(YesRule):
    """`yum install` without `-y` waits for an answer the build never gives.

    ## What it does
    Reports `yum install`, `groupinstall` and `localinstall` without `-y`/`--assumeyes`.

    ## Why
    yum asks for confirmation, reads end-of-file and aborts.

    ## Example
    ```dockerfile
    FROM centos:7
    RUN yum install httpd && yum clean all
    ```

    ## Use instead
    ```dockerfile
    FROM centos:7
    RUN yum install -y httpd && yum clean all
    ```

    ## Fix safety
    Safe: the fix writes `-y` right after the action (`yum install -y httpd`). Without it
    yum aborts the build when it would ask; with it the install goes ahead. No fix is
    offered when the action is written inside an `sh -c '...'` body or with escapes.
    """

    code = "DLX706"
    name = "yum-install-yes"
    aliases = ("DL3030",)
    category = "shell"
    severity = Severity.WARNING
    tools = ("yum",)
    actions = frozenset({"install", "groupinstall", "localinstall"})
