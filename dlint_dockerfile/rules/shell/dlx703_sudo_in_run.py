"""DLX703 sudo-in-run: a RUN uses `sudo`."""

from __future__ import annotations

from dlint_dockerfile.edits.text import word_is_plain
from dlint_dockerfile.lint.diagnostic import Applicability, Edit, Fix, Severity
from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.base_family import base_family
from dlint_dockerfile.model.run_commands import shell_script
from dlint_dockerfile.rules.shell._shared import name_span
from dlint_dockerfile.shell import Command
from dlint_dockerfile.syntax import Instruction

__all__ = ["SudoInRun"]


class SudoInRun(Rule):
    """A RUN uses `sudo`; the build runs as the current USER and `sudo` only hides that.

    ## What it does
    Reports every `sudo` command in a RUN (also inside `sh -c` bodies).

    ## Why
    `sudo` needs to be installed and configured, may prompt or behave differently by TTY, and
    makes it unclear which user a step runs as. Switch with `USER root` for the steps that
    need it, and use `gosu`/`su-exec` at run time.

    ## Example
    ```dockerfile
    FROM debian:12
    USER app
    RUN sudo apt-get update
    ```

    ## Use instead
    ```dockerfile
    FROM debian:12
    RUN apt-get update
    USER app
    ```

    ## Fix safety
    Unsafe: the fix removes `sudo` and its options (`-n`, `-E`, `-H`, `-u root`), leaving
    the command. It does so only when the RUN runs as root: after a `USER root`, or with
    no USER and a base image dlint knows (Debian, Ubuntu, Alpine, Fedora and the like,
    and the official images built on them, which run as root). The command still sees a
    different environment: sudo resets it and PATH, the plain command keeps the build's.
    No fix is offered after a USER that names another user (sudo is how the RUN gets
    root there: move the step above the USER instead), with no USER on an unknown base
    image (images that ship sudo often run as another user), for other sudo options
    (`-u app`, `-i`, `-s`...), for `sudo VAR=value cmd`, or inside an `sh -c` body.
    """

    code = "DLX703"
    name = "sudo-in-run"
    aliases = ("DL3004",)
    category = "shell"
    severity = Severity.ERROR
    fix = "sometimes"

    def visit_run(self, instruction: Instruction) -> None:
        script = shell_script(self.model, instruction)
        if script is None:
            return
        for command in script.all_commands():
            if command.basename == "sudo":
                self.report(
                    name_span(command),
                    "do not use `sudo`; switch with USER instead",
                    fix=self._fix(instruction, command),
                )

    def _fix(self, instruction: Instruction, command: Command) -> Fix | None:
        """``sudo [-n|-E|-H|-u root] cmd`` → ``cmd``."""
        model = self.model
        user = model.user_at(instruction)
        if user is None and base_family(model, instruction) is None:
            return None  # images that ship sudo often run as another user by default
        if user is not None and user.partition(":")[0] not in _ROOT:
            return None  # sudo is how this RUN gets root: without it the command fails
        positionals = command.positionals
        name = command.name
        if not positionals or name is None:
            return None
        inner = positionals[0]
        if "=" in inner.text or inner.text.startswith("-"):
            return None  # `sudo VAR=1 cmd`, or an option dlint does not know
        own = command.args[: command.args.index(inner)]  # sudo's options, not the command's
        for option in command.options:
            if option.word not in own:
                continue
            if option.name not in _SUDO_HARMLESS and not (
                option.name in ("u", "user") and option.value in _ROOT
            ):
                return None
        if not (word_is_plain(command, name) and word_is_plain(command, inner)):
            return None
        start, end = name.start, inner.start
        if end - start != inner.text_start - name.text_start:
            return None  # a line continuation or escape in between
        return Fix("remove `sudo`", (Edit(start, end, ""),), Applicability.UNSAFE)


_ROOT = frozenset({"root", "0", "#0"})
#: sudo options that do not change who runs the command or how.
_SUDO_HARMLESS = frozenset({"n", "non-interactive", "E", "preserve-env", "H", "set-home"})
