"""The commands a RUN runs: its script, and every command in it unwrapped from ``sudo``."""

from __future__ import annotations

from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.shell import Command, Script
from dlint_dockerfile.syntax import Instruction

__all__ = ["run_commands", "shell_script"]


def shell_script(model: DockerfileModel, instruction: Instruction) -> Script | None:
    """The script of a shell-form (or heredoc) RUN; None for exec form and non-POSIX shells."""
    if instruction.exec_form is not None and not instruction.heredocs:
        return None
    return model.script(instruction)


def run_commands(
    model: DockerfileModel, instruction: Instruction, *, exec_form: bool
) -> tuple[Command, ...]:
    """Every command of a RUN (``sh -c`` bodies included), unwrapped from ``sudo``/``env``.

    ``exec_form``: whether an exec-form RUN counts too (``RUN ["chmod", "777", "/x"]``:
    its arguments read as one command line); without it such a RUN has no commands.
    """
    script = model.script(instruction) if exec_form else shell_script(model, instruction)
    return () if script is None else script.unwrapped_commands
