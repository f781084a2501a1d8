"""DLX711 wget-progress: `wget` without a progress setting."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.base_family import base_family
from dlint_dockerfile.model.run_commands import run_commands
from dlint_dockerfile.rules.shell._shared import name_span, option_fix
from dlint_dockerfile.shell import Command
from dlint_dockerfile.syntax import Instruction

__all__ = ["WgetProgress"]


_WGET_QUIET = ("-q", "--quiet", "--no-verbose", "--progress", "-o", "--output-file", "-a")


class WgetProgress(Rule):
    """`wget` without a progress setting floods the build log with progress bars.

    ## What it does
    Reports `wget` with none of `-q`/`--quiet`, `-nv`/`--no-verbose`, `--progress=...`,
    `-o`/`--output-file` or `-a`/`--append-output`.

    ## Why
    Without a TTY wget prints a dot for every few kilobytes: large downloads write megabytes
    of log, which slows CI and hides real output.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN wget https://example.com/app.tgz
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN wget --progress=dot:giga https://example.com/app.tgz
    ```

    ## Fix safety
    Safe, only the build log changes: the fix writes `--progress=dot:giga` right after
    `wget` when the base image is Debian, Ubuntu, a RHEL/Fedora/SUSE family or Arch image
    (or an official image built on one), whose wget is GNU wget. On Alpine, BusyBox and
    unknown base images it writes `-q` instead: BusyBox wget has no `--progress` and would
    fail, and `-q` works with both (GNU wget then also hides its error messages). No fix
    is offered when `wget` is written inside an `sh -c '...'` body or with escapes.
    """

    code = "DLX711"
    name = "wget-progress"
    aliases = ("DL3047",)
    category = "shell"
    severity = Severity.INFO
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        for command in run_commands(self.model, instruction, exec_form=False):
            if command.basename != "wget":
                continue
            if command.has_option(*_WGET_QUIET, "--append-output"):
                continue
            if any((w.value or "") == "-nv" for w in command.args):
                continue
            self.report(
                name_span(command),
                "add `--progress=dot:giga` (or `-q`/`-nv`) so wget does not flood the log",
                fix=self._fix(instruction, command),
            )

    def _fix(self, instruction: Instruction, command: Command) -> Fix | None:
        if command.name is None:  # pragma: no cover - the rule found a name
            return None
        gnu = base_family(self.model, instruction) in _GNU_WGET
        option = "--progress=dot:giga" if gnu else "-q"
        return option_fix(command, command.name, option, Applicability.SAFE)


#: Base families whose wget is GNU wget (BusyBox wget has no `--progress`).
_GNU_WGET = frozenset({"debian", "rpm", "arch"})
