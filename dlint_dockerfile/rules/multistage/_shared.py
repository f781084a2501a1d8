"""What the multistage rules share: the stage-name grammar, the stages --from references name."""

from __future__ import annotations

import re

from dlint_dockerfile.lint.rule import Rule
from dlint_dockerfile.model.model import Stage, StageReference
from dlint_dockerfile.model.reference import has_variables
from dlint_dockerfile.syntax import Flag

__all__ = ["STAGE_NAME", "copy_references", "raw_from", "referenced_stage"]


#: BuildKit's stage-name grammar, checked on the lower-cased name.
STAGE_NAME = re.compile(r"[a-z][a-z0-9_.-]*\Z")


def copy_references(rule: Rule) -> list[tuple[StageReference, Stage]]:
    """COPY --from and RUN --mount from= references outside ONBUILD, with their stage."""
    out = []
    for ref in rule.model.references:
        if ref.kind == "from" or ref.instruction.name not in ("COPY", "RUN"):
            continue
        stage = rule.model.stage_of(ref.instruction)
        if stage is not None:
            out.append((ref, stage))
    return out


def referenced_stage(rule: Rule, ref: StageReference) -> Stage | None:
    """The stage a reference names, looking at every stage of the file (BuildKit does, and
    then fails on a stage defined later)."""
    if ref.kind == "copy-from" and has_variables(raw_from(ref), rule.model.escape):
        return None  # BuildKit fails: it does not expand --from
    wanted = ref.text.lower()
    found = rule.model.stage_called(wanted)
    if found is not None:
        return found
    if ref.kind == "copy-from" and wanted.isdecimal():
        number = int(wanted)
        if number < len(rule.model.stages):
            return rule.model.stages[number]
    return None


def raw_from(ref: StageReference) -> str:
    if isinstance(ref.node, Flag) and ref.kind == "copy-from":
        return ref.node.argument or ""
    return ref.text
