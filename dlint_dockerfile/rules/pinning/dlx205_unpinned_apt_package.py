"""`apt-get install` of a package without a version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.pinning._shared import PackageRule, static_words
from dlint_dockerfile.shell import Script, ShellWord
from dlint_dockerfile.shell.pins import apt_pinned

__all__ = ["UnpinnedAptPackage"]


class UnpinnedAptPackage(PackageRule):
    """`apt-get install` of a package without a version.

    ## What it does
    Reports each package of `apt-get install` (also `apt install`, `aptitude install`,
    through `sudo`, in `sh -c`) written without `=version`. A package with a target
    release (`curl/bookworm-backports`) or a local `.deb` file is fine, and so is a
    version given through a variable (`curl=$CURL_VERSION`).

    Differences from hadolint (DL3008): hadolint only knows `apt-get`, not `apt install`.
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    Without a version, each build installs whatever the archive has that day: an image
    rebuilt later can behave differently, and a cached layer hides the change until the
    cache is cleared.

    Off by default: distributions drop superseded package versions from their archives, so
    exact OS-package pins break later rebuilds (the most common complaint about hadolint's
    DL3008/DL3018, hadolint#884 and #464). Reproducibility is better served by pinning the
    base image by digest or using snapshot repositories; select this rule when you do pin
    packages on purpose.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends curl=7.88.1-10+deb12u8
    ```

    ## Fix safety
    No automatic fix: the version to pin depends on the archive.
    """

    code = "DLX205"
    default_enabled = False  # OS package pins rot: opt in (see Why)
    name = "unpinned-apt-package"
    aliases = ("DL3008",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "apt"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for command in script.find("apt-get", "apt", "aptitude", subcommand="install"):
            for word, value in static_words(command.arguments_after_subcommand()):
                if not apt_pinned(value):
                    yield word, self.unpinned(value, f"'{value}=<version>'")
