"""`yum install` of a package without a version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.pinning._shared import PackageRule, rpm_packages
from dlint_dockerfile.shell import Script, ShellWord

__all__ = ["UnpinnedYumPackage"]


class UnpinnedYumPackage(PackageRule):
    """`yum install` of a package without a version.

    ## What it does
    Reports each package of `yum install` whose name does not end in a version
    (`httpd-2.4.6` or `httpd-2.4.6-99.el7`: the last `-` part starts with a digit), and
    each module of `yum module install` without a stream (`nodejs:18`). Local `.rpm`
    files, URLs, paths, groups (`@name`) and capabilities (`'perl(JSON)'`) are fine.

    Differences from hadolint (DL3033): hadolint counts any digit-led part after a `-`,
    so `java-11-openjdk` passes there although it is a package name; it reports local
    `.rpm` files without a `-`, groups (`@development`), capabilities (`'perl(JSON)'`)
    and the value of `--enablerepo epel`.
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    Without a version each build installs whatever the repositories have that day, so
    two builds of one Dockerfile can differ.

    Off by default: distributions drop superseded package versions from their archives, so
    exact OS-package pins break later rebuilds (the most common complaint about hadolint's
    DL3008/DL3018, hadolint#884 and #464). Reproducibility is better served by pinning the
    base image by digest or using snapshot repositories; select this rule when you do pin
    packages on purpose.

    ## Example
    ```dockerfile
    FROM rockylinux:9
    RUN yum install -y httpd && yum clean all
    ```

    ## Use instead
    ```dockerfile
    FROM rockylinux:9
    RUN yum install -y httpd-2.4.62 && yum clean all
    ```

    ## Fix safety
    No automatic fix: the version to pin depends on the repositories.
    """

    code = "DLX211"
    default_enabled = False  # OS package pins rot: opt in (see Why)
    name = "unpinned-yum-package"
    aliases = ("DL3033",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "yum"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        return rpm_packages(self, script, ("yum",))
