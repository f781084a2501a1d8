"""``dlint context --changed``: the rebuild prediction (`dlint_dockerfile.model.rebuild`)
as text or JSON.

The text lists, per stage the build runs, the first step the change reruns with why, then
every step after it; a stage the change leaves cached says so. The JSON's schema is
stable (``"version": 1``, ``"kind": "rebuild"``), documented in ``docs/context.md``.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any, TextIO

from dlint_dockerfile.model.image_config import line_of
from dlint_dockerfile.output.text import Line, join_lines, visual

if TYPE_CHECKING:  # pragma: no cover
    from dlint_dockerfile.model.model import DockerfileModel, Stage
    from dlint_dockerfile.model.rebuild import RebuildPrediction, RebuiltStep
    from dlint_dockerfile.syntax import Instruction

__all__ = ["prediction_json", "render_json", "render_text"]

_HEADING = "bold"
_MUTED = "dim"
_FIRST = "bold yellow"
#: An instruction's text is cut to this many characters in the text output.
_WIDTH = 60


def _text(model: DockerfileModel, instruction: Instruction) -> str:
    """The instruction's first line, whitespace collapsed, cut to `_WIDTH`."""
    start, end = model.index.body_start(instruction), model.index.span(instruction)[1]
    first = " ".join(model.tree.code[start:end].split("\n", 1)[0].split())
    first = first.rstrip("\\").rstrip()
    return first if len(first) <= _WIDTH else first[: _WIDTH - 1] + "…"


def _stage_name(stage: Stage) -> str:
    return stage.name or str(stage.index)


def _line(model: DockerfileModel, instruction: Instruction) -> int:
    """The line of the instruction's keyword (of the ONBUILD wrapping a trigger)."""
    return line_of(model, model.outer(instruction))


def prediction_json(
    model: DockerfileModel, prediction: RebuildPrediction, builder: str
) -> dict[str, Any]:
    """The prediction as the JSON document (schema version 1)."""

    def step(s: RebuiltStep) -> dict[str, Any]:
        return {
            "line": _line(model, s.instruction),
            "instruction": s.instruction.name,
            "text": _text(model, s.instruction),
            "reason": s.reason,
            "certain": s.certain,
        }

    return {
        "version": 1,
        "kind": "rebuild",
        "dockerfile": str(model.path) if model.path is not None else None,
        "builder": builder,
        "changed": list(prediction.changed),
        "ignored": list(prediction.ignored),
        "stages": [
            {
                "stage": _stage_name(s.stage),
                "line": _line(model, s.stage.from_instruction),
                "rebuilt": s.first is not None,
                "steps": [step(x) for x in s.steps],
            }
            for s in prediction.stages
        ],
        "notes": list(prediction.notes),
    }


def render_json(
    model: DockerfileModel, prediction: RebuildPrediction, builder: str, stream: TextIO
) -> None:
    json.dump(prediction_json(model, prediction, builder), stream, indent=2, ensure_ascii=False)
    stream.write("\n")


def render_text(
    model: DockerfileModel,
    prediction: RebuildPrediction,
    builder: str,
    stream: TextIO,
    *,
    color: bool,
) -> None:
    """The prediction for people."""
    changed = ", ".join(visual(c)[0] for c in prediction.changed) or "nothing"
    lines: list[Line] = [[(f"What a rebuild reruns after {changed} changed", _HEADING)]]
    lines.append([(f"  (cache rules of {builder}; --builder chooses)", _MUTED)])
    for path in prediction.ignored:
        lines.append([(f"  {visual(path)[0]}: kept out by the ignore file, changes nothing", "")])
    cached = [s for s in prediction.stages if s.first is None]
    for rebuild in prediction.stages:
        if rebuild.first is None:
            continue
        stage = rebuild.stage
        lines.append([])
        where = _line(model, stage.from_instruction)
        lines.append([(f"stage {_stage_name(stage)} (line {where})", _HEADING)])
        for s in rebuild.steps:
            mark = " " if s.certain else "?"
            lead = f"  {mark}{_line(model, s.instruction):>4}  {_text(model, s.instruction)}"
            if s.reason:
                verb = "reruns" if s.certain else "may rerun"
                lines.append([(lead, _FIRST)])
                lines.append([(f"         {verb}: {visual(s.reason)[0]}", "")])
            else:
                lines.append([(lead, "")])
    lines.append([])
    if any(not s.certain for s in prediction.steps()):
        lines.append([("? the builder decides at build time: rerun if those files differ", "")])
    if cached:
        names = ", ".join(_stage_name(s.stage) for s in cached)
        label = "stage" if len(cached) == 1 else "stages"
        lines.append([(f"fully cached: {label} {names}", "")])
    if not any(s.first is not None for s in prediction.stages):
        lines.append([("nothing reruns: every step comes from the cache", "")])
    for note in prediction.notes:
        lines.append([(f"note: {visual(note)[0]}", _MUTED)])
    stream.write(join_lines(lines, color=color))
