"""`pip install` of a package without a version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.pinning._shared import PackageRule, static_words
from dlint_dockerfile.shell import Option, Script, ShellWord
from dlint_dockerfile.shell.pins import has_option, merged_spec, pip_pinned, subcommand_options
from dlint_dockerfile.shell.pip import pip_command

__all__ = ["UnpinnedPipPackage"]


#: pip's options that take a value, beyond the shared spec.
_PIP_SPEC = merged_spec(
    "pip",
    long="root-user-action use-feature use-deprecated install-option build-option "
    "keyring-provider group log-file",
)


def _pip_installs(script: Script) -> Iterator[tuple[tuple[Option, ...], tuple[ShellWord, ...]]]:
    """The options and positionals after ``install`` of ``pip``/``pip3.12``/``python -m
    pip``."""
    for command in script.all_commands():
        pip = pip_command(command.unwrapped())
        if pip is None:
            continue
        sub, options, positionals = subcommand_options(pip.args, _PIP_SPEC)
        if sub == "install":
            yield options, positionals


def _pip_hint(value: str) -> str:
    if "://" in value or value.startswith(("git+", "hg+", "svn+", "bzr+")):
        return f"a tag or commit: '{value}@<ref>'"
    return f"'{value}==<version>' or a requirements file"


class UnpinnedPipPackage(PackageRule):
    """`pip install` of a package without a version.

    ## What it does
    Reports each package of `pip install` (also `pip3`, `python -m pip`) written without a
    version specifier (`==`, `>=`, `~=`, `<`...). Requirement files (`-r`), local paths
    (`.`, `./pkg`), archives, URLs, editable installs (`-e`) and VCS URLs with a ref
    (`git+https://...@v1.2`) are fine. A command with a constraints file (`-c`) is not
    checked: the constraints pin the versions.

    Differences from hadolint (DL3013): hadolint skips the whole command when it has `-r`
    or `.`, so `pip install -r requirements.txt flask` passes there although `flask` is
    unpinned; here `flask` is reported. hadolint reports `pip install ..`, a local path. A
    VCS URL counts as pinned only with `@ref` after its path (`git+ssh://git@host/repo` is
    not pinned by the `git@` user).
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    Without a version, each build installs the newest release: a new major version can
    break the image without any change on your side. `pip install --upgrade pip` is
    reported too; pin it (`pip==24.3.1`) or leave pip as the base image ships it.

    ## Example
    ```dockerfile
    FROM python:3.12
    RUN pip install --no-cache-dir flask
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.12
    RUN pip install --no-cache-dir flask==3.1.0
    ```

    ## Fix safety
    No automatic fix: the version to pin is your choice.
    """

    code = "DLX207"
    name = "unpinned-pip-package"
    aliases = ("DL3013",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "pip"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for options, positionals in _pip_installs(script):
            if has_option(options, "c", "constraint"):
                continue
            for word, value in static_words(positionals):
                if not pip_pinned(value):
                    yield word, self.unpinned(value, _pip_hint(value))
