"""`zypper install` of a package without a version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.pinning._shared import PackageRule, after_subcommand, static_words
from dlint_dockerfile.shell import Script, ShellWord, parse_options
from dlint_dockerfile.shell.pins import merged_spec, zypper_pinned

__all__ = ["UnpinnedZypperPackage"]


#: ``zypper install`` options that take a value (``-t`` is ``--type`` after the command).
_ZYPPER_SPEC = merged_spec("zypper", short="tr", long="type repo from download")


class UnpinnedZypperPackage(PackageRule):
    """`zypper install` of a package without a version.

    ## What it does
    Reports each package of `zypper install` (also `zypper in`) written without a version
    constraint (`curl=8.6.0`, `'curl>=8'`). Local `.rpm` files, URLs and non-package
    types (`-t pattern devel_basis`) are fine.

    Differences from hadolint (DL3037): hadolint reads `-t pattern` as a flag and reports
    `pattern` and the pattern name as packages.
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
    FROM opensuse/leap:15.6
    RUN zypper install -y curl
    ```

    ## Use instead
    ```dockerfile
    FROM opensuse/leap:15.6
    RUN zypper install -y curl=8.6.0
    ```

    ## Fix safety
    No automatic fix: the version to pin depends on the repositories.
    """

    code = "DLX213"
    default_enabled = False  # OS package pins rot: opt in (see Why)
    name = "unpinned-zypper-package"
    aliases = ("DL3037",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "zypper"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for command in script.find("zypper"):
            if command.subcommand not in ("install", "in"):
                continue
            options, positionals = parse_options(after_subcommand(command), _ZYPPER_SPEC)
            if any(o.value != "package" for o in options if o.name in ("t", "type")):
                continue
            for word, value in static_words(positionals):
                if not zypper_pinned(value):
                    yield word, self.unpinned(value, f"'{value}=<version>'")
