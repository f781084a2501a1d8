"""DLX505: A shell-form ENTRYPOINT ignores CMD."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.image_config import (
    final_cmd,
    final_entrypoint,
    instruction_span,
    line_of,
    referenced_names,
)
from dlint_dockerfile.rules.runtime._shared import exec_form_fix

__all__ = ["ShellEntrypointIgnoresCmd"]


class ShellEntrypointIgnoresCmd(Rule):
    """A shell-form ENTRYPOINT ignores CMD.

    ## What it does
    Reports a `CMD` when the stage's image also has a shell-form `ENTRYPOINT` (its own or
    inherited from an earlier stage of the file). An ENTRYPOINT script that reads its
    positional parameters (`$@`, `$1`...) is not reported: it does receive the arguments,
    shifted by one (the first becomes `$0`); nor are Windows stages, where `cmd /S /C` reads
    the arguments appended to its command line.

    ## Why
    A shell-form ENTRYPOINT runs `/bin/sh -c "command"`; CMD (and the arguments of
    `docker run`) are appended after that script, where `sh` does not pass them to the
    command. The CMD silently does nothing.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ENTRYPOINT /usr/bin/app
    CMD ["--port", "8080"]
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ENTRYPOINT ["/usr/bin/app"]
    CMD ["--port", "8080"]
    ```

    ## Fix safety
    Unsafe: when the ENTRYPOINT runs one command of plain words, the fix rewrites it in
    exec form as `json-args-recommended` (DLX501) does, so it receives CMD's arguments. The
    program then runs without a shell (PID 1, signals, no `sh` environment), and the CMD
    starts to matter: check that its arguments are right. No fix is offered when the
    ENTRYPOINT uses anything the shell interprets (variables, globs, operators...).
    """

    code = "DLX505"
    name = "shell-entrypoint-ignores-cmd"
    category = "runtime"
    severity = Severity.WARNING
    fix = "sometimes"

    def finish(self) -> None:
        model = self.model
        for stage in model.stages:
            entrypoint = final_entrypoint(stage)
            if entrypoint is None or entrypoint.shell_form is None:
                continue
            if not model.shell_at(entrypoint).is_posix:
                continue  # cmd /S /C reads the arguments appended to its command line
            cmd = final_cmd(stage)
            if cmd is None:
                continue
            if model.stage_of(cmd) is not stage:
                # an inherited CMD survives only without an ENTRYPOINT in this stage, so
                # both come from the parent, where this is reported
                continue
            names = referenced_names(entrypoint.shell_form.value)
            if any(name in ("@", "*") or name.isdigit() for name in names):
                continue
            line = line_of(model, entrypoint)
            self.report(
                instruction_span(model, cmd),
                f"this CMD is ignored: the shell-form ENTRYPOINT (line {line}) "
                "runs /bin/sh -c, which does not pass CMD's arguments on; write the "
                'ENTRYPOINT in exec form (ENTRYPOINT ["program"])',
                fix=exec_form_fix(self, entrypoint),
            )
