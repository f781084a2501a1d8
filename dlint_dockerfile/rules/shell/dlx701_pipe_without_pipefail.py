"""DLX701 pipe-without-pipefail: a RUN pipes commands while pipefail is off."""

from __future__ import annotations

import re

from dlint_dockerfile.edits.shell import keyword_case, prefix_script
from dlint_dockerfile.edits.text import insert_lines_before, word_is_plain
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule, RuleContext
from dlint_dockerfile.model.base_family import base_family
from dlint_dockerfile.model.heredocs import heredoc_interpreter
from dlint_dockerfile.model.model import DockerfileModel, Stage
from dlint_dockerfile.model.run_commands import shell_script
from dlint_dockerfile.shell import Command, Script, ShellDialect, ShellWord
from dlint_dockerfile.shell.outline import script_start
from dlint_dockerfile.syntax import Instruction

__all__ = ["PipeWithoutPipefail"]


def _sets_pipefail(command: Command) -> bool:
    """``set -o pipefail``, ``set -euxo pipefail``, ``set -e -o pipefail``."""
    if command.basename != "set":
        return False
    args = command.args
    for i, word in enumerate(args[:-1]):
        value = word.value or ""
        short = value[:1] == "-" and value[1:2] not in ("-", "")
        if short and value.endswith("o") and args[i + 1].value == "pipefail":
            return True
    return False


class PipeWithoutPipefail(Rule):
    """A RUN pipes commands, but a failure before the last `|` does not fail the build.

    ## What it does
    Reports the first pipeline of a RUN when the stage's shell is a POSIX shell and pipefail
    is not on: neither the `SHELL` line (`-o pipefail`) nor a `set -o pipefail` earlier in
    the same RUN turns it on. With `/bin/sh` or `dash`, which may lack pipefail, the message
    suggests switching `SHELL` to bash.

    **Differences from hadolint.** hadolint (DL4006) ignores `set -o pipefail` inside the
    RUN; dlint accepts it, since the shell then does fail the pipeline. Pipes inside a `bash
    -c '...'` body run in a shell of their own and are not reported, as in hadolint.

    ## Why
    A pipeline's status is that of its last command: `curl -fsSL $URL | tar -xz` succeeds
    when the download fails, and the build goes on with a broken layer.

    ## Example
    ```dockerfile
    FROM debian:12
    RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    SHELL ["/bin/bash", "-o", "pipefail", "-c"]
    RUN curl -fsSL https://example.com/app.tgz | tar -xz -C /opt
    ```

    ## Fix safety
    Unsafe: with pipefail on, a pipeline whose first command is cut short fails the build
    (`yes | head -1`, a `grep -q` that stops reading early), and a new SHELL changes how
    every later RUN and shell-form CMD/ENTRYPOINT of the stage runs. The fix depends on the
    shell that runs the script:

    - a shell with pipefail (a `SHELL` of bash, zsh, ksh, mksh or ash; a `/bin/sh` that is
      bash or BusyBox ash: Fedora, CentOS, RHEL UBI, Rocky, Alma, Amazon and Oracle Linux,
      openSUSE, Arch, Alpine, BusyBox; a heredoc whose `#!` line or `RUN <<EOF bash` names
      such a shell): pipefail is turned on in this RUN only. A leading `set -eux` becomes
      `set -euxo pipefail`; otherwise `set -o pipefail && ` goes before the script (`; `
      when the script starts a background job, a line of its own at the top of a heredoc).
    - the default `/bin/sh` (dash) on Debian, Ubuntu and the official images built on them
      (bash is always installed there): `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` goes
      above the stage's first RUN that pipes, so the stage's later RUNs run in bash too
      (`echo` and other dash built-ins behave differently in bash). The SHELL is also
      recorded in the image: the stages built on the stage and the images built FROM it
      run their shell-form instructions (ONBUILD triggers too) in bash with pipefail,
      and so does Docker a shell-form HEALTHCHECK the base image gives. No such fix when
      the stage, or a stage built on it, has a shell-form HEALTHCHECK (wherever it is
      written, Docker runs it with the image's SHELL: a check such as
      `wget -qO- localhost | grep -q ok` could start failing).

    No fix is offered for an `ONBUILD` trigger (it runs in another build, with that build's
    SHELL), for an explicit `/bin/dash`, for a Debian or Ubuntu `/bin/sh` given options
    other than `-c`, for a heredoc run by a shell without pipefail, or when the base image
    is unknown (a variable, `scratch`, distroless, Windows, or an image dlint does not
    know).
    """

    code = "DLX701"
    name = "pipe-without-pipefail"
    aliases = ("DL4006",)
    category = "shell"
    # Official images pipe downloads under /bin/sh (dash has no pipefail): real but
    # rarely actionable there, so info by default; raise it with `severity:` in config.
    severity = Severity.INFO

    fix = "sometimes"

    def __init__(self, ctx: RuleContext) -> None:
        super().__init__(ctx)
        #: Per stage, the RUN a `SHELL` line goes before (the first one reported).
        self._shell_anchor: dict[int, Instruction] = {}

    def visit_run(self, instruction: Instruction) -> None:
        dialect = self.model.shell_at(instruction)
        if dialect.sets_pipefail:
            return
        script = shell_script(self.model, instruction)
        if script is None:
            return
        commands = script.commands
        for i, command in enumerate(commands):
            if _sets_pipefail(command):
                return
            if command.operator != "|" or i == 0:
                continue
            end = i
            while end + 1 < len(commands) and commands[end + 1].operator == "|":
                end += 1
            start = commands[i - 1].start
            if dialect.supports_pipefail:
                advice = (
                    "add `set -o pipefail &&` before it or "
                    f'`SHELL ["{dialect.argv[0]}", "-o", "pipefail", "-c"]`'
                )
            else:
                advice = 'use `SHELL ["/bin/bash", "-o", "pipefail", "-c"]` (`/bin/ash` on Alpine)'
            self.report(
                (start, commands[end].end),
                f"a failure before the last `|` is ignored because pipefail is off; {advice}",
                fix=self._fix(instruction, script, dialect),
            )
            return

    def _fix(self, instruction: Instruction, script: Script, dialect: ShellDialect) -> Fix | None:
        model = self.model
        if model.is_trigger(instruction):
            return None  # a trigger runs in another build, with that build's SHELL
        family = base_family(model, instruction)
        interpreter = heredoc_interpreter(model, instruction, script)
        if interpreter is not None:  # `#!/bin/bash` or `RUN <<EOF bash`: SHELL is not used
            dialect = ShellDialect((interpreter,))
            if dialect.name != "sh" and not dialect.supports_pipefail:
                return None
        plain_sh = dialect.name == "sh"
        if dialect.supports_pipefail or (plain_sh and family in _SH_WITH_PIPEFAIL):
            edit = _set_pipefail(model, instruction, script)
            if edit is None:
                return None
            return Fix("turn pipefail on in this RUN", (edit,), Applicability.UNSAFE)
        if dialect.argv == ("/bin/sh", "-c") and family == "debian":
            stage = model.stage_of(instruction)
            if stage is None or _shell_healthcheck(model, stage):
                return None
            key = stage.index
            anchor = self._shell_anchor.setdefault(key, instruction)
            shell = keyword_case(anchor, "SHELL") + ' ["/bin/bash", "-o", "pipefail", "-c"]'
            return Fix(
                "run the stage's shell commands with bash -o pipefail",
                (insert_lines_before(model, anchor, [shell]),),
                Applicability.UNSAFE,
            )
        return None


def _shell_healthcheck(model: DockerfileModel, stage: Stage) -> bool:
    """Whether the image of ``stage``, or of a stage built on it, has a shell-form
    HEALTHCHECK (an ONBUILD one too): Docker runs it with the image's SHELL."""
    for item in model.instructions:
        target = item.inner or item
        if target.name != "HEALTHCHECK" or target.shell_form is None:
            continue
        own = model.stage_of(item)
        while own is not None and own is not stage:
            own = own.parent
        if own is stage:
            return True
    return False


#: Base families whose /bin/sh has `set -o pipefail` (bash, BusyBox ash).
_SH_WITH_PIPEFAIL = frozenset({"rpm", "arch", "alpine", "busybox"})
_SHORT_FLAGS = re.compile(r"-[A-Za-z]+")
_OPTION_NAME = re.compile(r"[a-z]+")


def _set_pipefail(model: DockerfileModel, instruction: Instruction, script: Script) -> Edit | None:
    """``set -eux`` at the start of the script becomes ``set -euxo pipefail``; any other
    script gets ``set -o pipefail && `` (a line of its own in a heredoc)."""
    at = script_start(script)
    first = script.commands[0] if script.commands else None
    if first is not None and first.text_start == at and not first.context:
        extended = _extend_set(first)
        if extended is not None:
            return extended
    # `set -o pipefail && a | b & c` would set it in the background job only
    background = any(c.operator == "&" for c in script.commands)
    background = background or script.source.text.rstrip().endswith("&")
    separator = "; " if background else " && "
    return prefix_script(model, instruction, script, "set -o pipefail", separator)


def _value_at(words: tuple[ShellWord, ...], i: int) -> str:
    return (words[i].value or "") if i < len(words) else ""


def _extend_set(command: Command) -> Edit | None:
    """``set -e`` → ``set -eo pipefail``, ``set -o errexit`` → ``... -o pipefail``."""
    if command.name_value != "set" or command.assignments or command.redirects:
        return None
    args = command.args
    i = 0
    while i < len(args):
        value = args[i].value or ""
        if _SHORT_FLAGS.fullmatch(value) and "o" not in value:
            i += 1
        elif value == "-o" and _OPTION_NAME.fullmatch(_value_at(args, i + 1)):
            i += 2
        else:
            return None
    if not args or not word_is_plain(command, args[-1]):
        return None
    last = args[-1]
    suffix = "o pipefail" if len(args) == 1 else " -o pipefail"
    return Edit(last.end, last.end, suffix)
