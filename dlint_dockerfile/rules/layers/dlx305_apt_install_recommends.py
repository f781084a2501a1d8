"""DLX305 apt-install-recommends: `apt-get install` without `--no-install-recommends`."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.layers._shared import cache_analysis, option_fix
from dlint_dockerfile.shell.options import APT_DRY_RUN
from dlint_dockerfile.shell.packages import PackageCommand, package_name
from dlint_dockerfile.syntax import Instruction

__all__ = ["AptRecommends"]


class AptRecommends(Rule):
    """`apt-get install` without `--no-install-recommends`.

    ## What it does
    Reports `apt-get install` and `apt install` without `--no-install-recommends` or
    `-o APT::Install-Recommends=false`. An install that asks for the recommended packages
    explicitly (`--install-recommends`, `-o APT::Install-Recommends=true`) is the
    author's choice and is not reported.

    **Differences from hadolint.**
    dlint also checks `apt install` and `sudo apt-get install`, accepts
    `APT::Install-Recommends=0|no|off`, skips dry runs (`apt-get install -s`), and only
    looks at the `install` sub-command (hadolint fires on any `apt-get` command with an
    `install` argument, e.g. `apt-get remove install`). hadolint also reports an install
    that asks for the recommended packages explicitly.

    ## Why
    Recommended packages are not needed to run the package; installing them makes the image
    larger (often much larger) and widens its attack surface.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y ca-certificates curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update && apt-get install -y --no-install-recommends ca-certificates curl \\
     && rm -rf /var/lib/apt/lists/*
    ```

    ## Fix safety
    Unsafe: the fix inserts `--no-install-recommends` right after `install`. The image
    then lacks the recommended packages, which later RUNs and the image's programs may
    need. No fix when the sub-command is escaped or inside an `sh -c` string, or when
    the install names `curl`, `wget` or `git` and neither it nor an apt install before
    it (in the stage or a stage it is built on) names `ca-certificates`, which they
    recommend: without it they cannot verify HTTPS servers, and a later download would
    fail.
    """

    code = "DLX305"
    name = "apt-install-recommends"
    aliases = ("DL3015",)
    category = "layers"
    severity = Severity.INFO
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        analysis = cache_analysis(self.model, instruction)
        if analysis is None:
            return
        for pc in analysis.commands:
            if pc.family != "apt" or pc.action != "install" or _simulated(pc):
                continue
            if pc.has_option("--no-install-recommends") or _recommends_option(pc):
                continue  # chosen either way: an explicit option is the author's choice
            self.report(
                (pc.start, pc.head_end),
                f"`{pc.head}` also installs recommended packages; add `--no-install-recommends`",
                fix=self._fix(instruction, pc),
            )

    def _fix(self, instruction: Instruction, pc: PackageCommand) -> Fix | None:
        if _names(pc) & _RECOMMEND_CERTIFICATES and not self._certificates(instruction, pc):
            return None  # HTTPS would fail without the ca-certificates they recommend
        return option_fix(
            pc,
            "--no-install-recommends",
            "add --no-install-recommends",
            Applicability.UNSAFE,
        )

    def _certificates(self, instruction: Instruction, pc: PackageCommand) -> bool:
        """Whether this install, or an apt install in a RUN before it in the stage or a
        stage it is built on, names ca-certificates."""
        if _CERTIFICATES in _names(pc):
            return True
        model = self.model
        before: Instruction | None = model.outer(instruction)
        stage = model.stage_of(model.outer(instruction))
        seen = 0
        while stage is not None and seen <= len(model.stages):
            for item in stage.instructions:
                if item is before:
                    break
                analysis = cache_analysis(model, item) if item.name == "RUN" else None
                for other in analysis.commands if analysis is not None else ():
                    if other.family == "apt" and _CERTIFICATES in _names(other):
                        return True
            stage, before, seen = stage.parent, None, seen + 1
        return False


#: Packages that recommend ca-certificates, without which they cannot verify HTTPS servers.
_RECOMMEND_CERTIFICATES = frozenset({"curl", "wget", "git"})
_CERTIFICATES = "ca-certificates"


def _names(pc: PackageCommand) -> set[str]:
    """The package names an install names (versions dropped; static words only)."""
    return {name for word in pc.packages if (name := package_name(word)) is not None}


def _simulated(pc: PackageCommand) -> bool:
    """``apt-get install -s``: a dry run that installs nothing."""
    return pc.has_option(*APT_DRY_RUN)


def _recommends_option(pc: PackageCommand) -> bool:
    """``--install-recommends``, or ``-o APT::Install-Recommends=...`` (any value)."""
    if pc.has_option("--install-recommends"):
        return True
    for option in pc.command.options:
        if option.name not in ("o", "option") or option.value is None:
            continue
        key, _, _ = option.value.partition("=")
        if key.lower() == "apt::install-recommends":
            return True
    return False
