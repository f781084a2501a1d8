"""The multi-stage rewrite of a `SplitPlan`: name the final stage the builder and start
the runtime stage right after its last build step.

The edit is minimal: the FROM line gets a name (or a new one, the runtime stage taking
the old one, so ``--target`` still builds the image), and one block of lines is inserted
after the split. Every instruction after the split stays where it is, byte for byte, in
the runtime stage; the block repeats the builder's settings and COPYs verbatim.
"""

from __future__ import annotations

import json

from dlint_dockerfile.edits.text import insert_lines_after, instruction_text
from dlint_dockerfile.lint.diagnostic import Edit
from dlint_dockerfile.model.build_plan import SplitPlan
from dlint_dockerfile.model.model import DockerfileModel
from dlint_dockerfile.shell.packages import install_command

__all__ = ["added_settings", "split_stage_edits"]

_BUILDER = "build"


def split_stage_edits(model: DockerfileModel, plan: SplitPlan) -> list[Edit]:
    """The edits that split the final stage as ``plan`` says."""
    stage = plan.stage
    taken = {s.name.lower() for s in model.stages if s.name}
    builder = _free_name(_BUILDER if stage.name is None else f"{stage.name}-build", taken)
    edits = [_name_builder(model, plan, builder)]
    runtime_from = f"FROM {plan.runtime_base}"
    if stage.name is not None:
        runtime_from += f" AS {stage.name}"
    workdir, path = added_settings(plan)
    lines = ["", runtime_from, *workdir]
    if plan.packages is not None:
        lines.append(f"RUN {install_command(*plan.packages)}")
    lines.extend(instruction_text(model, i) for i in plan.repeated)
    lines.extend(path)
    for artifact in plan.artifacts:
        chown = f" --chown={artifact.chown}" if artifact.chown else ""
        lines.append(f"COPY --from={builder}{chown} {_paths(artifact.path)}")
    end = model.index.span(plan.split_after)[1]
    if not model.tree.code[end:].lstrip(" \t").startswith(("\n", "\r")):
        lines.append("")  # a blank line before the runtime instructions that follow
    edits.append(insert_lines_after(model, plan.split_after, lines))
    return edits


def added_settings(plan: SplitPlan) -> tuple[list[str], list[str]]:
    """The settings the runtime stage adds to keep the build image's: its WORKDIR (first)
    and the PATH directories of the artifacts (after the repeated instructions)."""
    workdir = [f"WORKDIR {plan.workdir}"] if plan.workdir is not None else []
    path = [f'ENV PATH="{":".join(plan.path_dirs)}:$PATH"'] if plan.path_dirs else []
    return workdir, path


def _free_name(wanted: str, taken: set[str]) -> str:
    name, number = wanted, 2
    while name in taken:
        name, number = f"{wanted}-{number}", number + 1
    return name


def _name_builder(model: DockerfileModel, plan: SplitPlan, builder: str) -> Edit:
    """``FROM image`` → ``FROM image AS build``; a named stage's name → the builder's."""
    stage = plan.stage
    word = stage.name_word
    if word is not None:
        start, end = model.index.span(word)
        return Edit(start, end, builder)
    base = stage.base_word
    assert base is not None  # a known base image was written as a word
    end = model.index.span(base)[1]
    return Edit(end, end, f" AS {builder}")


def _paths(path: str) -> str:
    """``SRC DEST`` for one path; the JSON form when it has spaces, quotes or ``$``."""
    if any(c in path for c in " \t\"'\\$"):
        return json.dumps([path, path])
    return f"{path} {path}"
