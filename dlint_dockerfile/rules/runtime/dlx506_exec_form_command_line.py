"""DLX506: An exec-form program name holding a whole command line."""

from __future__ import annotations

import re

from dlint_dockerfile.edits.runtime import json_string, reparsed_exec_values
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.image_config import final_entrypoint
from dlint_dockerfile.rules.runtime._shared import WINDOWS_SHELLS, basename, json_list
from dlint_dockerfile.shell.script import SHELLS
from dlint_dockerfile.syntax import Instruction, JsonString

__all__ = ["ExecFormCommandLine"]


_DRIVE = re.compile(r"[A-Za-z]:[\\/]")
_SHELL_SYNTAX = frozenset("|&;<>()$`\\\"'*?[]{}~#")


class ExecFormCommandLine(Rule):
    """An exec-form program name holding a whole command line.

    ## What it does
    Reports the first element of an exec-form `RUN`, `CMD`, `ENTRYPOINT`, `HEALTHCHECK CMD`
    or `SHELL` when it contains spaces, like `CMD ["npm start"]`. A `CMD` is not checked
    when the stage has an ENTRYPOINT (then CMD's elements are arguments, which may hold
    spaces), nor are Windows stages, where Docker joins the elements into one command line.

    ## Why
    The exec form runs no shell: the first element is the program to execute, so
    `["npm start"]` looks for a program literally named `npm start`, and the container fails
    with `executable file not found`.

    ## Example
    ```dockerfile
    FROM node:22-slim
    CMD ["npm start"]
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-slim
    CMD ["npm", "start"]
    ```

    ## Fix safety
    Unsafe: the fix gives each word its own element (`["npm start"]` becomes `["npm", "start"]`,
    `[" node"]` becomes `["node"]`), and splits `"sh -c script"` into the shell, `-c` and
    the script. The container then runs a program it could not find before, so what it does
    changes; a SHELL fixed this way changes how every later shell-form instruction of the
    stage (and of the stages and images built on it) runs. A CMD whose base image has an
    ENTRYPOINT (dlint cannot see it) passes that ENTRYPOINT several arguments instead of
    one: right for an entrypoint that runs `exec "$@"`, wrong for one that runs
    `sh -c "$1"`. No fix is offered when the text holds shell syntax (quotes, `$`, operators,
    globs...): whether it should run through `sh -c` or be split differently is for the
    author to decide; the message suggests `sh -c`.
    """

    code = "DLX506"
    name = "exec-form-command-line"
    category = "runtime"
    severity = Severity.ERROR
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        self._check(instruction)

    def visit_cmd(self, instruction: Instruction) -> None:
        stage = self.model.stage_of(instruction)
        if stage is not None and final_entrypoint(stage) is not None:
            return
        self._check(instruction)

    def visit_entrypoint(self, instruction: Instruction) -> None:
        self._check(instruction)

    def visit_healthcheck(self, instruction: Instruction) -> None:
        self._check(instruction)

    def visit_shell(self, instruction: Instruction) -> None:
        self._check(instruction)

    def _check(self, instruction: Instruction) -> None:
        form = instruction.exec_form
        if form is None or not form.elements:
            return
        first = form.elements[0]
        value = first.value
        words = value.split()
        if not words or (len(words) == 1 and value == words[0]):
            return
        if "\\" in value or _DRIVE.match(value):
            return  # a Windows path
        if self.model.shell_at(instruction).name in WINDOWS_SHELLS:
            return
        rest = list(form.values[1:])
        if len(words) == 1:
            self.report(
                first,
                f'the program name "{value}" has leading or trailing spaces; exec form runs '
                f'no shell, so no program of that name exists: write "{words[0]}"',
                fix=self._fix(instruction, first, words),
            )
            return
        split: list[str] | None = None
        if len(words) > 2 and basename(words[0]) in SHELLS and words[1] == "-c":
            script = value.split("-c", 1)[1].strip()
            suggestion = [words[0], "-c", script, *rest]
            if not set(words[0]) & _SHELL_SYNTAX and not set(script) & set("'\""):
                split = [words[0], "-c", script]
        elif set(value) & _SHELL_SYNTAX:
            suggestion = ["/bin/sh", "-c", value, *rest]
        else:
            suggestion = [*words, *rest]
            split = words
        self.report(
            first,
            f'exec form runs no shell: this runs a program named "{value}", which does not '
            f"exist; give each word its own element: {json_list(suggestion)}",
            fix=self._fix(instruction, first, split),
        )

    def _fix(
        self, instruction: Instruction, first: JsonString, split: list[str] | None
    ) -> Fix | None:
        if split is None:
            return None
        start, end = self.model.index.span(first)
        edit = Edit(start, end, ", ".join(json_string(word) for word in split))
        form = instruction.exec_form
        assert form is not None
        expected = (*split, *form.values[1:])
        if reparsed_exec_values(self.model, instruction, [edit]) != expected:
            return None
        return Fix("give each word its own element", (edit,), Applicability.UNSAFE)
