"""`gem install` of a gem without a version."""

from __future__ import annotations

from collections.abc import Iterator

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.rules.pinning._shared import PackageRule, after_subcommand, static_words
from dlint_dockerfile.shell import Script, ShellWord, parse_options
from dlint_dockerfile.shell.pins import gem_pinned, has_option, merged_spec

__all__ = ["UnpinnedGem"]


_GEM_SPEC = merged_spec("gem")


class UnpinnedGem(PackageRule):
    """`gem install` of a gem without a version.

    ## What it does
    Reports each gem of `gem install` (also `gem i`) written without a version
    (`bundler:2.5.23`) when the command has no `-v`/`--version`. Local `.gem` files are
    fine; the build options after `--` are not gems.

    Differences from hadolint (DL3028): hadolint reports a local `.gem` file, and misses
    gems after some options (`gem install -N bundler`).
    Like every package rule here, it does not check a word that expands a variable or a
    command (`$PACKAGES`, `$(cat list)`), which hadolint reports, and it sees commands run
    through `sudo`, `env` or `sh -c` or by a full path (`/usr/bin/yum`), which hadolint
    misses.

    ## Why
    Without a version each build installs the newest release, so builds are not
    reproducible and a new major version can break the image.

    ## Example
    ```dockerfile
    FROM ruby:3.3
    RUN gem install bundler
    ```

    ## Use instead
    ```dockerfile
    FROM ruby:3.3
    RUN gem install bundler:2.5.23
    ```

    ## Fix safety
    No automatic fix: the version to pin is your choice.
    """

    code = "DLX209"
    name = "unpinned-gem"
    aliases = ("DL3028",)
    category = "pinning"
    severity = Severity.WARNING
    tool = "gem"

    def packages(self, script: Script) -> Iterator[tuple[ShellWord, str]]:
        for command in script.find("gem"):
            if command.subcommand not in ("install", "i"):
                continue
            options, positionals = parse_options(
                after_subcommand(command), _GEM_SPEC, stop_at_double_dash=True
            )
            if has_option(options, "v", "version"):
                continue
            for word, value in static_words(positionals):
                if not gem_pinned(value):
                    yield word, self.unpinned(value, f"'{value}:<version>' or '-v <version>'")

    def unpinned(self, value: str, hint: str) -> str:
        return f"gem '{value}' is not pinned: use {hint}"
