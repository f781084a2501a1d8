"""A stage's image configuration: its final CMD and ENTRYPOINT, the stages an image ships,
whether a USER is root."""

from __future__ import annotations

from dlint_dockerfile.model.model import DockerfileModel, Stage
from dlint_dockerfile.syntax import ErrorInstruction, Instruction
from dlint_dockerfile.syntax.words import LexError, WordLexer

__all__ = [
    "final_cmd",
    "final_entrypoint",
    "in_final_image",
    "instruction_span",
    "is_root",
    "last_of",
    "line_of",
    "referenced_names",
    "shell_set_before",
    "shipped_stages",
]


def last_of(stage: Stage, name: str) -> Instruction | None:
    """The stage's last top-level instruction called ``name`` (ONBUILD triggers excluded)."""
    for instruction in reversed(stage.instructions):
        if instruction.name == name and not isinstance(instruction, ErrorInstruction):
            return instruction
    return None


def final_entrypoint(stage: Stage) -> Instruction | None:
    """The ENTRYPOINT in the stage's image: its own last one, or its parent stage's."""
    current: Stage | None = stage
    while current is not None:
        found = last_of(current, "ENTRYPOINT")
        if found is not None:
            return found
        current = current.parent
    return None


def final_cmd(stage: Stage) -> Instruction | None:
    """The CMD in the stage's image. An ENTRYPOINT clears the CMD inherited from the base,
    so a stage with an ENTRYPOINT and no CMD of its own has none."""
    current: Stage | None = stage
    while current is not None:
        found = last_of(current, "CMD")
        if found is not None:
            return found
        if last_of(current, "ENTRYPOINT") is not None:
            return None
        current = current.parent
    return None


def shipped_stages(model: DockerfileModel) -> list[Stage]:
    """The stages whose filesystem and configuration make the final image: the final
    stage, then the stage it is built ``FROM``, and so on (a FROM cycle stops the walk)."""
    chain: list[Stage] = []
    stage = model.final_stage
    while stage is not None and all(stage is not seen for seen in chain):
        chain.append(stage)
        stage = stage.parent
    return chain


def in_final_image(model: DockerfileModel, instruction: Instruction) -> bool:
    """The instruction's stage is one of the `shipped_stages` (an instruction outside any
    stage counts as shipped)."""
    stage = model.stage_of(instruction)
    return stage is None or any(s is stage for s in shipped_stages(model))


def shell_set_before(model: DockerfileModel, instruction: Instruction) -> bool:
    """Whether a SHELL instruction is in force: earlier in the stage or in a parent stage."""
    stage = model.stage_of(instruction)
    if stage is None:
        return False
    outer = model.outer(instruction)
    for earlier in stage.instructions:
        if earlier is outer:
            break
        if earlier.name == "SHELL" and not isinstance(earlier, ErrorInstruction):
            return True
    parent = stage.parent
    while parent is not None:
        if last_of(parent, "SHELL") is not None:
            return True
        parent = parent.parent
    return False


def instruction_span(model: DockerfileModel, instruction: Instruction) -> tuple[int, int]:
    """From the keyword to the end of the instruction's last line (no heredoc bodies)."""
    start = model.index.body_start(instruction)
    return start, start + len("".join(part.code for part in instruction.parts))


def line_of(model: DockerfileModel, instruction: Instruction) -> int:
    """The 1-based line of an instruction's keyword."""
    return model.index.lines.line(model.index.body_start(instruction))


def referenced_names(text: str) -> frozenset[str]:
    """Names of the ``$VAR`` / ``${VAR}`` references in ``text``, quotes ignored."""
    if "$" not in text:
        return frozenset()
    try:
        result = WordLexer("\\", skip_quotes=True).process(text, {})
    except LexError:
        return frozenset()
    return frozenset(result.unmatched)


def is_root(user: str | None) -> bool:
    """A USER value that is root (None: the base image's user, assumed root)."""
    if user is None:
        return True
    name = user.split(":", 1)[0].strip()
    return name in ("", "root", "0")
