"""DLX508: A JSON array that is not valid JSON runs as a shell command."""

from __future__ import annotations

from dlint_dockerfile.edits.runtime import repair_json_array
from dlint_dockerfile.lint.diagnostic import Applicability, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.rules.runtime._shared import json_attempt, json_list
from dlint_dockerfile.syntax import Instruction

__all__ = ["NotJsonExecForm"]


class NotJsonExecForm(Rule):
    """A JSON array that is not valid JSON runs as a shell command.

    ## What it does
    Reports `RUN`, `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` arguments written like an
    exec-form array that is not valid JSON: single quotes (`CMD ['npm', 'start']`), a
    missing or trailing comma, a comment after the closing bracket. In a RUN, text that can
    be a shell test (`RUN [ "$A" = b ]`, `RUN [ "$x" ] && ...`) is left alone.

    ## Why
    BuildKit falls back to the shell form when the JSON does not parse, without a
    warning: `CMD ['npm', 'start']` runs `/bin/sh -c "['npm', 'start']"`, which fails with
    `[npm,: not found` when the container starts.

    ## Example
    ```dockerfile
    FROM node:22-slim
    CMD ['npm', 'start']
    ```

    ## Use instead
    ```dockerfile
    FROM node:22-slim
    CMD ["npm", "start"]
    ```

    ## Fix safety
    Unsafe: the fix repairs the array token by token (double quotes for single-quoted
    strings, commas added or removed; continuation lines and their comment lines stay) and
    moves a comment that follows the array to a line of its own above the instruction. The
    instruction then runs in exec form, without the shell it ran (and failed) in before:
    `$VAR` in it is no longer expanded. No fix is offered for text after the array that is
    not a comment, for a single-quoted string holding a backslash, or for a double-quoted
    string that is not valid JSON.
    """

    code = "DLX508"
    name = "not-json-exec-form"
    category = "runtime"
    severity = Severity.ERROR
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        self._check(instruction)

    def visit_cmd(self, instruction: Instruction) -> None:
        self._check(instruction)

    def visit_entrypoint(self, instruction: Instruction) -> None:
        self._check(instruction)

    def visit_healthcheck(self, instruction: Instruction) -> None:
        self._check(instruction)

    def _check(self, instruction: Instruction) -> None:
        form = instruction.shell_form
        if form is None:
            return
        attempt = json_attempt(form.value, run=instruction.name == "RUN")
        if attempt is None:
            return
        problem, values = attempt
        keyword = "HEALTHCHECK CMD" if instruction.name == "HEALTHCHECK" else instruction.name
        edits = repair_json_array(self.model, instruction, values)
        fix = (
            Fix("rewrite as a JSON array", edits, Applicability.UNSAFE)
            if edits is not None
            else None
        )
        self.report(
            form,
            f"not a valid JSON array ({problem}): BuildKit silently runs this text as a "
            f"shell command instead; write {keyword} {json_list(values)}",
            fix=fix,
        )
