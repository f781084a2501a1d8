"""Heredoc scripts: where their bodies lie in the file, and which program runs them."""

from __future__ import annotations

import re

from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.shell.outline import script_start
from dlint_dockerfile.shell.script import Script
from dlint_dockerfile.syntax import Instruction

__all__ = ["heredoc_interpreter", "in_heredoc"]


def in_heredoc(model: DockerfileModel, instruction: Instruction, offset: int) -> bool:
    """Whether ``offset`` lies in a heredoc body of the instruction (or of the ONBUILD
    holding it): the bodies follow its first line, to its end."""
    heredocs = instruction.heredocs or model.outer(instruction).heredocs
    return bool(heredocs) and offset >= model.index.span(heredocs[0])[0]


def heredoc_interpreter(
    model: DockerfileModel, instruction: Instruction, script: Script
) -> str | None:
    """The program that runs a heredoc script instead of the stage's SHELL: the ``#!``
    line's (``#!/usr/bin/env bash``: ``bash``) or the shell it is fed to (``RUN <<EOF
    bash``); None when SHELL runs the script."""
    text = script.source.text
    if text.startswith("#!"):
        words = [w.rsplit("/", 1)[-1] for w in text.split("\n", 1)[0][2:].split()]
        if words[:1] == ["env"]:
            words = [w for w in words[1:] if not w.startswith("-")]
        return words[0] if words else ""
    at = script_start(script)
    target = instruction.inner or instruction
    if at is None or target.shell_form is None:
        return None
    if not in_heredoc(model, instruction, script.source.offset(at)):
        return None
    words = [w for w in target.shell_form.raw.split() if not _HEREDOC_MARKER.match(w)]
    return words[0].rsplit("/", 1)[-1] if words else None


_HEREDOC_MARKER = re.compile(r"[0-9]*<<")
