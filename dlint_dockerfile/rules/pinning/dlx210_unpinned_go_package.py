"""`go install` / `go get` of a remote package without a version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.pinning._shared import PackageRule, static_words
from dlint_dockerfile.shell import Script, ShellWord
from dlint_dockerfile.shell.pins import go_local, go_pinned, merged_spec, subcommand_options

__all__ = ["UnpinnedGoPackage"]


#: Go build flags that take a value (Go's flags have one dash: ``-tags netgo``).
_GO_SPEC = merged_spec(
    "go",
    long="C o p asmflags buildmode compiler gccgoflags gcflags installsuffix ldflags mod "
    "modfile overlay pgo pkgdir tags toolexec covermode coverpkg exec",
    single_dash=True,
)


class UnpinnedGoPackage(PackageRule):
    """`go install` / `go get` of a remote package without a version.

    ## What it does
    Reports each remote package of `go install` and `go get` written without
    `@version`, or with a moving query (`@latest`, `@master`, `@upgrade`: a query without
    a digit). Packages of the current module and the standard library (`./...`, `.`,
    `std`, paths without a domain) are fine, and so is a version through a variable.

    Differences from hadolint (DL3062): hadolint accepts `@master`/`@main` and reports
    packages of the standard library or the current module (`go install std`,
    `go install myapp/cmd/server`).
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    `go install pkg@latest` builds whatever was tagged last: the tool you get changes
    from build to build. A version (`@v1.2.3`) or a commit is reproducible and is
    checked against the Go checksum database.

    ## Example
    ```dockerfile
    FROM golang:1.23
    RUN go install golang.org/x/tools/gopls@latest
    ```

    ## Use instead
    ```dockerfile
    FROM golang:1.23
    RUN go install golang.org/x/tools/gopls@v0.16.2
    ```

    ## Fix safety
    No automatic fix: the version to pin is your choice.
    """

    code = "DLX210"
    name = "unpinned-go-package"
    aliases = ("DL3062",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "go"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for command in script.find("go"):
            sub, _, positionals = subcommand_options(command.args, _GO_SPEC)
            if sub not in ("install", "get"):
                continue
            for word, value in static_words(positionals):
                if not go_local(value) and not go_pinned(value):
                    yield word, self.unpinned(value, f"'{value.split('@', 1)[0]}@<version>'")
