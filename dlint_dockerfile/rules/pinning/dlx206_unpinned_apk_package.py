"""`apk add` of a package without a version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.pinning._shared import PackageRule, static_words
from dlint_dockerfile.shell import Script, ShellWord
from dlint_dockerfile.shell.pins import apk_pinned

__all__ = ["UnpinnedApkPackage"]


class UnpinnedApkPackage(PackageRule):
    """`apk add` of a package without a version.

    ## What it does
    Reports each package of `apk add` written without a version constraint (`pkg=1.2.3`,
    `pkg~1.2`, `pkg>=1.2`...). The name of a `--virtual`/`-t` group, a local `.apk` file
    and a version through a variable are fine; `pkg@edge` (a repository tag) is not a
    version.

    Differences from hadolint (DL3018): like every package rule here, it does not check a
    word that expands a variable or a command (`$BUILD_DEPS`), which hadolint reports, and
    it sees commands run through `sudo`, `env` or `sh -c`, which hadolint misses.

    ## Why
    Without a version, each build installs whatever the repository has that day, so two
    builds of one Dockerfile can differ. `pkg~1.2` pins the minor version and still gets
    patch releases.

    Off by default: distributions drop superseded package versions from their archives, so
    exact OS-package pins break later rebuilds (the most common complaint about hadolint's
    DL3008/DL3018, hadolint#884 and #464). Reproducibility is better served by pinning the
    base image by digest or using snapshot repositories; select this rule when you do pin
    packages on purpose.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache curl
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    RUN apk add --no-cache curl~8.11
    ```

    ## Fix safety
    No automatic fix: the version to pin depends on the repository.
    """

    code = "DLX206"
    default_enabled = False  # OS package pins rot: opt in (see Why)
    name = "unpinned-apk-package"
    aliases = ("DL3018",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "apk"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for command in script.find("apk", subcommand="add"):
            for word, value in static_words(command.arguments_after_subcommand()):
                if not apk_pinned(value):
                    name = value.split("@", 1)[0] or value
                    yield word, self.unpinned(value, f"'{name}=<version>' or '{name}~<version>'")
