"""`npm install` of a package without a version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.pinning._shared import PackageRule, static_words
from dlint_dockerfile.shell import Script, ShellWord
from dlint_dockerfile.shell.pins import merged_spec, npm_pinned, subcommand_options

__all__ = ["UnpinnedNpmPackage"]


_NPM_INSTALL = ("install", "i", "in", "add", "isntall")

#: npm's options that take a value, beyond the shared spec.
_NPM_SPEC = merged_spec(
    "npm",
    long="loglevel location install-strategy before otp only also save-prefix script-shell "
    "proxy https-proxy cafile ca cert key fetch-retries fetch-timeout maxsockets "
    "node-options auth-type scope",
)


def _npm_hint(value: str) -> str:
    name = value.rsplit("@", 1)[0] if value.rfind("@") > 0 else value
    unscoped = name.partition("/")[2] if name.startswith("@") else name
    if "/" in unscoped or ":" in unscoped:
        return f"a tag or commit: '{name}#<ref>'"
    return f"'{name}@<version>'"


class UnpinnedNpmPackage(PackageRule):
    """`npm install` of a package without a version.

    ## What it does
    Reports each package of `npm install` (also `npm i`, `npm add`) written without a
    version (`pkg@1.2.3`, `@scope/pkg@^2`). `npm install` and `npm ci` without packages
    (they follow the lock file), local folders, tarballs and git URLs with a `#ref` are
    fine. A dist-tag without a digit (`@latest`, `@next`, `@beta`) is not a version.

    Differences from hadolint (DL3016): hadolint accepts any `@tag`, so
    `npm install -g npm@latest` passes there; here it is reported because `@latest` is
    exactly what an unpinned install gets. hadolint only knows `npm install`, not `npm i`
    or `npm add`, reports GitHub sources with a ref (`github:org/lib#v1.2.0`,
    `org/lib#abc1234`), and reads the value of `--loglevel warn` as a package.
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    Without a version each build installs the newest release, so builds are not
    reproducible and a new major version can break the image.

    ## Example
    ```dockerfile
    FROM node:22
    RUN npm install -g typescript
    ```

    ## Use instead
    ```dockerfile
    FROM node:22
    RUN npm install -g typescript@5.7.2
    ```

    ## Fix safety
    No automatic fix: the version to pin is your choice.
    """

    code = "DLX208"
    name = "unpinned-npm-package"
    aliases = ("DL3016",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "npm"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for command in script.find("npm"):
            sub, _, positionals = subcommand_options(command.args, _NPM_SPEC)
            if sub not in _NPM_INSTALL:
                continue
            for word, value in static_words(positionals):
                if not npm_pinned(value):
                    yield word, self.unpinned(value, _npm_hint(value))
