"""The working directory of an instruction, when the Dockerfile says exactly what it is."""

from __future__ import annotations

from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.syntax import Instruction

__all__ = ["known_workdir"]


def known_workdir(model: DockerfileModel, instruction: Instruction) -> str | None:
    """The working directory of ``instruction`` when the file says exactly what it is: an
    absolute WORKDIR comes before it in its stage or the stages it is built on, and no
    WORKDIR from there on uses a variable (a build argument can change it). None: the
    base image's, or unknown (also when a stage built on has an ``ONBUILD WORKDIR``,
    which runs at the start of the stage built on it)."""
    outer = model.outer(instruction)
    stage = model.stage_of(outer)
    before: Instruction | None = outer
    seen = 0
    while stage is not None and seen <= len(model.stages):
        instructions = stage.instructions
        end = next((i for i, x in enumerate(instructions) if x is before), len(instructions))
        for other in reversed(instructions[:end]):
            if other.name != "WORKDIR":
                continue
            text = "".join(a.code for a in other.arguments).strip()
            expansion = model.expand(text, other)
            if expansion.used or not expansion.complete:
                return None
            if expansion.text.startswith("/"):
                return model.workdir_at(outer)
        stage, before, seen = stage.parent, None, seen + 1
        if stage is not None and any(_is_onbuild_workdir(i) for i in stage.instructions):
            return None
    return None


def _is_onbuild_workdir(instruction: Instruction) -> bool:
    inner = instruction.inner if instruction.name == "ONBUILD" else None
    return inner is not None and inner.name == "WORKDIR"
