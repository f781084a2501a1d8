"""DLX507: A `$VAR` in exec form is not expanded."""

from __future__ import annotations

from dlint_dockerfile.lint.diagnostic import Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.image_config import final_entrypoint, referenced_names
from dlint_dockerfile.rules.runtime._shared import WINDOWS_SHELLS, basename
from dlint_dockerfile.shell.script import SHELLS
from dlint_dockerfile.syntax import Instruction, JsonString

__all__ = ["ExecFormVariable"]


#: Programs with their own ``$`` syntax in their arguments (scripts, not variables).
_OWN_DOLLAR_SYNTAX = frozenset(
    {"awk", "gawk", "mawk", "nawk", "sed", "jq", "yq", "pwsh", "powershell", "cmd", "envsubst"}
)
#: Options after which an interpreter takes a script as the next argument.
_SCRIPT_OPTIONS = frozenset({"-c", "-e", "-E", "-r", "--eval", "--command", "-Command"})


class ExecFormVariable(Rule):
    """A `$VAR` in exec form is not expanded.

    ## What it does
    Reports exec-form elements of `RUN`, `CMD`, `ENTRYPOINT` and `HEALTHCHECK CMD` that
    reference a variable (`$NAME`, `${NAME}`), except the script of a shell run with `-c`
    (`["sh", "-c", "echo $HOME"]`), the script after an interpreter's `-c`/`-e` option, and
    the arguments of programs with their own `$` syntax (awk, sed, jq, PowerShell...).
    For a CMD, the stage's exec-form ENTRYPOINT is taken into account:
    `ENTRYPOINT ["sh", "-c"]` makes the CMD a shell script.

    ## Why
    Neither BuildKit nor the container runtime expands variables in exec form: no shell
    runs, so the program receives the text `$HOME` literally.

    ## Example
    ```dockerfile
    FROM python:3.13-slim
    ENV PORT=8000
    CMD ["gunicorn", "--bind", "0.0.0.0:$PORT", "app:app"]
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.13-slim
    ENV PORT=8000
    CMD ["sh", "-c", "exec gunicorn --bind 0.0.0.0:$PORT app:app"]
    ```

    ## Fix safety
    No automatic fix: expanding the variable takes a shell, either the shell form or
    `["sh", "-c", "exec ..."]`, which changes quoting and fails in images without a shell
    (distroless, scratch); and whether the value should come from the build (ARG) or from
    the container's environment is the author's choice.
    """

    code = "DLX507"
    name = "exec-form-variable"
    category = "runtime"
    severity = Severity.WARNING

    def visit_run(self, instruction: Instruction) -> None:
        self._check(instruction, ())

    def visit_cmd(self, instruction: Instruction) -> None:
        prefix: tuple[str, ...] = ()
        stage = self.model.stage_of(instruction)
        entrypoint = final_entrypoint(stage) if stage is not None else None
        if entrypoint is not None:
            if entrypoint.exec_form is None:
                return  # a shell-form ENTRYPOINT ignores CMD (DLX505)
            prefix = entrypoint.exec_form.values
        self._check(instruction, prefix)

    def visit_entrypoint(self, instruction: Instruction) -> None:
        self._check(instruction, ())

    def visit_healthcheck(self, instruction: Instruction) -> None:
        self._check(instruction, ())

    def _check(self, instruction: Instruction, prefix: tuple[str, ...]) -> None:
        form = instruction.exec_form
        if form is None or not form.elements:
            return
        if self.model.shell_at(instruction).name in WINDOWS_SHELLS:
            return
        elements: list[JsonString | None] = [None] * len(prefix) + list(form.elements)
        argv = [*prefix, *form.values]
        exempt = _expanding_positions(argv)
        for position, element in enumerate(elements):
            if element is None or position in exempt:
                continue
            names = sorted(n for n in referenced_names(element.value) if _is_identifier(n))
            if not names:
                continue
            shown = ", ".join(f"${name}" for name in names)
            verb = "is" if len(names) == 1 else "are"
            self.report(
                element,
                f"{shown} {verb} not expanded: exec form runs no shell, so the program "
                "receives the text literally; use the shell form or "
                '["sh", "-c", "..."] to expand it',
            )


def _is_identifier(name: str) -> bool:
    return bool(name) and (name[0].isalpha() or name[0] == "_")


def _expanding_positions(argv: list[str]) -> set[int]:
    """Indexes of the elements some program expands itself (a ``sh -c`` script...)."""
    exempt: set[int] = set()
    shell = False
    for position, word in enumerate(argv):
        base = basename(word)
        if base in _OWN_DOLLAR_SYNTAX:
            exempt.update(range(position + 1, len(argv)))
            break
        if base in SHELLS:
            shell = True
            continue
        if word.startswith("-") and not word.startswith("--"):
            if (shell and "c" in word[1:]) or word in _SCRIPT_OPTIONS:
                exempt.add(position + 1)
                shell = False
        elif word in _SCRIPT_OPTIONS:
            exempt.add(position + 1)
    return exempt
