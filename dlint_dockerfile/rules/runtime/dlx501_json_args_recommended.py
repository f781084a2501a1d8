"""DLX501: CMD and ENTRYPOINT should use the exec form (a JSON array)."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.image_config import shell_set_before
from dlint_dockerfile.rules.runtime._shared import exec_form_fix, json_attempt, json_list
from dlint_dockerfile.syntax import Instruction

__all__ = ["JsonArgsRecommended"]


class JsonArgsRecommended(Rule):
    """CMD and ENTRYPOINT should use the exec form (a JSON array).

    ## What it does
    Reports `CMD` and `ENTRYPOINT` written in shell form, like BuildKit's
    `JSONArgsRecommended` check: not when a `SHELL` instruction is in force (in the stage or
    a stage it is built on), which says the shell form is a deliberate choice. When the
    command is one simple command the message gives its exec form.

    A line that looks like a JSON array but is not valid JSON (`CMD ['a', 'b']`) is
    reported by `not-json-exec-form` (DLX508) instead, with the exact problem.

    Differences from hadolint: hadolint's DL3025 also fires after a `SHELL` instruction, on
    invalid JSON arrays (reported here by DLX508) and on a shell-form `HEALTHCHECK CMD`
    (a short-lived check process, where the PID 1 signal problem does not arise; BuildKit
    does not report it either), and does not look inside `ONBUILD`: dlint reports a
    shell-form `ONBUILD CMD`, since every child image gets that CMD.

    ## Why
    In shell form the image runs `/bin/sh -c "your command"`: the shell is PID 1 and does
    not pass `SIGTERM` on, so `docker stop` waits for its timeout and kills your program
    without a clean shutdown. A shell-form ENTRYPOINT also ignores CMD and the arguments of
    `docker run`.

    ## Example
    ```dockerfile
    FROM nginx:1.27
    CMD nginx -g "daemon off;"
    ```

    ## Use instead
    ```dockerfile
    FROM nginx:1.27
    CMD ["nginx", "-g", "daemon off;"]
    ```

    ## Fix safety
    Unsafe: the fix rewrites a command of plain words in exec form, word by word
    (`CMD nginx -g "daemon off;"` becomes `CMD ["nginx", "-g", "daemon off;"]`; a leading
    `exec` goes; continuation lines and the comment lines between them stay). The program
    then runs without a shell: it becomes PID 1 and receives the signals, the environment
    is no longer prepared by `sh`, and a shell-form ENTRYPOINT starts receiving CMD's and
    `docker run`'s arguments. A CMD under an ENTRYPOINT (the stage's, one it inherits
    from a stage it is built on, or the base image's) passes its words to that
    ENTRYPOINT instead of `/bin/sh`, `-c` and the command line, and the ENTRYPOINT stays
    PID 1. Words may be quoted only when the quotes expand nothing. No
    fix is offered when the command uses anything the shell interprets: variables, globs,
    `~`, operators, redirections, backslashes, command substitution, assignments or a
    comment; nor when the program name holds spaces, the instruction has flags, or the
    stage's shell is not a POSIX shell.
    """

    code = "DLX501"
    name = "json-args-recommended"
    aliases = ("DL3025", "JSONArgsRecommended")
    category = "runtime"
    severity = Severity.WARNING
    fix = "sometimes"

    def visit_cmd(self, instruction: Instruction) -> None:
        self._check(instruction)

    def visit_entrypoint(self, instruction: Instruction) -> None:
        self._check(instruction)

    def _check(self, instruction: Instruction) -> None:
        form = instruction.shell_form
        if form is None or json_attempt(form.value) is not None:
            return
        if shell_set_before(self.model, instruction):
            return
        name = instruction.name
        words = self._simple_words(instruction)
        if words and words[0] == "exec" and len(words) > 1:
            message = (
                f"use the exec form: {name} {json_list(words[1:])} runs the same program "
                "without a shell"
            )
        else:
            shell = self.model.shell_at(instruction)
            argv = " ".join(shell.argv)
            message = f"use the exec form (a JSON array) for {name}: in shell form it runs as "
            if shell.is_posix:
                message += (
                    f'{argv} "...", so the shell is PID 1 and does not pass SIGTERM on to '
                    "your program"
                )
            else:
                message += f'{argv} "...", an extra process between Docker and your program'
            if words:
                message += f"; write {name} {json_list(words)}"
        start = self.model.index.body_start(instruction)
        self.report(
            (start, self.model.index.span(form)[1]),
            message,
            fix=exec_form_fix(self, instruction),
        )

    def _simple_words(self, instruction: Instruction) -> list[str] | None:
        """The words of a one-command script without shell features, else None."""
        script = self.model.script(instruction)
        if script is None or not script.ok or len(script.commands) != 1:
            return None
        command = script.commands[0]
        if command.context or command.redirects or command.assignments or command.operator:
            return None
        text = script.source.text
        if text[command.text_start : command.text_end].strip() != text.strip():
            return None
        values = [word.value for word in command.words]
        if any(value is None for value in values):
            return None
        words = [value for value in values if value is not None]
        if any(set(word) & set("*?[") or word.startswith("~") for word in words):
            return None  # a glob or a home directory the shell would expand
        return words
