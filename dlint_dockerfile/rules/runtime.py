"""Runtime family (DLX5xx): CMD, ENTRYPOINT and HEALTHCHECK, how the container starts."""

from __future__ import annotations

import json
import re
from itertools import pairwise
from typing import ClassVar

from dlint_dockerfile.fixers.edits import insert_lines_before
from dlint_dockerfile.fixers.runtime import (
    delete_dead_instruction,
    exec_form_edits,
    json_string,
    repair_json_array,
    reparsed_exec_values,
)
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.image_config import (
    final_cmd,
    final_entrypoint,
    instruction_span,
    line_of,
    referenced_names,
    shell_set_before,
    shipped_stages,
)
from dlint_dockerfile.shell.script import SHELLS
from dlint_dockerfile.syntax import (
    ErrorInstruction,
    Instruction,
    JsonString,
    KeyValue,
    Node,
    Text,
    Trivia,
    Word,
)

__all__ = [
    "DebianFrontendInEnv",
    "ExecFormCommandLine",
    "ExecFormVariable",
    "JsonArgsRecommended",
    "MultipleCmd",
    "MultipleEntrypoint",
    "MultipleHealthcheck",
    "NotJsonExecForm",
    "ShellEntrypointIgnoresCmd",
]

#: Shells of Windows images: there exec-form arguments are joined into one command line.
_WINDOWS_SHELLS = frozenset({"cmd", "powershell", "pwsh"})
#: Programs with their own ``$`` syntax in their arguments (scripts, not variables).
_OWN_DOLLAR_SYNTAX = frozenset(
    {"awk", "gawk", "mawk", "nawk", "sed", "jq", "yq", "pwsh", "powershell", "cmd", "envsubst"}
)
#: Options after which an interpreter takes a script as the next argument.
_SCRIPT_OPTIONS = frozenset({"-c", "-e", "-E", "-r", "--eval", "--command", "-Command"})
_DRIVE = re.compile(r"[A-Za-z]:[\\/]")
_SHELL_SYNTAX = frozenset("|&;<>()$`\\\"'*?[]{}~#")


def _basename(word: str) -> str:
    return word.replace("\\", "/").rsplit("/", 1)[-1].lower().removesuffix(".exe")


def _json_list(values: list[str]) -> str:
    return "[" + ", ".join(json_string(v) for v in values) + "]"


def _exec_form_fix(rule: Rule, instruction: Instruction) -> Fix | None:
    """The unsafe fix rewriting a shell-form CMD/ENTRYPOINT into exec form."""
    edits = exec_form_edits(rule.model, instruction)
    if edits is None:
        return None
    return Fix(f"rewrite {instruction.name} in exec form (no shell)", edits, Applicability.UNSAFE)


# --------------------------------------------------------------------------- DLX501


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
        if form is None or _json_attempt(form.value) is not None:
            return
        if shell_set_before(self.model, instruction):
            return
        name = instruction.name
        words = self._simple_words(instruction)
        if words and words[0] == "exec" and len(words) > 1:
            message = (
                f"use the exec form: {name} {_json_list(words[1:])} runs the same program "
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
                message += f"; write {name} {_json_list(words)}"
        start = self.model.index.body_start(instruction)
        self.report(
            (start, self.model.index.span(form)[1]),
            message,
            fix=_exec_form_fix(self, instruction),
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


# --------------------------------------------------------------------- DLX502-504


class _OnlyLastTakesEffect(Rule):
    """Reports every instruction of one kind in a stage but the last."""

    kind: ClassVar[str] = ""

    def finish(self) -> None:
        for stage in self.model.stages:
            found = [
                i
                for i in stage.instructions
                if i.name == self.kind and not isinstance(i, ErrorInstruction)
            ]
            if len(found) < 2:
                continue
            last = line_of(self.model, found[-1])
            for instruction in found[:-1]:
                self.report(
                    instruction_span(self.model, instruction),
                    f"only the last {self.kind} of a stage takes effect (line {last}): this "
                    "one is overridden; remove it",
                    fix=Fix(
                        f"remove the overridden {self.kind}",
                        delete_dead_instruction(self.model, instruction),
                    ),
                )


class MultipleCmd(_OnlyLastTakesEffect):
    """Only the last CMD of a stage takes effect.

    ## What it does
    Reports every `CMD` of a stage except the last one. `ONBUILD CMD` triggers are not
    counted: they run in child images.

    Differences from hadolint: hadolint's DL4003 reports the second and later CMDs; dlint,
    like BuildKit's `MultipleInstructionsDisallowed`, reports the ones that are overridden,
    that is every CMD but the last.

    ## Why
    Each CMD replaces the previous one, so the earlier ones are dead code that suggests
    they run (they do not: CMD is not RUN).

    ## Example
    ```dockerfile
    FROM python:3.13-slim
    CMD ["python", "manage.py", "migrate"]
    CMD ["gunicorn", "app:app"]
    ```

    ## Use instead
    ```dockerfile
    FROM python:3.13-slim
    RUN python manage.py collectstatic --noinput
    CMD ["gunicorn", "app:app"]
    ```

    ## Fix safety
    Safe: the fix deletes the overridden CMD (all its lines), which does not change
    the image. Comment lines right above it go too when they describe it alone (the next
    line is blank, a comment or the end of the file); a comment heading a block of
    instructions with no blank line between them stays, since it may describe the others.
    Suppression comments for the deleted lines always go, file-wide ones always stay.
    """

    code = "DLX502"
    name = "multiple-cmd"
    aliases = ("DL4003", "MultipleInstructionsDisallowed")
    category = "runtime"
    severity = Severity.WARNING
    kind = "CMD"
    fix = "always"


class MultipleEntrypoint(_OnlyLastTakesEffect):
    """Only the last ENTRYPOINT of a stage takes effect.

    ## What it does
    Reports every `ENTRYPOINT` of a stage except the last one (`ONBUILD` triggers are not
    counted).

    Differences from hadolint: hadolint's DL4004 reports the second and later ENTRYPOINTs,
    as errors; dlint, like BuildKit's `MultipleInstructionsDisallowed`, reports the
    overridden ones, as warnings: the image builds and runs the last ENTRYPOINT.

    ## Why
    Each ENTRYPOINT replaces the previous one; the earlier ones have no effect.

    ## Example
    ```dockerfile
    FROM alpine:3.20
    ENTRYPOINT ["/bin/setup.sh"]
    ENTRYPOINT ["/usr/bin/app"]
    ```

    ## Use instead
    ```dockerfile
    FROM alpine:3.20
    ENTRYPOINT ["/usr/bin/app"]
    ```

    ## Fix safety
    Safe: the fix deletes the overridden ENTRYPOINT (all its lines), which does not change
    the image. Comment lines right above it go too when they describe it alone (the next
    line is blank, a comment or the end of the file); a comment heading a block of
    instructions with no blank line between them stays, since it may describe the others.
    Suppression comments for the deleted lines always go, file-wide ones always stay.
    """

    code = "DLX503"
    name = "multiple-entrypoint"
    aliases = ("DL4004", "MultipleInstructionsDisallowed")
    category = "runtime"
    severity = Severity.WARNING
    kind = "ENTRYPOINT"
    fix = "always"


class MultipleHealthcheck(_OnlyLastTakesEffect):
    """Only the last HEALTHCHECK of a stage takes effect.

    ## What it does
    Reports every `HEALTHCHECK` of a stage except the last one, `HEALTHCHECK NONE`
    included (`ONBUILD` triggers are not counted).

    Differences from hadolint: hadolint's DL3012 reports the second and later HEALTHCHECKs,
    as errors; dlint, like BuildKit's `MultipleInstructionsDisallowed`, reports the
    overridden ones, as warnings.

    ## Why
    A container has one health check: each HEALTHCHECK replaces the previous one.

    ## Example
    ```dockerfile
    FROM nginx:1.27
    HEALTHCHECK CMD curl -f http://localhost/ || exit 1
    HEALTHCHECK --interval=10s CMD curl -f http://localhost/health || exit 1
    ```

    ## Use instead
    ```dockerfile
    FROM nginx:1.27
    HEALTHCHECK --interval=10s CMD curl -f http://localhost/health || exit 1
    ```

    ## Fix safety
    Safe: the fix deletes the overridden HEALTHCHECK (all its lines), which does not change
    the image. Comment lines right above it go too when they describe it alone (the next
    line is blank, a comment or the end of the file); a comment heading a block of
    instructions with no blank line between them stays, since it may describe the others.
    Suppression comments for the deleted lines always go, file-wide ones always stay.
    """

    code = "DLX504"
    name = "multiple-healthcheck"
    aliases = ("DL3012", "MultipleInstructionsDisallowed")
    category = "runtime"
    severity = Severity.WARNING
    kind = "HEALTHCHECK"
    fix = "always"


# --------------------------------------------------------------------------- DLX505


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
                fix=_exec_form_fix(self, entrypoint),
            )


# --------------------------------------------------------------------------- DLX506


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
        if self.model.shell_at(instruction).name in _WINDOWS_SHELLS:
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
        if len(words) > 2 and _basename(words[0]) in SHELLS and words[1] == "-c":
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
            f"exist; give each word its own element: {_json_list(suggestion)}",
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


# --------------------------------------------------------------------------- DLX507


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
        if self.model.shell_at(instruction).name in _WINDOWS_SHELLS:
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
        base = _basename(word)
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


# --------------------------------------------------------------------------- DLX508


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
        attempt = _json_attempt(form.value, run=instruction.name == "RUN")
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
            f"shell command instead; write {keyword} {_json_list(values)}",
            fix=fix,
        )


def _json_attempt(text: str, *, run: bool = False) -> tuple[str, list[str]] | None:
    """``(problem, values)`` when ``text`` is a failed attempt at a JSON string array.

    For RUN (``run``), text that could be a shell test (``[ "$x" ] && ...``) is not one.
    """
    stripped = text.strip()
    if not stripped.startswith("["):
        return None
    try:
        array, end = json.JSONDecoder().raw_decode(stripped)
    except json.JSONDecodeError:
        pass
    else:
        extra = stripped[end:].strip()
        # in a RUN, one string could be a shell test: `[ "$x" ] && ...`
        if isinstance(array, list) and len(array) > (1 if run else 0) and extra:
            if not all(isinstance(v, str) for v in array):
                return None
            if extra.startswith("#"):
                return "a comment cannot follow it on the same line", array
            return f"text after the closing bracket: {extra!r}", array
        return None
    if len(stripped) < 2 or stripped[-1] != "]":
        return None
    inner = stripped[1:-1]
    tokens: list[str] = []  # "'", '"' or ","
    values: list[str] = []
    i = 0
    while i < len(inner):
        ch = inner[i]
        if ch.isspace():
            i += 1
        elif ch == ",":
            tokens.append(",")
            i += 1
        elif ch in "\"'":
            end = i + 1
            while end < len(inner) and inner[end] != ch:
                end += 2 if inner[end] == "\\" else 1
            if end >= len(inner):
                return None
            raw = inner[i + 1 : end]
            values.append(_decode(raw) if ch == '"' else raw)
            tokens.append(ch)
            i = end + 1
        else:
            return None  # a bare word: a shell command such as `[ -f x ]`
    if not values or (run and "," not in tokens and "'" not in tokens):
        return None
    if "'" in tokens:
        problem = "JSON strings need double quotes"
    elif tokens[-1] == ",":
        problem = "trailing comma"
    elif tokens[0] == "," or any(a == b == "," for a, b in pairwise(tokens)):
        problem = "missing element between commas"
    elif any(a != "," and b != "," for a, b in pairwise(tokens)):
        problem = "missing comma between elements"
    else:
        try:
            json.loads(stripped)
        except json.JSONDecodeError as exc:
            problem = f"invalid JSON: {exc.msg.lower()}"
        else:  # pragma: no cover - valid JSON is parsed as exec form
            return None
    return problem, values


def _decode(raw: str) -> str:
    try:
        value = json.loads(f'"{raw}"')
    except ValueError:
        return raw
    return value if isinstance(value, str) else raw


# --------------------------------------------------------------------------- DLX509


class DebianFrontendInEnv(Rule):
    """`ENV DEBIAN_FRONTEND=noninteractive` persists into the running container.

    ## What it does
    Reports an `ENV` that sets `DEBIAN_FRONTEND` to `noninteractive` (also in the legacy
    `ENV DEBIAN_FRONTEND noninteractive` form, as one of several keys, or through a
    variable whose value is known) when the value reaches the final image: in the final
    stage or a stage it is built `FROM`, and not reset by a later `ENV`. An `ONBUILD ENV`
    in those stages is reported too, since it persists in every child image. Builder
    stages are not reported: their environment does not ship.

    ## Why
    The variable is only meant to keep `apt-get` and debconf quiet during the build. As an
    `ENV` it stays in the image's configuration: every `docker exec` or `docker run -it`
    session gets it, so a person installing a package by hand gets no prompts and silently
    takes the defaults. Docker's documentation discourages it. An `ARG` is in the
    environment of the build's `RUN` instructions only; a prefix sets it for one command.

    ## Example
    ```dockerfile
    FROM debian:12
    ENV DEBIAN_FRONTEND=noninteractive
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    ARG DEBIAN_FRONTEND=noninteractive
    RUN apt-get update && apt-get install -y --no-install-recommends curl
    ```

    ## Fix safety
    Unsafe: an `ENV` with `DEBIAN_FRONTEND` as its only key becomes an `ARG` with the same
    value (the legacy form is written `ARG DEBIAN_FRONTEND=value`); with other keys, the
    `DEBIAN_FRONTEND` pair leaves the `ENV` and an `ARG` line is added above it. The `RUN`
    instructions of the same stage still see the variable, but the container no longer
    does: a start script that reads `$DEBIAN_FRONTEND` at run time sees it unset. No fix is
    offered when a later stage of the file is built `FROM` the reported one (an `ARG`
    does not carry over into it), for a legacy value with spaces or quotes, or when
    removing the pair would drop a comment line of the continuation.
    """

    code = "DLX509"
    name = "debian-frontend-in-env"
    category = "runtime"
    severity = Severity.WARNING
    fix = "sometimes"

    _KEY = "DEBIAN_FRONTEND"

    def finish(self) -> None:
        stages = shipped_stages(self.model)
        last: tuple[Instruction, Node, str] | None = None
        for stage in reversed(stages):
            for instruction in stage.instructions:
                if instruction.name == "ONBUILD":
                    inner = instruction.inner
                    found = self._setting(inner) if inner is not None else None
                    if inner is not None and found is not None and self._noninteractive(found):
                        self._report(inner, found)
                    continue
                if instruction.name == "ENV":
                    found = self._setting(instruction)
                    if found is not None:
                        last = (instruction, *found)
        if last is not None and self._noninteractive(last[1:]):
            self._report(last[0], last[1:])

    def _setting(self, instruction: Instruction) -> tuple[Node, str] | None:
        """The node that sets DEBIAN_FRONTEND in an ENV and its expanded value."""
        if instruction.name != "ENV":
            return None
        args = instruction.arguments
        if any(isinstance(a, Text) for a in args):
            words = [a for a in args if isinstance(a, (Word, Text))]
            if len(words) == 2 and words[0].value == self._KEY:
                return words[0], self.model.expand(words[1].value, instruction).text
            return None
        found: tuple[Node, str] | None = None
        for pair in args:
            if isinstance(pair, KeyValue) and pair.key == self._KEY:
                found = pair, self.model.expand(pair.value, instruction).text
        return found

    @staticmethod
    def _noninteractive(found: tuple[Node, str]) -> bool:
        return found[1].strip().lower() == "noninteractive"

    def _report(self, instruction: Instruction, found: tuple[Node, str]) -> None:
        node, _ = found
        self.report(
            node,
            "ENV DEBIAN_FRONTEND=noninteractive stays set in the running container; use "
            "ARG DEBIAN_FRONTEND=noninteractive (build time only) or prefix the apt-get "
            "command with it",
            fix=self._fix(instruction, node),
        )

    def _fix(self, instruction: Instruction, node: Node) -> Fix | None:
        model = self.model
        stage = model.stage_of(instruction)
        if stage is None or any(s.parent is stage for s in model.stages):
            return None
        keyword = "arg" if instruction.keyword.raw.islower() else "ARG"
        pairs = [a for a in instruction.arguments if isinstance(a, KeyValue)]
        title = "set DEBIAN_FRONTEND with ARG (build time only)"
        if not isinstance(node, KeyValue):
            text = next((a for a in instruction.arguments if isinstance(a, Text)), None)
            if text is None or any(c in text.raw for c in " \t'\"\\"):
                return None
            start = model.index.span(instruction.keyword)[0]
            end = model.index.span(text)[1]
            return Fix(
                title,
                (Edit(start, end, f"{keyword} {self._KEY}={text.raw}"),),
                Applicability.UNSAFE,
            )
        if len(pairs) == 1:
            edit = Edit(*model.index.span(instruction.keyword), keyword)
            return Fix(title, (edit,), Applicability.UNSAFE)
        removal = self._pair_removal(instruction, node)
        if removal is None:
            return None
        outer = model.outer(instruction)
        line = f"{keyword} {node.raw}"
        if outer is not instruction:
            line = f"{outer.keyword.raw} {line}"
        insert = insert_lines_before(model, outer, [line])
        return Fix(title, (insert, removal), Applicability.UNSAFE)

    def _pair_removal(self, instruction: Instruction, pair: KeyValue) -> Edit | None:
        """Remove one pair of a multi-key ENV with the space that separates it."""
        parts = instruction.parts
        at = next(i for i, p in enumerate(parts) if p is pair)
        index = self.model.index
        if at + 1 < len(parts) and isinstance(parts[at + 1], Trivia) and at + 2 < len(parts):
            gap = parts[at + 1]
            start = index.span(pair)[0]
            end = index.span(gap)[1]
        else:
            gap = parts[at - 1]
            start = index.span(gap)[0]
            end = index.span(pair)[1]
        if "#" in gap.code:
            return None
        return Edit(start, end, "")


RUNTIME_RULES: tuple[type[Rule], ...] = (
    JsonArgsRecommended,
    MultipleCmd,
    MultipleEntrypoint,
    MultipleHealthcheck,
    ShellEntrypointIgnoresCmd,
    ExecFormCommandLine,
    ExecFormVariable,
    NotJsonExecForm,
    DebianFrontendInEnv,
)
